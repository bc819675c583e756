"""The risk ledger register (风险隐患村情台账) and the three-colour menu entries."""

from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDIT_ROLES, VILLAGE_EDIT_ROLES
from core.registers import Column, Register, nav, nav_section, register
from township import filters, forms, resources
from township.models import Risk

SECTION = "三色管理"
nav_section(SECTION, 30)

nav(SECTION, "三色管理看板", "township:board", order=1)
nav(SECTION, "周例会研判", "township:reviews", order=2)


@register
class RiskRegister(Register):
    name = "risks"
    label = "风险隐患台账"
    section = SECTION
    nav_order = 10
    model = Risk
    resource_class = resources.RiskResource
    form_class = forms.RiskForm
    filterset_class = filters.RiskFilterSet
    edit_roles = VILLAGE_EDIT_ROLES
    import_roles = EDIT_ROLES
    search_fields = ["number__contains", "title__contains", "found_by__contains", "responsible__contains"]
    search_help = "编号、隐患名称、发现人或责任人"
    default_ordering = ("village__code", "-found_on", "-pk")
    period_field = "found_on"
    period_label = "发现日期"
    select_related = ("village", "grid")
    columns = [
        Column("编号", "number", sort="number", link=True),
        Column("行政村", "village.name", sort="village__code"),
        Column("隐患名称", "title"),
        Column("类别", "get_category_display", sort="category"),
        Column("等级", "get_level_display", sort="level"),
        Column("发现日期", "found_on", sort="found_on"),
        Column("责任人", "responsible"),
        Column("整改期限", "deadline", sort="deadline"),
        Column("状态", lambda r: "逾期未销号" if r.is_overdue(timezone.localdate()) else r.get_status_display()),
        Column("销号日期", "closed_on", sort="closed_on"),
    ]
    detail_fields = [
        ("编号", "number"),
        ("行政村", "village.name"),
        ("网格", "grid.name"),
        ("相关户", "household"),
        ("隐患名称", "title"),
        ("类别", "get_category_display"),
        ("等级", "get_level_display"),
        ("具体情况", "description"),
        ("发现人", "found_by"),
        ("发现日期", "found_on"),
        ("管控措施", "measures"),
        ("责任人", "responsible"),
        ("整改期限", "deadline"),
        ("状态", "get_status_display"),
        ("销号日期", "closed_on"),
    ]

    def detail_context(self, obj, user):
        visits = [(str(v), reverse("visits_detail", args=[v.pk])) for v in obj.visits.all()[:10]]
        village = [(f"{obj.village.name}的三色管理与台账", reverse("township:village", args=[obj.village_id]))]
        return {"related": [("来自走访", visits), ("所在村", village)]}
