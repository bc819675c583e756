"""Forms of the risk ledger and the weekly reviews. Choices are limited to the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from core.forms import DateInput, ScopedModelForm, add_errors, style_fields
from grids.selectors import household_for_user
from places.models import Area
from township import services
from township.choices import Colour, ReviewLevel
from township.models import Risk, RiskReview

HOUSEHOLD_NOT_FOUND = "找不到户号“{number}”，或该户不在您的管辖范围内"


class RiskForm(ScopedModelForm):
    household_number = forms.CharField(label="相关户户号", required=False)

    class Meta:
        model = Risk
        fields = [
            "village", "grid", "title", "category", "level", "description", "found_by", "found_on",
            "measures", "responsible", "due_on", "status", "closed_on",
        ]  # fmt: skip
        widgets = {
            "found_on": DateInput(),
            "due_on": DateInput(),
            "closed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["village", "grid", "household_number", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Area.objects.for_user(self.user).villages().order_by("code")
        self.fields["grid"].queryset = Area.objects.for_user(self.user).grids().order_by("code")
        if not self.instance.pk:
            self.fields["found_on"].initial = timezone.localdate()
            self.fields["found_by"].initial = str(self.user)
        if self.instance.household_id:
            self.initial["household_number"] = self.instance.household.number

    def clean(self):
        data = super().clean()
        number = (data.get("household_number") or "").strip()
        household = household_for_user(self.user, number)
        if number and household is None:
            self.add_error("household_number", HOUSEHOLD_NOT_FOUND.format(number=number))
        self.instance.household = household
        return data

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            services.risk_place(self.instance)
            try:
                services.risk_validate(self.instance, today=timezone.localdate())
            except ValidationError as exc:
                add_errors(self, exc, {"household": "household_number"})

    def save(self, commit=True):
        return services.risk_save(self.instance, today=timezone.localdate(), user=self.user)


class ReviewForm(forms.ModelForm):
    """The meeting itself; the per-village rows are ``FindingForm``s."""

    class Meta:
        model = RiskReview
        fields = ["held_on", "level", "village", "attendees", "summary"]
        widgets = {
            "held_on": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 2, "placeholder": "如：张三、李四、王五"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, township, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.township = township
        villages = Area.objects.for_user(user).villages().filter(tree_id=township.tree_id).order_by("code")
        self.fields["village"].queryset = villages
        self.fields["village"].required = False
        self.fields["village"].help_text = "村级周例会选择本村；镇级周例会留空"
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate()
        if user.role == Role.SECRETARY:
            # A village secretary records their village's own meeting.
            self.fields["level"].choices = [(ReviewLevel.VILLAGE, ReviewLevel.VILLAGE.label)]
            self.fields["level"].initial = ReviewLevel.VILLAGE
            self.fields["village"].required = True
            self.fields["village"].initial = user.scope_node_id
        style_fields(self)

    def clean(self):
        data = super().clean()
        self.instance.township = self.township
        if data.get("level") == ReviewLevel.TOWNSHIP:
            self.instance.village = None
        return data


class FindingForm(forms.Form):
    """One village's row of a review: what was found, and an optional colour decision with its reason."""

    findings = forms.CharField(label="研判发现", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    colour = forms.ChoiceField(label="颜色决定", required=False, choices=[("", "不作调整")] + list(Colour.choices))
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, village, current_colour=None, **kwargs):
        super().__init__(*args, prefix=f"v{village.pk}", **kwargs)
        self.village = village
        self.current_colour = current_colour
        style_fields(self)

    def to_input(self) -> services.FindingInput:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return services.FindingInput(
            village=self.village,
            findings=data.get("findings", ""),
            colour=data.get("colour", ""),
            reason=data.get("reason", ""),
        )
