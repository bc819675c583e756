from django import forms

from grids.models import Area


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
