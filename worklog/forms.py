"""Forms of the work log: choices limited to the user's scope, rules from ``worklog.services`` shown
next to the fields they concern, ``save`` through the service."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import DateInput, LedgerForm, ScopedModelForm, TownshipFieldMixin, add_errors, style_fields
from grids import selectors as grid_selectors
from issues import selectors as issue_selectors
from issues.choices import Level
from places.models import Area
from worklog import services
from worklog.models import GroupMember, KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

TEXTAREA = {"rows": 3}
ATTENDEE_NOT_OFFERED = "所选的参训党员“%(value)s”不在您可选的本乡镇党员名册中"


class WorklogForm(TownshipFieldMixin, ScopedModelForm):
    """A township record: its township set before the checks, date pickers, the service's rules
    (``check(instance)`` returns field → message) on the fields, and ``save`` through the service."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.today = timezone.localdate()
        self.add_township_field()
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs=field.widget.attrs)
        date_field = getattr(self._meta.model, "date_field", "")
        if not self.instance.pk and date_field in self.fields:
            self.fields[date_field].initial = self.today

    def check(self) -> dict:
        return {}

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                services.raise_errors(self.check())
            except ValidationError as exc:
                add_errors(self, exc)

    def validate_unique(self):
        # Numbers are checked by the service once the township is known.
        pass


class GroupMemberForm(WorklogForm):
    class Meta:
        model = GroupMember
        fields = ["name", "post", "group_role", "user", "phone", "order", "joined_on", "left_on", "notes"]

    def check(self):
        return services.group_member_errors(self.instance)

    def save(self, commit=True):
        return services.group_member_save(self.instance, user=self.user)


class KeyTaskForm(TownshipFieldMixin, LedgerForm):
    """A row of the key-task list (a village ledger entry; township-wide when no village is chosen)."""

    ledger_check = staticmethod(services.task_errors)

    class Meta:
        model = KeyTask
        fields = [
            "number", "title", "focus", "village", "unit", "responsible", "responsible_user", "assigned_on",
            "deadline", "status", "progress", "progress_note", "done_on", "notes",
        ]  # fmt: skip
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = "留空则自动生成，如 RW2025-0001"
        self.add_township_field()

    def validate_unique(self):
        pass

    def save(self, commit=True):
        return services.task_save(self.instance, today=self.today, user=self.user)


class ProgressForm(forms.Form):
    """A progress update of a key task."""

    on = forms.DateField(label="日期", widget=DateInput())
    percent = forms.IntegerField(label="进度（%）", min_value=0, max_value=100)
    note = forms.CharField(label="进展说明", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        style_fields(self)


class MeetingForm(WorklogForm):
    class Meta:
        model = Meeting
        fields = ["number", "kind", "title", "held_on", "chair", "attendees", "topics", "decisions"]
        widgets = {
            "attendees": forms.Textarea(attrs={"rows": 2, "placeholder": "如：张三、李四、王五"}),
            "topics": forms.Textarea(attrs=TEXTAREA),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = "周例会（风险隐患分析研判）请在“三色管理 → 周例会研判”中记录，这里不重复登记"

    def check(self):
        return services.not_in_future(self.instance, "held_on", self.today)

    def save(self, commit=True):
        return services.meeting_save(self.instance, today=self.today, user=self.user)


class VisitForm(WorklogForm):
    class Meta:
        model = ResearchVisit
        fields = ["number", "kind", "village", "visited_on", "members", "purpose", "findings", "lagging"]
        widgets = {"findings": forms.Textarea(attrs=TEXTAREA), "members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Area.objects.for_user(self.user).villages().order_by("code")
        self.fields["members"].queryset = GroupMember.objects.for_user(self.user).order_by("order", "name")
        self.fields["members"].widget.attrs["class"] = ""

    def clean(self):
        data = super().clean()
        if data.get("village") is not None:
            self.instance.township_id = data["village"].parent_id
        return data

    def check(self):
        return services.visit_errors(self.instance, self.cleaned_data.get("members") or [], today=self.today)

    def save(self, commit=True):
        return services.visit_save(self.instance, self.cleaned_data["members"], today=self.today, user=self.user)


class TourForm(WorklogForm):
    class Meta:
        model = StudyTour
        fields = ["number", "toured_on", "participants", "participant_count", "sites", "notes"]
        widgets = {
            "participants": forms.Textarea(attrs={"rows": 2}),
            "sites": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs=TEXTAREA),
        }

    def check(self):
        return services.not_in_future(self.instance, "toured_on", self.today)

    def save(self, commit=True):
        return services.tour_save(self.instance, today=self.today, user=self.user)


class TrainingForm(WorklogForm):
    """A training; its attendees are a count, or party members picked from the registers (in the user's
    scope and the training's township), or both when others not in the register attended too."""

    class Meta:
        model = Training
        fields = [
            "number", "held_on", "topic", "kind", "audience", "trainer", "place", "attendees", "attendee_count",
            "notes",
        ]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs=TEXTAREA), "attendees": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        township_id = self.instance.township_id or getattr(self.user.township, "pk", None)
        field = self.fields["attendees"]
        field.queryset = (
            grid_selectors.members_for_user(self.user).filter(township_id=township_id).select_related("village")
            if township_id
            else field.queryset.none()
        ).order_by("village__code", "name_pinyin", "pk")
        field.label_from_instance = lambda m: f"{m.name}（{m.village.name}）"
        field.error_messages |= {
            "invalid_choice": ATTENDEE_NOT_OFFERED,
            "invalid_pk_value": ATTENDEE_NOT_OFFERED.replace("value", "pk"),
        }
        field.help_text = (
            "从党员名册中选择（可多选：电脑上按住 Ctrl 或 Shift 点选）"
            if township_id
            else "先保存培训，再在编辑页中选择参训党员"
        )
        count = self.fields["attendee_count"]
        count.required = False
        count.help_text = "可只填人数；选择了参训党员时留空则按所选人数计，另有名册以外的人员参训时填总人数"

    def check(self):
        return services.training_errors(self.instance, self.cleaned_data.get("attendees"), today=self.today)

    def save(self, commit=True):
        attendees = self.cleaned_data.get("attendees")
        return services.training_save(self.instance, attendees, today=self.today, user=self.user)


class CentreForm(ScopedModelForm):
    class Meta:
        model = ServiceCentre
        fields = ["village", "name", "status", "high_standard", "year", "floor_area", "functions", "notes"]
        widgets = {"notes": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.today = timezone.localdate()
        self.fields["village"].queryset = Area.objects.for_user(user).villages().order_by("code")
        if not self.instance.pk:
            self.fields["year"].initial = self.today.year

    def _post_clean(self):
        super()._post_clean()
        if not self.errors and self.instance.village_id:
            self.instance.township_id = self.instance.village.parent_id
            try:
                services.raise_errors(services.centre_errors(self.instance, today=self.today))
            except ValidationError as exc:
                add_errors(self, exc)

    def validate_unique(self):
        pass

    def save(self, commit=True):
        return services.centre_save(self.instance, today=self.today, user=self.user)


class FileForm(forms.Form):
    """An attachment: minutes of a meeting, a training's material, a centre's photo."""

    file = forms.FileField(label="文件")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ProblemOpenForm(forms.Form):
    """What a rectification problem needs beyond the decision or finding it comes from."""

    level = forms.ChoiceField(label="层级", choices=Level.choices)
    village = forms.ModelChoiceField(label="所属行政村", queryset=Area.objects.none(), required=False)
    category_name = forms.CharField(label="问题类别", max_length=50, help_text="可选已有类别，或填写新类别")
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label="责任人", max_length=50)
    deadline = forms.DateField(label="整改时限", widget=DateInput())

    def __init__(self, *args, user, township, fixed_village=None, **kwargs):
        super().__init__(*args, **kwargs)
        villages = Area.objects.for_user(user).villages().filter(parent=township).order_by("code")
        self.fields["village"].queryset = villages
        names = issue_selectors.category_names(township)
        self.fields["category_name"].widget.attrs["list"] = "category-names"
        self.category_names = names
        if fixed_village is not None:
            self.fields["level"].choices = [(Level.VILLAGE, Level.VILLAGE.label)]
            self.fields["village"].initial = fixed_village.pk
            self.fields["village"].disabled = True
        style_fields(self)

    def problem_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("level") != Level.VILLAGE:
            data["village"] = None
        return data
