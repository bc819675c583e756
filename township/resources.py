"""Spreadsheet layout of the risk ledger (风险隐患村情台账): Chinese headers, 编号 as the natural key."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields

from core.resources import ChoiceWidget, DateWidget, LookupMixin, RegisterResource, RequiredTextWidget, TextWidget
from grids.selectors import households_by_number
from places.choices import AreaKind
from places.widgets import AreaWidget
from township import services
from township.choices import RiskCategory, RiskLevel, RiskStatus
from township.models import Risk


class RiskResource(LookupMixin, RegisterResource):
    natural_key = "number"
    household_source = staticmethod(households_by_number)

    number = fields.Field(attribute="number", column_name="编号", widget=RequiredTextWidget())
    village = fields.Field(attribute="village", column_name="村编码", widget=AreaWidget(AreaKind.VILLAGE))
    village_name = fields.Field(attribute="village__name", column_name="村名称", readonly=True)
    grid = fields.Field(attribute="grid", column_name="网格编码", widget=AreaWidget(AreaKind.GRID, required=False))
    household = fields.Field(attribute="household", column_name="户号", widget=TextWidget())
    title = fields.Field(attribute="title", column_name="隐患名称", widget=RequiredTextWidget())
    category = fields.Field(attribute="category", column_name="类别", widget=ChoiceWidget(RiskCategory.choices))
    level = fields.Field(
        attribute="level", column_name="等级", widget=ChoiceWidget(RiskLevel.choices, default=RiskLevel.LOW)
    )
    description = fields.Field(attribute="description", column_name="具体情况", widget=TextWidget())
    found_by = fields.Field(attribute="found_by", column_name="发现人", widget=RequiredTextWidget())
    found_on = fields.Field(attribute="found_on", column_name="发现日期", widget=DateWidget(required=True))
    measures = fields.Field(attribute="measures", column_name="管控措施", widget=TextWidget())
    responsible = fields.Field(attribute="responsible", column_name="责任人", widget=TextWidget())
    due_on = fields.Field(attribute="due_on", column_name="整改期限", widget=DateWidget())
    status = fields.Field(
        attribute="status", column_name="状态", widget=ChoiceWidget(RiskStatus.choices, default=RiskStatus.OPEN)
    )
    closed_on = fields.Field(attribute="closed_on", column_name="销号日期", widget=DateWidget())

    class Meta(RegisterResource.Meta):
        model = Risk
        fields = (
            "number", "village", "village_name", "grid", "household", "title", "category", "level", "description",
            "found_by", "found_on", "measures", "responsible", "due_on", "status", "closed_on",
        )  # fmt: skip
        import_id_fields = ("number",)

    def get_queryset(self):
        return Risk.objects.select_related("village", "grid", "household")

    def before_import(self, dataset, **kwargs):
        self.load_households(dataset, "户号")
        super().before_import(dataset, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "household":
            instance.household = self.household_by_number(field.clean(row), required=False)
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.village_id:
            return
        if self.township is not None and instance.village.parent_id != self.township.pk:
            raise ValidationError({"village": "该村不属于所选乡镇"})
        services.risk_place(instance)
        services.risk_validate(instance, today=timezone.localdate())

    def dehydrate_household(self, risk):
        return risk.household.number if risk.household_id else ""

    def bulk_update_fields(self):
        return [
            "township", "village", "grid", "household", "title", "category", "level", "description", "found_by",
            "found_on", "measures", "responsible", "due_on", "status", "closed_on",
        ]  # fmt: skip
