"""Forms of the rectification ledger. Choices are limited to the user's scope; writes go to services.

The forms check the same rules the services enforce (``issues.rules``) so each message appears
next to its field; the services check again, whatever called them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.access import users_for
from accounts.models import User
from core.forms import DateInput, LedgerForm, ScopedModelForm, style_fields
from core.uploads import UploadRejected, check_upload, validation_error
from issues import rules, services
from issues.choices import Level, Status
from issues.models import Problem, ProblemCategory
from places.models import Area

CATEGORY_DUPLICATE = "该乡镇已有同名的问题类别"
NEW_STATUSES = [(s, Status(s).label) for s in (Status.PENDING, Status.IN_PROGRESS, Status.ONGOING)]


def check_evidence(upload):
    """Size, extension and magic bytes of one evidence file; ValidationError with the reason."""
    try:
        check_upload(upload, rules.EVIDENCE)
    except UploadRejected as exc:
        raise validation_error(exc) from exc
    return upload


def users_in_scope(user):
    """Accounts a user may name as responsible: those scoped inside the user's own scope."""
    return users_for(user).select_related("scope_node").order_by("username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name or obj.username}（{obj.username}）"


def categories_for(user):
    return ProblemCategory.objects.for_user(user).select_related("township").order_by("township__code", "order", "name")


class ProblemForm(LedgerForm):
    """Record or edit a problem (a village ledger entry: ``core.forms.LedgerForm``). On create it may
    be 边查边改: closed at once, with evidence. Its own rules are checked in ``clean``; the common
    ones (``core.ledgers``) after it, and both again by the service on save."""

    township = forms.ModelChoiceField(label="乡镇", queryset=Area.objects.none())
    responsible_user = UserChoiceField(
        label="责任人账号",
        queryset=User.objects.none(),
        required=False,
        help_text="关联账号后，该问题会出现在此人的“我的整改任务”中",
    )
    evidence = forms.FileField(
        label="整改佐证材料",
        required=False,
        help_text="PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx），单个文件不超过限额；边查边改必须上传",
    )

    class Meta:
        model = Problem
        fields = [
            "code", "level", "village", "category", "channel", "source_ref", "description", "cause", "measures",
            "responsible", "responsible_user", "found_on", "deadline", "status", "fixed_on_spot", "result",
            "verified_by", "notes",
        ]  # fmt: skip
        widgets = {
            "found_on": DateInput(),
            "deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"village": "所属行政村（村级党组织）"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        creating = self.instance.pk is None
        self.fields["code"].required = False
        if user.sees_everything:
            self.fields["township"].queryset = Area.objects.townships().order_by("code")
            if not creating:
                self.initial.setdefault("township", self.instance.township_id)
        else:
            del self.fields["township"]
        allowed = services.level_for_scope(user)
        self.fields["level"].choices = [(v, Level(v).label) for v in allowed]
        self.fields["village"].queryset = Area.objects.for_user(user).villages().order_by("code")
        self.fields["category"].queryset = categories_for(user)
        self.fields["responsible_user"].queryset = users_in_scope(user)
        if creating:
            self.fields["status"].choices = NEW_STATUSES
            self.fields["result"].help_text = "边查边改时必填：整改做了什么"
            self.fields["verified_by"].help_text = "边查边改时必填"
        else:
            for name in ("status", "fixed_on_spot", "evidence"):
                del self.fields[name]
            if self.instance.status not in (Status.DONE, Status.ONGOING):
                del self.fields["result"]
                del self.fields["verified_by"]
        style_fields(self)

    def _township(self, data):
        if "township" in self.fields:
            return data.get("township")
        return self.user.township

    def clean_level(self):
        level = self.cleaned_data["level"]
        if level not in services.level_for_scope(self.user):
            raise ValidationError(services.LEVEL_NOT_ALLOWED)
        return level

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        return check_evidence(upload) if upload else None

    def clean(self):
        data = super().clean()
        level, village, category = data.get("level"), data.get("village"), data.get("category")
        township = village.parent if village is not None else self._township(data)
        for name, message in rules.placement_errors(level, village is not None).items():
            if level:
                self.add_error(name, message)
        chosen = data.get("township") if "township" in self.fields else None
        if chosen is not None and village is not None and village.parent_id != chosen.pk:
            self.add_error("village", services.VILLAGE_OTHER_TOWNSHIP)
        if category is not None and township is not None and category.township_id != township.pk:
            self.add_error("category", services.CATEGORY_OTHER_TOWNSHIP)
        status = self._status(data)
        for name, message in rules.deadline_errors(status, data.get("found_on"), data.get("deadline")).items():
            self.add_error(name, message)
        if data.get("fixed_on_spot"):
            for name, message in rules.closing_errors(data.get("result"), data.get("verified_by")).items():
                self.add_error(name, message)
            if not data.get("evidence") and "evidence" not in self.errors:
                self.add_error("evidence", services.FIXED_ON_SPOT_NEEDS_EVIDENCE)
        elif "result" in self.fields:
            errors = rules.status_errors(
                status, result=data.get("result"), verified_by=data.get("verified_by"), measures=data.get("measures")
            )
            for name, message in errors.items():
                self.add_error(name, message)
        code = data.get("code")
        if code and township is not None:
            clash = Problem.objects.filter(township=township, code=code).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("code", services.CODE_TAKEN.format(code=code))
        if township is not None:
            self.instance.township = township
        return data

    def _status(self, data):
        if self.instance.pk:
            return self.instance.status
        return Status.DONE if data.get("fixed_on_spot") else data.get("status") or Status.PENDING

    def save(self, commit=True):
        today = timezone.localdate()
        if self.instance.pk:
            return services.problem_update(self.instance, user=self.user, today=today)
        evidence = [self.cleaned_data["evidence"]] if self.cleaned_data.get("evidence") else []
        return services.problem_create(self.instance, user=self.user, today=today, evidence=evidence)


class TransitionForm(forms.Form):
    """Change a problem's status (整改情况); closing (已整改) needs the note and the verifier."""

    to = forms.ChoiceField(label="改为")
    result = forms.CharField(
        label="销号说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="改为已整改时必填：整改做了什么",
    )
    verified_by = forms.CharField(label="验收人", max_length=50, required=False, help_text="改为已整改时必填")
    closed_on = forms.DateField(label="销号日期", widget=DateInput(), required=False, help_text="留空为今天")
    note = forms.CharField(label="备注（记入变更记录）", max_length=80, required=False)

    def __init__(self, *args, problem: Problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.problem = problem
        self.fields["to"].choices = [(s, Status(s).label) for s in rules.allowed_next(problem.status)]
        self.initial.setdefault("result", problem.result)
        self.initial.setdefault("verified_by", problem.verified_by)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("to") == Status.DONE:
            for name, message in rules.closing_errors(data.get("result"), data.get("verified_by")).items():
                self.add_error(name, message)
            today = timezone.localdate()
            for name, message in rules.closed_on_errors(data.get("closed_on"), self.problem.found_on, today).items():
                self.add_error(name, message)
        return data


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label="佐证材料文件")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean_evidence(self):
        return check_evidence(self.cleaned_data["evidence"])


class CategoryForm(ScopedModelForm):
    township = forms.ModelChoiceField(label="乡镇", queryset=Area.objects.none())

    class Meta:
        model = ProblemCategory
        fields = ["name", "order", "notes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user.sees_everything:
            self.fields["township"].queryset = Area.objects.townships().order_by("code")
            self.initial.setdefault("township", self.instance.township_id)
        else:
            del self.fields["township"]
        style_fields(self)

    def clean(self):
        data = super().clean()
        township = data.get("township") if "township" in self.fields else self.user.township
        if township is None:
            return data
        self.instance.township = township
        name = data.get("name")
        clash = ProblemCategory.objects.filter(township=township, name=name).exclude(pk=self.instance.pk)
        if name and clash.exists():
            self.add_error("name", CATEGORY_DUPLICATE)
        return data

    def save(self, commit=True):
        return services.category_save(self.instance, user=self.user)


class StatsForm(forms.Form):
    date_from = forms.DateField(label="发现日期自", widget=DateInput(), required=False)
    date_to = forms.DateField(label="至", widget=DateInput(), required=False)
    township = forms.ModelChoiceField(label="乡镇", queryset=Area.objects.none(), required=False, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.sees_everything:
            self.fields["township"].queryset = Area.objects.townships().order_by("code")
        else:
            del self.fields["township"]
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "结束日期不能早于开始日期")
        return data
