"""The base of every register's spreadsheet resource (django-import-export).

What it adds to the library, once for all registers:
- Chinese headers checked before any row: a missing or unknown header rejects the file.
- Rows matched to existing records by a natural key (a code, a household number, an ID number),
  looked up from one cached query, so re-importing updates instead of duplicating.
- The same key twice in one file, a row outside the importer's scope, a bad ID number: named
  with its row, column and reason.
- Bulk mode with history: rows are written with bulk_create/bulk_update and their history rows
  with simple_history's bulk helpers, so bulk imports are audited too.
- ID numbers exported masked unless the exporter may reveal them. A masked number in an imported
  sheet that is the row's existing record's number means "unchanged", so any export re-imports.
- A row that changes nothing is skipped (no write, no history row); the preview lists the rows it
  will add and change (``preview``: the first ``PREVIEW_LIMIT``, changed fields old → new, personal
  fields masked) and remarks that are not errors (``notes``: a historic county code).
"""

import copy
import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from core import identity, idnumbers
from core.bulk import fast_bulk_create, fast_bulk_update, fast_history_create
from core.history import mask_phone, record_baselines
from core.ledgers import ledger_place, ledger_validate
from places.choices import AreaKind
from places.widgets import REQUIRED, AreaLookupMixin, AreaWidget

PREVIEW_LIMIT = 50
PROGRESS_EVERY = 500
MASKED_AMBIGUOUS = "打码的身份证号 {masked} 对应多条已有记录，请填写完整的18位号码"
PERSONAL_ATTRIBUTES = {"phone"}


@dataclass
class PreviewRow:
    """One row an import will add ("new") or change ("update"): (column, old, new) per field."""

    row: int
    kind: str
    label: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def person_by_id_text(raw, people_by_hmac: dict, current=None):
    """The person (member) a sheet's ID-number cell names, or None when there is none.

    A masked number names ``current`` (the row's existing value) when it is that person's masked
    number; any other masked number is refused, since only the full number identifies someone.
    """
    if idnumbers.is_masked(raw):
        masked = idnumbers.normalize(raw)
        if current is not None and current.id_masked == masked:
            return current
        raise ValueError(idnumbers.MASKED_UNKNOWN.format(masked=masked))
    return people_by_hmac.get(identity.hmac_id(raw))


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

    @property
    def labels(self) -> list[str]:
        """The allowed values as written in a sheet (for messages, drop-downs and the code sheet)."""
        return list(self.by_label)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required and self.default is None:
                raise ValueError(f"{REQUIRED}，可选：{'、'.join(self.by_label)}")
            return self.default
        if text in self.by_label:
            return self.by_label[text]
        if text in self.by_value:
            return text
        raise ValueError(f"“{text}”不是有效选项，可选：{'、'.join(self.by_label)}")

    def render(self, value, obj=None, **kwargs):
        return self.by_value.get(value, "")


class BoolWidget(widgets.Widget):
    labels = ["是", "否"]
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


DATE_RE = re.compile(r"^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?$")


def parse_date_text(text: str):
    """A date as offices write it: 2024-01-31, 2024/1/31, 2024.1.31, 2024年1月31日, 20240131."""
    text = text.strip()
    match = DATE_RE.match(text)
    if match is None and len(text) == 8 and text.isdigit():
        match = re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


class DateWidget(widgets.DateWidget):
    """A date written three ways (see ``parse_date_text``) or an Excel date cell."""

    def __init__(self, required=False):
        super().__init__(format="%Y-%m-%d")
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            if self.required:
                raise ValueError(REQUIRED)
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date_text(str(value))
        if parsed is None:
            raise ValueError(f"日期“{value}”无法识别：请写作 2024-01-31、2024/1/31 或 2024年1月31日")
        return parsed


class IdNumberField(fields.Field):
    """The 身份证号 column: validated and encrypted on import, masked on export unless revealed.

    The rule is ``core.idnumbers``; its message names the check that failed. A masked number is
    "unchanged" when it is the existing record's; a historic county code is noted, not refused.
    The number set by this row is left on ``instance._parsed_id`` (birth date, gender).
    """

    def __init__(self, column_name="身份证号", required=True):
        super().__init__(attribute="id_number", column_name=column_name, widget=TextWidget())
        self.required = required
        self.resource = None  # set by RegisterResource, for notes

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row, **kwargs)
        instance._parsed_id = None
        if not value:
            if self.required:
                raise ValueError(REQUIRED)
            return
        if idnumbers.is_masked(value):
            masked = idnumbers.normalize(value)
            if instance.pk and instance.id_masked == masked:
                return
            raise ValueError(idnumbers.MASKED_UNKNOWN.format(masked=masked))
        stored = instance.id_hmac if instance.pk and instance.id_encrypted else None
        try:
            number = instance.set_id_number(str(value), today=self.resource.today if self.resource else None)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc
        if stored is not None and stored == instance.id_hmac:
            instance._pending_id = None  # the number it has: its stored encryption stands (no Fernet per row)
        instance._parsed_id = number
        note = idnumbers.region_note(number)
        if note and self.resource is not None:
            self.resource.add_note(self.column_name, note)

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
        self._by_masked = {}
        self._before = None
        self._row_number = 0
        self.examples_skipped = 0
        self.today = None
        self.row_kinds = {}  # row number → "new" / "update" / "unchanged" (every row, for workbooks)
        self.notes = []  # (row, column, message): remarks shown in the preview, not errors
        self.preview = []  # PreviewRow, the first PREVIEW_LIMIT rows added or changed
        self.bind_area_widgets()
        for resource_field in self.fields.values():
            if isinstance(resource_field, IdNumberField):
                resource_field.resource = self

    class Meta:
        abstract = True
        use_bulk = True
        # One write of all the rows at the end (COPY streams them), not one per 2,000 rows: the
        # statements an import sends are the same for 10 rows and 100,000. The rows are held until
        # then anyway (the file's, at most IMPORT_MAX_ROWS, and the existing ones they match).
        batch_size = None
        skip_diff = True
        skip_html_diff = True
        clean_model_instances = False
        report_skipped = False
        use_transactions = True

    # --- headers -----------------------------------------------------------------------------

    #: columns a sheet may leave out (e.g. 性别, which the ID number answers)
    optional_columns: tuple[str, ...] = ()

    def import_columns(self):
        return [f.column_name for f in self.get_import_fields()]

    def export_columns(self):
        return [f.column_name for f in self.get_export_fields()]

    def check_headers(self, headers):
        expected = self.import_columns()
        given = [h for h in headers if h]
        missing = [h for h in expected if h not in given and h not in self.optional_columns]
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

    # --- the template's example row ----------------------------------------------------------

    #: the template's example row, by column name; columns not named get a value from their widget
    example: dict = {}

    def example_values(self) -> list:
        """The example row of the template, in column order (a row left like this is skipped)."""
        values = []
        for resource_field in self.get_import_fields():
            if resource_field.column_name in self.example:
                values.append(self.example[resource_field.column_name])
                continue
            widget = resource_field.widget
            if isinstance(widget, ChoiceWidget):
                values.append(widget.by_value.get(widget.default) or widget.labels[0])
            elif isinstance(widget, BoolWidget):
                values.append("否")
            else:
                values.append("")
        return values

    def template_code_lists(self) -> dict:
        """{area kind: (title, codes)} of the township's existing nodes that this layout names by
        code, for the template's codes sheet and drop-downs. One query per kind."""
        lists = {}
        if self.township is None:
            return lists
        for resource_field in self.get_import_fields():
            widget = resource_field.widget
            if isinstance(widget, AreaWidget) and widget.kind not in lists:
                nodes = sorted(self.area_by_code(widget.kind))
                lists[widget.kind] = (f"已有{self.kind_label(widget.kind)}编码", nodes)
        return lists

    @staticmethod
    def _cell_text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value).strip()

    def is_example(self, row) -> bool:
        """Whether a sheet row is the template's example row, left as it was."""
        if not self.example:
            return False
        expected = self.__dict__.get("_example_cells")
        if expected is None:  # once per import: the layout does not change
            columns = [f.column_name for f in self.get_import_fields()]
            expected = self._example_cells = [
                (c, self._cell_text(v)) for c, v in zip(columns, self.example_values(), strict=True)
            ]
        return all(self._cell_text(row.get(c)) == v for c, v in expected)

    #: called with the number of rows checked so far, every ``PROGRESS_EVERY`` rows (background imports)
    progress = None

    def import_row(self, row, instance_loader, **kwargs):
        number = kwargs.get("row_number", 0)
        if self.progress is not None and number and number % PROGRESS_EVERY == 0:
            self.progress(number)
        if self.is_example(row):
            self.add_note("", "与模板中的示例行相同，已跳过", row=kwargs.get("row_number", 0) + 1)
            self.examples_skipped += 1
            result = self.get_row_result_class()()
            result.import_type = result.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import(self, dataset, **kwargs):
        # Headers are checked by core.imports.run_import before the library starts.
        self.examples_skipped = 0
        self.today = timezone.localdate()  # once per import, not per row (ID numbers' checks)
        self._seen_keys = {}
        self._existing = self.load_existing()
        self._in_scope = self.keys_in_scope()
        self.notes = []
        self.preview = []

    def add_note(self, column, message, row=None):
        self.notes.append((row or self._row_number, column, message))

    def after_apply(self):
        """Called once after a successful, committed-to import (e.g. to rebuild the tree)."""

    # --- natural keys ------------------------------------------------------------------------

    #: relations joined when loading existing rows (the preview renders their old values)
    existing_related: tuple[str, ...] = ()

    def existing_queryset(self):
        """Rows an import may match, in the whole township (scope is checked per row)."""
        qs = self._meta.model.objects.all()
        if self.township is not None:
            qs = qs.filter(township=self.township)
        if self.existing_related:
            qs = qs.select_related(*self.existing_related)
        return qs

    def key_of_instance(self, instance):
        return getattr(instance, self.natural_key)

    def key_of_row(self, row):
        field = self.fields[self.natural_key]
        raw = row.get(field.column_name)
        text = "" if raw is None else str(raw).strip()
        return idnumbers.normalize(text) if self.natural_key == "id_number" else text

    def load_existing(self):
        if self.natural_key == "id_number":
            existing = list(self.existing_queryset())
            self._by_masked = {}
            for instance in existing:
                self._by_masked.setdefault(instance.id_masked, []).append(instance)
            return {i.id_hmac: i for i in existing}
        return {str(self.key_of_instance(i)): i for i in self.existing_queryset()}

    #: the column holding the person's name, which tells apart two people with one masked number
    name_column_field = "name"

    def row_name(self, row):
        name_field = self.fields.get(self.name_column_field)
        if name_field is None:
            return None
        return str(row.get(name_field.column_name) or "").strip()

    def match_masked(self, masked, row, candidates, name_of=lambda instance: instance.name):
        """The existing record a masked number names: same masked number and same name.

        None when there is none (the row is then refused as needing the full number)."""
        name = self.row_name(row)
        matches = [c for c in candidates if name is None or name_of(c) == name]
        if len(matches) > 1:
            raise ValidationError({self.natural_key: MASKED_AMBIGUOUS.format(masked=masked)})
        return matches[0] if matches else None

    def get_instance(self, instance_loader, row):
        key = self.key_of_row(row)
        if not key:
            return None
        if self.natural_key == "id_number":
            if idnumbers.is_masked(key):
                return self.match_masked(key, row, self._by_masked.get(key, []))
            key = identity.hmac_id(key)
        return self._existing.get(key)

    def seen_key(self, row):
        """What must not repeat within one file: the natural key (with the name, if masked)."""
        key = self.key_of_row(row)
        return f"{key}|{self.row_name(row)}" if idnumbers.is_masked(key.split("@")[0]) else key

    def before_import_row(self, row, **kwargs):
        number = kwargs.get("row_number", 0) + 1
        self._row_number = number
        self._before = None
        key = self.key_of_row(row)
        column = self.fields[self.natural_key].column_name
        if not key:
            raise ValidationError({self.natural_key: REQUIRED})
        first = self._seen_keys.setdefault(self.seen_key(row), number)
        if first != number:
            raise ValidationError({self.natural_key: f"与第{first}行的{column}重复"})

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new and not self.instance_in_scope(instance):
            raise ValidationError({self.natural_key: "该记录属于其他单位，不在您的管辖范围内"})
        if not new:
            self._before = (self.compare_values(instance), copy.copy(instance))

    # --- what changed ------------------------------------------------------------------------

    def compare_fields(self):
        """(resource field, model attribute name) pairs compared to tell whether a row changes."""
        if not hasattr(self, "_compare_cache"):
            pairs = []
            model = self._meta.model
            for resource_field in self.get_import_fields():
                if not resource_field.attribute or resource_field.readonly:
                    continue
                if isinstance(resource_field, IdNumberField):
                    pairs.append((resource_field, "id_hmac"))
                    continue
                try:
                    model_field = model._meta.get_field(resource_field.attribute)
                except FieldDoesNotExist:
                    continue
                if model_field.concrete and not model_field.many_to_many:
                    pairs.append((resource_field, model_field.attname))
            self._compare_cache = pairs
        return self._compare_cache

    def compare_values(self, instance) -> dict:
        values = {attname: getattr(instance, attname) for _f, attname in self.compare_fields()}
        values.update(self.extra_compare_values(instance))
        return values

    def extra_compare_values(self, instance) -> dict:
        """Values outside model columns that a row sets (e.g. a central household's links)."""
        return {}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip a row that changes nothing; record the rows that add or change for the preview."""
        if import_validation_errors:
            return False
        if self._before is None:
            self.row_kinds[self._row_number] = "new"
            self.record_preview("new", instance)
            return False
        values, old = self._before
        changed = [name for name, value in self.compare_values(instance).items() if values.get(name) != value]
        if not changed:
            self.row_kinds[self._row_number] = "unchanged"
            return True
        self.row_kinds[self._row_number] = "update"
        self.record_preview("update", instance, changed, old)
        return False

    def display(self, resource_field, instance) -> str:
        """A cell as the preview shows it: as exported, with personal fields masked."""
        try:
            value = self.export_field(resource_field, instance)
        except Exception:  # a value that cannot be rendered is shown empty, never breaks a preview
            value = ""
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            value = value.isoformat()
        value = str(value)
        if resource_field.attribute in PERSONAL_ATTRIBUTES:
            value = mask_phone(value)
        return value

    def record_preview(self, kind, instance, changed=(), old=None):
        if len(self.preview) >= PREVIEW_LIMIT:
            return
        label = str(old) if kind == "update" else ""
        changes = []
        extra = self.extra_compare_values(instance)
        for resource_field, attname in self.compare_fields():
            if kind == "update" and attname not in changed:
                continue
            new_value = self.display(resource_field, instance)
            if kind == "new":
                if new_value:
                    changes.append((resource_field.column_name, "", new_value))
            else:
                changes.append((resource_field.column_name, self.display(resource_field, old), new_value))
        for name in extra:
            if kind == "new" or name in changed:
                column = self.fields[name].column_name if name in self.fields else name
                old_value = self.display_extra(name, old) if old is not None else ""
                new_value = self.display_extra(name, instance)
                if kind == "update" or new_value:
                    changes.append((column, old_value, new_value))
        if kind == "new":
            try:
                label = str(instance)
            except Exception:  # an incomplete new row still previews
                label = ""
        self.preview.append(PreviewRow(self._row_number, kind, label, changes))

    def display_extra(self, name, instance) -> str:
        value = self.extra_compare_values(instance).get(name)
        if isinstance(value, list | tuple):
            return "、".join(str(v) for v in value)
        return "" if value is None else str(value)

    def keys_in_scope(self):
        """The keys of the existing rows the importer may change, from one query through the
        access layer (None: no limit, or checked per row by ``instance_in_scope``)."""
        if self.user is None or self.user.sees_everything:
            return None
        queryset = self.existing_queryset()
        if not hasattr(queryset, "for_user"):
            return None
        return set(queryset.for_user(self.user).values_list("pk", flat=True))

    def instance_in_scope(self, instance):
        if self.user is None or self.user.sees_everything:
            return True
        if getattr(self, "_in_scope", None) is not None:
            return instance.pk in self._in_scope
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

    def get_field_name(self, field):
        # The library searches every field for each cell it exports; a field's name never changes.
        names = self.__dict__.get("_field_names")
        if names is None:
            names = self._field_names = {id(f): name for name, f in self.fields.items()}
        name = names.get(id(field))
        return name if name is not None else super().get_field_name(field)

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
            if hasattr(model, "history"):
                record_baselines(model, [i.pk for i in instances])
            fast_bulk_update(model, instances, self.bulk_update_fields(), batch_size or 1000)
            if hasattr(model, "history"):
                fast_history_create(model, instances, update=True, user=self.user, reason="Excel导入")
        except Exception as e:
            self.handle_import_error(result, e, raise_errors)

    # --- export ------------------------------------------------------------------------------

    def export_values(self):
        """How to make the sheet's rows from plain values, for big exports (``core.exports``):
        ``(paths, make_row)`` - the ``values_list`` lookups the columns read, and a function of one
        such tuple giving the row's cells in ``get_export_fields`` order, exactly the cells
        ``export_field`` gives (tests/core/test_export_values.py compares the two) - or None: the
        rows are then read as model instances, each cell through ``export_field``."""
        return None

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

    def get_queryset(self):
        """The rows with the places, household and users the sheet names joined (exports)."""
        model = self._meta.model
        related = [
            name
            for name in ("village", "grid", "household", *self.user_fields)
            if any(f.name == name and f.is_relation for f in model._meta.get_fields())
        ]
        return model.objects.select_related(*related)

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
