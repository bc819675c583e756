"""Spreadsheet layout of the risk ledger (风险隐患村情台账): Chinese headers, 编号 as the natural key."""

from import_export import fields

from core.resources import ChoiceWidget, DateWidget, GridLedgerResource, RequiredTextWidget, TextWidget
from grids.selectors import households_by_number
from township import services
from township.choices import RiskCategory, RiskLevel, RiskStatus
from township.models import Risk


class RiskResource(GridLedgerResource):
    """The risk ledger's columns after the common ones (``core.resources.GridLedgerResource``)."""

    household_source = staticmethod(households_by_number)
    ledger_check = staticmethod(services.risk_errors)

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
    deadline = fields.Field(attribute="deadline", column_name="整改期限", widget=DateWidget())
    status = fields.Field(
        attribute="status", column_name="状态", widget=ChoiceWidget(RiskStatus.choices, default=RiskStatus.OPEN)
    )
    closed_on = fields.Field(attribute="closed_on", column_name="销号日期", widget=DateWidget())

    class Meta(GridLedgerResource.Meta):
        model = Risk
        fields = (
            "number", "village", "village_name", "grid", "household", "title", "category", "level", "description",
            "found_by", "found_on", "measures", "responsible", "deadline", "status", "closed_on",
        )  # fmt: skip
        import_id_fields = ("number",)

    def get_queryset(self):
        return Risk.objects.select_related("village", "grid", "household")

    def bulk_update_fields(self):
        return [
            "township", "village", "grid", "household", "title", "category", "level", "description", "found_by",
            "found_on", "measures", "responsible", "deadline", "status", "closed_on",
        ]  # fmt: skip
