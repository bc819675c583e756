"""Spreadsheet layouts of the ledger: problems in the usual 台账 columns, and problem categories.

Problems are matched by 问题编号 (see docs/decisions/0004-problem-keys.md): a row with a known
code updates that problem, a row with a new code creates it under that code, and a row with the
code left blank is a new problem that gets the next ``YYYY-NNNN`` code. 序号 is written on export
and ignored on import. Every row obeys the same rules as the forms (``issues.rules``), and a status
change on an existing problem must be a move the workflow allows.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields

from accounts.access import in_scope, users_within
from core.numbers import next_serial
from core.resources import (
    BoolWidget,
    ChoiceWidget,
    DateWidget,
    LedgerResource,
    RegisterResource,
    RequiredTextWidget,
    TextWidget,
)
from issues import rules, services
from issues.choices import Channel, Level, Status
from issues.models import Problem, ProblemCategory
from places.choices import AreaKind
from places.models import Area

LONG_TERM = "长期坚持"
LEVEL_ALIASES = {
    "镇党委": Level.COMMITTEE,
    "党委班子": Level.LEADERSHIP,
    "班子": Level.LEADERSHIP,
    "村级": Level.VILLAGE,
}
TOWNSHIP_NEEDED = "请指定乡镇（网页导入时选择乡镇，命令行加 --township）"
VILLAGE_UNKNOWN = "找不到名为“{name}”的行政村"
USER_UNKNOWN = "找不到用户名为“{name}”的本镇账号"
OUT_OF_SCOPE = "“{name}”不在您的管辖范围内"
ORDER_INVALID = "排序应为 0 到 32767 之间的整数"


class LevelWidget(ChoiceWidget):
    def __init__(self):
        super().__init__(Level.choices)
        self.by_label.update(LEVEL_ALIASES)


class DeadlineWidget(DateWidget):
    """整改时限: a date, or “长期坚持” (no deadline) as ledgers write it."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and value.strip() in (LONG_TERM, "长期"):
            return None
        return super().clean(value, row, **kwargs)


def _resolve_township(resource):
    township = resource.township
    if township is None and resource.user is not None and not resource.user.sees_everything:
        township = resource.user.township
    if township is None:
        raise ValueError(TOWNSHIP_NEEDED)
    return township


class ProblemCategoryResource(RegisterResource):
    natural_key = "name"

    name = fields.Field(attribute="name", column_name="类别名称", widget=RequiredTextWidget())
    order = fields.Field(attribute="order", column_name="排序", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="说明", widget=TextWidget())

    class Meta(LedgerResource.Meta):
        model = ProblemCategory
        fields = ("name", "order", "notes")
        import_id_fields = ("name",)

    def before_import(self, dataset, **kwargs):
        self.township = _resolve_township(self)
        super().before_import(dataset, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance.township = self.township

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "order":
            raw = field.clean(row)
            try:
                value = int(raw or 0)
            except ValueError:
                raise ValueError(ORDER_INVALID) from None
            if not 0 <= value <= 32767:
                raise ValueError(ORDER_INVALID)
            instance.order = value
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def bulk_update_fields(self):
        return ["name", "order", "notes"]


class ProblemResource(LedgerResource):
    """The 问题台账 layout: 序号, 问题编号, 层级, 村级党组织, 问题来源, … 整改情况, 销号说明, 验收人.

    A village ledger (``core.resources.LedgerResource``): each row is placed and checked by the common
    ledger steps; its village is named by name (as 台账 write it) and its own rules follow in
    ``validate_instance``.
    """

    natural_key = "code"

    serial = fields.Field(attribute=None, column_name="序号", readonly=True)
    code = fields.Field(attribute="code", column_name="问题编号", widget=TextWidget())
    level = fields.Field(attribute="level", column_name="层级", widget=LevelWidget())
    village = fields.Field(attribute="village", column_name="村级党组织", widget=TextWidget())
    channel = fields.Field(attribute="channel", column_name="问题来源", widget=ChoiceWidget(Channel.choices))
    source_ref = fields.Field(attribute="source_ref", column_name="来源说明", widget=TextWidget())
    category = fields.Field(attribute="category", column_name="问题类别", widget=RequiredTextWidget())
    description = fields.Field(attribute="description", column_name="问题描述", widget=RequiredTextWidget())
    cause = fields.Field(attribute="cause", column_name="原因分析", widget=TextWidget())
    measures = fields.Field(attribute="measures", column_name="整改措施", widget=TextWidget())
    responsible = fields.Field(attribute="responsible", column_name="责任人", widget=RequiredTextWidget())
    responsible_user = fields.Field(attribute="responsible_user", column_name="责任人账号", widget=TextWidget())
    found_on = fields.Field(attribute="found_on", column_name="发现日期", widget=DateWidget(required=True))
    deadline = fields.Field(attribute="deadline", column_name="整改时限", widget=DeadlineWidget())
    status = fields.Field(
        attribute="status", column_name="整改情况", widget=ChoiceWidget(Status.choices, default=Status.PENDING)
    )
    fixed_on_spot = fields.Field(attribute="fixed_on_spot", column_name="边查边改", widget=BoolWidget())
    result = fields.Field(attribute="result", column_name="销号说明", widget=TextWidget())
    verified_by = fields.Field(attribute="verified_by", column_name="验收人", widget=TextWidget())
    closed_on = fields.Field(attribute="closed_on", column_name="销号日期", widget=DateWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta(LedgerResource.Meta):
        model = Problem
        fields = (
            "serial", "code", "level", "village", "channel", "source_ref", "category", "description", "cause",
            "measures", "responsible", "responsible_user", "found_on", "deadline", "status", "fixed_on_spot",
            "result", "verified_by", "closed_on", "notes",
        )  # fmt: skip
        import_id_fields = ("code",)

    def get_queryset(self):
        return Problem.objects.select_related("village", "category", "responsible_user").order_by("code")

    # --- import: caches, one query each --------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self.township = _resolve_township(self)
        super().before_import(dataset, **kwargs)
        self.today = timezone.localdate()
        villages = Area.objects.filter(kind=AreaKind.VILLAGE, parent=self.township)
        self._villages = {}
        for village in villages:
            self._villages[village.code] = village
            self._villages[village.name] = village
        self._categories = {c.name: c for c in ProblemCategory.objects.filter(township=self.township)}
        self._users = {u.username: u for u in users_within(self.township)}
        column = self.fields["code"].column_name
        self._used_codes = set(self._existing) | {str(c).strip() for c in dataset[column] if c not in (None, "")}
        self._next_serial = {}
        self._levels = services.level_for_scope(self.user) if self.user is not None else list(Level.values)

    def before_import_row(self, row, **kwargs):
        # A blank 问题编号 is a new problem (its code is generated); only given codes must be unique.
        if self.key_of_row(row):
            super().before_import_row(row, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance.township = self.township
        instance._stored_status = None if new else instance.status

    def instance_in_scope(self, instance):
        # In memory (no query per row): the same rule as Problem.objects.for_user.
        if self.user is None:
            return True
        return in_scope(self.user, instance) or instance.responsible_user_id == self.user.pk

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        attribute = field.attribute
        if attribute == "village":
            name = field.clean(row)
            village = self._villages.get(name) if name else None
            if name and village is None:
                raise ValueError(VILLAGE_UNKNOWN.format(name=name))
            if village is not None and not self.area_in_scope(village):
                raise ValueError(OUT_OF_SCOPE.format(name=name))
            instance.village = village
            return
        if attribute == "category":
            instance.category = self._category(field.clean(row))
            return
        if attribute == "responsible_user":
            username = field.clean(row)
            user = self._users.get(username) if username else None
            if username and user is None:
                raise ValueError(USER_UNKNOWN.format(name=username))
            instance.responsible_user = user
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def _category(self, name):
        """The township's category of that name; a name not yet listed is added to the list."""
        category = self._categories.get(name)
        if category is None:
            category = ProblemCategory(township=self.township, name=name[:50], order=len(self._categories) + 1)
            category._history_user = self.user
            category.save()
            self._categories[name] = category
        return category

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        found = {}
        if instance.level and instance.level not in self._levels:
            found["level"] = services.LEVEL_NOT_ALLOWED
        if instance.level:
            found.update(rules.placement_errors(instance.level, instance.village_id is not None))
        stored = instance._stored_status
        if stored is not None and stored != instance.status:
            refused = rules.transition_error(stored, instance.status)
            if refused:
                found["status"] = refused
        found.update(rules.deadline_errors(instance.status, instance.found_on, instance.deadline))
        found.update(
            rules.status_errors(
                instance.status, result=instance.result, verified_by=instance.verified_by, measures=instance.measures
            )
        )
        found.update(rules.closed_on_errors(instance.closed_on, instance.found_on, self.today))
        for name, message in found.items():
            errors.setdefault(name, [ValidationError(message)])
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.code:
            instance.code = self._new_code(instance.found_on.year)
        services.refresh_overdue(instance, today=self.today)

    def _new_code(self, year):
        if year not in self._next_serial:
            self._next_serial[year] = int(next_serial(self._used_codes, f"{year}-", width=4).split("-")[1])
        serial = self._next_serial[year]
        self._next_serial[year] = serial + 1
        code = f"{year}-{serial:04d}"
        self._used_codes.add(code)
        return code

    def bulk_update_fields(self):
        return [
            "level", "village", "channel", "source_ref", "category", "description", "cause", "measures",
            "responsible", "responsible_user", "found_on", "deadline", "status", "fixed_on_spot", "result",
            "verified_by", "closed_on", "notes", "overdue", "overdue_since",
        ]  # fmt: skip

    # --- export ----------------------------------------------------------------------------------

    def before_export(self, queryset, **kwargs):
        self._serial = 0

    def dehydrate_serial(self, problem):
        self._serial = getattr(self, "_serial", 0) + 1
        return self._serial

    def dehydrate_village(self, problem):
        return problem.village.name if problem.village_id else ""

    def dehydrate_category(self, problem):
        return problem.category.name

    def dehydrate_responsible_user(self, problem):
        return problem.responsible_user.username if problem.responsible_user_id else ""

    def dehydrate_deadline(self, problem):
        if problem.deadline:
            return problem.deadline.isoformat()
        return LONG_TERM if problem.status == Status.ONGOING else ""
