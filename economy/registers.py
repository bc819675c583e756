"""The four key points' registers (list, detail, form, import, export, template) and menu entries."""

from accounts.roles import STATS_ROLES, VILLAGE_EDIT_ROLES
from core.registers import Column, Register, nav, register
from economy import filters, forms, resources
from economy.models import CollectiveIncome

SECTION = "四个重点"


def _wan(value):
    return "" if value is None else f"{value}"


nav(SECTION, "集体经济目标与完成", "economy:incomes", STATS_ROLES, order=1)


@register
class IncomeRegister(Register):
    name = "collective_incomes"
    label = "村集体经济收入"
    section = SECTION
    nav_order = 2
    model = CollectiveIncome
    resource_class = resources.IncomeResource
    form_class = forms.IncomeForm
    filterset_class = filters.IncomeFilterSet
    edit_roles = VILLAGE_EDIT_ROLES
    import_roles = VILLAGE_EDIT_ROLES
    search_fields = ["village__name__contains", "notes__contains"]
    search_help = "村名或备注"
    default_ordering = ("-year", "village__code", "pk")
    select_related = ("village",)
    columns = [
        Column("行政村", "village.name", sort="village__code", link=True),
        Column("年度", "year", sort="year"),
        Column("上年收入（万元）", lambda r: _wan(r.last_year)),
        Column("目标收入（万元）", lambda r: _wan(r.target), sort="target"),
        Column("实际收入（万元）", lambda r: _wan(r.actual), sort="actual"),
        Column("提升途径", "get_route_display"),
        Column("力争提升", lambda r: "是" if r.to_lift else ""),
        Column("示范村", lambda r: "是" if r.model_village else ""),
    ]
    detail_fields = [
        ("行政村", "village.name"),
        ("年度", "year"),
        ("上年收入（万元）", "last_year"),
        ("目标收入（万元）", "target"),
        ("实际收入（万元）", "actual"),
        ("经营性收入（万元）", "operating"),
        ("发包收入（万元）", "contracting"),
        ("投资收益（万元）", "investment"),
        ("补助收入（万元）", "subsidy"),
        ("其他收入（万元）", "other"),
        ("提升途径", "get_route_display"),
        ("途径说明", "route_note"),
        ("力争提升", lambda r: "是" if r.to_lift else "否"),
        ("示范村", lambda r: "是" if r.model_village else "否"),
        ("备注", "notes"),
    ]

    def save_form(self, form, user):
        return form.save()
