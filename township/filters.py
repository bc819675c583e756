"""List filters of the risk ledger; every choice list is limited to the user's scope."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from places.filters import VillageFilter
from township.choices import RiskCategory, RiskLevel, RiskStatus
from township.models import Risk


class RiskFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    status = django_filters.ChoiceFilter(label="状态", choices=RiskStatus.choices)
    level = django_filters.ChoiceFilter(label="等级", choices=RiskLevel.choices)
    category = django_filters.ChoiceFilter(label="类别", choices=RiskCategory.choices)
    overdue = django_filters.ChoiceFilter(
        label="逾期", choices=[("1", "逾期未销号"), ("0", "未逾期")], method="filter_overdue"
    )

    class Meta:
        model = Risk
        fields = ["village", "status", "level", "category", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status=RiskStatus.OPEN, deadline__lt=timezone.localdate())
        return queryset.filter(late) if value == "1" else queryset.exclude(late)
