"""Writes and rules of the grid domain. Views and imports call these; nothing else writes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery

from core.locks import tree_lock
from grids.models import CentralHousehold, CentralHouseholdLink, GridStaff, Member
from places.models import Area

HOUSEHOLD_TAKEN = "户{numbers}已由其他党员中心户包联"


def area_save(area: Area) -> Area:
    """Create or move a node of the tree: validated, under the tree lock."""
    with transaction.atomic(), tree_lock():
        area.full_clean()
        area.save()
    return area


def placed_save(obj, grid: Area):
    """Save a household, member or staff row at a grid, setting its scope keys from the tree."""
    obj.place_in_grid(grid)
    group = getattr(obj, "party_group", None)
    if group is not None and group.parent_id != grid.pk:
        raise ValidationError({"party_group": "网格党小组不属于所选网格"})
    if isinstance(obj, GridStaff):
        obj.member = Member.objects.filter(township_id=obj.township_id, id_hmac=obj.id_hmac).first()
    obj.save()
    if isinstance(obj, Member):
        GridStaff.objects.filter(township_id=obj.township_id, id_hmac=obj.id_hmac).update(member=obj)
    return obj


def link_staff_to_members(township=None) -> int:
    """Point each grid-staff row at the party member with the same ID number, in one UPDATE.

    The link is derived data (the ID number decides it), refreshed after members or staff are
    imported, so "对应党员" never waits for the staff sheet to be imported again."""
    staff = GridStaff.objects.all()
    if township is not None:
        staff = staff.filter(township=township)
    match = Member.objects.filter(township_id=OuterRef("township_id"), id_hmac=OuterRef("id_hmac")).values("pk")[:1]
    return staff.update(member_id=Subquery(match))


def central_household_save(central: CentralHousehold, households) -> CentralHousehold:
    """Save a central household and replace the set of households it links."""
    central.place_in_grid(central.member.grid)
    taken = CentralHouseholdLink.objects.filter(household__in=households)
    if central.pk:
        taken = taken.exclude(central=central)
    numbers = [link.household.number for link in taken.select_related("household")]
    if numbers:
        raise ValidationError({"households": HOUSEHOLD_TAKEN.format(numbers="、".join(numbers))})
    central.save()
    central.links.exclude(household__in=households).delete()
    existing = set(central.links.values_list("household_id", flat=True))
    CentralHouseholdLink.objects.bulk_create(
        [CentralHouseholdLink(central=central, household=h) for h in households if h.pk not in existing]
    )
    return central
