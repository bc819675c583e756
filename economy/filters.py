"""List filters of the four key points' registers; every choice list is limited to the user's scope."""

import django_filters

from economy.choices import AssetKind, AssetStatus, ClaimKind, ClaimStatus, ContractStatus, DutyKind, IncomeRoute
from economy.models import Asset, ClaimDebt, CollectiveIncome, Contract, DutyItem, EconomicOrganisation
from places.filters import VillageFilter


class IncomeFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    year = django_filters.NumberFilter(label="年度")
    route = django_filters.ChoiceFilter(label="提升途径", choices=IncomeRoute.choices)
    to_lift = django_filters.BooleanFilter(label="力争提升")
    model_village = django_filters.BooleanFilter(label="示范村")

    class Meta:
        model = CollectiveIncome
        fields = ["village", "year", "route", "to_lift", "model_village"]


class OrganisationFilter(django_filters.ModelChoiceFilter):
    def __init__(self, **kwargs):
        super().__init__(label="集体经济组织", queryset=_organisations, **kwargs)


def _organisations(request):
    if request is None:
        return EconomicOrganisation.objects.none()
    return EconomicOrganisation.objects.for_user(request.user).order_by("village__code", "code")


class ContractFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    organisation = OrganisationFilter()
    status = django_filters.ChoiceFilter(label="清查结果", choices=ContractStatus.choices)

    class Meta:
        model = Contract
        fields = ["village", "organisation", "status"]


class ClaimFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    organisation = OrganisationFilter()
    kind = django_filters.ChoiceFilter(label="类型", choices=ClaimKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=ClaimStatus.choices)

    class Meta:
        model = ClaimDebt
        fields = ["village", "organisation", "kind", "status"]


class AssetFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    organisation = OrganisationFilter()
    kind = django_filters.ChoiceFilter(label="资产类别", choices=AssetKind.choices)
    status = django_filters.ChoiceFilter(label="使用状态", choices=AssetStatus.choices)

    class Meta:
        model = Asset
        fields = ["village", "organisation", "kind", "status"]


class DutyFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    kind = django_filters.ChoiceFilter(label="清单类别", choices=DutyKind.choices)

    class Meta:
        model = DutyItem
        fields = ["village", "kind"]


def village_filterset(model_class):
    """A filter set of one register filtered by village alone."""

    class Meta:
        model = model_class
        fields = ["village"]

    return type(
        f"{model_class.__name__}FilterSet", (django_filters.FilterSet,), {"village": VillageFilter(), "Meta": Meta}
    )
