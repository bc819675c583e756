"""Spreadsheet layouts of the four key points: the sheets a 经管站 keeps, with Chinese headers.

Amounts: each money column is written in 万元 or in 元, told apart by the header ("实际收入（万元）"
or "实际收入（元）"); a sheet may use either for each column, never both. Incomes are stored in 万元
(元 are accepted when they make at most two decimals of 万元), ledger amounts in 元 (万元 are
always exact). Exports write the register's own unit, so an export re-imports unchanged. Dates are
Excel dates or text such as 2026.3.1, 2026年3月1日, 2026-03-01 (``core.resources.DateWidget``).
Every row passes the same rules as the form (``economy.services``); any bad row refuses the file.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, widgets

from core.resources import (
    BoolWidget,
    ChoiceWidget,
    DateWidget,
    HeaderError,
    LedgerResource,
    RegisterResource,
    RequiredTextWidget,
    TextWidget,
)
from economy import rules, services
from economy.choices import AssetKind, AssetStatus, ClaimKind, ContractStatus, ContractSubject, DutyKind, IncomeRoute
from economy.models import (
    Asset,
    ClaimDebt,
    CollectiveIncome,
    Contract,
    DutyItem,
    EconomicOrganisation,
    SystemKind,
    VillageRule,
    VillageSystem,
)
from places.choices import AreaKind
from places.widgets import REQUIRED, AreaWidget

BOTH_UNITS = "“{a}”和“{b}”只能填写其中一列"
BAD_YEAR = "年度“{value}”应为四位数字，如 2026"
BAD_INTEGER = "“{value}”应为正整数"


class AmountWidget(widgets.Widget):
    """A money cell written in ``written`` units, stored in ``stored`` units (``economy.rules``)."""

    def __init__(self, written, stored, required=False, default=None):
        self.written = written
        self.stored = stored
        self.required = required
        self.default = default

    def clean(self, value, row=None, **kwargs):
        amount = rules.amount_in(value, written=self.written, stored=self.stored)
        if amount is None:
            if self.required:
                raise ValueError(REQUIRED)
            return self.default
        return amount

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None
        return value if self.written == self.stored else None


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().removesuffix("年")
        if not text:
            raise ValueError(REQUIRED)
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            raise ValueError(BAD_YEAR.format(value=value))
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return value


class CountWidget(widgets.Widget):
    """A whole number (条数, 序号)."""

    def __init__(self, required=True):
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise ValueError(REQUIRED)
            return None
        if not (text.isascii() and text.isdigit()) or int(text) == 0:
            raise ValueError(BAD_INTEGER.format(value=value))
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return value


def money(attribute, label, stored, *, required=False, default=None):
    """The pair of columns of one amount: (in the stored unit, in the other unit)."""
    other = rules.YUAN if stored == rules.WAN else rules.WAN
    primary = fields.Field(
        attribute=attribute,
        column_name=f"{label}（{rules.UNIT_LABEL[stored]}）",
        widget=AmountWidget(stored, stored, required=required, default=default),
    )
    alternate = fields.Field(
        attribute=attribute,
        column_name=f"{label}（{rules.UNIT_LABEL[other]}）",
        widget=AmountWidget(other, stored, required=required, default=default),
    )
    return primary, alternate


class UnitColumnsMixin:
    """Money columns in either unit: the sheet's header decides which one a column is read in.

    A resource declares both fields of each amount (``money``) and lists the alternates'
    column names in ``alternate_columns``; the export and the template write the stored unit."""

    def _unit_pairs(self):
        by_attribute = {}
        for resource_field in self.fields.values():
            if isinstance(resource_field.widget, AmountWidget):
                by_attribute.setdefault(resource_field.attribute, {})[
                    resource_field.widget.written == resource_field.widget.stored
                ] = resource_field.column_name
        return [(pair[True], pair[False]) for pair in by_attribute.values() if len(pair) == 2]

    def check_headers(self, headers):
        pairs = self._unit_pairs()
        both = [BOTH_UNITS.format(a=a, b=b) for a, b in pairs if a in headers and b in headers]
        if both:
            raise HeaderError("；".join(both))
        active = self._active_alternates = {b for _a, b in pairs if b in headers}
        # A row's message names its attribute's last column (core.imports): the one the sheet uses.
        unused = {b for _a, b in pairs if b not in active} | {a for a, b in pairs if b in active}
        self.fields = dict(sorted(self.fields.items(), key=lambda item: item[1].column_name not in unused))
        super().check_headers(headers)

    def get_import_fields(self):
        active = getattr(self, "_active_alternates", set())
        pairs = self._unit_pairs_cache() if hasattr(self, "fields") else []
        alternates = {b for _a, b in pairs}
        replaced = {a for a, b in pairs if b in active}
        return [
            f
            for f in super().get_import_fields()
            if (f.column_name not in alternates or f.column_name in active) and f.column_name not in replaced
        ]

    def _unit_pairs_cache(self):
        if not hasattr(self, "_pairs"):
            self._pairs = self._unit_pairs()
        return self._pairs

    def get_export_fields(self, selected_fields=None):
        alternates = {b for _a, b in self._unit_pairs_cache()}
        return [f for f in super().get_export_fields(selected_fields) if f.column_name not in alternates]


class CompositeKeyMixin:
    """A row identified by several columns (村编码 and 年度; 组织编码 and 合同编号): ``key_fields``
    names the resource fields, ``key_parts(instance)`` gives the same values from a record."""

    key_fields: tuple[str, ...] = ()

    def key_of_row(self, row):
        parts = []
        for name in self.key_fields:
            raw = row.get(self.fields[name].column_name)
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            text = "" if raw is None else str(raw).strip()
            if not text:
                return ""
            parts.append(text)
        return "|".join(parts)

    def key_of_instance(self, instance):
        return "|".join(str(p) for p in self.key_parts(instance))

    def key_parts(self, instance):
        raise NotImplementedError

    def before_import_row(self, row, **kwargs):
        number = kwargs.get("row_number", 0) + 1
        self._row_number = number
        self._before = None
        key = self.key_of_row(row)
        columns = "、".join(self.fields[name].column_name for name in self.key_fields)
        if not key:
            raise ValidationError({self.key_fields[0]: f"{columns}不能为空"})
        first = self._seen_keys.setdefault(key, number)
        if first != number:
            raise ValidationError({self.key_fields[0]: f"与第{first}行的{columns}重复"})


def _village_fields():
    return (
        fields.Field(attribute="village", column_name="村编码", widget=AreaWidget(AreaKind.VILLAGE)),
        fields.Field(attribute="village__name", column_name="村名称", readonly=True),
    )


class EconomyResource(UnitColumnsMixin, CompositeKeyMixin, RegisterResource):
    """A register of the four key points: rows checked by ``row_errors`` (a service's rules)."""

    existing_related = ("village",)

    class Meta(RegisterResource.Meta):
        abstract = True

    def row_errors(self, instance) -> dict:
        return {}

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)  # a bad cell raises: nothing below runs
        errors = self.row_errors(instance)
        if errors:
            raise ValidationError(errors)


W = rules.WAN


class IncomeResource(EconomyResource):
    """村集体经济收入: one row per village and year, amounts in 万元 (or 元)."""

    key_fields = ("village", "year")

    village, village_name = _village_fields()
    year = fields.Field(attribute="year", column_name="年度", widget=YearWidget())
    last_year, last_year_yuan = money("last_year", "上年收入", W)
    target, target_yuan = money("target", "目标收入", W, required=True)
    actual, actual_yuan = money("actual", "实际收入", W)
    operating, operating_yuan = money("operating", "经营性收入", W, default=rules.CENT * 0)
    contracting, contracting_yuan = money("contracting", "发包收入", W, default=rules.CENT * 0)
    investment, investment_yuan = money("investment", "投资收益", W, default=rules.CENT * 0)
    subsidy, subsidy_yuan = money("subsidy", "补助收入", W, default=rules.CENT * 0)
    other, other_yuan = money("other", "其他收入", W, default=rules.CENT * 0)
    route = fields.Field(
        attribute="route", column_name="提升途径", widget=ChoiceWidget(IncomeRoute.choices, required=False, default="")
    )
    route_note = fields.Field(attribute="route_note", column_name="途径说明", widget=TextWidget())
    to_lift = fields.Field(attribute="to_lift", column_name="力争提升", widget=BoolWidget())
    model_village = fields.Field(attribute="model_village", column_name="示范村", widget=BoolWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    example = {"村编码": "（填本村编码）", "年度": 2026, "目标收入（万元）": "10.00"}
    #: a 经管站's sheet often has only the totals: every column but the village, year and target may be left out
    optional_columns = (
        "村名称", "上年收入（万元）", "实际收入（万元）", "经营性收入（万元）", "发包收入（万元）", "投资收益（万元）",
        "补助收入（万元）", "其他收入（万元）", "提升途径", "途径说明", "力争提升", "示范村", "备注",
    )  # fmt: skip

    class Meta(EconomyResource.Meta):
        model = CollectiveIncome
        fields = (
            "village", "village_name", "year", "last_year", "last_year_yuan", "target", "target_yuan", "actual",
            "actual_yuan", "operating", "operating_yuan", "contracting", "contracting_yuan", "investment",
            "investment_yuan", "subsidy", "subsidy_yuan", "other", "other_yuan", "route", "route_note", "to_lift",
            "model_village", "notes",
        )  # fmt: skip
        import_id_fields = ("village",)

    def key_parts(self, instance):
        return (instance.village.code, instance.year)

    def row_errors(self, instance):
        return services.income_errors(instance, check_db=False)

    def bulk_update_fields(self):
        return ["township", *CollectiveIncome.SOURCES, "last_year", "target", "actual", "route", "route_note",
                "to_lift", "model_village", "notes"]  # fmt: skip


# --- 清化收: organisations and their ledgers ---------------------------------------------------------

Y = rules.YUAN
ORG_NOT_FOUND = "找不到组织编码为“{code}”的集体经济组织（请先导入集体经济组织）"
ORG_OUT_OF_SCOPE = "集体经济组织“{code}”不在您的管辖范围内"


class OrganisationResource(EconomyResource):
    """集体经济组织 and the state of their clean-up; 组织编码 is the key."""

    key_fields = ("code",)

    code = fields.Field(attribute="code", column_name="组织编码", widget=RequiredTextWidget())
    name = fields.Field(attribute="name", column_name="组织名称", widget=RequiredTextWidget())
    village, village_name = _village_fields()
    contracts_checked = fields.Field(attribute="contracts_checked", column_name="合同清查完成", widget=BoolWidget())
    contracts_checked_on = fields.Field(
        attribute="contracts_checked_on", column_name="合同清查完成日期", widget=DateWidget()
    )
    debts_surveyed = fields.Field(attribute="debts_surveyed", column_name="债权债务摸底完成", widget=BoolWidget())
    debts_surveyed_on = fields.Field(
        attribute="debts_surveyed_on", column_name="债权债务摸底完成日期", widget=DateWidget()
    )
    publicised_on = fields.Field(attribute="publicised_on", column_name="结果公示日期", widget=DateWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    example = {"组织编码": "（如 N2140522MF0000001X）", "组织名称": "某某村股份经济合作社", "村编码": "（填本村编码）"}
    optional_columns = ("村名称", "合同清查完成日期", "债权债务摸底完成日期", "结果公示日期", "备注")

    class Meta(EconomyResource.Meta):
        model = EconomicOrganisation
        fields = (
            "code", "name", "village", "village_name", "contracts_checked", "contracts_checked_on", "debts_surveyed",
            "debts_surveyed_on", "publicised_on", "notes",
        )  # fmt: skip
        import_id_fields = ("code",)

    def key_parts(self, instance):
        return (instance.code,)

    def row_errors(self, instance):
        return services.organisation_errors(instance, today=timezone.localdate(), check_code=False)

    def bulk_update_fields(self):
        return ["township", "village", "name", "contracts_checked", "contracts_checked_on", "debts_surveyed",
                "debts_surveyed_on", "publicised_on", "notes"]  # fmt: skip


class OrganisationWidget(widgets.Widget):
    """A collective economic organisation by its code, from the resource's cache (one query)."""

    def __init__(self):
        self.resource = None

    def clean(self, value, row=None, **kwargs):
        code = "" if value is None else str(value).strip()
        if not code:
            raise ValueError(REQUIRED)
        org = self.resource.organisations().get(code)
        if org is None:
            raise ValueError(ORG_NOT_FOUND.format(code=code))
        if not self.resource.area_in_scope(org.village):
            raise ValueError(ORG_OUT_OF_SCOPE.format(code=code))
        return org

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class OrganisationLedgerResource(UnitColumnsMixin, CompositeKeyMixin, LedgerResource):
    """A ledger kept per organisation (contracts, claims and debts, assets): the row names its
    organisation by 组织编码; the village follows from it; the ledger's steps check each row."""

    key_fields = ("organisation", "number")
    existing_related = ("organisation", "village")

    class Meta(LedgerResource.Meta):
        abstract = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["organisation"].widget.resource = self

    def organisations(self) -> dict:
        if getattr(self, "_organisations", None) is None:
            qs = EconomicOrganisation.objects.select_related("village__parent")
            if self.township is not None:
                qs = qs.filter(township=self.township)
            self._organisations = {o.code: o for o in qs}
        return self._organisations

    def key_parts(self, instance):
        return (instance.organisation.code, instance.number)

    def ledger_prepare(self, instance):
        instance.village = None
        instance.village_id = None
        services.place_in_organisation(instance)


def _organisation_fields():
    return (
        fields.Field(attribute="organisation", column_name="组织编码", widget=OrganisationWidget()),
        fields.Field(attribute="village__name", column_name="村名称", readonly=True),
    )


class ContractResource(OrganisationLedgerResource):
    """合同台账 as a 经管站 keeps it: one row per contract, amounts in 元 (or 万元)."""

    ledger_check = staticmethod(services.contract_import_errors)

    organisation, village_name = _organisation_fields()
    number = fields.Field(attribute="number", column_name="合同编号", widget=RequiredTextWidget())
    counterparty = fields.Field(attribute="counterparty", column_name="承包（租赁）方", widget=RequiredTextWidget())
    subject = fields.Field(attribute="subject", column_name="标的类别", widget=ChoiceWidget(ContractSubject.choices))
    subject_name = fields.Field(attribute="subject_name", column_name="标的名称", widget=TextWidget())
    area = fields.Field(attribute="area", column_name="面积（亩）", widget=AmountWidget(Y, Y))
    amount, amount_wan = money("amount", "合同金额", Y, required=True)
    starts_on = fields.Field(attribute="starts_on", column_name="起始日期", widget=DateWidget(required=True))
    deadline = fields.Field(attribute="deadline", column_name="到期日期", widget=DateWidget())
    status = fields.Field(
        attribute="status",
        column_name="清查结果",
        widget=ChoiceWidget(ContractStatus.choices, default=ContractStatus.COMPLIANT),
    )
    problems = fields.Field(attribute="problems", column_name="发现问题", widget=TextWidget())
    responsible = fields.Field(attribute="responsible", column_name="经办人", widget=TextWidget())

    example = {"组织编码": "（填组织编码）", "合同编号": "HT-001", "承包（租赁）方": "张三", "合同金额（元）": "12000",
               "起始日期": "2024-01-01"}  # fmt: skip
    optional_columns = ("村名称", "标的名称", "面积（亩）", "到期日期", "清查结果", "发现问题", "经办人")

    class Meta(OrganisationLedgerResource.Meta):
        model = Contract
        fields = (
            "organisation", "village_name", "number", "counterparty", "subject", "subject_name", "area", "amount",
            "amount_wan", "starts_on", "deadline", "status", "problems", "responsible",
        )  # fmt: skip
        import_id_fields = ("number",)

    def bulk_update_fields(self):
        return ["township", "village", "organisation", "counterparty", "subject", "subject_name", "area", "amount",
                "starts_on", "deadline", "status", "problems", "responsible"]  # fmt: skip


class ClaimResource(OrganisationLedgerResource):
    """债权债务台账: one row per claim or debt; what was collected or resolved is shown, never imported
    (it is the sum of the dated entries)."""

    ledger_check = staticmethod(services.claim_errors)

    organisation, village_name = _organisation_fields()
    number = fields.Field(attribute="number", column_name="编号", widget=RequiredTextWidget())
    kind = fields.Field(attribute="kind", column_name="类型", widget=ChoiceWidget(ClaimKind.choices))
    party = fields.Field(attribute="party", column_name="债务人（债权人）", widget=RequiredTextWidget())
    reason = fields.Field(attribute="reason", column_name="形成原因", widget=TextWidget())
    amount, amount_wan = money("amount", "金额", Y, required=True)
    arose_on = fields.Field(attribute="arose_on", column_name="发生日期", widget=DateWidget(required=True))
    deadline = fields.Field(attribute="deadline", column_name="清收（化解）期限", widget=DateWidget())
    settled = fields.Field(attribute="settled", column_name="已清收（化解）（元）", readonly=True)
    status = fields.Field(attribute="get_status_display", column_name="状态", readonly=True)
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    example = {"组织编码": "（填组织编码）", "编号": "ZQ-001", "类型": "债权", "债务人（债权人）": "李四",
               "金额（元）": "5000", "发生日期": "2020-06-30"}  # fmt: skip
    optional_columns = ("村名称", "形成原因", "清收（化解）期限", "已清收（化解）（元）", "状态", "备注")

    class Meta(OrganisationLedgerResource.Meta):
        model = ClaimDebt
        fields = (
            "organisation", "village_name", "number", "kind", "party", "reason", "amount", "amount_wan", "arose_on",
            "deadline", "settled", "status", "notes",
        )  # fmt: skip
        import_id_fields = ("number",)

    def key_parts(self, instance):
        return (instance.organisation.code, instance.number)

    def ledger_prepare(self, instance):
        super().ledger_prepare(instance)
        if instance.amount is not None:
            instance.status = rules.claim_status(instance.amount, instance.settled or rules.CENT * 0)

    def bulk_update_fields(self):
        return ["township", "village", "organisation", "kind", "party", "reason", "amount", "arose_on", "deadline",
                "status", "notes"]  # fmt: skip


class AssetResource(OrganisationLedgerResource):
    """资产资源台账: one row per asset or resource, values in 元 (or 万元)."""

    ledger_check = staticmethod(services.asset_import_errors)

    organisation, village_name = _organisation_fields()
    number = fields.Field(attribute="number", column_name="资产编号", widget=RequiredTextWidget())
    kind = fields.Field(attribute="kind", column_name="资产类别", widget=ChoiceWidget(AssetKind.choices))
    name = fields.Field(attribute="name", column_name="资产名称", widget=RequiredTextWidget())
    location = fields.Field(attribute="location", column_name="坐落位置", widget=TextWidget())
    quantity = fields.Field(attribute="quantity", column_name="面积或数量", widget=AmountWidget(Y, Y))
    unit = fields.Field(attribute="unit", column_name="计量单位", widget=TextWidget())
    value, value_wan = money("value", "价值", Y)
    acquired_on = fields.Field(attribute="acquired_on", column_name="取得日期", widget=DateWidget())
    status = fields.Field(
        attribute="status", column_name="使用状态", widget=ChoiceWidget(AssetStatus.choices, default=AssetStatus.IN_USE)
    )
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    example = {"组织编码": "（填组织编码）", "资产编号": "ZC-001", "资产类别": "资源性", "资产名称": "村北机动地"}
    optional_columns = ("村名称", "坐落位置", "面积或数量", "计量单位", "价值（元）", "取得日期", "使用状态", "备注")

    class Meta(OrganisationLedgerResource.Meta):
        model = Asset
        fields = (
            "organisation", "village_name", "number", "kind", "name", "location", "quantity", "unit", "value",
            "value_wan", "acquired_on", "status", "notes",
        )  # fmt: skip
        import_id_fields = ("number",)

    def bulk_update_fields(self):
        return ["township", "village", "organisation", "kind", "name", "location", "quantity", "unit", "value",
                "acquired_on", "status", "notes"]  # fmt: skip


# --- management systems, duty lists, village rules ---------------------------------------------------

SYSTEM_NOT_LISTED = "制度目录中没有“{name}”：请先在“管理制度目录”中添加"


class VillageSystemResource(EconomyResource):
    """村级管理制度: which village adopted which system of the township's list, when, by which document."""

    key_fields = ("village", "system")

    village, village_name = _village_fields()
    system = fields.Field(attribute="system", column_name="制度名称", widget=RequiredTextWidget())
    adopted_on = fields.Field(attribute="adopted_on", column_name="建立日期", widget=DateWidget(required=True))
    document = fields.Field(attribute="document", column_name="文件名称或文号", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    example = {"村编码": "（填本村编码）", "制度名称": "“三重一大”", "建立日期": "2026-03-01"}
    optional_columns = ("村名称", "文件名称或文号", "备注")
    existing_related = ("village", "system")

    class Meta(EconomyResource.Meta):
        model = VillageSystem
        fields = ("village", "village_name", "system", "adopted_on", "document", "notes")
        import_id_fields = ("village",)

    def key_parts(self, instance):
        return (instance.village.code, instance.system.name)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "system":
            name = field.clean(row)
            system = self.systems().get(name)
            if system is None:
                raise ValueError(SYSTEM_NOT_LISTED.format(name=name))
            instance.system = system
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def export_field(self, field, instance, **kwargs):
        if field.attribute == "system":
            return instance.system.name
        return super().export_field(field, instance, **kwargs)

    def systems(self) -> dict:
        if getattr(self, "_systems", None) is None:
            qs = SystemKind.objects.all()
            if self.township is not None:
                qs = qs.filter(township=self.township)
            self._systems = {s.name: s for s in qs}
        return self._systems

    def row_errors(self, instance):
        return services.village_system_errors(instance, today=timezone.localdate(), check_db=False)

    def bulk_update_fields(self):
        return ["township", "adopted_on", "document", "notes"]


class DutyResource(EconomyResource):
    """职责清单: numbered items of the township's (村编码 left empty) and each village's lists."""

    key_fields = ("village", "kind", "number")

    village = fields.Field(
        attribute="village", column_name="村编码", widget=AreaWidget(AreaKind.VILLAGE, required=False)
    )
    village_name = fields.Field(attribute="village__name", column_name="村名称", readonly=True)
    kind = fields.Field(attribute="kind", column_name="清单类别", widget=ChoiceWidget(DutyKind.choices))
    number = fields.Field(attribute="number", column_name="序号", widget=CountWidget())
    post = fields.Field(attribute="post", column_name="适用岗位", widget=RequiredTextWidget())
    content = fields.Field(attribute="content", column_name="内容", widget=RequiredTextWidget())
    issued_on = fields.Field(attribute="issued_on", column_name="制定日期", widget=DateWidget(required=True))

    example = {"村编码": "", "清单类别": "差异化个性清单", "序号": 1, "适用岗位": "村党支部书记",
               "内容": "（填写清单事项）", "制定日期": "2026-03-01"}  # fmt: skip
    optional_columns = ("村名称",)

    class Meta(EconomyResource.Meta):
        model = DutyItem
        fields = ("village", "village_name", "kind", "number", "post", "content", "issued_on")
        import_id_fields = ("kind",)

    def key_of_row(self, row):
        village = str(row.get("村编码") or "").strip() or "镇级"
        kind = str(row.get("清单类别") or "").strip()
        kind = dict(DutyKind.choices).get(kind, kind)
        number = row.get("序号")
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        number = "" if number is None else str(number).strip()
        return f"{village}|{kind}|{number}" if kind and number else ""

    def key_parts(self, instance):
        return (instance.village.code if instance.village_id else "镇级", instance.get_kind_display(), instance.number)

    def row_errors(self, instance):
        if instance.village_id is None:
            if self.user is not None and not self.user.sees_everything and self.user.scope_node.kind != "township":
                return {"village": services.TOWNSHIP_ITEM_NOT_YOURS}
            instance.township = self.township
        return services.duty_errors(instance, today=timezone.localdate(), check_db=False)

    def bulk_update_fields(self):
        return ["township", "post", "content", "issued_on"]


class VillageRuleResource(EconomyResource):
    """村规民约: one row per adopted version (the latest is current; earlier ones are kept)."""

    key_fields = ("village", "adopted_on")

    village, village_name = _village_fields()
    title = fields.Field(attribute="title", column_name="名称", widget=TextWidget())
    adopted_on = fields.Field(attribute="adopted_on", column_name="通过日期", widget=DateWidget(required=True))
    articles = fields.Field(attribute="articles", column_name="条数", widget=CountWidget())
    document = fields.Field(attribute="document", column_name="文件名称或文号", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    example = {"村编码": "（填本村编码）", "名称": "村规民约", "通过日期": "2026-03-01", "条数": 20}
    optional_columns = ("村名称", "名称", "文件名称或文号", "备注")

    class Meta(EconomyResource.Meta):
        model = VillageRule
        fields = ("village", "village_name", "title", "adopted_on", "articles", "document", "notes")
        import_id_fields = ("village",)

    def key_of_row(self, row):
        code = str(row.get("村编码") or "").strip()
        raw = row.get("通过日期")
        try:
            day = DateWidget().clean(raw)
        except ValueError:
            day = raw
        return f"{code}|{day}" if code and day else ""

    def key_parts(self, instance):
        return (instance.village.code, instance.adopted_on)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.title:
            instance.title = "村规民约"

    def row_errors(self, instance):
        return services.rule_errors(instance, today=timezone.localdate(), check_db=False)

    def bulk_update_fields(self):
        return ["township", "title", "articles", "document", "notes"]
