"""Forms of the four key points. Choices are limited to the user's scope (``ScopedModelForm``,
``LedgerForm``); each form checks the same rules as the import (``economy.services``) and saves
through its service."""

from django import forms
from django.utils import timezone

from core.forms import DateInput, LedgerForm, ScopedModelForm, style_fields
from economy import services
from economy.models import (
    Asset,
    ClaimDebt,
    CollectiveIncome,
    Contract,
    DutyItem,
    EconomicOrganisation,
    EconomySettings,
    SystemKind,
    VillageRule,
    VillageSystem,
)
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


class OrganisationForm(EconomyForm):
    class Meta:
        model = EconomicOrganisation
        fields = [
            "village", "code", "name", "contracts_checked", "contracts_checked_on", "debts_surveyed",
            "debts_surveyed_on", "publicised_on", "notes",
        ]  # fmt: skip

    def rule_errors(self):
        return services.organisation_errors(self.instance, today=self.today)

    def save(self, commit=True):
        return services.organisation_save(self.instance, today=self.today)


class OrganisationLedgerForm(LedgerForm):
    """A row of an organisation's ledger: the organisation is chosen, the village follows from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            EconomicOrganisation.objects.for_user(self.user).select_related("village").order_by("village__code", "code")
        )

    def _post_clean(self):
        organisation = self.cleaned_data.get("organisation")
        if organisation is not None:
            self.instance.organisation = organisation
            self.instance.village = organisation.village
        super()._post_clean()


class ContractForm(OrganisationLedgerForm):
    ledger_check = staticmethod(services.contract_errors)

    class Meta:
        model = Contract
        fields = [
            "organisation", "number", "counterparty", "subject", "subject_name", "area", "amount", "starts_on",
            "deadline", "status", "problems", "responsible",
        ]  # fmt: skip
        labels = {"responsible": "经办人"}
        widgets = {"problems": forms.Textarea(attrs={"rows": 3})}


class ClaimForm(OrganisationLedgerForm):
    ledger_check = staticmethod(services.claim_errors)

    class Meta:
        model = ClaimDebt
        fields = ["organisation", "number", "kind", "party", "reason", "amount", "arose_on", "deadline", "notes"]
        labels = {"number": "编号（留空自动生成）"}

    def save(self, commit=True):
        return services.claim_save(self.instance, today=self.today, user=self.user)


class AssetForm(OrganisationLedgerForm):
    ledger_check = staticmethod(services.asset_errors)

    class Meta:
        model = Asset
        fields = [
            "organisation", "number", "kind", "name", "location", "quantity", "unit", "value", "acquired_on", "status",
            "notes",
        ]  # fmt: skip


class EntryForm(forms.Form):
    """A collection of a claim or a resolution of a debt (a dated entry, never edited)."""

    entry_on = forms.DateField(label="日期", widget=DateInput())
    amount = forms.DecimalField(label="金额（元）", max_digits=14, decimal_places=2)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, label="清收", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry_on"].label = f"{label}日期"
        self.fields["amount"].label = f"{label}金额（元）"
        if not self.is_bound:
            self.fields["entry_on"].initial = timezone.localdate()
        style_fields(self)


class DocumentForm(forms.Form):
    """A document of a contract, a system or a version of the rules (checked by economy.services)."""

    file = forms.FileField(
        label="文件", error_messages={"required": services.NO_DOCUMENT, "empty": services.DOCUMENTS.empty_message}
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class SystemKindForm(ScopedModelForm):
    """An entry of the township's list of management systems (the office's)."""

    class Meta:
        model = SystemKind
        fields = ["name", "order"]

    def save(self, commit=True):
        if not self.instance.township_id:
            self.instance.township = self.user.township
        return services.system_kind_save(self.instance)


class VillageSystemForm(EconomyForm):
    class Meta:
        model = VillageSystem
        fields = ["village", "system", "adopted_on", "document", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = SystemKind.objects.for_user(self.user).order_by("township", "order", "name")

    def rule_errors(self):
        return services.village_system_errors(self.instance, today=self.today)

    def save(self, commit=True):
        return services.village_system_save(self.instance, today=self.today)


class DutyForm(EconomyForm):
    class Meta:
        model = DutyItem
        fields = ["village", "kind", "number", "post", "content", "issued_on"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].required = False
        self.fields["village"].help_text = "镇级清单留空（仅镇办公室）"

    def _post_clean(self):
        if not self.instance.village_id and self.cleaned_data.get("village") is None:
            self.instance.township = self.user.township
        super()._post_clean()

    def rule_errors(self):
        errors = services.duty_errors(self.instance, today=self.today)
        if not self.instance.village_id and not self.user.sees_everything and self.user.scope_node.kind != "township":
            errors["village"] = services.TOWNSHIP_ITEM_NOT_YOURS
        if not self.instance.township_id:
            errors["village"] = services.TOWNSHIP_ITEM_NEEDS_TOWNSHIP
        return errors

    def save(self, commit=True):
        return services.duty_save(self.instance, today=self.today)


class VillageRuleForm(EconomyForm):
    class Meta:
        model = VillageRule
        fields = ["village", "title", "adopted_on", "articles", "document", "notes"]

    def rule_errors(self):
        return services.rule_errors(self.instance, today=self.today)

    def save(self, commit=True):
        return services.rule_save(self.instance, today=self.today)
