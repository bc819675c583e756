"""Writes and rules of the grid domain. Views and imports call these; nothing else writes."""

from django.core.exceptions import ValidationError
from django.db import transaction

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
    if isinstance(obj, Member) and obj.id_hmac:
        from stdnum.cn import ric

        obj.birth_date = ric.get_birth_date(obj.id_number)
    obj.save()
    return obj


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
