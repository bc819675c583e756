"""Filters of the ledger page: level, village, category, channel, status, overdue."""

import django_filters

from issues.choices import Channel, Level, Status
from issues.models import Problem, ProblemCategory
from places.filters import VillageFilter

OVERDUE_CHOICES = [("1", "已逾期"), ("0", "未逾期")]


def _categories(request):
    if request is None or not request.user.is_authenticated:
        return ProblemCategory.objects.none()
    return ProblemCategory.objects.for_user(request.user).order_by("order", "name")


class ProblemFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label="层级", choices=Level.choices)
    village = VillageFilter()
    category = django_filters.ModelChoiceFilter(label="问题类别", queryset=_categories)
    channel = django_filters.ChoiceFilter(label="问题来源", choices=Channel.choices)
    status = django_filters.ChoiceFilter(label="整改情况", choices=Status.choices)
    overdue = django_filters.ChoiceFilter(label="逾期", choices=OVERDUE_CHOICES, method="filter_overdue")

    class Meta:
        model = Problem
        fields = ["level", "village", "category", "channel", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=value == "1")
