"""List filters of the grid registers; every choice list is limited to the user's scope."""

import django_filters

from grids.choices import HouseholdCategory, MemberStatus, MemberTier, StaffRole
from grids.models import CentralHousehold, GridStaff, Household, Member
from places.choices import AreaKind
from places.filters import GridFilter, VillageFilter
from places.models import Area


class AreaFilterSet(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(label="上级", queryset=lambda r: _parents(r))

    class Meta:
        model = Area
        fields = ["parent"]


def _parents(request):
    if request is None:
        return Area.objects.none()
    return Area.objects.for_user(request.user).exclude(kind=AreaKind.PARTY_GROUP).order_by("tree_id", "lft")


class GridAreaFilterSet(django_filters.FilterSet):
    parent = VillageFilter()
    has_party_branch = django_filters.BooleanFilter(label="已建网格党支部")

    class Meta:
        model = Area
        fields = ["parent", "has_party_branch"]


class PartyGroupFilterSet(django_filters.FilterSet):
    parent = GridFilter()

    class Meta:
        model = Area
        fields = ["parent"]


class HouseholdFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    grid = GridFilter()
    category = django_filters.ChoiceFilter(label="户类别", choices=HouseholdCategory.choices)

    class Meta:
        model = Household
        fields = ["village", "grid", "category"]


class MemberFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    grid = GridFilter()
    tier = django_filters.ChoiceFilter(label="积分分层", choices=MemberTier.choices)
    status = django_filters.ChoiceFilter(label="党员类别", choices=MemberStatus.choices)

    class Meta:
        model = Member
        fields = ["village", "grid", "tier", "status"]


class GridStaffFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    grid = GridFilter()
    role = django_filters.ChoiceFilter(label="网格职务", choices=StaffRole.choices)

    class Meta:
        model = GridStaff
        fields = ["village", "grid", "role"]


class CentralHouseholdFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    grid = GridFilter()

    class Meta:
        model = CentralHousehold
        fields = ["village", "grid"]
