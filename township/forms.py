"""Forms of the risk ledger and the weekly reviews. Choices are limited to the user's scope."""

from django import forms
from django.utils import timezone

from accounts.roles import Role
from core.forms import DateInput, LedgerForm, style_fields
from grids.selectors import household_for_user
from places.models import Area
from township import services
from township.choices import Colour, ReviewLevel
from township.models import Risk, RiskReview


class RiskForm(LedgerForm):
    """A row of the risk ledger (a village ledger entry: ``core.forms.LedgerForm``)."""

    ledger_check = staticmethod(services.risk_errors)
    household_lookup = staticmethod(household_for_user)
    recorded_by = "reported_by"

    class Meta:
        model = Risk
        fields = [
            "village", "grid", "title", "category", "level", "description", "found_by", "found_on",
            "measures", "responsible", "deadline", "status", "closed_on",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["village", "grid", "household_number", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["found_by"].initial = str(self.user)


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
