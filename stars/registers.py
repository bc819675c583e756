"""The star registers (see core.registers): the standard, the branch ratings' marks, and the
secretaries with their appraisals and rewards/punishments; plus the menu entries of the pages."""

from django.db.models import Count
from django.utils.html import format_html
from django.utils.text import Truncator

from accounts.roles import OFFICE_ROLES, STATS_ROLES
from core import dates
from core.registers import Column, Register, nav, nav_section, register
from stars import filters, forms, resources
from stars.choices import STAR_LABELS
from stars.models import Criterion, CriterionMark, Secretary, SecretaryAppraisal, SecretaryRecord

SECTION = "评星定级"
nav_section(SECTION, 50)

nav(SECTION, "党支部评星", "stars:index", roles=STATS_ROLES, order=1)
nav(SECTION, "评星标准", "stars:standard", roles=STATS_ROLES, order=2)
nav(SECTION, "评星设置", "stars:settings", roles=OFFICE_ROLES, order=80)


MARKS = {
    None: ("text-muted", "未填", "—"),
    True: ("text-success fw-bold", "达标", "✓"),
    False: ("text-danger fw-bold", "未达标", "✗"),
}


def met_mark(value):
    css, title, sign = MARKS[value]
    return format_html('<span class="{}" title="{}">{}</span>', css, title, sign)


class StarsRegister(Register):
    section = SECTION
    read_roles = STATS_ROLES
    edit_roles = OFFICE_ROLES
    import_roles = OFFICE_ROLES


@register
class CriterionRegister(StarsRegister):
    name = "star_criteria"
    label = "评星标准条目"
    nav_order = 20
    model = Criterion
    resource_class = resources.CriterionResource
    form_class = forms.CriterionForm
    filterset_class = filters.CriterionFilterSet
    search_fields = ["name__contains", "group__contains"]
    search_help = "评星标准或分组"
    default_ordering = ("-year", "township__code", "order")
    select_related = ("township",)
    columns = [
        Column("年度", "year", sort="year"),
        Column("分组", "group"),
        Column("序号", "order", sort="order"),
        Column("评星标准", "name", link=True),
        Column("达标要求", lambda c: Truncator(c.requirement).chars(40)),
        Column("须上传佐证", lambda c: "是" if c.evidence_required else "否"),
        Column("自动核验", "get_auto_check_display"),
        Column("乡镇", "township.name"),
    ]
    detail_fields = [
        ("年度", "year"),
        ("分组", "group"),
        ("序号", "order"),
        ("评星标准", "name"),
        ("达标要求", "requirement"),
        ("佐证材料", "evidence_expected"),
        ("须上传佐证", lambda c: "是" if c.evidence_required else "否"),
        ("自动核验", "get_auto_check_display"),
        ("乡镇", "township.name"),
    ]


@register
class MarkRegister(StarsRegister):
    name = "branch_ratings"
    label = "党支部评星明细"
    nav_order = 30
    model = CriterionMark
    creatable = False
    resource_class = resources.MarkResource
    form_class = forms.MarkReviewForm
    filterset_class = filters.MarkFilterSet
    search_fields = ["village__name__contains", "criterion__name__contains"]
    search_help = "行政村或评星标准"
    default_ordering = ("-rating__round__year", "village__code", "criterion__order")
    select_related = ("village", "criterion", "rating__round")
    columns = [
        Column("年度", "rating.round.year", sort="rating__round__year"),
        Column("行政村", "village.name", sort="village__code", link=True),
        Column("序号", "criterion.order"),
        Column("评星标准", "criterion.name"),
        Column("自评", lambda m: met_mark(m.self_met)),
        Column("佐证材料", "n_evidence"),
        Column("审核结论", lambda m: met_mark(m.reviewed_met)),
        Column("审核意见", lambda m: Truncator(m.review_note).chars(30)),
    ]
    detail_fields = [
        ("年度", "rating.round.year"),
        ("行政村", "village.name"),
        ("评星标准", "criterion.name"),
        ("达标要求", "criterion.requirement"),
        ("自评", lambda m: met_mark(m.self_met)),
        ("自评说明", "self_note"),
        ("审核结论", lambda m: met_mark(m.reviewed_met)),
        ("审核意见", "review_note"),
        ("版本", lambda m: f"第{m.rating.version}版"),
    ]

    def get_queryset(self, user):
        return self.scope_for_export(super().get_queryset(user))

    def scope_for_export(self, queryset):
        """The current versions only, with their evidence counted (pages, exports and export_xlsx)."""
        return queryset.filter(rating__is_current=True).annotate(n_evidence=Count("evidence"))


@register
class SecretaryRegister(StarsRegister):
    name = "secretaries"
    label = "党支部书记"
    nav_order = 40
    model = Secretary
    resource_class = resources.SecretaryResource
    form_class = forms.SecretaryForm
    filterset_class = filters.SecretaryFilterSet
    search_fields = ["name__contains", "village__name__contains"]
    search_help = "姓名或行政村"
    default_ordering = ("village__code", "-appointed_on")
    select_related = ("village",)
    detail_template = "stars/secretary_detail.html"
    columns = [
        Column("行政村", "village.name", sort="village__code"),
        Column("姓名", "name", link=True),
        Column("任职日期", lambda s: dates.label(s.appointed_on), sort="appointed_on"),
        Column("离任日期", lambda s: dates.label(s.left_on) if s.left_on else "现任"),
    ]
    detail_fields = [
        ("行政村", "village.name"),
        ("姓名", "name"),
        ("任职日期", "appointed_on"),
        ("离任日期", lambda s: s.left_on or "现任"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        return {
            "appraisals": list(obj.appraisals.order_by("-year")),
            "records": list(obj.records.order_by("-on")),
            "ratings": list(obj.ratings.select_related("run").order_by("-run__year")),
            "labels": STAR_LABELS,
        }


@register
class AppraisalRegister(StarsRegister):
    name = "secretary_appraisals"
    label = "书记年度考核"
    nav_order = 50
    model = SecretaryAppraisal
    resource_class = resources.AppraisalResource
    form_class = forms.AppraisalForm
    filterset_class = filters.AppraisalFilterSet
    search_fields = ["secretary__name__contains"]
    search_help = "书记姓名"
    default_ordering = ("village__code", "-year")
    select_related = ("village", "secretary")
    columns = [
        Column("行政村", "village.name", sort="village__code"),
        Column("书记", "secretary.name", link=True),
        Column("考核年度", "year", sort="year"),
        Column("考核结果", "get_result_display", sort="result"),
    ]
    detail_fields = [
        ("行政村", "village.name"),
        ("书记", "secretary.name"),
        ("考核年度", "year"),
        ("考核结果", "get_result_display"),
    ]


@register
class RecordRegister(StarsRegister):
    name = "secretary_records"
    label = "书记奖惩"
    nav_order = 60
    model = SecretaryRecord
    resource_class = resources.RecordResource
    form_class = forms.RecordForm
    filterset_class = filters.RecordFilterSet
    search_fields = ["secretary__name__contains", "what__contains"]
    search_help = "书记姓名或事由"
    default_ordering = ("village__code", "-on")
    select_related = ("village", "secretary")
    columns = [
        Column("行政村", "village.name", sort="village__code"),
        Column("书记", "secretary.name", link=True),
        Column("类别", "get_kind_display", sort="kind"),
        Column("级别", "get_level_display"),
        Column("日期", lambda r: dates.label(r.on), sort="on"),
        Column("事由", "what"),
    ]
    detail_fields = [
        ("行政村", "village.name"),
        ("书记", "secretary.name"),
        ("类别", "get_kind_display"),
        ("级别", "get_level_display"),
        ("日期", "on"),
        ("事由", "what"),
    ]
