"""Forms of the star ratings. Choices are limited to the user's scope; every save calls a service,
which checks the rules again whatever called it (the messages appear next to their fields)."""

import datetime

from django import forms
from django.utils import timezone

from core.forms import DateInput, ScopedModelForm, style_fields
from places.models import Area
from stars import services
from stars.choices import STAR_LABELS
from stars.models import Criterion, CriterionMark, Secretary, SecretaryAppraisal, SecretaryRecord, StarSettings

MET_CHOICES = [("1", "达标"), ("0", "未达标")]
DECISIONS = [("agree", "同意自评"), ("1", "达标"), ("0", "未达标")]
PICK_MET = "请选择“达标”或“未达标”"
PICK_DECISION = "请选择审核结论"
YEAR_RANGE = "年度应在 2000 年到今年之间"
CRITERION_UNKNOWN = "所选评星标准不在本年度的标准中"
RESULT_NOT_IN_LIST = "考核结果只能是：优秀、称职、基本称职、不称职"


def year_choices(today: datetime.date, back: int = 5, ahead: int = 0) -> list[tuple[int, str]]:
    return [(y, f"{y}年") for y in range(today.year + ahead, today.year - back, -1)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int)

    def __init__(self, *args, today: datetime.date, default: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(today)
        self.fields["year"].error_messages["invalid_choice"] = YEAR_RANGE
        self.initial.setdefault("year", default or today.year - 1)
        style_fields(self)


class SelfAssessForm(forms.Form):
    """One criterion's self-assessment: met or not, a note, and (optionally) a new evidence file."""

    criterion = forms.IntegerField(widget=forms.HiddenInput)
    met = forms.ChoiceField(
        label="自评", choices=MET_CHOICES, widget=forms.RadioSelect, error_messages={"required": PICK_MET}
    )
    note = forms.CharField(label="自评说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(
        label="佐证材料", required=False, help_text="PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
        self.fields["met"].widget.attrs["class"] = "form-check-input"


class ReviewForm(forms.Form):
    """The township's conclusion on one criterion: agree with the self-assessment, or decide with a reason."""

    criterion = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="审核结论", choices=DECISIONS, widget=forms.RadioSelect, error_messages={"required": PICK_DECISION}
    )
    note = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class CorrectionForm(forms.Form):
    """A new version of a final rating: each criterion's conclusion, the reason, the date it applies from."""

    reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    effective_on = forms.DateField(label="生效日期", widget=DateInput(), required=False, help_text="留空为今天")

    def __init__(self, *args, marks: list[CriterionMark], **kwargs):
        super().__init__(*args, **kwargs)
        self.marks = marks
        for mark in marks:
            self.fields[f"c{mark.criterion_id}"] = forms.ChoiceField(
                label=f"{mark.criterion.order}. {mark.criterion.name}",
                choices=MET_CHOICES,
                initial="1" if mark.reviewed_met else "0",
            )
        style_fields(self)

    def changes(self) -> dict[int, bool]:
        return {m.criterion_id: self.cleaned_data[f"c{m.criterion_id}"] == "1" for m in self.marks}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = StarSettings
        fields = [
            "publicity_days", "honours_threshold", "secretary_rating_on", "three_star_years", "three_star_excellent",
            "two_star_years", "two_star_excellent", "appraisals_counted", "record_years", "reward_level",
            "base_amount", "coefficient_three", "coefficient_two", "coefficient_one", "coefficient_none",
        ]  # fmt: skip
        widgets = {"secretary_rating_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("publicity_days", "appraisals_counted"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("publicity_days") is not None and data["publicity_days"] < 1:
            self.add_error("publicity_days", "公示天数至少为 1 天")
        day = data.get("secretary_rating_on")
        if day is not None and day.year != self.instance.year:
            self.add_error("secretary_rating_on", f"书记评星日期应在{self.instance.year}年内")
        if data.get("honours_threshold") is not None and data["honours_threshold"] > 10:
            self.add_error("honours_threshold", "评先评优最低星级不能超过 10")
        return data


class AdjustForm(forms.Form):
    stars = forms.TypedChoiceField(label="星级", coerce=int, choices=sorted(STAR_LABELS.items(), reverse=True))
    reason = forms.CharField(label="调整理由", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


# --- register forms ----------------------------------------------------------------------------


class TownshipChoiceMixin:
    """Administrators choose the township; everyone else works in their own."""

    def add_township_field(self, user, current=None):
        if user.sees_everything:
            self.fields["township"] = forms.ModelChoiceField(
                label="乡镇", queryset=Area.objects.townships().order_by("code"), initial=current
            )
            self.fields["township"].widget.attrs["class"] = "form-select"

    def chosen_township(self, data):
        return data.get("township") if "township" in self.fields else self.user.township


class CriterionForm(TownshipChoiceMixin, ScopedModelForm):
    class Meta:
        model = Criterion
        fields = [
            "year",
            "group",
            "order",
            "name",
            "requirement",
            "evidence_expected",
            "evidence_required",
            "auto_check",
        ]
        widgets = {"requirement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.add_township_field(user, self.instance.township_id)

    def clean(self):
        data = super().clean()
        township = self.chosen_township(data)
        if township is not None:
            self.instance.township = township
            siblings = Criterion.objects.filter(township=township, year=data.get("year")).exclude(pk=self.instance.pk)
            if data.get("order") is not None and siblings.filter(order=data["order"]).exists():
                self.add_error("order", "该年度已有此序号的评星标准")
            if data.get("name") and siblings.filter(name=data["name"]).exists():
                self.add_error("name", "该年度已有同名的评星标准")
        return data

    def validate_unique(self):
        # The service checks the (township, year, …) keys once the township is known.
        pass

    def save(self, commit=True):
        return services.criterion_save(self.instance, user=self.user)


class SecretaryForm(ScopedModelForm):
    class Meta:
        model = Secretary
        fields = ["village", "name", "appointed_on", "left_on", "notes"]
        widgets = {"appointed_on": DateInput(), "left_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["village"].queryset = Area.objects.for_user(user).villages().order_by("code")

    def clean(self):
        data = super().clean()
        village = data.get("village")
        if village is not None:
            # ModelForm fills the instance only after clean(): the rules need the dates now.
            for name in ("village", "name", "appointed_on", "left_on"):
                setattr(self.instance, name, data.get(name))
            self.instance.township_id = village.parent_id
            for name, message in services.secretary_errors(self.instance, timezone.localdate()).items():
                self.add_error(name if name in self.fields else None, message)
        return data

    def validate_unique(self):
        pass

    def save(self, commit=True):
        return services.secretary_save(self.instance, user=self.user, today=timezone.localdate())


class SecretaryPartForm(ScopedModelForm):
    """Appraisals and rewards/punishments: the secretary chosen from those in scope."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["secretary"].queryset = (
            Secretary.objects.for_user(user).select_related("village").order_by("village__code", "-appointed_on")
        )

    def validate_unique(self):
        pass


class AppraisalForm(SecretaryPartForm):
    class Meta:
        model = SecretaryAppraisal
        fields = ["secretary", "year", "result"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["result"].error_messages["invalid_choice"] = RESULT_NOT_IN_LIST

    def clean(self):
        data = super().clean()
        secretary, year = data.get("secretary"), data.get("year")
        if secretary is not None and year is not None:
            clash = SecretaryAppraisal.objects.filter(secretary=secretary, year=year).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("year", f"{secretary.name}已有{year}年度的考核结果")
            if not 1990 <= year <= timezone.localdate().year:
                self.add_error("year", services.APPRAISAL_YEAR)
        return data

    def save(self, commit=True):
        return services.appraisal_save(self.instance, user=self.user, today=timezone.localdate())


class RecordForm(SecretaryPartForm):
    class Meta:
        model = SecretaryRecord
        fields = ["secretary", "kind", "level", "on", "what"]
        widgets = {"on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("on") and data["on"] > timezone.localdate():
            self.add_error("on", "奖惩日期不能晚于今天")
        return data

    def save(self, commit=True):
        return services.record_save(self.instance, user=self.user, today=timezone.localdate())


class MarkReviewForm(ScopedModelForm):
    """Reviewing one mark from the branch_ratings register (the same service as the village page)."""

    decision = forms.ChoiceField(label="审核结论", choices=DECISIONS)
    note = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = CriterionMark
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        mark = self.instance
        if mark.reviewed_met is not None:
            self.initial.setdefault("decision", "1" if mark.reviewed_met else "0")
            self.initial.setdefault("note", mark.review_note)

    def save(self, commit=True):
        decision = self.cleaned_data["decision"]
        return services.review(
            self.instance.rating,
            self.instance.criterion,
            agree=decision == "agree",
            met=None if decision == "agree" else decision == "1",
            note=self.cleaned_data["note"],
            user=self.user,
            today=timezone.localdate(),
        )
