"""Forms of the contact system. Choices are limited to the user's scope; rules live in services."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import DateInput, LedgerForm, ScopedModelForm, add_errors, style_fields
from grids.selectors import household_for_user
from places.models import Area
from township.choices import RiskCategory, RiskLevel
from visits import rules, selectors, services
from visits.choices import DemandKind, VisitTag
from visits.models import Assignment, Demand, QuotaSetting, Visit

HOUSEHOLD_NOT_FOUND = "找不到户号“{number}”，或该户不在您的管辖范围内"


def _household_in_scope(user, number: str):
    number = (number or "").strip()
    if not number:
        return None
    household = household_for_user(user, number)
    if household is None:
        raise ValidationError(HOUSEHOLD_NOT_FOUND.format(number=number))
    return household


# --- logging a visit (the phone form) ----------------------------------------------------------


class VisitLogForm(forms.Form):
    """Log a home visit; optionally open a demand or a risk from what was found."""

    household = forms.CharField(label="走访户", required=False, widget=forms.HiddenInput)
    visited_on = forms.DateField(label="走访日期", widget=DateInput())
    findings = forms.CharField(
        label="走访情况",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "了解到的生产生活情况、问题和诉求"}),
        required=False,
    )
    tags = forms.MultipleChoiceField(
        label="标签", choices=VisitTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    photo = forms.FileField(
        label="照片（可选）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )
    open_demand = forms.BooleanField(label="同时登记诉求", required=False)
    demand_kind = forms.ChoiceField(
        label="诉求类型", choices=DemandKind.choices, initial=DemandKind.PROBLEM, required=False
    )
    demand_title = forms.CharField(label="诉求内容", max_length=200, required=False)
    open_risk = forms.BooleanField(label="同时登记风险隐患", required=False)
    risk_title = forms.CharField(label="隐患名称", max_length=200, required=False)
    risk_category = forms.ChoiceField(
        label="隐患类别", choices=RiskCategory.choices, initial=RiskCategory.SAFETY, required=False
    )
    risk_level = forms.ChoiceField(label="隐患等级", choices=RiskLevel.choices, initial=RiskLevel.LOW, required=False)
    risk_due_on = forms.DateField(label="整改期限", required=False, widget=DateInput())

    ALIASES = {"deadline": "risk_due_on", "found_on": "visited_on", "raised_on": "visited_on"}

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today
        self.fields["visited_on"].initial = today
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()
        style_fields(self)
        for name in ("tags",):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.visit = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        demand = risk = None
        if data.get("open_demand"):
            demand = services.FollowUp(
                title=data.get("demand_title", ""), kind=data.get("demand_kind") or DemandKind.PROBLEM
            )
        if data.get("open_risk"):
            risk = services.FollowUp(
                title=data.get("risk_title", ""),
                category=data.get("risk_category") or RiskCategory.OTHER,
                level=data.get("risk_level") or RiskLevel.LOW,
                deadline=data.get("risk_due_on"),
            )
        self._follow_ups = (demand, risk)
        return data

    def save(self) -> Visit:
        """Log the visit through the service; on a rule broken, put its message on the form and return None."""
        demand, risk = self._follow_ups
        data = self.cleaned_data
        try:
            self.visit = services.visit_log(
                user=self.user,
                household_id=data.get("household") or None,
                visited_on=data["visited_on"],
                findings=data.get("findings", ""),
                tags=data.get("tags", []),
                photo=data.get("photo"),
                today=self.today,
                demand=demand,
                risk=risk,
            )
        except ValidationError as exc:
            add_errors(self, exc, self.ALIASES)
            return None
        return self.visit


class VisitEditForm(ScopedModelForm):
    """Correct a logged visit (register edit): date, findings and tags."""

    tags_choice = forms.MultipleChoiceField(
        label="标签", choices=VisitTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Visit
        fields = ["visited_on", "findings"]
        widgets = {"visited_on": DateInput(), "findings": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["tags_choice"] = self.instance.tag_list
        self.fields["tags_choice"].widget.attrs["class"] = "form-check-input"

    def _post_clean(self):
        # After the model fields are on the instance: the service's rules, on the fields they name.
        super()._post_clean()
        self.instance.tags = rules.join_tags(self.cleaned_data.get("tags_choice", []))
        if not self.errors:
            try:
                services.visit_validate(self.instance, today=timezone.localdate())
            except ValidationError as exc:
                add_errors(self, exc)

    def save(self, commit=True):
        return services.visit_update(self.instance, today=timezone.localdate())


# --- assignments, demands, quotas --------------------------------------------------------------


class AssignmentForm(ScopedModelForm):
    household_number = forms.CharField(
        label="包联户户号", required=False, help_text="包联到户时填写户号；只包联到村或网格时留空"
    )

    class Meta:
        model = Assignment
        fields = ["cadre", "kind", "village", "grid", "start_on", "end_on", "notes"]
        widgets = {"start_on": DateInput(), "end_on": DateInput()}

    field_order = ["cadre", "kind", "village", "grid", "household_number", "start_on", "end_on", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = selectors.cadres_for(self.user)
        self.fields["village"].queryset = Area.objects.for_user(self.user).villages().order_by("code")
        self.fields["grid"].queryset = Area.objects.for_user(self.user).grids().order_by("code")
        self.fields["start_on"].initial = timezone.localdate()
        if self.instance.household_id:
            self.initial["household_number"] = self.instance.household.number

    def clean(self):
        data = super().clean()
        try:
            self.instance.household = _household_in_scope(self.user, data.get("household_number"))
        except ValidationError as exc:
            self.add_error("household_number", exc)
        return data

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                services.assignment_validate(self.instance, user=self.user)
            except ValidationError as exc:
                add_errors(self, exc, {"household": "household_number"})

    def save(self, commit=True):
        return services.assignment_save(self.instance, user=self.user)


class DemandForm(LedgerForm):
    """A demand (a village ledger entry: ``core.forms.LedgerForm``); its 承办人 is a contact cadre."""

    ledger_check = staticmethod(services.demand_errors)
    household_lookup = staticmethod(household_for_user)

    class Meta:
        model = Demand
        fields = [
            "kind", "source", "village", "grid", "title", "details", "raised_by", "raised_on",
            "responsible_user", "deadline", "assigned_on", "resolved_on", "resolution",
        ]  # fmt: skip
        widgets = {
            "details": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["kind", "source", "village", "grid", "household_number", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = selectors.cadres_for(self.user)

    def save(self, commit=True):
        return services.demand_save(self.instance, today=self.today, user=self.user)


class QuotaForm(forms.ModelForm):
    class Meta:
        model = QuotaSetting
        fields = ["households_each", "visits_per_month", "days_per_week"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if not self.errors:
            for field, low, high in services.QUOTA_LIMITS:
                value = data.get(field)
                if value is None or not low <= value <= high:
                    self.add_error(field, services.QUOTA_RANGE.format(low=low, high=high))
        return data

    def save(self, commit=True):
        return services.quota_save(self.instance)
