"""Forms of the points pages. Choices are limited to the user's scope; writes go to services."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from core.forms import DateInput, ScopedModelForm, style_fields
from grids.choices import MemberTier
from grids.selectors import members_for_user
from places.models import Area
from points import services
from points.choices import PeriodKind
from points.models import PointThreshold, RuleBook, RuleItem

YEAR_MISMATCH = "全面推行日期应在办法年度之内"
BOOK_EXISTS = "本镇{year}年的积分制管理办法已存在"
CODE_EXISTS = "该办法中已有编码为“{code}”的积分项目"
ZERO_POINTS = "分值不能为0"
PICK_TOWNSHIP = "请选择乡镇"
EVENT_HELP = "为多名党员登记时填写，如：3月15日森林防火巡逻"


class RuleBookForm(ScopedModelForm):
    class Meta:
        model = RuleBook
        fields = ["township", "year", "title", "pilot_villages", "applies_to_all", "all_from", "preamble"]
        widgets = {
            "pilot_villages": forms.CheckboxSelectMultiple,
            "all_from": DateInput(),
            "preamble": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        townships = Area.objects.for_user(self.user).townships().order_by("code")
        self.fields["township"].queryset = townships
        villages = Area.objects.for_user(self.user).villages().order_by("code")
        if self.instance.pk:
            villages = villages.filter(parent_id=self.instance.township_id)
            del self.fields["township"]
        elif not self.user.sees_everything:
            del self.fields["township"]
            self.instance.township = self.user.township
        self.fields["pilot_villages"].queryset = villages
        self.fields["pilot_villages"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        township = data.get("township") or getattr(self.instance, "township", None)
        year = data.get("year")
        if data.get("all_from") and year and data["all_from"].year != year:
            self.add_error("all_from", YEAR_MISMATCH)
        if township and year:
            clash = RuleBook.objects.filter(township=township, year=year).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("year", BOOK_EXISTS.format(year=year))
            pilots = data.get("pilot_villages") or []
            if any(v.parent_id != township.pk for v in pilots):
                self.add_error("pilot_villages", "试点村必须是本镇的村")
        return data


def _tier_fields():
    result = {}
    for tier, label in MemberTier.choices:
        result[f"tier_{tier}_points"] = forms.IntegerField(label=f"{label}分值", required=False)
        result[f"tier_{tier}_cap_month"] = forms.IntegerField(label=f"{label}每月上限", required=False, min_value=1)
        result[f"tier_{tier}_cap_year"] = forms.IntegerField(label=f"{label}每年上限", required=False, min_value=1)
    return result


class RuleItemForm(ScopedModelForm):
    """An item of a rule book; the tier fields are left empty where a tier scores as the item does."""

    category_name = forms.CharField(label="类别", max_length=50, help_text="如：森林防火、组织生活（新类别会自动建立）")

    class Meta:
        model = RuleItem
        fields = ["rule_book", "code", "name", "points", "cap_month", "cap_year", "claimable", "criteria", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_tier_fields())
        style_fields(self)
        self.fields["rule_book"].queryset = RuleBook.objects.for_user(self.user).select_related("township")
        if self.instance.pk:
            self.initial["category_name"] = self.instance.category.name
            for override in self.instance.tiers.all():
                for part in ("points", "cap_month", "cap_year"):
                    self.initial[f"tier_{override.tier}_{part}"] = getattr(override, part)
        self.order_fields(["rule_book", "category_name", "code", "name", "points", "cap_month", "cap_year"])

    def clean_points(self):
        if self.cleaned_data["points"] == 0:
            raise ValidationError(ZERO_POINTS)
        return self.cleaned_data["points"]

    def clean(self):
        data = super().clean()
        book, code = data.get("rule_book"), data.get("code")
        if book and code:
            clash = RuleItem.objects.filter(rule_book=book, code=code).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("code", CODE_EXISTS.format(code=code))
        for tier, _ in MemberTier.choices:
            if data.get(f"tier_{tier}_points") == 0:
                self.add_error(f"tier_{tier}_points", ZERO_POINTS)
        return data

    def overrides(self) -> dict:
        result = {}
        for tier, _ in MemberTier.choices:
            values = {p: self.cleaned_data.get(f"tier_{tier}_{p}") for p in ("points", "cap_month", "cap_year")}
            if any(v is not None for v in values.values()):
                result[tier] = values
        return result

    def save(self, commit=True):
        return services.rule_item_save(
            item=self.instance, category_name=self.cleaned_data["category_name"], overrides=self.overrides()
        )


class ThresholdForm(forms.ModelForm):
    class Meta:
        model = PointThreshold
        fields = ["use", "label", "period_kind", "min_total"]

    def __init__(self, *args, rule_book, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.rule_book = rule_book
        style_fields(self)

    def clean(self):
        data = super().clean()
        clash = PointThreshold.objects.filter(
            rule_book=self.instance.rule_book,
            use=data.get("use"),
            period_kind=data.get("period_kind"),
            label=data.get("label"),
        )
        if clash.exists():
            self.add_error("label", "该运用标准已存在")
        return data


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.name}（{member.get_tier_display()}）"


class RecordForm(forms.Form):
    """Record one item for one member, or for many at once as an event."""

    item = forms.ModelChoiceField(label="积分项目", queryset=RuleItem.objects.none())
    occurred_on = forms.DateField(label="日期", widget=DateInput())
    members = MemberChoices(
        label="党员",
        queryset=None,  # the user's members, set in __init__
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": services.NO_MEMBERS},
    )
    title = forms.CharField(label="活动名称", max_length=200, required=False, help_text=EVENT_HELP)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, user, village, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        items = RuleItem.objects.for_user(user).filter(rule_book__year__in=[today.year - 1, today.year])
        if village is not None:
            items = items.filter(township_id=village.parent_id)
        self.fields["item"].queryset = items.select_related("rule_book", "category").order_by(
            "-rule_book__year", "category__order", "order", "code"
        )
        self.fields["item"].label_from_instance = lambda i: (
            f"{i.rule_book.year}年 · {i.category.name} · {i.code} {i.name}（{i.points:+d}分）"
        )
        members = members_for_user(user).select_related("village")
        self.fields["members"].queryset = (
            members.filter(village=village).order_by("grid__code", "name_pinyin") if village else members.none()
        )
        self.initial.setdefault("occurred_on", today)
        style_fields(self)
        self.fields["members"].widget.attrs["class"] = "form-check-input"


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, error_messages={"required": services.REASON_REQUIRED})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ClaimForm(forms.Form):
    item = forms.ModelChoiceField(label="积分项目", queryset=RuleItem.objects.none())
    occurred_on = forms.DateField(label="日期", widget=DateInput())
    description = forms.CharField(label="事由", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    evidence = forms.FileField(
        label="佐证材料（照片或PDF）", error_messages={"required": services.NO_EVIDENCE}, required=True
    )

    def __init__(self, *args, member, today, **kwargs):
        super().__init__(*args, **kwargs)
        from points import selectors

        self.fields["item"].queryset = selectors.items_for_member(member, today, claimable_only=True).order_by(
            "category__order", "order", "code"
        )
        self.fields["item"].label_from_instance = lambda i: f"{i.category.name} · {i.name}（{i.points:+d}分）"
        self.initial.setdefault("occurred_on", today)
        style_fields(self)


class ComputeForm(forms.Form):
    period_kind = forms.ChoiceField(label="榜单", choices=PeriodKind.choices)
    on_date = forms.DateField(label="期间内任一日期", widget=DateInput())
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Area.objects.none(), required=False, empty_label="全部乡镇"
    )

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.sees_everything:
            self.fields["township"].queryset = Area.objects.townships().order_by("code")
        else:
            del self.fields["township"]
        self.initial.setdefault("on_date", (today.replace(day=1) - datetime.timedelta(days=1)))
        style_fields(self)

    def townships(self):
        if not self.user.sees_everything:
            return [self.user.township]
        chosen = self.cleaned_data.get("township")
        return [chosen] if chosen else None


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label="更正说明",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": services.CORRECTION_NOTE_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
