"""Spreadsheet layouts of the points registers: the rule book's items and the point entries.

Entries imported from a sheet go through ``services.EntryChecker`` — the same scope, rule-book
and cap checks as entries made on a page — and a file with any bad row saves nothing.
Entries are never changed by an import: a row whose 编号 names an existing entry must match it
(an export re-imports unchanged: every row is skipped), and a changed one is refused.
"""

import datetime

from django.core.exceptions import ValidationError
from import_export import fields

from core import identity
from core.resources import REQUIRED, BoolWidget, DateWidget, RegisterResource, TextWidget
from grids.choices import MemberTier
from grids.selectors import members_by_hmac
from points import services
from points.choices import EntrySource
from points.models import PointEntry, RuleBook, RuleCategory, RuleItem, RuleItemTier

NUMBER_UNKNOWN = "找不到编号为“{number}”的积分记录"
ENTRY_CHANGED = "编号{number}的积分记录已存在，积分记录不能修改；如有错误，请在系统中撤销后重新登记"
MEMBER_UNKNOWN = "找不到该身份证号的党员"
NAME_MISMATCH = "姓名与身份证号对应的党员（{name}）不符"
ITEM_UNKNOWN = "{year}年积分办法中没有编码为“{code}”的积分项目"
POINTS_MISMATCH = "分值与积分办法不符：该党员此项应计{points}分"
NO_BOOK = "本镇没有{year}年的积分制管理办法，请先建立"
NOT_INTEGER = "应为整数"
NOT_POSITIVE = "应为正整数或留空"
ZERO_POINTS = "分值不能为0"


def _int(value, *, required=False, positive=False):
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise ValueError(REQUIRED)
        return None
    try:
        number = int(float(text))
    except ValueError:
        raise ValueError(NOT_INTEGER) from None
    if float(text) != number:
        raise ValueError(NOT_INTEGER)
    if positive and number <= 0:
        raise ValueError(NOT_POSITIVE)
    return number


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


TIER_COLUMNS = [
    (tier, part, f"{label}{suffix}")
    for tier, label in MemberTier.choices
    for part, suffix in (("points", "分值"), ("cap_month", "每月上限"), ("cap_year", "每年上限"))
]


class RuleItemResource(RegisterResource):
    """One row per item: year, category, code, points, caps, then each tier's differing values."""

    year = fields.Field(column_name="年度")
    category = fields.Field(column_name="类别")
    code = fields.Field(attribute="code", column_name="编码")
    name = fields.Field(attribute="name", column_name="积分项目")
    points = fields.Field(attribute="points", column_name="分值")
    cap_month = fields.Field(attribute="cap_month", column_name="每月上限")
    cap_year = fields.Field(attribute="cap_year", column_name="每年上限")
    claimable = fields.Field(attribute="claimable", column_name="党员可申报", widget=BoolWidget())
    criteria = fields.Field(attribute="criteria", column_name="评分标准", widget=TextWidget())

    class Meta(RegisterResource.Meta):
        model = RuleItem
        fields = ("year", "category", "code", "name", "points", "cap_month", "cap_year", "claimable", "criteria")
        use_bulk = False  # categories and tier rows are written per item; a rule book has a few dozen

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for tier, part, column in TIER_COLUMNS:
            name = f"tier_{tier}_{part}"
            self.fields[name] = fields.Field(column_name=column)

    def get_export_fields(self, selected_fields=None):
        return self.get_import_fields()

    def get_queryset(self):
        return RuleItem.objects.select_related("rule_book", "category").prefetch_related("tiers")

    # natural key: year + code
    def key_of_row(self, row):
        return f"{_text(row.get('年度'))}-{_text(row.get('编码'))}"

    def key_of_instance(self, instance):
        return f"{instance.rule_book.year}-{instance.code}"

    def load_existing(self):
        qs = RuleItem.objects.select_related("rule_book", "category").prefetch_related("tiers")
        if self.township is not None:
            qs = qs.filter(township=self.township)
        return {self.key_of_instance(i): i for i in qs}

    def get_instance(self, instance_loader, row):
        return self._existing.get(self.key_of_row(row))

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        books = RuleBook.objects.all()
        if self.township is not None:
            books = books.filter(township=self.township)
        self._books = {b.year: b for b in books}
        self._categories = {(c.rule_book_id, c.name): c for c in RuleCategory.objects.filter(rule_book__in=books)}

    def before_import_row(self, row, **kwargs):
        if not _text(row.get("年度")) or not _text(row.get("编码")):
            raise ValidationError({"code": "年度和编码都必须填写"})
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}

        def take(name, func):
            try:
                return func()
            except ValueError as exc:
                errors.setdefault(name, []).append(str(exc))
                return None

        year = take("year", lambda: _int(row.get("年度"), required=True))
        book = self._books.get(year) if year else None
        if year and book is None:
            errors.setdefault("year", []).append(NO_BOOK.format(year=year))
        category = _text(row.get("类别"))
        if not category:
            errors.setdefault("category", []).append(REQUIRED)
        instance.code = _text(row.get("编码"))
        instance.name = _text(row.get("积分项目"))
        if not instance.name:
            errors.setdefault("name", []).append(REQUIRED)
        points = take("points", lambda: _int(row.get("分值"), required=True))
        if points == 0:
            errors.setdefault("points", []).append(ZERO_POINTS)
        instance.points = points
        instance.cap_month = take("cap_month", lambda: _int(row.get("每月上限"), positive=True))
        instance.cap_year = take("cap_year", lambda: _int(row.get("每年上限"), positive=True))
        claimable = take("claimable", lambda: BoolWidget().clean(row.get("党员可申报")))
        instance.claimable = bool(claimable)
        instance.criteria = _text(row.get("评分标准"))
        overrides = {}
        for tier, part, column in TIER_COLUMNS:
            value = take(f"tier_{tier}_{part}", lambda c=column, p=part: _int(row.get(c), positive=p != "points"))
            if part == "points" and value == 0:
                errors.setdefault(f"tier_{tier}_{part}", []).append(ZERO_POINTS)
            if value is not None:
                overrides.setdefault(tier, {})[part] = value
        if errors:
            raise ValidationError(errors)
        instance.rule_book = book
        instance.township_id = book.township_id
        instance._category_name = category
        instance._overrides = overrides

    def before_save_instance(self, instance, row, **kwargs):
        key = (instance.rule_book.pk, instance._category_name)
        category = self._categories.get(key)
        if category is None:
            order = 1 + sum(1 for (book_id, _) in self._categories if book_id == instance.rule_book.pk)
            category = RuleCategory.objects.create(rule_book=instance.rule_book, name=key[1], order=order)
            self._categories[key] = category
        instance.category = category

    def after_save_instance(self, instance, row, **kwargs):
        RuleItemTier.objects.filter(item=instance).delete()
        RuleItemTier.objects.bulk_create(
            [RuleItemTier(item=instance, tier=tier, **values) for tier, values in instance._overrides.items()]
        )

    def export_field(self, field, instance, **kwargs):
        name = self.get_field_name(field)
        if name == "year":
            return instance.rule_book.year
        if name == "category":
            return instance.category.name
        if name.startswith("tier_"):
            tier, _, part = name[len("tier_") :].partition("_")
            override = next((o for o in instance.tiers.all() if o.tier == tier), None)
            value = getattr(override, part) if override else None
            return "" if value is None else value
        if name == "claimable":
            return "是" if instance.claimable else "否"
        value = getattr(instance, field.attribute)
        return "" if value is None else value


class PointEntryResource(RegisterResource):
    """One row per entry. New rows (编号 empty) are checked like entries made on a page."""

    number = fields.Field(column_name="编号")
    id_number = fields.Field(column_name="身份证号")
    member_name = fields.Field(column_name="姓名")
    item_code = fields.Field(column_name="积分项目编码")
    item_name = fields.Field(column_name="积分项目")
    occurred_on = fields.Field(column_name="日期")
    points = fields.Field(column_name="分值")
    note = fields.Field(column_name="说明")

    class Meta(RegisterResource.Meta):
        model = PointEntry
        fields = ("number", "id_number", "member_name", "item_code", "item_name", "occurred_on", "points", "note")

    def get_queryset(self):
        return PointEntry.objects.select_related("member", "item")

    # --- loading ---------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._seen_keys = {}
        self._existing = {}
        rows = list(dataset.dict)
        numbers = [self._number(r) for r in rows]
        pks = [n for n in numbers if n]
        self._existing = {e.pk: e for e in PointEntry.objects.filter(pk__in=pks).select_related("member", "item")}
        hmacs, years = set(), set()
        for r in rows:
            raw = _text(r.get("身份证号")).upper()
            if raw and "*" not in raw:
                hmacs.add(identity.hmac_id(raw))
            day = self._date(r)
            if day:
                years.add(day.year)
        members = members_by_hmac(hmacs, self.township)
        self._members = {m.id_hmac: m for m in members}
        items = RuleItem.objects.filter(rule_book__year__in=years).select_related("rule_book")
        if self.township is not None:
            items = items.filter(township=self.township)
        self._items = {(i.township_id, i.rule_book.year, i.code): i for i in items}
        # Lock the members, then load their usage so caps count what is already saved.
        services.lock_members(m.pk for m in self._members.values())
        self._checker = services.EntryChecker(
            recorder=self.user,
            members=list(self._members.values()),
            years=sorted(years),
            item_ids=[i.pk for i in self._items.values()],
            today=self._today(),
            check_scope=self.user is not None and not self.user.sees_everything,
        )

    def _today(self):
        from django.utils import timezone

        return timezone.localdate()

    @staticmethod
    def _number(row):
        text = _text(row.get("编号")).upper()
        if text.startswith("JF") and text[2:].isdigit():
            return int(text[2:])
        return None

    @staticmethod
    def _date(row):
        value = row.get("日期")
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(_text(value))
        except ValueError:
            return None

    # --- rows ------------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        text = _text(row.get("编号"))
        if not text:
            return
        number = kwargs.get("row_number", 0) + 1
        first = self._seen_keys.setdefault(text.upper(), number)
        if first != number:
            raise ValidationError({"number": f"与第{first}行的编号重复"})
        if self._number(row) not in self._existing:
            raise ValidationError({"number": NUMBER_UNKNOWN.format(number=text)})

    def get_instance(self, instance_loader, row):
        pk = self._number(row)
        return self._existing.get(pk) if pk else None

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            return
        if not self.instance_in_scope(instance):
            raise ValidationError({"number": "该记录不在您的管辖范围内"})
        raw = _text(row.get("身份证号")).upper()
        same_member = raw in ("", instance.member.id_masked) or self._matches_full_id(row, instance)
        same = (
            same_member
            and _text(row.get("积分项目编码")) == instance.item.code
            and self._date(row) == instance.occurred_on
            and _text(row.get("分值")).lstrip("+") == str(instance.points)
        )
        if not same:
            raise ValidationError({"number": ENTRY_CHANGED.format(number=instance.number)})

    @staticmethod
    def _matches_full_id(row, instance):
        raw = _text(row.get("身份证号")).upper()
        return bool(raw) and "*" not in raw and identity.hmac_id(raw) == instance.member.id_hmac

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An existing entry that matches its row is left as it is: ledgers are not edited.
        return instance.pk is not None and not import_validation_errors

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            return
        errors = {}
        raw = _text(row.get("身份证号")).upper()
        member = self._members.get(identity.hmac_id(raw)) if raw and "*" not in raw else None
        if not raw:
            errors["id_number"] = [REQUIRED]
        elif member is None:
            errors["id_number"] = [MEMBER_UNKNOWN]
        name = _text(row.get("姓名"))
        if member is not None and name and name != member.name:
            errors["member_name"] = [NAME_MISMATCH.format(name=member.name)]
        try:
            day = DateWidget(required=True).clean(row.get("日期"))
            if isinstance(day, datetime.datetime):
                day = day.date()
        except ValueError as exc:
            errors["occurred_on"] = [str(exc)]
            day = None
        code = _text(row.get("积分项目编码"))
        if not code:
            errors["item_code"] = [REQUIRED]
        if day is not None and day > self._checker.today:
            errors["occurred_on"] = [services.FUTURE_DATE.format(date=day)]
        if errors:
            raise ValidationError(errors)
        item = self._items.get((member.township_id, day.year, code))
        if item is None:
            raise ValidationError({"item_code": ITEM_UNKNOWN.format(year=day.year, code=code)})
        points, problem = self._checker.check(member, item.pk, day)
        if problem:
            raise ValidationError({"item_code": problem})
        given = _text(row.get("分值"))
        if given and given.lstrip("+") != str(points):
            raise ValidationError({"points": POINTS_MISMATCH.format(points=points)})
        instance.township_id = member.township_id
        instance.village_id = member.village_id
        instance.member = member
        instance.item = item
        instance.occurred_on = day
        instance.points = points
        instance.source = EntrySource.IMPORT
        instance.note = _text(row.get("说明"))[:300]
        instance.recorded_by = self.user

    # --- export ----------------------------------------------------------------------------

    def export_values(self):
        # A township's year is about 100,000 entries (exported in the background): read as tuples.
        reveal = self.reveal
        person = "member__id_encrypted" if reveal else "member__id_masked"
        decrypt = identity.decrypt_id
        paths = ("pk", person, "member__name", "item__code", "item__name", "occurred_on", "points", "note")

        def make_row(values):
            pk, person_id, name, code, item, day, points, note = values
            return [f"JF{pk:08d}", decrypt(person_id) if reveal else person_id, name, code, item, day.isoformat(),
                    points, note]  # fmt: skip

        return paths, make_row

    def export_field(self, field, instance, **kwargs):
        name = self.get_field_name(field)
        if name == "number":
            return instance.number
        if name == "id_number":
            return instance.member.id_number if self.reveal else instance.member.id_masked
        if name == "member_name":
            return instance.member.name
        if name == "item_code":
            return instance.item.code
        if name == "item_name":
            return instance.item.name
        if name == "occurred_on":
            return instance.occurred_on.isoformat()
        if name == "points":
            return instance.points
        return instance.note
