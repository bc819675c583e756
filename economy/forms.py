"""Forms of the four key points. Choices are limited to the user's scope (``ScopedModelForm``,
``LedgerForm``); each form checks the same rules as the import (``economy.services``) and saves
through its service."""

from django import forms
from django.utils import timezone

from core.forms import DateInput, ScopedModelForm, style_fields
from economy import services
from economy.models import CollectiveIncome, EconomySettings
from places.models import Area


class EconomyForm(ScopedModelForm):
    """A row placed in one of the user's villages; ``rule_errors`` (a service's rules) are shown
    next to the fields they name before anything is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        if "village" in self.fields:
            self.fields["village"].queryset = Area.objects.for_user(self.user).villages().order_by("code")
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs=field.widget.attrs)

    def rule_errors(self) -> dict:
        return {}

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            for name, message in self.rule_errors().items():
                self.add_error(name if name in self.fields else None, message)


class IncomeForm(EconomyForm):
    class Meta:
        model = CollectiveIncome
        fields = [
            "village", "year", "last_year", "target", "actual", "operating", "contracting", "investment", "subsidy",
            "other", "route", "route_note", "to_lift", "model_village", "notes",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = self.today.year

    def rule_errors(self):
        return services.income_errors(self.instance)

    def save(self, commit=True):
        return services.income_save(self.instance)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = EconomySettings
        fields = ["weak_line"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
