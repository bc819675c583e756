"""List filters of the visits, demands and assignments registers, limited to the user's scope."""

import django_filters
from django.utils import timezone

from places.filters import GridFilter, VillageFilter
from visits import rules
from visits.choices import AssignmentKind, DemandKind, DemandSource, DemandStatus, VisitTag
from visits.models import Assignment, Demand, Visit


class VisitFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    grid = GridFilter()
    tag = django_filters.ChoiceFilter(label="标签", choices=VisitTag.choices, method="filter_tag")
    month = django_filters.ChoiceFilter(label="月份", choices=[], method="filter_month")

    class Meta:
        model = Visit
        fields = ["village", "grid", "tag", "month"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["month"].extra["choices"] = recent_months()

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__contains=value)

    def filter_month(self, queryset, name, value):
        first = rules.parse_month(value, timezone.localdate())
        return queryset.filter(visited_on__range=rules.month_bounds(first))


def recent_months(count=13):
    """The current month and the twelve before it, as ("2024-05", "2024年5月") choices."""
    day = timezone.localdate().replace(day=1)
    months = []
    for _ in range(count):
        months.append((f"{day:%Y-%m}", f"{day.year}年{day.month}月"))
        day = rules.previous_month(day)
    return months


class DemandFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    kind = django_filters.ChoiceFilter(label="类型", choices=DemandKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=DemandStatus.choices)
    source = django_filters.ChoiceFilter(label="来源", choices=DemandSource.choices)

    class Meta:
        model = Demand
        fields = ["village", "kind", "status", "source"]


class AssignmentFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    kind = django_filters.ChoiceFilter(label="包联类型", choices=AssignmentKind.choices)

    class Meta:
        model = Assignment
        fields = ["village", "kind"]
