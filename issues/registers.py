"""The ledger registers: problems (问题台账) and their categories (问题类别). See core.registers."""

from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from accounts.access import can
from accounts.roles import EDIT_ROLES, LEADERSHIP_ROLES, READ_ROLES, STATS_ROLES, VILLAGE_EDIT_ROLES, Role
from core import dates
from core.registers import Column, Register, nav, nav_section, register
from issues import filters, forms, resources, rules
from issues.choices import Status
from issues.models import Problem, ProblemCategory

SECTION = "问题整改"
nav_section(SECTION, 40)
EVERYONE = set(Role.values)
STATUS_CLASS = {
    Status.PENDING: "text-bg-secondary",
    Status.IN_PROGRESS: "text-bg-primary",
    Status.DONE: "text-bg-success",
    Status.ONGOING: "text-bg-info",
}

nav(SECTION, "我的整改任务", "issues:my_tasks", roles=EVERYONE, order=5)
nav(SECTION, "问题统计", "issues:stats", roles=STATS_ROLES, order=30)


def status_badge(problem):
    return format_html('<span class="badge {}">{}</span>', STATUS_CLASS[problem.status], problem.get_status_display())


def deadline_cell(problem, today=None):
    """The deadline; an overdue problem's stands out with how many days it is late."""
    if problem.deadline is None:
        return "长期坚持" if problem.status == Status.ONGOING else ""
    if problem.overdue:
        days = rules.overdue_days(problem.deadline, today or timezone.localdate())
        return format_html(
            '<span class="overdue">{}</span> <span class="badge text-bg-danger">逾期{}天</span>',
            dates.label(problem.deadline),
            days,
        )
    return dates.label(problem.deadline)


@register
class ProblemRegister(Register):
    name = "problems"
    label = "问题台账"
    section = SECTION
    nav_order = 10
    model = Problem
    read_roles = READ_ROLES
    edit_roles = VILLAGE_EDIT_ROLES
    import_roles = EDIT_ROLES
    resource_class = resources.ProblemResource
    form_class = forms.ProblemForm
    filterset_class = filters.ProblemFilterSet
    search_fields = ["code__contains", "description__contains", "responsible__contains"]
    search_help = "问题编号、问题描述或责任人"
    default_ordering = ("-overdue", "deadline", "code")
    period_field = "found_on"
    period_label = "发现日期"
    select_related = ("village", "category", "responsible_user")
    detail_template = "issues/problem_detail.html"
    columns = [
        Column("问题编号", "code", sort="code", link=True),
        Column("层级/单位", "place", sort="level"),
        Column("问题类别", "category.name"),
        Column("问题来源", "get_channel_display", sort="channel"),
        Column("问题描述", lambda p: Truncator(p.description).chars(40)),
        Column("责任人", "responsible"),
        Column("发现日期", lambda p: dates.label(p.found_on), sort="found_on"),
        Column("整改时限", deadline_cell, sort="deadline"),
        Column("整改情况", status_badge, sort="status"),
    ]
    detail_fields = [
        ("问题编号", "code"),
        ("层级", "get_level_display"),
        ("所属行政村", "village.name"),
        ("问题类别", "category.name"),
        ("问题来源", "get_channel_display"),
        ("来源说明", "source_ref"),
        ("问题描述", "description"),
        ("原因分析", "cause"),
        ("整改措施", "measures"),
        ("责任人", "responsible"),
        ("责任人账号", "responsible_user"),
        ("发现日期", "found_on"),
        ("整改时限", deadline_cell),
        ("整改情况", status_badge),
        ("边查边改", lambda p: "是" if p.fixed_on_spot else "否"),
        ("销号说明", "result"),
        ("验收人", "verified_by"),
        ("销号日期", "closed_on"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        evidence = list(obj.evidence.select_related("uploaded_by"))
        acting = can(user, "act", obj)
        return {
            "evidence": evidence,
            "can_act": acting,
            "next_statuses": [Status(s).label for s in rules.allowed_next(obj.status)] if acting else [],
            "evidence_form": forms.EvidenceForm() if acting else None,
        }


@register
class ProblemCategoryRegister(Register):
    name = "problem_categories"
    label = "问题类别"
    section = SECTION
    nav_order = 20
    model = ProblemCategory
    read_roles = LEADERSHIP_ROLES
    edit_roles = EDIT_ROLES
    import_roles = EDIT_ROLES
    resource_class = resources.ProblemCategoryResource
    form_class = forms.CategoryForm
    search_fields = ["name__contains"]
    search_help = "类别名称"
    default_ordering = ("township__code", "order", "name")
    select_related = ("township",)
    columns = [
        Column("类别名称", "name", sort="name", link=True),
        Column("排序", "order", sort="order"),
        Column("问题数", "problem_count", sort="problem_count"),
        Column("说明", "notes"),
        Column("乡镇", "township.name"),
    ]
    detail_fields = [("类别名称", "name"), ("排序", "order"), ("说明", "notes"), ("乡镇", "township.name")]

    def get_queryset(self, user):
        return super().get_queryset(user).annotate(problem_count=Count("problems"))
