"""The four key points' registers (list, detail, form, import, export, template) and menu entries."""

from django.urls import reverse

from accounts.access import can
from accounts.roles import OFFICE_ROLES, STATS_ROLES, VILLAGE_EDIT_ROLES
from core.registers import Column, Register, nav, register
from economy import filters, forms, resources, selectors, services
from economy.choices import ENTRY_LABEL
from economy.models import (
    Asset,
    ClaimDebt,
    ClaimEntry,
    CollectiveIncome,
    Contract,
    ContractDocument,
    DutyItem,
    EconomicOrganisation,
    RuleDocument,
    SystemDocument,
    SystemKind,
    VillageRule,
    VillageSystem,
)

SECTION = "四个重点"


def _wan(value):
    return "" if value is None else f"{value}"


nav(SECTION, "集体经济目标与完成", "economy:incomes", STATS_ROLES, order=1)


def documents_context(obj, user, document_model, kind) -> dict:
    """The documents of ``obj`` (one query) and, for who may change ``obj``, the upload form."""
    may_add = can(user, "change", obj) and can(user, "add", document_model)
    return {
        "documents": list(obj.documents.select_related("uploaded_by")),
        "document_url": f"economy:{kind}_document",
        "document_add_url": f"economy:{kind}_document_add",
        "document_form": forms.DocumentForm() if may_add else None,
        "document_max_mb": services.DOCUMENTS.max_bytes // (1024 * 1024),
    }


@register
class IncomeRegister(Register):
    read_roles = STATS_ROLES
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


nav(SECTION, "清化收汇总", "economy:cleanup", STATS_ROLES, order=10)


class EconomyRegister(Register):
    section = SECTION
    read_roles = STATS_ROLES
    edit_roles = VILLAGE_EDIT_ROLES
    import_roles = VILLAGE_EDIT_ROLES


@register
class OrganisationRegister(EconomyRegister):
    name = "economic_organisations"
    label = "集体经济组织"
    nav_order = 11
    model = EconomicOrganisation
    resource_class = resources.OrganisationResource
    form_class = forms.OrganisationForm
    filterset_class = filters.village_filterset(EconomicOrganisation)
    search_fields = ["name__contains", "code__contains"]
    search_help = "组织名称或编码"
    default_ordering = ("village__code", "code", "pk")
    select_related = ("village",)
    columns = [
        Column("组织编码", "code", sort="code", link=True),
        Column("组织名称", "name"),
        Column("行政村", "village.name", sort="village__code"),
        Column("合同清查", lambda o: f"完成 {o.contracts_checked_on or ''}" if o.contracts_checked else "未完成"),
        Column("债权债务摸底", lambda o: f"完成 {o.debts_surveyed_on or ''}" if o.debts_surveyed else "未完成"),
        Column("结果公示", lambda o: o.publicised_on or "未公示", sort="publicised_on"),
    ]
    detail_fields = [
        ("组织编码", "code"),
        ("组织名称", "name"),
        ("行政村", "village.name"),
        ("合同清查完成", lambda o: "是" if o.contracts_checked else "否"),
        ("合同清查完成日期", "contracts_checked_on"),
        ("债权债务摸底完成", lambda o: "是" if o.debts_surveyed else "否"),
        ("债权债务摸底完成日期", "debts_surveyed_on"),
        ("结果公示日期", "publicised_on"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        links = [
            (f"合同台账（{obj.contracts.count()}份）", reverse("contracts_list") + f"?organisation={obj.pk}"),
            (f"债权债务台账（{obj.claims.count()}笔）", reverse("claims_and_debts_list") + f"?organisation={obj.pk}"),
            (f"资产资源台账（{obj.assets.count()}项）", reverse("assets_list") + f"?organisation={obj.pk}"),
        ]
        return {"related": [("台账", links)]}


@register
class ContractRegister(EconomyRegister):
    name = "contracts"
    label = "合同台账"
    nav_order = 12
    model = Contract
    resource_class = resources.ContractResource
    form_class = forms.ContractForm
    filterset_class = filters.ContractFilterSet
    search_fields = ["number__contains", "counterparty__contains", "subject_name__contains"]
    search_help = "合同编号、承包方或标的名称"
    default_ordering = ("village__code", "organisation__code", "number", "pk")
    period_field = "starts_on"
    period_label = "起始日期"
    select_related = ("village", "organisation")
    detail_template = "economy/document_detail.html"
    columns = [
        Column("合同编号", "number", sort="number", link=True),
        Column("集体经济组织", "organisation.name", sort="organisation__code"),
        Column("承包（租赁）方", "counterparty"),
        Column("标的", lambda c: f"{c.get_subject_display()} {c.subject_name}".strip()),
        Column("面积（亩）", "area"),
        Column("金额（元）", "amount", sort="amount"),
        Column("起始日期", "starts_on", sort="starts_on"),
        Column("到期日期", "deadline", sort="deadline"),
        Column("清查结果", "get_status_display", sort="status"),
    ]
    detail_fields = [
        ("合同编号", "number"),
        ("集体经济组织", "organisation.name"),
        ("行政村", "village.name"),
        ("承包（租赁）方", "counterparty"),
        ("标的类别", "get_subject_display"),
        ("标的名称", "subject_name"),
        ("面积（亩）", "area"),
        ("合同金额（元）", "amount"),
        ("起始日期", "starts_on"),
        ("到期日期", "deadline"),
        ("清查结果", "get_status_display"),
        ("发现问题", "problems"),
        ("经办人", "responsible"),
    ]

    def detail_context(self, obj, user):
        return documents_context(obj, user, ContractDocument, "contract")


@register
class ClaimRegister(EconomyRegister):
    name = "claims_and_debts"
    label = "债权债务台账"
    nav_order = 13
    model = ClaimDebt
    resource_class = resources.ClaimResource
    form_class = forms.ClaimForm
    filterset_class = filters.ClaimFilterSet
    search_fields = ["number__contains", "party__contains", "reason__contains"]
    search_help = "编号、债务人（债权人）或形成原因"
    default_ordering = ("village__code", "organisation__code", "number", "pk")
    period_field = "arose_on"
    period_label = "发生日期"
    select_related = ("village", "organisation")
    detail_template = "economy/claim_detail.html"
    columns = [
        Column("编号", "number", sort="number", link=True),
        Column("集体经济组织", "organisation.name", sort="organisation__code"),
        Column("类型", "get_kind_display", sort="kind"),
        Column("债务人（债权人）", "party"),
        Column("金额（元）", "amount", sort="amount"),
        Column("已清收（化解）（元）", "settled"),
        Column("尚欠（元）", "outstanding"),
        Column("发生日期", "arose_on", sort="arose_on"),
        Column("状态", "get_status_display", sort="status"),
    ]
    detail_fields = [
        ("编号", "number"),
        ("集体经济组织", "organisation.name"),
        ("行政村", "village.name"),
        ("类型", "get_kind_display"),
        ("债务人（债权人）", "party"),
        ("形成原因", "reason"),
        ("金额（元）", "amount"),
        ("已清收（化解）（元）", "settled"),
        ("尚欠（元）", "outstanding"),
        ("发生日期", "arose_on"),
        ("清收（化解）期限", "deadline"),
        ("状态", "get_status_display"),
        ("备注", "notes"),
    ]

    def save_form(self, form, user):
        return form.save()

    def detail_context(self, obj, user):
        label = ENTRY_LABEL[obj.kind]
        may_add = can(user, "add", ClaimEntry) and can(user, "change", obj)
        return {
            "entries": list(selectors.entries_of(obj)),
            "entry_label": label,
            "entry_form": forms.EntryForm(label=label) if may_add and obj.outstanding > 0 else None,
            "may_reverse": may_add,
        }


@register
class AssetRegister(EconomyRegister):
    name = "assets"
    label = "资产资源台账"
    nav_order = 14
    model = Asset
    resource_class = resources.AssetResource
    form_class = forms.AssetForm
    filterset_class = filters.AssetFilterSet
    search_fields = ["number__contains", "name__contains", "location__contains"]
    search_help = "资产编号、名称或坐落位置"
    default_ordering = ("village__code", "organisation__code", "number", "pk")
    select_related = ("village", "organisation")
    columns = [
        Column("资产编号", "number", sort="number", link=True),
        Column("集体经济组织", "organisation.name", sort="organisation__code"),
        Column("资产类别", "get_kind_display", sort="kind"),
        Column("资产名称", "name"),
        Column("坐落位置", "location"),
        Column("面积或数量", lambda a: f"{a.quantity if a.quantity is not None else ''}{a.unit}"),
        Column("价值（元）", "value", sort="value"),
        Column("使用状态", "get_status_display", sort="status"),
    ]
    detail_fields = [
        ("资产编号", "number"),
        ("集体经济组织", "organisation.name"),
        ("行政村", "village.name"),
        ("资产类别", "get_kind_display"),
        ("资产名称", "name"),
        ("坐落位置", "location"),
        ("面积或数量", "quantity"),
        ("计量单位", "unit"),
        ("价值（元）", "value"),
        ("取得日期", "acquired_on"),
        ("使用状态", "get_status_display"),
        ("备注", "notes"),
    ]


@register
class SystemKindRegister(EconomyRegister):
    name = "management_system_kinds"
    label = "管理制度目录"
    nav_order = 20
    model = SystemKind
    resource_class = None
    form_class = forms.SystemKindForm
    edit_roles = OFFICE_ROLES
    import_roles = OFFICE_ROLES
    importable = False
    default_ordering = ("township", "order", "name", "pk")
    columns = [Column("制度名称", "name", sort="name", link=True), Column("排序", "order", sort="order")]
    detail_fields = [("制度名称", "name"), ("排序", "order")]


@register
class VillageSystemRegister(EconomyRegister):
    name = "management_systems"
    label = "村级管理制度"
    nav_order = 21
    model = VillageSystem
    resource_class = resources.VillageSystemResource
    form_class = forms.VillageSystemForm
    filterset_class = filters.village_filterset(VillageSystem)
    search_fields = ["system__name__contains", "document__contains"]
    search_help = "制度名称或文件"
    default_ordering = ("village__code", "system__order", "pk")
    period_field = "adopted_on"
    period_label = "建立日期"
    select_related = ("village", "system")
    detail_template = "economy/document_detail.html"
    columns = [
        Column("行政村", "village.name", sort="village__code", link=True),
        Column("制度", "system.name"),
        Column("建立日期", "adopted_on", sort="adopted_on"),
        Column("文件名称或文号", "document"),
    ]
    detail_fields = [
        ("行政村", "village.name"),
        ("制度", "system.name"),
        ("建立日期", "adopted_on"),
        ("文件名称或文号", "document"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        return documents_context(obj, user, SystemDocument, "system")


@register
class DutyRegister(EconomyRegister):
    name = "duty_lists"
    label = "职责清单"
    nav_order = 30
    model = DutyItem
    resource_class = resources.DutyResource
    form_class = forms.DutyForm
    filterset_class = filters.DutyFilterSet
    search_fields = ["post__contains", "content__contains"]
    search_help = "岗位或内容"
    default_ordering = ("village__code", "kind", "number", "pk")
    select_related = ("village",)
    columns = [
        Column("范围", lambda d: d.village.name if d.village_id else "镇级", sort="village__code", link=True),
        Column("清单类别", "get_kind_display", sort="kind"),
        Column("序号", "number", sort="number"),
        Column("适用岗位", "post"),
        Column("内容", "content"),
        Column("制定日期", "issued_on", sort="issued_on"),
    ]
    detail_fields = [
        ("范围", lambda d: d.village.name if d.village_id else "镇级"),
        ("清单类别", "get_kind_display"),
        ("序号", "number"),
        ("适用岗位", "post"),
        ("内容", "content"),
        ("制定日期", "issued_on"),
    ]


@register
class VillageRuleRegister(EconomyRegister):
    name = "village_rules"
    label = "村规民约"
    nav_order = 40
    model = VillageRule
    resource_class = resources.VillageRuleResource
    form_class = forms.VillageRuleForm
    filterset_class = filters.village_filterset(VillageRule)
    search_fields = ["village__name__contains", "document__contains"]
    search_help = "村名或文件"
    default_ordering = ("village__code", "-adopted_on", "pk")
    period_field = "adopted_on"
    period_label = "通过日期"
    select_related = ("village",)
    detail_template = "economy/document_detail.html"
    columns = [
        Column("行政村", "village.name", sort="village__code", link=True),
        Column("名称", "title"),
        Column("通过日期", "adopted_on", sort="adopted_on"),
        Column("条数", "articles", sort="articles"),
        Column("文件名称或文号", "document"),
    ]
    detail_fields = [
        ("行政村", "village.name"),
        ("名称", "title"),
        ("通过日期", "adopted_on"),
        ("条数", "articles"),
        ("文件名称或文号", "document"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        versions = self.get_queryset(user).filter(village_id=obj.village_id).exclude(pk=obj.pk).order_by("-adopted_on")
        items = [
            (f"{v.adopted_on} 通过，{v.articles}条", reverse("village_rules_detail", args=[v.pk])) for v in versions
        ]
        return {"related": [("本村其他版本", items)], **documents_context(obj, user, RuleDocument, "rule")}
