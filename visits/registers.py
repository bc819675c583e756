"""The contact-system registers: visits, demands and assignments (see core.registers)."""

from django.urls import path, reverse

from accounts.roles import EDIT_ROLES, STAFF_ROLES, VILLAGE_EDIT_ROLES
from core.registers import Column, Register, nav, nav_section, register
from visits import filters, forms, resources
from visits.models import Assignment, Demand, Visit

SECTION = "包联走访"
nav_section(SECTION, 20)

nav(SECTION, "登记走访", "visits:log", roles=STAFF_ROLES, order=1)
nav(SECTION, "我的包联", "visits:me", roles=STAFF_ROLES, order=2)
nav(SECTION, "本月走访进度", "visits:month", order=3)
nav(SECTION, "包联任务设置", "visits:quota", order=60)


def _short(text, size=30):
    text = text or ""
    return text if len(text) <= size else text[:size] + "…"


@register
class VisitRegister(Register):
    """入户走访 records. New visits are logged on the phone form (``visits:log``)."""

    name = "visits"
    label = "入户走访"
    section = SECTION
    nav_order = 10
    model = Visit
    resource_class = resources.VisitResource
    form_class = forms.VisitEditForm
    filterset_class = filters.VisitFilterSet
    edit_roles = EDIT_ROLES
    import_roles = EDIT_ROLES
    search_fields = [
        "household__name__contains",
        "household__name_initials__startswith",
        "household__number__contains",
        "visitor__full_name__contains",
        "findings__contains",
    ]
    search_help = "户主姓名、拼音首字母、户号、走访人或走访情况"
    default_ordering = ("-visited_on", "-pk")
    period_field = "visited_on"
    period_label = "走访日期"
    select_related = ("household", "village", "grid", "visitor")
    detail_template = "visits/visit_detail.html"
    columns = [
        Column("走访日期", "visited_on", sort="visited_on", link=True),
        Column("走访户", lambda v: f"{v.household.name}（{v.household.number}）"),
        Column("行政村", "village.name"),
        Column("网格", "grid.name"),
        Column("走访人", "visitor"),
        Column("标签", lambda v: "、".join(v.tag_labels)),
        Column("走访情况", lambda v: _short(v.findings)),
        Column("照片", lambda v: "有" if v.photo else ""),
    ]
    detail_fields = [
        ("走访日期", "visited_on"),
        ("走访户", "household"),
        ("行政村", "village.name"),
        ("网格", "grid.name"),
        ("走访人", "visitor"),
        ("走访情况", "findings"),
    ]

    def get_urls(self):
        from visits import views

        urls = [u for u in super().get_urls() if u.name != self.url_name("create")]
        return [path(f"{self.name}/new/", views.log_visit, name=self.url_name("create")), *urls]

    def detail_context(self, obj, user):
        demands = [(str(d), reverse("demands_detail", args=[d.pk])) for d in obj.demands.all()]
        risks = [(str(obj.risk), reverse("risks_detail", args=[obj.risk_id]))] if obj.risk_id else []
        return {
            "tags": obj.tag_labels,
            "photo_url": reverse("visits:photo", args=[obj.pk]) if obj.photo else "",
            "related": [("由此登记的诉求", demands), ("由此登记的风险隐患", risks)],
        }


@register
class DemandRegister(Register):
    """合理诉求 and 急难愁盼 problems: raised, assigned, resolved."""

    name = "demands"
    label = "诉求与急难愁盼"
    section = SECTION
    nav_order = 20
    model = Demand
    resource_class = resources.DemandResource
    form_class = forms.DemandForm
    filterset_class = filters.DemandFilterSet
    edit_roles = VILLAGE_EDIT_ROLES
    import_roles = EDIT_ROLES
    search_fields = ["number__contains", "title__contains", "raised_by__contains", "household__name__contains"]
    search_help = "编号、诉求内容、提出人或户主姓名"
    default_ordering = ("-raised_on", "-pk")
    period_field = "raised_on"
    period_label = "提出日期"
    select_related = ("village", "household", "responsible_user")
    columns = [
        Column("编号", "number", sort="number", link=True),
        Column("类型", "get_kind_display", sort="kind"),
        Column("行政村", "village.name"),
        Column("诉求内容", lambda d: _short(d.title)),
        Column("提出日期", "raised_on", sort="raised_on"),
        Column("承办人", "responsible_user"),
        Column("状态", "get_status_display", sort="status"),
        Column("解决日期", "resolved_on", sort="resolved_on"),
    ]
    detail_fields = [
        ("编号", "number"),
        ("类型", "get_kind_display"),
        ("来源", "get_source_display"),
        ("行政村", "village.name"),
        ("网格", "grid.name"),
        ("相关户", "household"),
        ("诉求内容", "title"),
        ("详细情况", "details"),
        ("提出人", "raised_by"),
        ("提出日期", "raised_on"),
        ("承办人", "responsible_user"),
        ("交办日期", "assigned_on"),
        ("状态", "get_status_display"),
        ("解决日期", "resolved_on"),
        ("办理结果", "resolution"),
    ]

    def detail_context(self, obj, user):
        visit = [(str(obj.visit), reverse("visits_detail", args=[obj.visit_id]))] if obj.visit_id else []
        return {"related": [("来自走访", visit)]}


@register
class AssignmentRegister(Register):
    """包联关系: cadres to villages, grids and households; leadership members to villages (定向包联)."""

    name = "assignments"
    label = "包联关系"
    section = SECTION
    nav_order = 30
    model = Assignment
    form_class = forms.AssignmentForm
    filterset_class = filters.AssignmentFilterSet
    importable = False
    edit_roles = EDIT_ROLES
    search_fields = [
        "cadre__full_name__contains",
        "cadre__username__contains",
        "household__name__contains",
        "household__number__contains",
    ]
    search_help = "干部姓名、账号、户主姓名或户号"
    default_ordering = ("village__code", "cadre__username", "pk")
    select_related = ("cadre", "village", "grid", "household", "household__village")
    columns = [
        Column("包联干部", "cadre", link=True),
        Column("角色", "cadre.get_role_display"),
        Column("包联类型", "get_kind_display", sort="kind"),
        Column("包联对象", "target_label"),
        Column("层级", "target_kind"),
        Column("开始日期", "start_on", sort="start_on"),
        Column("结束日期", "end_on", sort="end_on"),
    ]
    detail_fields = [
        ("包联干部", "cadre"),
        ("包联类型", "get_kind_display"),
        ("行政村", "village.name"),
        ("网格", "grid.name"),
        ("包联户", "household"),
        ("开始日期", "start_on"),
        ("结束日期", "end_on"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        return {"related": [("干部本月走访", [(str(obj.cadre), reverse("visits:cadre", args=[obj.cadre_id]))])]}
