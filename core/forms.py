from django import forms
from django.core.exceptions import ValidationError

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
    """A browser date picker that shows and reads ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
