"""Spreadsheet layouts of the four key points: the sheets a 经管站 keeps, with Chinese headers.

Amounts: each money column is written in 万元 or in 元, told apart by the header ("实际收入（万元）"
or "实际收入（元）"); a sheet may use either for each column, never both. Incomes are stored in 万元
(元 are accepted when they make at most two decimals of 万元), ledger amounts in 元 (万元 are
always exact). Exports write the register's own unit, so an export re-imports unchanged. Dates are
Excel dates or text such as 2026.3.1, 2026年3月1日, 2026-03-01 (``core.resources.DateWidget``).
Every row passes the same rules as the form (``economy.services``); any bad row refuses the file.
"""

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from core.resources import (
    BoolWidget,
    ChoiceWidget,
    HeaderError,
    RegisterResource,
    TextWidget,
)
from economy import rules, services
from economy.choices import IncomeRoute
from economy.models import CollectiveIncome
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
