"""Forms of the progress report pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from places.choices import AreaKind
from places.models import Area
from reports.rules import PeriodKind, requested_period

PLACE_REQUIRED = "请选择乡镇或行政村"


def place_label(area) -> str:
    return area.name if area.kind == AreaKind.TOWNSHIP else f"　{area.name}（村级）"


class ReportRequestForm(forms.Form):
    """Pick a place in the user's scope, a period kind and a date inside the period."""

    place = forms.ModelChoiceField(label="报告单位", queryset=Area.objects.none(), empty_label=None)
    period_kind = forms.ChoiceField(label="报告周期", choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    date = forms.CharField(label="期间内任一日期", help_text="如 2026-10-31、2026年10月31日", max_length=20)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = Area.objects.for_user(user).filter(kind__in=[AreaKind.TOWNSHIP, AreaKind.VILLAGE])
        self.fields["place"].queryset = places.order_by("tree_id", "lft")
        self.fields["place"].label_from_instance = lambda a: (
            a.name if a.kind == AreaKind.TOWNSHIP else f"　{a.name}（村级）"
        )
        self.fields["place"].error_messages["invalid_choice"] = PLACE_REQUIRED

    def clean(self):
        data = super().clean()
        if "period_kind" in data and "date" in data:
            try:
                data["period"] = requested_period(data["period_kind"], data["date"], timezone.localdate())
            except ValidationError as exc:
                self.add_error("date", exc)
        return data


class SectionTwoForm(forms.Form):
    section_two = forms.CharField(
        label="存在问题及下步计划", widget=forms.Textarea(attrs={"rows": 12}), help_text="一段一行；可按数据重新起草"
    )
    closing_experience = forms.CharField(label="创出……经验", max_length=40, required=False)
    closing_highlight = forms.CharField(label="干出……靓点", max_length=40, required=False)


class ReissueForm(forms.Form):
    reason = forms.CharField(label="重新出具理由", max_length=200)


class CountyForm(forms.Form):
    period_kind = forms.ChoiceField(label="报告周期", choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    date = forms.CharField(label="期间内任一日期", max_length=20)

    def clean(self):
        data = super().clean()
        if "period_kind" in data and "date" in data:
            try:
                data["period"] = requested_period(data["period_kind"], data["date"], timezone.localdate())
            except ValidationError as exc:
                self.add_error("date", exc)
        return data
