"""The base of every register's spreadsheet resource (django-import-export).

What it adds to the library, once for all registers:
- Chinese headers checked before any row: a missing or unknown header rejects the file.
- Rows matched to existing records by a natural key (a code, a household number, an ID number),
  looked up from one cached query, so re-importing updates instead of duplicating.
- The same key twice in one file, a row outside the importer's scope, a bad ID number: named
  with its row, column and reason.
- Bulk mode with history: rows are written with bulk_create/bulk_update and their history rows
  with simple_history's bulk helpers, so bulk imports are audited too.
- ID numbers exported masked unless the exporter may reveal them (then the export re-imports).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from core import identity
from core.bulk import fast_bulk_create, fast_bulk_update, fast_history_create
from core.ledgers import ledger_place, ledger_validate
from places.choices import AreaKind
from places.widgets import REQUIRED, AreaLookupMixin, AreaWidget

NOT_FOUND = "找不到{column}“{value}”"
OUT_OF_SCOPE = "{column}“{value}”不在您的管辖范围内"
USER_ELSEWHERE = "账号“{username}”不属于本乡镇"


class HeaderError(Exception):
    """The file's header row does not match the register's layout."""


class TextWidget(widgets.CharWidget):
    """Text that may arrive as a number from Excel (phone, household number)."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class RequiredTextWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        if not value:
            raise ValueError(REQUIRED)
        return value


class ChoiceWidget(widgets.Widget):
    """A choice written by its Chinese label ("网格长"), stored by its value."""

    def __init__(self, choices, required=True, default=None):
        self.by_label = {str(label): value for value, label in choices}
        self.by_value = {value: str(label) for value, label in choices}
        self.required = required
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required and self.default is None:
                raise ValueError(REQUIRED)
            return self.default
        if text in self.by_label:
            return self.by_label[text]
        if text in self.by_value:
            return text
        raise ValueError(f"“{text}”不是有效选项，可选：{'、'.join(self.by_label)}")

    def render(self, value, obj=None, **kwargs):
        return self.by_value.get(value, "")


class BoolWidget(widgets.Widget):
    TRUE = {"是", "有", "1", "true", "True", "Y", "y"}
    FALSE = {"否", "无", "0", "false", "False", "N", "n", ""}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError("请填写“是”或“否”")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class DateWidget(widgets.DateWidget):
    def __init__(self, required=False):
        super().__init__(format="%Y-%m-%d")
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            if self.required:
                raise ValueError(REQUIRED)
            return None
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as exc:
            raise ValueError("日期格式应为 2024-01-31") from exc


class IdNumberField(fields.Field):
    """The 身份证号 column: validated and encrypted on import, masked on export unless revealed."""

    def __init__(self, column_name="身份证号", required=True):
        super().__init__(attribute="id_number", column_name=column_name, widget=TextWidget())
        self.required = required

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row, **kwargs)
        if not value:
            if self.required:
                raise ValueError(REQUIRED)
            return
        try:
            instance.set_id_number(str(value))
        except ValidationError as exc:
            raise ValueError(identity.INVALID_ID_MESSAGE) from exc

    def get_value(self, instance):
        return instance.id_masked


class LookupMixin:
    """Rows of other registers named in a column, each kind loaded with one query per import.

    - Users by login name (账号): ``load_users(dataset, columns)``, then ``user_by_username(name)``;
      a user must work in the importing township; ``user_check(user)`` may add a rule (returns a
      message to refuse the user, or None).
    - Households by number (户号): set ``household_source`` to a selector taking
      ``(numbers, township)`` (``grids.selectors.households_by_number``), call
      ``load_households(dataset, column)``, then ``household_by_number(number)``; a household must be
      inside the importer's scope.
    """

    household_source = None

    @staticmethod
    def column_values(dataset, column) -> set[str]:
        if column not in (dataset.headers or []):
            return set()
        return {str(v).strip() for v in dataset[column] if v not in (None, "")}

    def load_households(self, dataset, column="户号"):
        numbers = self.column_values(dataset, column)
        self._households = {h.number: h for h in type(self).household_source(numbers, self.township)}

    def load_users(self, dataset, columns=()):
        names = set()
        for column in columns:
            names |= self.column_values(dataset, column)
        users = get_user_model().objects.filter(username__in=names).select_related("scope_node")
        self._users = {u.username: u for u in users}

    def load_lookups(self, dataset, household_column=None, user_columns=()):
        if household_column:
            self.load_households(dataset, household_column)
        self.load_users(dataset, user_columns)

    def household_by_number(self, number: str, required=True):
        number = (number or "").strip()
        if not number:
            if required:
                raise ValueError(REQUIRED)
            return None
        household = self._households.get(number)
        if household is None:
            raise ValueError(NOT_FOUND.format(column="户号", value=number))
        if not self.area_in_scope(household.grid):
            raise ValueError(OUT_OF_SCOPE.format(column="户号", value=number))
        return household

    def user_check(self, user) -> str | None:
        """A reason to refuse a named user (None: accepted). Registers override it."""
        return None

    def user_by_username(self, username: str, required=True):
        username = (username or "").strip()
        if not username:
            if required:
                raise ValueError(REQUIRED)
            return None
        user = self._users.get(username)
        if user is None:
            raise ValueError(NOT_FOUND.format(column="账号", value=username))
        refused = self.user_check(user)
        if refused:
            raise ValueError(refused)
        node = user.scope_node
        if self.township is not None and node is not None and node.tree_id != self.township.tree_id:
            raise ValueError(USER_ELSEWHERE.format(username=username))
        return user


class RegisterResource(AreaLookupMixin, resources.ModelResource):
    """Base resource: see the module docstring. Subclasses declare fields and ``natural_key``."""

    #: the resource field whose cleaned value identifies a row (e.g. "number", "code", "id_number").
    natural_key = "code"

    def __init__(self, *, user=None, township=None, reveal=False):
        super().__init__()
        self.user = user
        self.township = township
        self.reveal = reveal
        self._seen_keys = {}
        self._existing = None
        self.bind_area_widgets()

    class Meta:
        abstract = True
        use_bulk = True
        batch_size = 2000
        skip_diff = True
        skip_html_diff = True
        clean_model_instances = False
        report_skipped = False
        use_transactions = True

    # --- headers -----------------------------------------------------------------------------

    def import_columns(self):
        return [f.column_name for f in self.get_import_fields()]

    def export_columns(self):
        return [f.column_name for f in self.get_export_fields()]

    def check_headers(self, headers):
        expected = self.import_columns()
        given = [h for h in headers if h]
        missing = [h for h in expected if h not in given]
        unknown = [h for h in given if h not in expected]
        duplicated = sorted({h for h in given if given.count(h) > 1})
        problems = []
        if missing:
            problems.append(f"缺少列：{'、'.join(missing)}")
        if unknown:
            problems.append(f"无法识别的列：{'、'.join(unknown)}")
        if duplicated:
            problems.append(f"重复的列：{'、'.join(duplicated)}")
        if problems:
            raise HeaderError("表头不符合模板（" + "；".join(problems) + "），请下载模板后按模板填写")

    def before_import(self, dataset, **kwargs):
        # Headers are checked by core.imports.run_import before the library starts.
        self._seen_keys = {}
        self._existing = self.load_existing()

    def after_apply(self):
        """Called once after a successful, committed-to import (e.g. to rebuild the tree)."""

    # --- natural keys ------------------------------------------------------------------------

    def existing_queryset(self):
        """Rows an import may match, in the whole township (scope is checked per row)."""
        qs = self._meta.model.objects.all()
        if self.township is not None:
            qs = qs.filter(township=self.township)
        return qs

    def key_of_instance(self, instance):
        return getattr(instance, self.natural_key)

    def key_of_row(self, row):
        field = self.fields[self.natural_key]
        raw = row.get(field.column_name)
        text = "" if raw is None else str(raw).strip()
        return text.upper() if self.natural_key == "id_number" else text

    def load_existing(self):
        if self.natural_key == "id_number":
            return {i.id_hmac: i for i in self.existing_queryset()}
        return {str(self.key_of_instance(i)): i for i in self.existing_queryset()}

    def get_instance(self, instance_loader, row):
        key = self.key_of_row(row)
        if not key:
            return None
        if self.natural_key == "id_number":
            key = identity.hmac_id(key)
        return self._existing.get(key)

    def before_import_row(self, row, **kwargs):
        key = self.key_of_row(row)
        column = self.fields[self.natural_key].column_name
        if not key:
            raise ValidationError({self.natural_key: REQUIRED})
        number = kwargs.get("row_number", 0) + 1
        first = self._seen_keys.setdefault(key, number)
        if first != number:
            raise ValidationError({self.natural_key: f"与第{first}行的{column}重复"})

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new and not self.instance_in_scope(instance):
            raise ValidationError({self.natural_key: "该记录属于其他单位，不在您的管辖范围内"})

    def instance_in_scope(self, instance):
        if self.user is None or self.user.sees_everything:
            return True
        return type(instance).objects.for_user(self.user).filter(pk=instance.pk).exists()

    # --- writes ------------------------------------------------------------------------------

    def bulk_update_fields(self):
        """Model fields an update writes; subclasses list them where fields are computed."""
        return [f.attribute for f in self.get_import_fields() if f.attribute and "__" not in f.attribute]

    @staticmethod
    def prepare_for_write(instances):
        """What save() would do before writing: pinyin columns, the encrypted ID number."""
        for instance in instances:
            if hasattr(instance, "fill_pinyin"):
                instance.fill_pinyin()
            if hasattr(instance, "seal_id"):
                instance.seal_id()

    def get_import_fields(self):
        # The library recomputes this list for every row; it never changes during an import.
        if not hasattr(self, "_import_fields_cache"):
            self._import_fields_cache = super().get_import_fields()
        return self._import_fields_cache

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Insert new rows and their history with COPY. A preview (dry run) writes nothing: every
        rule is checked in Python (natural keys, duplicates, scope, unique ID numbers)."""
        instances, self.create_instances = list(self.create_instances), []
        if dry_run or not instances:
            return
        try:
            self.prepare_for_write(instances)
            model = self._meta.model
            fast_bulk_create(model, instances)
            if hasattr(model, "history"):
                fast_history_create(model, instances, user=self.user, reason="Excel导入")
        except Exception as e:
            self.handle_import_error(result, e, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances, self.update_instances = list(self.update_instances), []
        if dry_run or not instances:
            return
        try:
            self.prepare_for_write(instances)
            model = self._meta.model
            fast_bulk_update(model, instances, self.bulk_update_fields(), batch_size or 1000)
            if hasattr(model, "history"):
                fast_history_create(model, instances, update=True, user=self.user, reason="Excel导入")
        except Exception as e:
            self.handle_import_error(result, e, raise_errors)

    # --- export ------------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        if isinstance(field, IdNumberField) and self.reveal:
            return instance.id_number
        return super().export_field(field, instance, **kwargs)


# --- village ledgers (core.ledgers) ------------------------------------------------------------

VILLAGE_OTHER_TOWNSHIP = "该村不属于所选乡镇"


class LedgerResource(LookupMixin, RegisterResource):
    """The spreadsheet base of a village ledger (``core.ledgers``): the entry's number is the natural
    key, a related household (户号) and users (账号) are looked up once per import, and every row is
    placed and checked by the same steps as the form (``ledger_place``, ``ledger_validate`` with the
    ledger's ``ledger_check``) before it is written.

    ``user_fields`` maps a user column's attribute to whether it is required, e.g.
    ``{"responsible_user": False}``; those columns are written and read as login names.
    """

    natural_key = "number"
    ledger_check = None
    user_fields: dict[str, bool] = {}

    class Meta(RegisterResource.Meta):
        abstract = True

    def before_import(self, dataset, **kwargs):
        household = self.fields.get("household")
        self.load_lookups(
            dataset,
            household.column_name if household is not None and self.household_source else None,
            [self.fields[name].column_name for name in self.user_fields if name in self.fields],
        )
        super().before_import(dataset, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "household" and self.household_source:
            instance.household = self.household_by_number(field.clean(row), required=False)
            return
        if field.attribute in self.user_fields:
            user = self.user_by_username(field.clean(row), required=self.user_fields[field.attribute])
            setattr(instance, field.attribute, user)
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)  # raises when a cell is bad: nothing below runs
        if instance.village_id and self.township is not None and instance.village.parent_id != self.township.pk:
            raise ValidationError({"village": VILLAGE_OTHER_TOWNSHIP})
        self.ledger_prepare(instance)
        ledger_place(instance)
        ledger_validate(instance, today=timezone.localdate(), check=type(self).ledger_check)

    def ledger_prepare(self, instance):
        """A ledger's own step before the row is checked (e.g. a status that follows the dates)."""

    def export_field(self, field, instance, **kwargs):
        if field.attribute == "household" and self.household_source:
            return instance.household.number if instance.household_id else ""
        if field.attribute in self.user_fields:
            user = getattr(instance, field.attribute)
            return user.username if user is not None else ""
        return super().export_field(field, instance, **kwargs)


class GridLedgerResource(LedgerResource):
    """The columns every grid-level village ledger opens with: 编号, 村编码, 村名称, 网格编码, 户号."""

    number = fields.Field(attribute="number", column_name="编号", widget=RequiredTextWidget())
    village = fields.Field(attribute="village", column_name="村编码", widget=AreaWidget(AreaKind.VILLAGE))
    village_name = fields.Field(attribute="village__name", column_name="村名称", readonly=True)
    grid = fields.Field(attribute="grid", column_name="网格编码", widget=AreaWidget(AreaKind.GRID, required=False))
    household = fields.Field(attribute="household", column_name="户号", widget=TextWidget())

    class Meta(LedgerResource.Meta):
        abstract = True
