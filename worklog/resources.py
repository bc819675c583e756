"""Spreadsheet layouts of the work log and the service centres: Chinese headers, the same layout
imports and exports. Records are named by 编号; a row with 编号 left blank is a new record and gets
the next number (会议 HY, 调研 DY, 观摩 GM, 培训 PX, 任务 RW + 年份-序号)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields

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
from places.choices import AreaKind
from places.widgets import AreaWidget
from worklog import services
from worklog.choices import Audience, CentreStatus, Focus, GroupRole, MeetingKind, TaskStatus, TrainingKind, VisitKind
from worklog.models import GroupMember, KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

TOWNSHIP_NEEDED = "请指定乡镇（网页导入时选择乡镇，命令行加 --township）"
NUMBER_INVALID = "应为 0 到 {top} 之间的整数"
MEMBER_UNKNOWN = "“{name}”不是本镇领导组成员"
NAME_SEPARATORS = "、，,；; "


def resolve_township(resource):
    township = resource.township
    if township is None and resource.user is not None and not resource.user.sees_everything:
        township = resource.user.township
    if township is None:
        raise ValueError(TOWNSHIP_NEEDED)
    return township


class IntWidget(TextWidget):
    """A whole number in a range (blank: ``default``)."""

    def __init__(self, top=32767, default=0, required=False):
        self.top = top
        self.default = default
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if not text:
            if self.required:
                raise ValueError("必填")
            return self.default
        if not text.isdigit() or int(text) > self.top:
            raise ValueError(NUMBER_INVALID.format(top=self.top))
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class TownshipResource(RegisterResource):
    """A township record's spreadsheet: rows belong to the importer's township."""

    class Meta(RegisterResource.Meta):
        abstract = True

    def before_import(self, dataset, **kwargs):
        self.township = resolve_township(self)
        super().before_import(dataset, **kwargs)
        self.today = timezone.localdate()

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance.township = self.township


class NumberedResource(TownshipResource):
    """Records named by 编号; a blank 编号 is a new record, numbered when it is saved."""

    natural_key = "number"
    number = fields.Field(attribute="number", column_name="编号", widget=TextWidget())
    #: the service's rules for one row: (instance, today) → {field: message}
    row_check = None

    class Meta(TownshipResource.Meta):
        abstract = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        column = self.fields["number"].column_name
        self._used = set(self._existing) | {str(c).strip() for c in dataset[column] if c not in (None, "")}

    def before_import_row(self, row, **kwargs):
        if self.key_of_row(row):
            super().before_import_row(row, **kwargs)
        else:
            self._row_number = kwargs.get("row_number", 0) + 1
            self._before = None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        check = type(self).row_check
        for name, message in (check(instance, self.today) if check else {}).items():
            errors.setdefault(name, [ValidationError(message)])
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.number:
            prefix = instance.number_prefix.format(year=instance.entry_date().year)
            instance.number = next_serial(self._used, prefix, width=instance.number_width)
            self._used.add(instance.number)


# --- leadership group ----------------------------------------------------------------------------


class GroupMemberResource(TownshipResource):
    natural_key = "name"

    name = fields.Field(attribute="name", column_name="姓名", widget=RequiredTextWidget())
    post = fields.Field(attribute="post", column_name="职务", widget=RequiredTextWidget())
    group_role = fields.Field(attribute="group_role", column_name="领导组职务", widget=ChoiceWidget(GroupRole.choices))
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    order = fields.Field(attribute="order", column_name="排序", widget=IntWidget())
    joined_on = fields.Field(attribute="joined_on", column_name="加入日期", widget=DateWidget())
    left_on = fields.Field(attribute="left_on", column_name="退出日期", widget=DateWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    example = {"姓名": "王强", "职务": "镇党委书记", "领导组职务": "组长"}

    class Meta(TownshipResource.Meta):
        model = GroupMember
        fields = ("name", "post", "group_role", "phone", "order", "joined_on", "left_on", "notes")
        import_id_fields = ("name",)

    def get_queryset(self):
        return GroupMember.objects.order_by("township__code", "order", "name")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for name, message in services.group_member_errors(instance).items():
            errors.setdefault(name, [ValidationError(message)])
        if errors:
            raise ValidationError(errors)


# --- key tasks -----------------------------------------------------------------------------------


class KeyTaskResource(LedgerResource):
    """The key-task list (重点任务清单); a village ledger (``core.resources.LedgerResource``) whose
    村编码 may be blank for a township-wide task."""

    ledger_check = staticmethod(services.task_errors)
    user_fields = {"responsible_user": False}

    number = fields.Field(attribute="number", column_name="编号", widget=TextWidget())
    title = fields.Field(attribute="title", column_name="任务内容", widget=RequiredTextWidget())
    focus = fields.Field(attribute="focus", column_name="所属聚焦", widget=ChoiceWidget(Focus.choices))
    village = fields.Field(
        attribute="village", column_name="村编码", widget=AreaWidget(AreaKind.VILLAGE, required=False)
    )
    village_name = fields.Field(attribute="village__name", column_name="村名称", readonly=True)
    unit = fields.Field(attribute="unit", column_name="责任单位", widget=RequiredTextWidget())
    responsible = fields.Field(attribute="responsible", column_name="责任人", widget=TextWidget())
    responsible_user = fields.Field(attribute="responsible_user", column_name="责任人账号", widget=TextWidget())
    assigned_on = fields.Field(attribute="assigned_on", column_name="下达日期", widget=DateWidget(required=True))
    deadline = fields.Field(attribute="deadline", column_name="完成时限", widget=DateWidget())
    status = fields.Field(
        attribute="status", column_name="状态", widget=ChoiceWidget(TaskStatus.choices, default=TaskStatus.PENDING)
    )
    progress = fields.Field(attribute="progress", column_name="进度（%）", widget=IntWidget(top=100))
    progress_note = fields.Field(attribute="progress_note", column_name="最新进展", widget=TextWidget())
    done_on = fields.Field(attribute="done_on", column_name="完成日期", widget=DateWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    example = {"任务内容": "完成各村党群服务中心提档升级", "所属聚焦": Focus.THREE.label, "责任单位": "镇党建办"}
    optional_columns = ("村名称",)

    class Meta(LedgerResource.Meta):
        model = KeyTask
        fields = (
            "number", "title", "focus", "village", "village_name", "unit", "responsible", "responsible_user",
            "assigned_on", "deadline", "status", "progress", "progress_note", "done_on", "notes",
        )  # fmt: skip
        import_id_fields = ("number",)

    def get_queryset(self):
        return KeyTask.objects.select_related("village", "responsible_user").order_by("number")

    def before_import(self, dataset, **kwargs):
        self.township = resolve_township(self)
        super().before_import(dataset, **kwargs)
        self.today = timezone.localdate()
        column = self.fields["number"].column_name
        self._used = set(self._existing) | {str(c).strip() for c in dataset[column] if c not in (None, "")}

    def before_import_row(self, row, **kwargs):
        if self.key_of_row(row):
            super().before_import_row(row, **kwargs)
        else:
            self._row_number = kwargs.get("row_number", 0) + 1
            self._before = None

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance.township = self.township

    def ledger_prepare(self, instance):
        services.task_prepare(instance, today=self.today)

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.number:
            prefix = instance.number_prefix.format(year=instance.assigned_on.year)
            instance.number = next_serial(self._used, prefix, width=instance.number_width)
            self._used.add(instance.number)

    def bulk_update_fields(self):
        return [
            "title", "focus", "village", "unit", "responsible", "responsible_user", "assigned_on", "deadline",
            "status", "progress", "progress_note", "done_on", "notes", "overdue", "overdue_since",
        ]  # fmt: skip


# --- meetings, visits, tours, trainings ----------------------------------------------------------


class MeetingResource(NumberedResource):
    row_check = staticmethod(lambda m, today: services.not_in_future(m, "held_on", today))

    kind = fields.Field(attribute="kind", column_name="会议类型", widget=ChoiceWidget(MeetingKind.choices))
    title = fields.Field(attribute="title", column_name="会议名称", widget=TextWidget())
    held_on = fields.Field(attribute="held_on", column_name="会议日期", widget=DateWidget(required=True))
    chair = fields.Field(attribute="chair", column_name="主持人", widget=RequiredTextWidget())
    attendees = fields.Field(attribute="attendees", column_name="参会人员", widget=RequiredTextWidget())
    topics = fields.Field(attribute="topics", column_name="议题", widget=RequiredTextWidget())
    decisions = fields.Field(attribute="decisions", column_name="会议决定", widget=TextWidget())

    example = {"会议类型": "党政班子会", "会议日期": "2025-03-05", "主持人": "王强", "参会人员": "王强、李明"}

    class Meta(NumberedResource.Meta):
        model = Meeting
        fields = ("number", "kind", "title", "held_on", "chair", "attendees", "topics", "decisions")
        import_id_fields = ("number",)

    def get_queryset(self):
        return Meeting.objects.order_by("held_on", "number")


class VisitResource(NumberedResource):
    """Visits name their members by name (顿号-separated), checked against the township's group."""

    kind = fields.Field(
        attribute="kind", column_name="类型", widget=ChoiceWidget(VisitKind.choices, default=VisitKind.RESEARCH)
    )
    village = fields.Field(attribute="village", column_name="村编码", widget=AreaWidget(AreaKind.VILLAGE))
    village_name = fields.Field(attribute="village__name", column_name="村名称", readonly=True)
    visited_on = fields.Field(attribute="visited_on", column_name="日期", widget=DateWidget(required=True))
    members = fields.Field(attribute=None, column_name="领导组成员", widget=TextWidget())
    purpose = fields.Field(attribute="purpose", column_name="调研（指导）内容", widget=RequiredTextWidget())
    findings = fields.Field(attribute="findings", column_name="发现问题及意见", widget=TextWidget())
    lagging = fields.Field(attribute="lagging", column_name="推进缓慢支部", widget=BoolWidget())

    optional_columns = ("村名称",)

    class Meta(NumberedResource.Meta):
        model = ResearchVisit
        use_bulk = False
        fields = (
            "number", "kind", "village", "village_name", "visited_on", "members", "purpose", "findings", "lagging",
        )  # fmt: skip
        import_id_fields = ("number",)

    def get_queryset(self):
        return ResearchVisit.objects.select_related("village").prefetch_related("members").order_by("visited_on")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._group = {m.name: m for m in GroupMember.objects.filter(township=self.township)}

    def import_row(self, row, instance_loader, **kwargs):
        self._row_members = None
        return super().import_row(row, instance_loader, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "领导组成员":
            text = field.clean(row)
            for sep in NAME_SEPARATORS[1:]:
                text = text.replace(sep, "、")
            names = [n for n in text.split("、") if n]
            if not names:
                raise ValidationError({"members": services.VISIT_NO_MEMBERS})
            unknown = [n for n in names if n not in self._group]
            if unknown:
                raise ValidationError({"members": MEMBER_UNKNOWN.format(name=unknown[0])})
            instance._members = [self._group[n] for n in dict.fromkeys(names)]
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.village_id and "village" not in errors:
            found = services.visit_errors(instance, getattr(instance, "_members", []), today=self.today)
            for name, message in found.items():
                errors.setdefault(name, [ValidationError(message)])
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance.person_times = len(getattr(instance, "_members", []))

    def after_save_instance(self, instance, row, **kwargs):
        instance.members.set(getattr(instance, "_members", []))

    def extra_compare_values(self, instance) -> dict:
        if instance.pk is None:
            return {"members": sorted(m.name for m in getattr(instance, "_members", []))}
        members = getattr(instance, "_members", None)
        if members is None:
            members = list(instance.members.all())
        return {"members": sorted(m.name for m in members)}

    def dehydrate_members(self, visit):
        return "、".join(m.name for m in visit.members.all())


class TourResource(NumberedResource):
    row_check = staticmethod(lambda t, today: services.not_in_future(t, "toured_on", today))

    toured_on = fields.Field(attribute="toured_on", column_name="日期", widget=DateWidget(required=True))
    participants = fields.Field(attribute="participants", column_name="参加人员", widget=RequiredTextWidget())
    participant_count = fields.Field(
        attribute="participant_count", column_name="参加人数", widget=IntWidget(default=None)
    )
    sites = fields.Field(attribute="sites", column_name="观摩地点", widget=RequiredTextWidget())
    notes = fields.Field(attribute="notes", column_name="收获与体会", widget=TextWidget())

    class Meta(NumberedResource.Meta):
        model = StudyTour
        fields = ("number", "toured_on", "participants", "participant_count", "sites", "notes")
        import_id_fields = ("number",)

    def get_queryset(self):
        return StudyTour.objects.order_by("toured_on", "number")


class TrainingResource(NumberedResource):
    row_check = staticmethod(lambda t, today: services.not_in_future(t, "held_on", today))

    held_on = fields.Field(attribute="held_on", column_name="培训日期", widget=DateWidget(required=True))
    topic = fields.Field(attribute="topic", column_name="培训主题", widget=RequiredTextWidget())
    kind = fields.Field(
        attribute="kind", column_name="培训形式", widget=ChoiceWidget(TrainingKind.choices, default=TrainingKind.TOPIC)
    )
    audience = fields.Field(attribute="audience", column_name="培训对象", widget=ChoiceWidget(Audience.choices))
    trainer = fields.Field(attribute="trainer", column_name="授课人", widget=RequiredTextWidget())
    place = fields.Field(attribute="place", column_name="培训地点", widget=TextWidget())
    attendee_count = fields.Field(attribute="attendee_count", column_name="参训人数", widget=IntWidget(top=100000))
    notes = fields.Field(attribute="notes", column_name="培训内容", widget=TextWidget())

    class Meta(NumberedResource.Meta):
        model = Training
        fields = ("number", "held_on", "topic", "kind", "audience", "trainer", "place", "attendee_count", "notes")
        import_id_fields = ("number",)

    def get_queryset(self):
        return Training.objects.order_by("held_on", "number")


# --- service centres -----------------------------------------------------------------------------


class CentreResource(TownshipResource):
    """One row per village, named by 村编码."""

    natural_key = "village"

    village = fields.Field(attribute="village", column_name="村编码", widget=AreaWidget(AreaKind.VILLAGE))
    village_name = fields.Field(attribute="village__name", column_name="村名称", readonly=True)
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    status = fields.Field(attribute="status", column_name="建设状态", widget=ChoiceWidget(CentreStatus.choices))
    high_standard = fields.Field(attribute="high_standard", column_name="高标准", widget=BoolWidget())
    year = fields.Field(attribute="year", column_name="年度", widget=IntWidget(top=2100, required=True))
    floor_area = fields.Field(attribute="floor_area", column_name="面积（平方米）", widget=TextWidget())
    functions = fields.Field(attribute="functions", column_name="功能室", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="备注", widget=TextWidget())

    optional_columns = ("村名称",)

    class Meta(TownshipResource.Meta):
        model = ServiceCentre
        fields = (
            "village", "village_name", "name", "status", "high_standard", "year", "floor_area", "functions", "notes",
        )  # fmt: skip
        import_id_fields = ("village",)

    def get_queryset(self):
        return ServiceCentre.objects.select_related("village").order_by("village__code")

    def key_of_instance(self, instance):
        return instance.village.code

    def existing_queryset(self):
        return super().existing_queryset().select_related("village")

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "floor_area":
            text = field.clean(row)
            try:
                instance.floor_area = round(float(text), 1) if text else None
            except ValueError:
                raise ValueError("面积应为数字") from None
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.village_id and "village" not in errors:
            instance.township_id = instance.village.parent_id
            # the same village twice is the duplicate-key check's, not a query per row
            found = services.centre_errors(instance, today=self.today, check_taken=False)
            for name, message in found.items():
                errors.setdefault(name, [ValidationError(message)])
        if errors:
            raise ValidationError(errors)

    def bulk_update_fields(self):
        return ["name", "status", "high_standard", "year", "floor_area", "functions", "notes"]
