"""Filters of the work log's lists; every choice list is limited to the user's scope."""

import django_filters

from places.filters import VillageFilter
from worklog.choices import Audience, CentreStatus, Focus, MeetingKind, TaskStatus, VisitKind
from worklog.models import KeyTask, Meeting, ResearchVisit, ServiceCentre, Training

OVERDUE_CHOICES = [("1", "已逾期"), ("0", "未逾期")]


class KeyTaskFilterSet(django_filters.FilterSet):
    focus = django_filters.ChoiceFilter(label="所属聚焦", choices=Focus.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=TaskStatus.choices)
    village = VillageFilter()
    overdue = django_filters.ChoiceFilter(label="逾期", choices=OVERDUE_CHOICES, method="filter_overdue")

    class Meta:
        model = KeyTask
        fields = ["focus", "status", "village", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=value == "1")


class MeetingFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="会议类型", choices=MeetingKind.choices)

    class Meta:
        model = Meeting
        fields = ["kind"]


class VisitFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=VisitKind.choices)
    village = VillageFilter()

    class Meta:
        model = ResearchVisit
        fields = ["kind", "village"]


class TrainingFilterSet(django_filters.FilterSet):
    audience = django_filters.ChoiceFilter(label="培训对象", choices=Audience.choices)

    class Meta:
        model = Training
        fields = ["audience"]


class CentreFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="建设状态", choices=CentreStatus.choices)
    high_standard = django_filters.BooleanFilter(label="高标准")

    class Meta:
        model = ServiceCentre
        fields = ["status", "high_standard"]
