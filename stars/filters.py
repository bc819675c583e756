"""Filters of the star registers: year, village, result; every choice limited to the user's scope."""

import django_filters
from django.utils import timezone

from places.filters import VillageFilter
from stars.choices import Appraisal, RecordKind
from stars.models import Criterion, CriterionMark, Secretary, SecretaryAppraisal, SecretaryRecord

SERVING = [("1", "现任"), ("0", "已离任")]
MET = [("1", "达标"), ("0", "未达标"), ("none", "未填")]


def _years():
    year = timezone.localdate().year
    return [(y, f"{y}年") for y in range(year + 1, year - 6, -1)]


class YearFilter(django_filters.TypedChoiceFilter):
    def __init__(self, field_name="year", **kwargs):
        super().__init__(label="年度", field_name=field_name, coerce=int, choices=_years, **kwargs)


class CriterionFilterSet(django_filters.FilterSet):
    year = YearFilter()

    class Meta:
        model = Criterion
        fields = ["year"]


def _met_filter(field):
    def method(queryset, name, value):
        if value == "none":
            return queryset.filter(**{f"{field}__isnull": True})
        return queryset.filter(**{field: value == "1"})

    return method


class MarkFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="rating__round__year")
    village = VillageFilter()
    self_met = django_filters.ChoiceFilter(label="自评", choices=MET, method=_met_filter("self_met"))
    reviewed_met = django_filters.ChoiceFilter(label="审核结论", choices=MET, method=_met_filter("reviewed_met"))

    class Meta:
        model = CriterionMark
        fields = ["year", "village", "self_met", "reviewed_met"]


class SecretaryFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    serving = django_filters.ChoiceFilter(label="任职情况", choices=SERVING, method="filter_serving")

    class Meta:
        model = Secretary
        fields = ["village", "serving"]

    def filter_serving(self, queryset, name, value):
        return queryset.filter(left_on__isnull=value == "1")


class AppraisalFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    year = YearFilter()
    result = django_filters.ChoiceFilter(label="考核结果", choices=Appraisal.choices)

    class Meta:
        model = SecretaryAppraisal
        fields = ["village", "year", "result"]


class RecordFilterSet(django_filters.FilterSet):
    village = VillageFilter()
    kind = django_filters.ChoiceFilter(label="类别", choices=RecordKind.choices)

    class Meta:
        model = SecretaryRecord
        fields = ["village", "kind"]
