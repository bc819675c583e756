import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import dates
from core.ledgers import ledger_place, ledger_save, ledger_validate
from places.models import Area


class ImportForm(forms.Form):
    """An xlsx upload; administrators also choose which township the rows belong to."""

    file = forms.FileField(label="Excel 文件（.xlsx）")
    township = forms.ModelChoiceField(label="乡镇", queryset=Area.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.sees_everything:
            self.fields["township"].queryset = Area.objects.townships()
            self.fields["township"].required = True
            if not self.fields["township"].queryset.exists():
                self.fields["township"].help_text = "还没有乡镇：请先在“系统管理 → 新建乡镇”建立乡镇"
        else:
            del self.fields["township"]
        style_fields(self)

    def clean(self):
        data = super().clean()
        if not self.user.sees_everything:
            data["township"] = self.user.township
        return data


def style_fields(form):
    """Bootstrap classes on every widget, so templates render fields plainly."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose area and people choices are limited to the user's scope."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                field.queryset = queryset.for_user(user)
        style_fields(self)


def add_errors(form, exc: ValidationError, aliases: dict | None = None) -> None:
    """Put a service's ValidationError on the form: on the field it names (``aliases`` maps a model
    field to the form field that shows it), else on the form as a whole."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        name = aliases.get(field, field)
        form.add_error(name if name in form.fields else None, messages)


def error_messages(source) -> list[str]:
    """Every message of a ValidationError or of a bound form's errors, in order."""
    if isinstance(source, ValidationError):
        return list(source.messages)
    return [str(m) for errors in source.errors.values() for m in errors]


def flash_errors(request, source, separator: str | None = None) -> None:
    """Show a ValidationError's (or a form's) messages on the next page, one each (or joined)."""
    from django.contrib import messages

    found = error_messages(source)
    if separator is not None and found:
        found = [separator.join(found)]
    for message in found:
        messages.error(request, message)


class DateInput(forms.DateInput):
    """A date field that shows the date in Chinese (2026年11月27日) whatever the browser's language.

    A text box, not the browser's ``type="date"`` picker, which shows the browser's own language
    and order (11/27/2026 in an English browser). It reads every ``core.dates.parse`` format
    (2026-11-27, 2026年11月27日, 2026/11/27, 20261127), as every date field does.
    """

    input_type = "text"
    HINT = "如 2026-11-27 或 2026年11月27日"

    def __init__(self, attrs=None, **kwargs):
        attrs = {"placeholder": self.HINT, "autocomplete": "off", "data-date": "", **(attrs or {})}
        super().__init__(attrs=attrs, **kwargs)

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return dates.label(value, dates.FULL)
        return super().format_value(value)


HOUSEHOLD_NOT_FOUND = "找不到户号“{number}”，或该户不在您的管辖范围内"


class LedgerForm(ScopedModelForm):
    """The form of a village ledger entry (``core.ledgers``): the user's villages and grids by code,
    date pickers, a related household named by its number, the ledger's rules shown next to the
    fields they concern, and ``save`` through ``ledger_save``.

    A ledger's form declares its model and fields, and the two hooks of its service::

        class RiskForm(LedgerForm):
            ledger_check = staticmethod(services.risk_errors)        # the ledger's own rules
            household_lookup = staticmethod(household_for_user)      # (user, number) → household or None
            recorded_by = "reported_by"

            class Meta(LedgerForm.Meta):
                model = Risk
                fields = ["village", "grid", "title", …, "deadline", "responsible", "status"]
    """

    household_number = forms.CharField(label="相关户户号", required=False)

    ledger_check = None
    household_lookup = None
    recorded_by: str | None = None
    #: service error keys shown on another form field
    aliases = {"household": "household_number"}

    class Meta:
        widgets = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        areas = Area.objects.for_user(self.user)
        if "village" in self.fields:
            self.fields["village"].queryset = areas.villages().order_by("code")
        if "grid" in self.fields:
            self.fields["grid"].queryset = areas.grids().order_by("code")
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
                field.widget = DateInput(attrs=field.widget.attrs)
        if self.household_lookup is None:
            del self.fields["household_number"]
        elif getattr(self.instance, "household_id", None):
            self.initial["household_number"] = self.instance.household.number
        date_field = self._meta.model.date_field
        if not self.instance.pk and date_field in self.fields:
            self.fields[date_field].initial = self.today

    def clean(self):
        data = super().clean()
        if self.household_lookup is not None:
            number = (data.get("household_number") or "").strip()
            household = type(self).household_lookup(self.user, number)
            if number and household is None:
                self.add_error("household_number", HOUSEHOLD_NOT_FOUND.format(number=number))
            self.instance.household = household
        return data

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            ledger_place(self.instance)
            try:
                ledger_validate(self.instance, today=self.today, check=type(self).ledger_check)
            except ValidationError as exc:
                add_errors(self, exc, self.aliases)

    def save(self, commit=True):
        return ledger_save(
            self.instance, today=self.today, user=self.user, check=type(self).ledger_check, recorded_by=self.recorded_by
        )


class TownshipForm(forms.Form):
    """The administrator's "new township" page (``core.townships.township_create``)."""

    name = forms.CharField(label="乡镇名称", max_length=100, help_text="如 凤城镇")
    code = forms.CharField(
        label="乡镇编码", max_length=40, required=False, help_text="字母数字；留空则按拼音首字母生成"
    )
    office = forms.CharField(label="镇办公室账号", max_length=150, help_text="该乡镇第一个办公室人员的登录名")
    office_name = forms.CharField(label="账号姓名", max_length=50, required=False)
    password = forms.CharField(label="口令", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再输入一次口令", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的口令不一致")
        return data


class TownshipFieldMixin:
    """A form for a record of one township: a user who sees every township (the administrator)
    chooses it in a ``township`` field, everyone else works in their own; ``clean`` puts the chosen
    township on the instance before the model's and the service's checks. Call ``add_township_field()``
    in ``__init__`` (``self.user`` set)."""

    def add_township_field(self):
        if self.user.sees_everything:
            self.fields["township"] = forms.ModelChoiceField(
                label="乡镇", queryset=Area.objects.townships().order_by("code"), initial=self.instance.township_id
            )
            self.fields["township"].widget.attrs["class"] = "form-select"

    def chosen_township(self, data):
        if "township" in self.fields:
            return data.get("township")
        return self.instance.township if self.instance.township_id else self.user.township

    def clean(self):
        data = super().clean()
        township = self.chosen_township(data)
        if township is not None:
            self.instance.township = township
        return data
