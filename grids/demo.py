"""Demo data of the grid domain: townships, villages, grids, party groups, households, members,
grid staff and central households. Bulk inserts, then one mptt rebuild."""

import datetime

from core import identity
from core.bulk import fast_bulk_create
from core.demo import STREETS, TOWNSHIP_HEADS, VILLAGE_HEADS
from grids.choices import HouseholdCategory, MemberStatus, MemberTier, StaffRole, StaffSource
from grids.models import CentralHousehold, CentralHouseholdLink, GridStaff, Household, Member
from places import pinyin
from places.choices import AreaKind
from places.models import Area

SIZES = {
    # villages per township, grids per township, households per grid, members per grid
    "township": {"townships": 1, "villages": 30, "grids": 100, "households": 100, "members": 15},
    "county": {"townships": 15, "villages": 30, "grids": 100, "households": 100, "members": 15},
    "small": {"townships": 1, "villages": 3, "grids": 6, "households": 12, "members": 5},
}
CATEGORY_WEIGHTS = [
    (HouseholdCategory.ORDINARY, 70),
    (HouseholdCategory.LIFTED, 10),
    (HouseholdCategory.SUBSISTENCE, 6),
    (HouseholdCategory.EXTREME, 2),
    (HouseholdCategory.ELDERLY_ALONE, 7),
    (HouseholdCategory.LEFT_BEHIND, 5),
]
TIER_WEIGHTS = [(MemberTier.ORDINARY, 60), (MemberTier.ELDERLY, 22), (MemberTier.MIGRANT, 10), (MemberTier.CADRE, 8)]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _area(kind, name, code, parent=None, **extra):
    node = Area(kind=kind, name=name, code=code, parent=parent, lft=0, rght=0, tree_id=0, level=0, **extra)
    node.fill_pinyin()
    return node


def _with_id(obj, ctx, birth, gender):
    value = ctx.id_number(birth, gender)
    obj.id_encrypted = identity.encrypt_id(value)
    obj.id_hmac = identity.hmac_id(value)
    obj.id_masked = identity.mask_id(value)
    obj.id_last4 = value[-4:]
    obj.name_pinyin = pinyin.full_pinyin(obj.name)
    obj.name_initials = pinyin.initials(obj.name)
    return obj


def seed(ctx):
    rng = ctx.rng
    size = SIZES[ctx.scale]
    heads = list(TOWNSHIP_HEADS)
    rng.shuffle(heads)

    # 1. The tree: bulk insert every node, then rebuild lft/rght once.
    townships = [
        _area(AreaKind.TOWNSHIP, f"{heads[t % len(heads)]}镇", f"T{t + 1:02d}") for t in range(size["townships"])
    ]
    Area.objects.bulk_create(townships)
    villages, grids, groups = [], [], []
    for _t, township in enumerate(townships):
        names = list(VILLAGE_HEADS)
        rng.shuffle(names)
        n_villages = size["villages"]
        grid_counts = [size["grids"] // n_villages] * n_villages
        for i in range(size["grids"] - sum(grid_counts)):
            grid_counts[i] += 1
        for v in range(n_villages):
            community = v == 0
            name = f"{names[v % len(names)]}{'社区' if community else '村'}"
            village = _area(AreaKind.VILLAGE, name, f"{township.code}V{v + 1:02d}", township, is_community=community)
            village._grid_count = grid_counts[v]
            villages.append(village)
    Area.objects.bulk_create(villages)
    for village in villages:
        for g in range(village._grid_count):
            grid = _area(
                AreaKind.GRID,
                f"{village.name}第{g + 1}网格",
                f"{village.code}G{g + 1}",
                village,
                has_party_branch=rng.random() < 0.3,
            )
            grids.append(grid)
    Area.objects.bulk_create(grids)
    for grid in grids:
        n_groups = 0 if rng.random() < 0.04 else rng.choice((1, 1, 2))
        for p in range(n_groups):
            groups.append(_area(AreaKind.PARTY_GROUP, f"{grid.name}党小组{p + 1}", f"{grid.code}P{p + 1}", grid))
    Area.objects.bulk_create(groups)
    Area.objects.rebuild()
    groups_of = {}
    for group in groups:
        groups_of.setdefault(group.parent_id, []).append(group)

    # 2. Households and members, grid by grid.
    households, members = [], []
    for grid in grids:
        village = grid.parent
        township_id = village.parent_id
        grid_groups = groups_of.get(grid.pk, [])
        for _ in range(max(1, size["households"] + rng.randint(-20, 20) * size["households"] // 100)):
            gender = "M" if rng.random() < 0.85 else "F"
            number = f"{village.code}-{len(households) + 1:06d}"
            h = Household(
                township_id=township_id,
                village_id=village.pk,
                grid_id=grid.pk,
                party_group=rng.choice(grid_groups) if grid_groups else None,
                number=number,
                name=ctx.person_name(gender),
                phone=ctx.phone(),
                address=f"{village.name}{rng.choice(STREETS)}{rng.randint(1, 199)}号",
                population=rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6)),
                category=_pick(rng, CATEGORY_WEIGHTS),
            )
            households.append(_with_id(h, ctx, ctx.birth_date(25, 85), gender))
    fast_bulk_create(Household, households)
    households_of = {}
    for h in households:
        households_of.setdefault(h.grid_id, []).append(h)

    for grid in grids:
        village = grid.parent
        grid_groups = groups_of.get(grid.pk, [])
        homes = households_of[grid.pk]
        for _ in range(max(2, size["members"] + rng.randint(-4, 4))):
            gender = "M" if rng.random() < 0.75 else "F"
            tier = _pick(rng, TIER_WEIGHTS)
            birth = ctx.birth_date(60, 88) if tier == MemberTier.ELDERLY else ctx.birth_date(22, 70)
            joined = ctx.date_between(
                max(birth + datetime.timedelta(days=18 * 365), ctx.today.replace(year=1970)), ctx.today
            )
            m = Member(
                township_id=village.parent_id,
                village_id=village.pk,
                grid_id=grid.pk,
                party_group=rng.choice(grid_groups) if grid_groups else None,
                household=rng.choice(homes) if rng.random() < 0.6 else None,
                name=ctx.person_name(gender),
                gender=gender,
                birth_date=birth,
                phone=ctx.phone(),
                joined_on=joined,
                status=MemberStatus.PROBATIONARY
                if ctx.today - joined < datetime.timedelta(days=365)
                else MemberStatus.FULL,
                tier=tier,
            )
            members.append(_with_id(m, ctx, birth, gender))
    fast_bulk_create(Member, members)
    members_of_grid, members_of_village = {}, {}
    for m in members:
        members_of_grid.setdefault(m.grid_id, []).append(m)
        members_of_village.setdefault(m.village_id, []).append(m)

    # 3. Branch secretaries (some new in office) and party-group leaders.
    for village in villages:
        candidates = members_of_village[village.pk]
        secretary = rng.choice(candidates)
        secretary.tier = MemberTier.CADRE
        village.secretary = secretary
        years = rng.choice((0, 1, 2, 3, 4, 6, 8, 10, 12))
        village.secretary_since = ctx.today - datetime.timedelta(days=years * 365 + rng.randint(30, 300))
    Area.objects.bulk_update(villages, ["secretary", "secretary_since"])
    Member.objects.bulk_update([v.secretary for v in villages], ["tier"])
    for group in groups:
        group.leader = rng.choice(members_of_grid[group.parent_id])
    Area.objects.bulk_update(groups, ["leader"])

    # 4. The three-level grid team: 网格长 (the secretary, with a few exceptions), 网格员, 辅助员.
    staff = []
    for grid in grids:
        village = grid.parent
        township_id = village.parent_id
        secretary = village.secretary
        local = members_of_grid[grid.pk]
        leader = secretary if rng.random() < 0.97 else rng.choice(local)
        staff.append(_staff_from_member(leader, grid, StaffRole.LEADER, StaffSource.SECRETARY, township_id))
        used = {leader.pk}
        for _ in range(rng.choice((1, 2))):
            m = rng.choice(local)
            if m.pk in used:
                continue
            used.add(m.pk)
            source = rng.choice((StaffSource.COMMITTEE, StaffSource.PARTY_REP))
            staff.append(_staff_from_member(m, grid, StaffRole.MEMBER, source, township_id))
        for _ in range(rng.choice((1, 2))):
            source = rng.choice((StaffSource.VETERAN, StaffSource.VILLAGER_REP, StaffSource.CULTURE))
            if source == StaffSource.VETERAN:
                m = rng.choice(local)
                if m.pk in used:
                    continue
                used.add(m.pk)
                staff.append(_staff_from_member(m, grid, StaffRole.ASSISTANT, source, township_id))
            else:
                gender = rng.choice("MF")
                s = GridStaff(
                    township_id=township_id,
                    village_id=village.pk,
                    grid_id=grid.pk,
                    name=ctx.person_name(gender),
                    role=StaffRole.ASSISTANT,
                    source=source,
                    phone=ctx.phone(),
                )
                staff.append(_with_id(s, ctx, ctx.birth_date(30, 70), gender))
    fast_bulk_create(GridStaff, staff)

    # 5. Party-member central households, each looking after households of its grid.
    centrals, links = [], []
    for grid in grids:
        village = grid.parent
        local = [m for m in members_of_grid[grid.pk] if m.tier != MemberTier.MIGRANT]
        homes = list(households_of[grid.pk])
        rng.shuffle(homes)
        for m in rng.sample(local, k=min(len(local), 2)):
            c = CentralHousehold(township_id=village.parent_id, village_id=village.pk, grid_id=grid.pk, member=m)
            n = 0 if rng.random() < 0.02 else rng.randint(6, 15)
            c._homes = [homes.pop() for _ in range(min(n, len(homes)))]
            centrals.append(c)
    fast_bulk_create(CentralHousehold, centrals)
    for c in centrals:
        links += [CentralHouseholdLink(central=c, household=h) for h in c._homes]
    fast_bulk_create(CentralHouseholdLink, links)

    ctx.townships = townships
    ctx.data.update(
        villages=villages,
        grids=grids,
        groups=groups,
        households=households,
        members=members,
        staff=staff,
        centrals=centrals,
    )


def _staff_from_member(member, grid, role, source, township_id):
    return GridStaff(
        township_id=township_id,
        village_id=grid.parent_id,
        grid_id=grid.pk,
        name=member.name,
        name_pinyin=member.name_pinyin,
        name_initials=member.name_initials,
        role=role,
        source=source,
        phone=member.phone,
        member=member,
        id_encrypted=member.id_encrypted,
        id_hmac=member.id_hmac,
        id_masked=member.id_masked,
        id_last4=member.id_last4,
    )
