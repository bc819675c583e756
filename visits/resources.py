"""Spreadsheet layouts of the visits and demands registers (Chinese headers, natural keys, scope).

- 入户走访: a visit is identified by 户号 + 走访人账号 + 走访日期 (one visit per person, household and day).
- 诉求: identified by its 编号.
Households are named by 户号 and people by their login name (账号), looked up from one cached query.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields

from core.resources import (
    ChoiceWidget,
    DateWidget,
    GridLedgerResource,
    LookupMixin,
    RegisterResource,
    RequiredTextWidget,
    TextWidget,
)
from grids.selectors import households_by_number
from visits import rules, services
from visits.choices import DemandKind, DemandSource, VisitTag
from visits.models import Demand, Visit

TAG_UNKNOWN = "无法识别的标签：{tags}（可选：{choices}）"
KEY_REQUIRED = "户号、走访人账号和走访日期都必须填写"
KEY_REPEATED = "与第{row}行重复（同一户、同一走访人、同一天只记一次走访）"
TAG_SEPARATORS = ("、", ",", "，", ";", "；", " ")


def split_list(text: str) -> list[str]:
    for sep in TAG_SEPARATORS[1:]:
        text = text.replace(sep, TAG_SEPARATORS[0])
    return [p.strip() for p in text.split(TAG_SEPARATORS[0]) if p.strip()]


def _text(value) -> str:
    return "" if value is None else str(value)


class CadreLookupMixin(LookupMixin):
    """Households by 户号 and contact cadres by 账号 (a party member's login is not a cadre)."""

    household_source = staticmethod(households_by_number)

    def user_check(self, user):
        return None if services.is_cadre(user) else services.NOT_A_CADRE


class VisitResource(CadreLookupMixin, RegisterResource):
    natural_key = "household"

    household = fields.Field(attribute="household", column_name="户号", widget=RequiredTextWidget())
    household_name = fields.Field(attribute="household__name", column_name="户主姓名", readonly=True)
    visited_on = fields.Field(attribute="visited_on", column_name="走访日期", widget=DateWidget(required=True))
    visitor = fields.Field(attribute="visitor", column_name="走访人账号", widget=RequiredTextWidget())
    visitor_name = fields.Field(attribute="visitor__full_name", column_name="走访人姓名", readonly=True)
    findings = fields.Field(attribute="findings", column_name="走访情况", widget=RequiredTextWidget())
    tags = fields.Field(attribute="tags", column_name="标签", widget=TextWidget())

    class Meta(RegisterResource.Meta):
        model = Visit
        fields = ("household", "household_name", "visited_on", "visitor", "visitor_name", "findings", "tags")
        import_id_fields = ("household",)

    def get_queryset(self):
        return Visit.objects.select_related("household", "visitor")

    # natural key: 户号 + 走访人账号 + 走访日期
    def _date_text(self, raw) -> str:
        if isinstance(raw, datetime.datetime):
            return raw.date().isoformat()
        if isinstance(raw, datetime.date):
            return raw.isoformat()
        return "" if raw is None else str(raw).strip()

    def key_of_row(self, row):
        number = str(row.get("户号") or "").strip()
        username = str(row.get("走访人账号") or "").strip()
        day = self._date_text(row.get("走访日期"))
        return f"{number}|{username}|{day}" if number and username and day else ""

    def before_import(self, dataset, **kwargs):
        self.load_lookups(dataset, "户号", ("走访人账号",))
        super().before_import(dataset, **kwargs)

    def load_existing(self):
        visits = Visit.objects.filter(household__in=list(self._households.values())).select_related(
            "household", "visitor"
        )
        return {f"{v.household.number}|{v.visitor.username}|{v.visited_on.isoformat()}": v for v in visits}

    def before_import_row(self, row, **kwargs):
        key = self.key_of_row(row)
        if not key:
            raise ValidationError({"household": KEY_REQUIRED})
        number = kwargs.get("row_number", 0) + 1
        first = self._seen_keys.setdefault(key, number)
        if first != number:
            raise ValidationError({"household": KEY_REPEATED.format(row=first)})

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "household":
            instance.household = self.household_by_number(field.clean(row))
            return
        if field.attribute == "visitor":
            instance.visitor = self.user_by_username(field.clean(row))
            return
        if field.attribute == "tags":
            labels = {str(label): value for value, label in VisitTag.choices}
            parts = split_list(field.clean(row))
            unknown = [p for p in parts if p not in labels and p not in VisitTag.values]
            if unknown:
                raise ValueError(TAG_UNKNOWN.format(tags="、".join(unknown), choices="、".join(labels)))
            instance.tags = rules.join_tags(labels.get(p, p) for p in parts)
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        household = instance.household
        instance.township_id, instance.village_id, instance.grid_id = (
            household.township_id,
            household.village_id,
            household.grid_id,
        )
        # Rows are matched by their natural key, so a repeat in the database is an update, not a duplicate.
        services.visit_validate(instance, today=timezone.localdate(), check_duplicate=False)

    def export_values(self):
        # A township's year of visits is about 20,000 rows: read as tuples (core.exports), the
        # cells as ``export_field`` gives them (the dehydrate_ methods below, the widgets' render).
        labels = {value: str(label) for value, label in VisitTag.choices}
        paths = ("household__number", "household__name", "visited_on", "visitor__username", "visitor__full_name",
                 "findings", "tags")  # fmt: skip

        def make_row(values):
            number, name, day, username, full_name, findings, tags = values
            return [number, _text(name), day.isoformat() if day else "", username, _text(full_name), _text(findings),
                    "、".join([labels.get(t, t) for t in tags.split(",") if t])]  # fmt: skip

        return paths, make_row

    def dehydrate_household(self, visit):
        return visit.household.number

    def dehydrate_visitor(self, visit):
        return visit.visitor.username

    def dehydrate_tags(self, visit):
        return "、".join(visit.tag_labels)

    def bulk_update_fields(self):
        return ["findings", "tags", "township", "village", "grid"]


class DemandResource(GridLedgerResource):
    """The demands' columns after the common ones (``core.resources.GridLedgerResource``); the
    承办人 is a contact cadre named by login, and the status follows the dates (read-only)."""

    household_source = staticmethod(households_by_number)
    ledger_check = staticmethod(services.demand_errors)
    user_fields = {"responsible_user": False}

    kind = fields.Field(attribute="kind", column_name="类型", widget=ChoiceWidget(DemandKind.choices))
    source = fields.Field(
        attribute="source",
        column_name="来源",
        widget=ChoiceWidget(DemandSource.choices, default=DemandSource.PUBLIC),
    )
    title = fields.Field(attribute="title", column_name="诉求内容", widget=RequiredTextWidget())
    details = fields.Field(attribute="details", column_name="详细情况", widget=TextWidget())
    raised_by = fields.Field(attribute="raised_by", column_name="提出人", widget=TextWidget())
    raised_on = fields.Field(attribute="raised_on", column_name="提出日期", widget=DateWidget(required=True))
    responsible_user = fields.Field(attribute="responsible_user", column_name="承办人账号", widget=TextWidget())
    assigned_on = fields.Field(attribute="assigned_on", column_name="交办日期", widget=DateWidget())
    resolved_on = fields.Field(attribute="resolved_on", column_name="解决日期", widget=DateWidget())
    resolution = fields.Field(attribute="resolution", column_name="办理结果", widget=TextWidget())
    status = fields.Field(attribute="status", column_name="状态", readonly=True)

    class Meta(GridLedgerResource.Meta):
        model = Demand
        fields = (
            "number", "kind", "source", "village", "village_name", "grid", "household", "title", "details",
            "raised_by", "raised_on", "responsible_user", "assigned_on", "resolved_on", "resolution", "status",
        )  # fmt: skip
        import_id_fields = ("number",)

    def get_queryset(self):
        return Demand.objects.select_related("village", "grid", "household", "responsible_user")

    def user_check(self, user):
        return None if services.is_cadre(user) else services.NOT_A_CADRE

    def ledger_prepare(self, instance):
        instance.refresh_status()

    def dehydrate_status(self, demand):
        return demand.get_status_display()

    def bulk_update_fields(self):
        return [
            "kind", "source", "township", "village", "grid", "household", "title", "details", "raised_by",
            "raised_on", "responsible_user", "assigned_on", "resolved_on", "resolution", "status",
        ]  # fmt: skip
