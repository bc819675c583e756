"""The points registers (point_rules, point_entries) and the points menu (see core.registers)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import path

from accounts.roles import EDIT_ROLES, MEMBER_ROLES, STATS_ROLES, VILLAGE_EDIT_ROLES
from core.registers import Column, Register, nav, nav_section, register
from points import filters, forms, resources, services
from points.models import PointEntry, RuleItem

SECTION = "积分管理"
nav_section(SECTION, 60)

nav(SECTION, "我的积分手册", "points:handbook", MEMBER_ROLES, order=0)
nav(SECTION, "积分排行", "points:rankings", STATS_ROLES, order=1)
nav(SECTION, "登记积分", "points:record", VILLAGE_EDIT_ROLES, order=2)
nav(SECTION, "积分申报", "points:claims", STATS_ROLES | MEMBER_ROLES, order=4)
nav(SECTION, "积分制管理办法", "points:rulebooks", STATS_ROLES, order=5)


def _points(value):
    return f"{value:+d}"


def _cap(value):
    return "" if value is None else value


@register
class PointRuleRegister(Register):
    """The items of the rule books (one row per item, each tier's differing values as columns)."""

    name = "point_rules"
    label = "积分项目"
    section = SECTION
    nav_order = 6
    model = RuleItem
    read_roles = STATS_ROLES
    edit_roles = EDIT_ROLES
    import_roles = EDIT_ROLES
    resource_class = resources.RuleItemResource
    form_class = forms.RuleItemForm
    filterset_class = filters.RuleItemFilterSet
    search_fields = ["name__contains", "code__startswith"]
    search_help = "项目名称或编码"
    default_ordering = ("-rule_book__year", "category__order", "order", "code")
    select_related = ("rule_book", "category")
    detail_template = "points/rule_item_detail.html"
    columns = [
        Column("年度", "rule_book.year"),
        Column("类别", "category.name"),
        Column("编码", "code", sort="code", link=True),
        Column("积分项目", "name"),
        Column("分值", lambda i: _points(i.points)),
        Column("每月上限", lambda i: _cap(i.cap_month)),
        Column("每年上限", lambda i: _cap(i.cap_year)),
        Column("分层差异", lambda i: "、".join(t.get_tier_display() for t in i.tiers.all())),
        Column("党员可申报", lambda i: "是" if i.claimable else ""),
    ]
    detail_fields = [
        ("积分办法", "rule_book"),
        ("类别", "category.name"),
        ("编码", "code"),
        ("积分项目", "name"),
        ("分值", "points"),
        ("每月上限", "cap_month"),
        ("每年上限", "cap_year"),
        ("党员可申报", "claimable"),
        ("评分标准", "criteria"),
    ]

    def get_queryset(self, user):
        return super().get_queryset(user).prefetch_related("tiers")

    def detail_context(self, obj, user):
        return {"tiers": obj.tiers.all()}


@login_required
def _no_edit(request, register_name, pk):
    raise PermissionDenied("积分记录不能修改；如有错误，请在记录页面撤销（冲正）后重新登记")


@register
class PointEntryRegister(Register):
    """The ledger of points: listed, imported and exported here, recorded on the record page."""

    name = "point_entries"
    label = "积分记录"
    section = SECTION
    nav_order = 3
    model = PointEntry
    read_roles = STATS_ROLES
    edit_roles = VILLAGE_EDIT_ROLES
    import_roles = VILLAGE_EDIT_ROLES
    creatable = False  # entries are made on the record page (one member or an event)
    resource_class = resources.PointEntryResource
    form_class = forms.ReasonForm
    filterset_class = filters.PointEntryFilterSet
    search_fields = ["member__name__contains", "member__name_initials__startswith", "item__name__contains"]
    search_help = "党员姓名、拼音首字母或积分项目"
    default_ordering = ("-occurred_on", "-pk")
    select_related = ("member", "village", "item")
    detail_template = "points/entry_detail.html"
    columns = [
        Column("编号", "number", link=True),
        Column("日期", "occurred_on", sort="occurred_on"),
        Column("党员", "member.name"),
        Column("行政村", "village.name"),
        Column("积分项目", "item.name"),
        Column("分值", lambda e: _points(e.points)),
        Column("来源", "get_source_display"),
        Column("说明", "note"),
    ]
    detail_fields = [
        ("编号", "number"),
        ("党员", "member.name"),
        ("行政村", "village.name"),
        ("积分项目", "item"),
        ("分值", "points"),
        ("日期", "occurred_on"),
        ("来源", "get_source_display"),
        ("活动", "event"),
        ("说明", "note"),
        ("登记人", "recorded_by"),
        ("登记时间", "created_at"),
    ]

    def get_urls(self):
        urls = super().get_urls()
        edit = self.url_name("edit")
        kwargs = {"register_name": self.name}
        return [path(f"{self.name}/<int:pk>/edit/", _no_edit, kwargs, name=edit) if u.name == edit else u for u in urls]

    def detail_context(self, obj, user):
        reversal = PointEntry.objects.filter(reverses=obj).first()
        original = obj.reverses if obj.reverses_id else None
        return {
            "reversal": reversal,
            "original": original,
            "can_reverse": reversal is None and original is None and services.may_record_for(user, obj.member),
            "reason_form": forms.ReasonForm(),
        }
