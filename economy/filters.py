"""List filters of the four key points' registers; every choice list is limited to the user's scope."""

import django_filters

from economy.choices import ClaimKind, ClaimStatus, ContractStatus, DutyKind, IncomeRoute
from economy.models import ClaimDebt, CollectiveIncome, Contract, DutyItem
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


class ContractFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    status = django_filters.ChoiceFilter(label="清查结果", choices=ContractStatus.choices)

    class Meta:
        model = Contract
        fields = ["village", "status"]


class ClaimFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    kind = django_filters.ChoiceFilter(label="类型", choices=ClaimKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=ClaimStatus.choices)

    class Meta:
        model = ClaimDebt
        fields = ["village", "kind", "status"]


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
