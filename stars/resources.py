"""Spreadsheet layouts of the star ratings (import and export in the same layout, so an export
re-imports unchanged):

- ``star_criteria``: a township's standard, one row per criterion, keyed by 年度 + 序号;
- ``branch_ratings``: one row per village and criterion of the current versions, keyed by 年度 + 行政村编码 +
  序号. The office may fill in the review (审核结论, 审核意见) while the round is 镇审核中; the
  self-assessment is the secretary's own and cannot be changed by an import; a frozen round refuses
  every change. Rows the sheet leaves as they are, are skipped;
- ``secretaries``: village secretaries, keyed by 行政村编码 + 姓名;
- ``secretary_appraisals`` and ``secretary_records``: appraisals and rewards/punishments, naming the
  secretary by 行政村编码 + 书记姓名.
Every row obeys the same rules as the forms (``stars.rules`` and ``stars.services``).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields

from core.resources import BoolWidget, ChoiceWidget, DateWidget, RegisterResource, RequiredTextWidget, TextWidget
from places.models import Area
from places.widgets import REQUIRED
from stars import rules, services
from stars.choices import Appraisal, Check, RecordKind, RecordLevel
from stars.models import (
    Criterion,
    CriterionMark,
    RatingRound,
    Secretary,
    SecretaryAppraisal,
    SecretaryRecord,
)

TOWNSHIP_NEEDED = "请指定乡镇（网页导入时选择乡镇，命令行加 --township）"
YEAR_INVALID = "年度应为 2000 到今年之间的四位数字"
ORDER_INVALID = "序号应为 1 到 10 之间的整数"
VILLAGE_UNKNOWN = "找不到编码为“{code}”的行政村"
OUT_OF_SCOPE = "“{code}”不在您的管辖范围内"
NO_MARK = "{year}年度{village}没有第{order}项评星明细（请先发起该年度评星）"
SELF_IS_SECRETARYS = "自评由村书记在系统中填写，导入不能修改“{column}”"
SECRETARY_UNKNOWN = "{village}没有名为“{name}”的书记（请先在“党支部书记”中登记）"
MET = [(True, "达标"), (False, "未达标")]


def _township(resource):
    township = resource.township
    if township is None and resource.user is not None and not resource.user.sees_everything:
        township = resource.user.township
    if township is None:
        raise ValueError(TOWNSHIP_NEEDED)
    return township


def _int(value, message, low, high):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(message) from None
    if not low <= number <= high:
        raise ValueError(message)
    return number


class MetWidget(ChoiceWidget):
    """达标 / 未达标, or blank (not decided); also ✓/✗ and 是/否."""

    def __init__(self):
        super().__init__(MET, required=False)
        self.by_label.update({"✓": True, "✗": False, "是": True, "否": False, "√": True, "×": False})

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        return None if not text else super().clean(text, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("达标" if value else "未达标")


class YearWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            raise ValueError(REQUIRED)
        return _int(text, YEAR_INVALID, 2000, timezone.localdate().year + 1)


class StarsResource(RegisterResource):
    """What the star registers share: the township, villages by code, the secretary named by village
    and name."""

    def before_import(self, dataset, **kwargs):
        self.township = _township(self)
        super().before_import(dataset, **kwargs)
        self.today = timezone.localdate()
        self._villages = {v.code: v for v in Area.objects.villages().filter(parent=self.township)}

    def existing_queryset(self):
        return self._meta.model.objects.filter(township=self.township)

    def village_by_code(self, code):
        code = (code or "").strip()
        if not code:
            raise ValueError(REQUIRED)
        village = self._villages.get(code)
        if village is None:
            raise ValueError(VILLAGE_UNKNOWN.format(code=code))
        if not self.area_in_scope(village):
            raise ValueError(OUT_OF_SCOPE.format(code=code))
        return village

    def instance_in_scope(self, instance):
        if self.user is None or self.user.sees_everything:
            return True
        return self.area_in_scope(instance.village)

    @staticmethod
    def cell(row, column):
        value = row.get(column)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()


# --- the standard ------------------------------------------------------------------------------


class CriterionResource(StarsResource):
    natural_key = "order"

    year = fields.Field(attribute="year", column_name="年度", widget=YearWidget())
    group = fields.Field(attribute="group", column_name="分组", widget=TextWidget())
    order = fields.Field(attribute="order", column_name="序号", widget=RequiredTextWidget())
    name = fields.Field(attribute="name", column_name="评星标准", widget=RequiredTextWidget())
    requirement = fields.Field(attribute="requirement", column_name="达标要求", widget=RequiredTextWidget())
    evidence_expected = fields.Field(attribute="evidence_expected", column_name="佐证材料", widget=TextWidget())
    evidence_required = fields.Field(attribute="evidence_required", column_name="须上传佐证", widget=BoolWidget())
    auto_check = fields.Field(
        attribute="auto_check",
        column_name="自动核验",
        widget=ChoiceWidget(Check.choices, required=False, default=""),
    )

    class Meta(RegisterResource.Meta):
        model = Criterion
        fields = (
            "year", "group", "order", "name", "requirement", "evidence_expected", "evidence_required", "auto_check",
        )  # fmt: skip
        import_id_fields = ("year", "order")

    def get_queryset(self):
        return Criterion.objects.order_by("-year", "order")

    def instance_in_scope(self, instance):
        # A township-wide row: the rows matched are the importing township's own.
        return instance.township_id == self.township.pk

    def key_of_row(self, row):
        return f"{self.cell(row, '年度')}/{self.cell(row, '序号')}"

    def key_of_instance(self, instance):
        return f"{instance.year}/{instance.order}"

    def before_import_row(self, row, **kwargs):
        if not self.cell(row, "年度") or not self.cell(row, "序号"):
            raise ValidationError({"order": "年度和序号必须填写"})
        super().before_import_row(row, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._rounds = {r.year: r for r in RatingRound.objects.filter(township=self.township)}
        self._per_year = {}
        for criterion in self._existing.values():
            self._per_year.setdefault(criterion.year, set()).add(criterion.order)
        self._names = {}

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance.township = self.township
        instance._new = new

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "order":
            instance.order = _int(field.clean(row), ORDER_INVALID, 1, rules.MAX_CRITERIA)
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.year and instance.order:
            found = self._rounds.get(instance.year)
            if found is not None and found.status in rules.FROZEN_STATUSES:
                errors.setdefault("year", [services.STANDARD_FROZEN.format(year=instance.year)])
            elif found is not None and instance._new:
                errors.setdefault("year", [services.STANDARD_LOCKED.format(year=instance.year)])
            orders = self._per_year.setdefault(instance.year, set())
            orders.add(instance.order)
            if len(orders) > rules.MAX_CRITERIA:
                errors.setdefault("order", [rules.TOO_MANY_CRITERIA.format(limit=rules.MAX_CRITERIA)])
            key = (instance.year, instance.name)
            first = self._names.setdefault(key, instance.order)
            if first != instance.order:
                errors.setdefault("name", [f"与序号{first}的评星标准重名"])
        if errors:
            raise ValidationError(errors)

    def bulk_update_fields(self):
        return ["group", "name", "requirement", "evidence_expected", "evidence_required", "auto_check"]


# --- the branch ratings (marks) ----------------------------------------------------------------


class MarkResource(StarsResource):
    """One row per village and criterion (current versions); see the module docstring."""

    natural_key = "criterion"

    year = fields.Field(attribute="rating__round__year", column_name="年度", widget=YearWidget())
    village_code = fields.Field(attribute="village", column_name="行政村编码", widget=RequiredTextWidget())
    village_name = fields.Field(attribute="village__name", column_name="行政村", readonly=True)
    criterion = fields.Field(attribute="criterion", column_name="序号", widget=RequiredTextWidget())
    criterion_name = fields.Field(attribute="criterion__name", column_name="评星标准", readonly=True)
    self_met = fields.Field(attribute="self_met", column_name="自评", widget=MetWidget())
    self_note = fields.Field(attribute="self_note", column_name="自评说明", widget=TextWidget())
    evidence = fields.Field(attribute=None, column_name="佐证材料（份）", readonly=True)
    reviewed_met = fields.Field(attribute="reviewed_met", column_name="审核结论", widget=MetWidget())
    review_note = fields.Field(attribute="review_note", column_name="审核意见", widget=TextWidget())

    class Meta(RegisterResource.Meta):
        model = CriterionMark
        fields = (
            "year", "village_code", "village_name", "criterion", "criterion_name", "self_met", "self_note",
            "evidence", "reviewed_met", "review_note",
        )  # fmt: skip
        import_id_fields = ("criterion",)

    def get_queryset(self):
        return (
            CriterionMark.objects.filter(rating__is_current=True)
            .select_related("village", "criterion", "rating__round")
            .order_by("-rating__round__year", "village__code", "criterion__order")
        )

    def key_of_row(self, row):
        return f"{self.cell(row, '年度')}/{self.cell(row, '行政村编码')}/{self.cell(row, '序号')}"

    def key_of_instance(self, mark):
        return f"{mark.rating.round.year}/{mark.village.code}/{mark.criterion.order}"

    def existing_queryset(self):
        return CriterionMark.objects.filter(township=self.township, rating__is_current=True).select_related(
            "village", "criterion", "rating__round"
        )

    def get_instance(self, instance_loader, row):
        found = self._existing.get(self.key_of_row(row))
        if found is None:
            year, code, order = self.key_of_row(row).split("/")
            village = self._villages.get(code)
            raise ValidationError(
                {"criterion": NO_MARK.format(year=year, village=village.name if village else code, order=order)}
            )
        return found

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stored = (instance.self_met, instance.self_note, instance.reviewed_met, instance.review_note)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in ("village", "criterion", "rating__round__year"):
            if field.attribute == "village":
                self.village_by_code(field.clean(row))
            return  # part of the key: already matched
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return (instance.self_met, instance.self_note, instance.reviewed_met, instance.review_note) == instance._stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        stored_self, stored_note, _, _ = instance._stored
        if instance.self_met != stored_self:
            errors.setdefault("self_met", [SELF_IS_SECRETARYS.format(column="自评")])
        if instance.self_note != stored_note:
            errors.setdefault("self_note", [SELF_IS_SECRETARYS.format(column="自评说明")])
        status = instance.rating.round.status
        if not errors:
            refused = rules.review_error(
                status, self_met=instance.self_met, reviewed_met=instance.reviewed_met, note=instance.review_note
            )
            if refused:
                errors["reviewed_met"] = [refused]
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance.reviewed_by = self.user
        instance.reviewed_at = timezone.now()
        self._touched.add(instance.rating_id)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._touched = set()

    def after_apply(self):
        services.recount_ratings(self._touched)

    def bulk_update_fields(self):
        return ["reviewed_met", "review_note", "reviewed_by", "reviewed_at"]

    def dehydrate_year(self, mark):
        return mark.rating.round.year

    def dehydrate_village_code(self, mark):
        return mark.village.code

    def dehydrate_criterion(self, mark):
        return mark.criterion.order

    def dehydrate_evidence(self, mark):
        # The register's queryset counts the files (one query for the whole export).
        return getattr(mark, "n_evidence", "")


# --- secretaries -------------------------------------------------------------------------------


class SecretaryResource(StarsResource):
    natural_key = "name"

    village = fields.Field(attribute="village", column_name="行政村编码", widget=RequiredTextWidget())
    village_name = fields.Field(attribute="village__name", column_name="行政村", readonly=True)
    name = fields.Field(attribute="name", column_name="姓名", widget=RequiredTextWidget())
    appointed_on = fields.Field(attribute="appointed_on", column_name="任职日期", widget=DateWidget(required=True))
    left_on = fields.Field(attribute="left_on", column_name="离任日期", widget=DateWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta(RegisterResource.Meta):
        model = Secretary
        fields = ("village", "village_name", "name", "appointed_on", "left_on", "notes")
        import_id_fields = ("name",)

    def get_queryset(self):
        return Secretary.objects.select_related("village").order_by("village__code", "-appointed_on")

    def key_of_row(self, row):
        return f"{self.cell(row, '行政村编码')}/{self.cell(row, '姓名')}"

    def key_of_instance(self, secretary):
        return f"{secretary.village.code}/{secretary.name}"

    def existing_queryset(self):
        return super().existing_queryset().select_related("village")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._serving = {s.village_id: s for s in self._existing.values() if s.left_on is None}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "village":
            village = self.village_by_code(field.clean(row))
            instance.village = village
            instance.township_id = village.parent_id
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.appointed_on and instance.village_id:
            found = {}
            if instance.appointed_on > self.today:
                found["appointed_on"] = rules.APPOINTED_IN_FUTURE
            if instance.left_on and instance.left_on < instance.appointed_on:
                found["left_on"] = rules.LEFT_BEFORE_APPOINTED
            elif instance.left_on and instance.left_on > self.today:
                found["left_on"] = rules.DATE_IN_FUTURE.format(label="离任日期")
            if instance.left_on is None:
                other = self._serving.setdefault(instance.village_id, instance)
                if other is not instance and other.pk != instance.pk:
                    found["village"] = services.SERVING_EXISTS.format(village=instance.village.name, name=other.name)
            for name, message in found.items():
                errors.setdefault(name, [message])
        if errors:
            raise ValidationError(errors)

    def bulk_update_fields(self):
        return ["village", "township", "name", "appointed_on", "left_on", "notes"]

    def dehydrate_village(self, secretary):
        return secretary.village.code


class SecretaryPartResource(StarsResource):
    """Rows that name their secretary by village code and name."""

    village = fields.Field(attribute="secretary", column_name="行政村编码", widget=RequiredTextWidget())
    secretary_name = fields.Field(attribute="secretary__name", column_name="书记姓名", widget=RequiredTextWidget())

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._secretaries = {}
        for s in Secretary.objects.filter(township=self.township).select_related("village").order_by("appointed_on"):
            self._secretaries[(s.village.code, s.name)] = s  # the latest term wins

    def secretary_of(self, row):
        code, name = self.cell(row, "行政村编码"), self.cell(row, "书记姓名")
        village = self.village_by_code(code)
        secretary = self._secretaries.get((code, name))
        if secretary is None:
            raise ValueError(SECRETARY_UNKNOWN.format(village=village.name, name=name or "（空）"))
        return secretary

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "secretary":
            instance.secretary = self.secretary_of(row)
            instance.township_id = instance.secretary.township_id
            instance.village_id = instance.secretary.village_id
            return
        if field.attribute == "secretary__name":
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def existing_queryset(self):
        return super().existing_queryset().select_related("secretary__village")

    def dehydrate_village(self, obj):
        return obj.secretary.village.code

    def dehydrate_secretary_name(self, obj):
        return obj.secretary.name


class AppraisalResource(SecretaryPartResource):
    natural_key = "year"

    year = fields.Field(attribute="year", column_name="考核年度", widget=YearWidget())
    result = fields.Field(attribute="result", column_name="考核结果", widget=ChoiceWidget(Appraisal.choices))

    class Meta(RegisterResource.Meta):
        model = SecretaryAppraisal
        fields = ("village", "secretary_name", "year", "result")
        import_id_fields = ("year",)

    def get_queryset(self):
        return SecretaryAppraisal.objects.select_related("secretary__village").order_by(
            "secretary__village__code", "secretary__name", "-year"
        )

    def key_of_row(self, row):
        return f"{self.cell(row, '行政村编码')}/{self.cell(row, '书记姓名')}/{self.cell(row, '考核年度')}"

    def key_of_instance(self, a):
        return f"{a.secretary.village.code}/{a.secretary.name}/{a.year}"

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.year and instance.year > self.today.year:
            errors.setdefault("year", [services.APPRAISAL_YEAR])
        if errors:
            raise ValidationError(errors)

    def bulk_update_fields(self):
        return ["result"]


class RecordResource(SecretaryPartResource):
    natural_key = "what"

    kind = fields.Field(attribute="kind", column_name="类别", widget=ChoiceWidget(RecordKind.choices))
    level = fields.Field(attribute="level", column_name="级别", widget=ChoiceWidget(RecordLevel.choices))
    on = fields.Field(attribute="on", column_name="日期", widget=DateWidget(required=True))
    what = fields.Field(attribute="what", column_name="事由", widget=RequiredTextWidget())

    class Meta(RegisterResource.Meta):
        model = SecretaryRecord
        fields = ("village", "secretary_name", "kind", "level", "on", "what")
        import_id_fields = ("what",)

    def get_queryset(self):
        return SecretaryRecord.objects.select_related("secretary__village").order_by(
            "secretary__village__code", "secretary__name", "-on"
        )

    def key_of_row(self, row):
        return "/".join(self.cell(row, c) for c in ("行政村编码", "书记姓名", "类别", "日期", "事由"))

    def key_of_instance(self, r):
        return "/".join([r.secretary.village.code, r.secretary.name, r.get_kind_display(), r.on.isoformat(), r.what])

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.on and instance.on > self.today:
            errors.setdefault("on", [rules.DATE_IN_FUTURE.format(label="奖惩日期")])
        if errors:
            raise ValidationError(errors)

    def bulk_update_fields(self):
        return ["level"]
