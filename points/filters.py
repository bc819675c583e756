"""List filters of the points registers; every choice list is limited to the user's scope."""

import datetime

import django_filters
from django.utils import timezone

from places.models import Area
from points import rules
from points.choices import PeriodKind
from points.models import PointEntry, RuleBook, RuleItem


def _villages(request):
    if request is None:
        return Area.objects.none()
    return Area.objects.for_user(request.user).villages().order_by("code")


def _books(request):
    if request is None:
        return RuleBook.objects.none()
    return RuleBook.objects.for_user(request.user).order_by("-year")


def _items(request):
    if request is None:
        return RuleItem.objects.none()
    year = timezone.localdate().year
    return (
        RuleItem.objects.for_user(request.user)
        .filter(rule_book__year__gte=year - 1)
        .order_by("-rule_book__year", "code")
    )


def _months():
    today = timezone.localdate()
    start = today.replace(day=1)
    choices = []
    for _ in range(24):
        choices.append((start.strftime("%Y-%m"), rules.period_label(PeriodKind.MONTH, start)))
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return choices


class RuleItemFilterSet(django_filters.FilterSet):
    rule_book = django_filters.ModelChoiceFilter(label="积分办法", queryset=_books)

    class Meta:
        model = RuleItem
        fields = ["rule_book"]


class PointEntryFilterSet(django_filters.FilterSet):
    village = django_filters.ModelChoiceFilter(label="行政村", queryset=_villages)
    month = django_filters.ChoiceFilter(label="月份", choices=(), method="filter_month")
    item = django_filters.ModelChoiceFilter(label="积分项目", queryset=_items)

    class Meta:
        model = PointEntry
        fields = ["village", "month", "item"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["month"].extra["choices"] = _months()

    def filter_month(self, queryset, name, value):
        try:
            start = datetime.date.fromisoformat(f"{value}-01")
        except ValueError:
            return queryset
        end = rules.period_bounds(PeriodKind.MONTH, start)[1]
        return queryset.filter(occurred_on__gte=start, occurred_on__lte=end)
