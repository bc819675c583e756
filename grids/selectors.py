"""Read queries of the grid domain shared by pages, the dashboard and reports.

Every function takes a scope (``user`` or ``node``) and runs a fixed number of queries.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from accounts.access import get_for_user_or_404
from core.figures import Shortfall, names_and_count
from core.history import as_of_rows, end_of_day, history_scope
from core.queries import subquery_aggregate
from grids.choices import StaffRole
from grids.models import CentralHousehold, CentralHouseholdLink, GridStaff, Household, Member
from places.choices import AreaKind
from places.models import Area


@dataclass
class GridFigures:
    """The figures of section (二) of the progress report."""

    villages: int
    grids: int
    leaders: int
    grid_members: int
    assistants: int
    grid_branches: int
    party_groups: int
    central_households: int
    linked_households: int
    households: int
    members: int


def grid_figures(user=None, node=None, as_of=None) -> GridFigures:
    """Counts for section (二), in the user's scope (or under ``node``). Six queries.

    With ``as_of`` (a date) every count is the position at the end of that day, read from the
    registers' history (``core.history``): twelve queries. Areas are scoped through today's tree
    (an area deleted since is not counted for the past).
    """

    def scoped(qs):
        return qs.within(node) if node is not None else qs.for_user(user)

    if as_of is not None and node is None and user is not None and not user.sees_everything:
        node = user.scope_node
    moment = end_of_day(as_of) if as_of is not None else None
    area_scope = scoped(Area.objects.all())
    areas = as_of_rows(Area, moment, current=area_scope, recorded=Q(id__in=area_scope.values("pk"))).aggregate(
        villages=Count("pk", filter=Q(kind=AreaKind.VILLAGE)),
        grids=Count("pk", filter=Q(kind=AreaKind.GRID)),
        grid_branches=Count("pk", filter=Q(kind=AreaKind.GRID, has_party_branch=True)),
        party_groups=Count("pk", filter=Q(kind=AreaKind.PARTY_GROUP)),
    )
    # A person who leads several grids counts once as a 网格长 (the report counts people).
    staff_rows = as_of_rows(
        GridStaff, moment, current=scoped(GridStaff.objects.all()), recorded=history_scope(GridStaff, node)
    )
    if moment is None:
        staff = staff_rows.current.aggregate(
            leaders=Count("id_hmac", filter=Q(role=StaffRole.LEADER), distinct=True),
            grid_members=Count("id_hmac", filter=Q(role=StaffRole.MEMBER), distinct=True),
            assistants=Count("id_hmac", filter=Q(role=StaffRole.ASSISTANT), distinct=True),
        )
    else:
        people = set(staff_rows.values_list("id_hmac", "role"))
        staff = {
            name: sum(1 for _, r in people if r == role)
            for name, role in (
                ("leaders", StaffRole.LEADER),
                ("grid_members", StaffRole.MEMBER),
                ("assistants", StaffRole.ASSISTANT),
            )
        }
    centrals_now = scoped(CentralHousehold.objects.all())
    centrals = as_of_rows(
        CentralHousehold, moment, current=centrals_now, recorded=history_scope(CentralHousehold, node)
    )
    central_keys = CentralHousehold.history.filter(history_scope(CentralHousehold, node)).values("id")
    links = as_of_rows(
        CentralHouseholdLink,
        moment,
        current=CentralHouseholdLink.objects.filter(central__in=centrals_now),
        recorded=Q(central_id__in=central_keys) | Q(central_id__in=centrals_now.values("pk")),
    )
    households = as_of_rows(
        Household, moment, current=scoped(Household.objects.all()), recorded=history_scope(Household, node)
    )
    members = as_of_rows(Member, moment, current=scoped(Member.objects.all()), recorded=history_scope(Member, node))
    return GridFigures(
        **areas,
        **staff,
        central_households=centrals.count(),
        linked_households=links.count(),
        households=households.count(),
        members=members.count(),
    )


def tree_children(node: Area):
    """The node's children with their rolled-up counts (grids, party groups, households, members)."""
    children = list(node.get_children().select_related("secretary", "leader"))
    if not children:
        return []
    ids = [c.pk for c in children]
    kind = children[0].kind
    key = {AreaKind.VILLAGE: "village", AreaKind.GRID: "grid", AreaKind.PARTY_GROUP: "party_group"}[kind]
    households = dict(
        Household.objects.filter(**{f"{key}__in": ids}).values_list(key).annotate(n=Count("pk")).values_list(key, "n")
    )
    members = dict(
        Member.objects.filter(**{f"{key}__in": ids}).values_list(key).annotate(n=Count("pk")).values_list(key, "n")
    )
    descendants = {}
    if kind != AreaKind.PARTY_GROUP:
        # Count every node below each child in one query over the mptt ranges.
        rows = Area.objects.filter(tree_id=node.tree_id, lft__gt=node.lft, rght__lt=node.rght).values_list(
            "kind", "lft"
        )
        for child in children:
            descendants[child.pk] = {
                "grids": sum(1 for k, lft in rows if k == AreaKind.GRID and child.lft < lft < child.rght),
                "party_groups": sum(1 for k, lft in rows if k == AreaKind.PARTY_GROUP and child.lft < lft < child.rght),
            }
    return [
        {
            "node": child,
            "households": households.get(child.pk, 0),
            "members": members.get(child.pk, 0),
            **descendants.get(child.pk, {}),
        }
        for child in children
    ]


def grid_flags(user):
    """What the office should fix: grids whose 网格长 is not the village branch secretary, grids
    without a party group, central households linking no household. Three queries."""
    grids = Area.objects.for_user(user).grids().select_related("parent", "parent__secretary")
    # Matched by ID number, not by the staff row's member link, so the flag follows the current
    # secretary and members the moment they change (computed on every call, never stored).
    leader_is_secretary = GridStaff.objects.filter(
        grid=OuterRef("pk"), role=StaffRole.LEADER, id_hmac=OuterRef("parent__secretary__id_hmac")
    )
    has_group = Area.objects.filter(parent=OuterRef("pk"), kind=AreaKind.PARTY_GROUP)
    bad_leader = list(grids.annotate(ok=Exists(leader_is_secretary)).filter(ok=False).order_by("code"))
    no_group = list(grids.annotate(ok=Exists(has_group)).filter(ok=False).order_by("code"))
    lonely = list(
        CentralHousehold.objects.for_user(user)
        .annotate(n=Count("links"))
        .filter(n=0)
        .select_related("member", "grid", "village")
        .order_by("village__code", "member__name_pinyin")
    )
    return {"bad_leader": bad_leader, "no_group": no_group, "lonely_centrals": lonely}


def households_by_number(numbers, township=None):
    """Households with these numbers (in ``township`` when given), with their grid and village: the
    look-up other registers' imports use for a 户号 column. One query."""
    households = Household.objects.filter(number__in=set(numbers)).select_related("grid", "village")
    if township is not None:
        households = households.filter(township=township)
    return households


# --- households and members, as other features read them ----------------------------------------


def households_for_user(user):
    """The households a user may see (a queryset; callers add their own filters and order)."""
    return Household.objects.for_user(user)


def household_for_user(user, number: str):
    """The household numbered ``number`` inside the user's scope, or None. One query."""
    return Household.objects.for_user(user).filter(number=number).first() if number else None


def household_count_per_village():
    """SQL: the households of the village ``OuterRef("pk")``."""
    return subquery_aggregate(Household.objects.filter(village=OuterRef("pk")), "village")


def members_for_user(user):
    """The party members a user may see (a queryset)."""
    return Member.objects.for_user(user)


def members_by_hmac(hmacs, township=None):
    """Members by the keyed hash of their ID numbers (in ``township`` when given), with their village."""
    members = Member.objects.filter(id_hmac__in=set(hmacs)).select_related("village")
    if township is not None:
        members = members.filter(township=township)
    return members


def member_of_user(user, related=()):
    """The party member a login belongs to (``Member.user``), with ``related`` joined; None if none."""
    if not user.is_authenticated:
        return None
    return Member.objects.select_related(*related).filter(user=user).first()


def member_in_scope(user, pk, related=()):
    """A member inside the user's scope, with ``related`` joined; 404 outside it."""
    return get_for_user_or_404(Member.objects.select_related(*related), user, "view", pk=pk)


# --- for the star ratings: "every grid has a party group and its 网格长 is the secretary" ----------


@dataclass
class VillageGridCheck:
    """A village's grids: how many, how many have no party group, how many are led by someone other
    than the village's branch secretary (the same rules as ``grid_flags``)."""

    grids: int = 0
    without_group: int = 0
    leader_not_secretary: int = 0

    @property
    def ok(self) -> bool:
        return self.grids > 0 and self.without_group == 0 and self.leader_not_secretary == 0


def village_grid_checks(node) -> dict[int, VillageGridCheck]:
    """Per village under ``node`` (village pk → ``VillageGridCheck``), as the tree stands now. One query."""
    leader_is_secretary = GridStaff.objects.filter(
        grid=OuterRef("pk"), role=StaffRole.LEADER, member_id=OuterRef("parent__secretary_id")
    )
    has_group = Area.objects.filter(parent=OuterRef("pk"), kind=AreaKind.PARTY_GROUP)
    rows = (
        Area.objects.within(node)
        .grids()
        .annotate(group=Exists(has_group), leader_ok=Exists(leader_is_secretary))
        .values("parent_id")
        .annotate(
            grids=Count("pk"),
            without_group=Count("pk", filter=Q(group=False)),
            leader_not_secretary=Count("pk", filter=Q(leader_ok=False)),
        )
        .order_by()
    )
    return {row.pop("parent_id"): VillageGridCheck(**row) for row in rows}


# --- facts for the progress report's "二、存在问题及下步计划" -----------------------------------------


def grid_shortfalls(node, start, end) -> list[Shortfall]:
    """Grids under ``node`` without a party group, without a central household, and grids whose
    网格长 is not the village branch secretary (as the registers stand now). Three queries."""
    grids = Area.objects.within(node).grids()
    has_group = Area.objects.filter(parent=OuterRef("pk"), kind=AreaKind.PARTY_GROUP)
    has_central = CentralHousehold.objects.filter(grid=OuterRef("pk"))
    rows = list(
        grids.annotate(group=Exists(has_group), central=Exists(has_central))
        .filter(Q(group=False) | Q(central=False))
        .select_related("parent")
        .order_by("code")
    )
    leader_is_secretary = GridStaff.objects.filter(
        grid=OuterRef("pk"), role=StaffRole.LEADER, member_id=OuterRef("parent__secretary_id")
    )
    bad_leader = grids.annotate(ok=Exists(leader_is_secretary)).filter(ok=False).count()
    result = []
    no_group = [g for g in rows if not g.group]
    no_central = [g for g in rows if not g.central]
    for missing, what in ((no_group, "网格党小组"), (no_central, "党员中心户")):
        if missing:
            villages = list(dict.fromkeys(g.parent.name for g in missing))
            where = names_and_count(villages, shown=3, unit="个村")
            result.append(
                Shortfall(
                    topic="网格化治理",
                    text=f"还有{len(missing)}个网格未建立{what}（涉及{where}）",
                    figures={"grids": len(missing), "villages": villages},
                    url=reverse("grids:tree_node", args=[node.pk]),
                )
            )
    if bad_leader:
        result.append(
            Shortfall(
                topic="网格化治理",
                text=f"{bad_leader}个网格的网格长尚未由村党支部书记担任",
                figures={"grids": bad_leader},
                url=reverse("grids:flags"),
            )
        )
    return result


def members_for_node(node):
    """The party members under a tree node (a queryset), for reports that run without a user."""
    return Member.objects.within(node)
