"""The work log's registers (领导组, 重点任务清单, 会议, 入村调研, 培训, 观摩学习) and the service
centres (党群服务中心). See core.registers."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from accounts.access import can
from accounts.roles import ALL_ROLES, EDIT_ROLES, READ_ROLES, STATS_ROLES, VILLAGE_EDIT_ROLES
from core.registers import Column, Register, nav, register
from worklog import filters, forms, resources
from worklog.models import GroupMember, KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

SECTION = "工作日志"

nav(SECTION, "工作日志（时间线）", "worklog:timeline", roles=STATS_ROLES, order=1)
nav(SECTION, "我的重点任务", "worklog:my_tasks", roles=ALL_ROLES, order=2)


def _short(text, n=30):
    return Truncator(text).chars(n)


def task_deadline(task, today=None):
    """The deadline; an overdue task's stands out with how many days it is late."""
    if task.deadline is None:
        return ""
    if task.overdue:
        days = ((today or timezone.localdate()) - task.deadline).days
        return format_html(
            '<span class="overdue">{}</span> <span class="badge text-bg-danger">逾期{}天</span>',
            task.deadline.isoformat(),
            days,
        )
    return task.deadline.isoformat()


def task_progress(task):
    return format_html('<progress max="100" value="{0}" aria-label="进度"></progress> {0}%', task.progress)


class WorklogRegister(Register):
    section = SECTION
    edit_roles = EDIT_ROLES
    import_roles = EDIT_ROLES

    def save_form(self, form, user):
        return form.save()


@register
class GroupMemberRegister(WorklogRegister):
    name = "group_members"
    label = "领导组"
    nav_order = 10
    model = GroupMember
    resource_class = resources.GroupMemberResource
    form_class = forms.GroupMemberForm
    search_fields = ["name__contains", "post__contains"]
    search_help = "姓名或职务"
    default_ordering = ("township__code", "order", "name")
    select_related = ("township",)
    columns = [
        Column("姓名", "name", sort="name", link=True),
        Column("职务", "post"),
        Column("领导组职务", "get_group_role_display", sort="group_role"),
        Column("联系电话", "phone"),
        Column("加入日期", "joined_on", sort="joined_on"),
        Column("退出日期", "left_on"),
        Column("乡镇", "township.name"),
    ]
    detail_fields = [
        ("姓名", "name"),
        ("职务", "post"),
        ("领导组职务", "get_group_role_display"),
        ("账号", "user"),
        ("联系电话", "phone"),
        ("加入日期", "joined_on"),
        ("退出日期", "left_on"),
        ("备注", "notes"),
    ]


@register
class KeyTaskRegister(WorklogRegister):
    name = "tasks"
    label = "重点任务清单"
    nav_order = 20
    model = KeyTask
    resource_class = resources.KeyTaskResource
    form_class = forms.KeyTaskForm
    filterset_class = filters.KeyTaskFilterSet
    search_fields = ["number__contains", "title__contains", "unit__contains", "responsible__contains"]
    search_help = "编号、任务内容、责任单位或责任人"
    default_ordering = ("-overdue", "deadline", "number")
    period_field = "assigned_on"
    period_label = "下达日期"
    select_related = ("village", "township")
    detail_template = "worklog/task_detail.html"
    columns = [
        Column("编号", "number", sort="number", link=True),
        Column("任务内容", lambda t: _short(t.title, 40)),
        Column("所属聚焦", "get_focus_display", sort="focus"),
        Column("行政村", lambda t: t.village.name if t.village_id else "全镇"),
        Column("责任单位", "unit"),
        Column("责任人", "responsible"),
        Column("完成时限", task_deadline, sort="deadline"),
        Column("进度", task_progress, sort="progress"),
        Column("状态", "get_status_display", sort="status"),
    ]
    detail_fields = [
        ("编号", "number"),
        ("任务内容", "title"),
        ("所属聚焦", "get_focus_display"),
        ("行政村", lambda t: t.village.name if t.village_id else "全镇"),
        ("责任单位", "unit"),
        ("责任人", "responsible"),
        ("责任人账号", "responsible_user"),
        ("下达日期", "assigned_on"),
        ("完成时限", task_deadline),
        ("状态", "get_status_display"),
        ("进度", lambda t: f"{t.progress}%"),
        ("最新进展", "progress_note"),
        ("完成日期", "done_on"),
        ("来源会议", "meeting"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        acting = can(user, "act", obj) and obj.is_open
        return {
            "updates": list(obj.updates.select_related("recorded_by")),
            "can_act": acting,
            "progress_form": forms.ProgressForm() if acting else None,
        }


@register
class MeetingRegister(WorklogRegister):
    name = "meetings"
    label = "会议记录"
    nav_order = 30
    model = Meeting
    read_roles = STATS_ROLES
    resource_class = resources.MeetingResource
    form_class = forms.MeetingForm
    filterset_class = filters.MeetingFilterSet
    search_fields = ["number__contains", "title__contains", "topics__contains", "chair__contains"]
    search_help = "编号、会议名称、议题或主持人"
    default_ordering = ("-held_on", "-pk")
    period_field = "held_on"
    period_label = "会议日期"
    select_related = ("township",)
    detail_template = "worklog/meeting_detail.html"
    columns = [
        Column("编号", "number", sort="number", link=True),
        Column("会议日期", "held_on", sort="held_on"),
        Column("会议类型", "get_kind_display", sort="kind"),
        Column("会议名称", "title"),
        Column("主持人", "chair"),
        Column("议题", lambda m: _short(m.topics, 40)),
    ]
    detail_fields = [
        ("编号", "number"),
        ("会议类型", "get_kind_display"),
        ("会议名称", "title"),
        ("会议日期", "held_on"),
        ("主持人", "chair"),
        ("参会人员", "attendees"),
        ("议题", "topics"),
        ("会议决定", "decisions"),
    ]

    def detail_context(self, obj, user):
        return {
            "minutes": list(obj.minutes.select_related("uploaded_by")),
            "tasks": list(obj.tasks.all()),
            "problems": list(obj.problems.all()),
            "can_upload": can(user, "change", obj),
            "file_form": forms.FileForm() if can(user, "change", obj) else None,
        }


@register
class VisitRegister(WorklogRegister):
    name = "research_visits"
    label = "入村调研"
    nav_order = 40
    model = ResearchVisit
    read_roles = READ_ROLES
    resource_class = resources.VisitResource
    form_class = forms.VisitForm
    filterset_class = filters.VisitFilterSet
    search_fields = ["number__contains", "purpose__contains", "findings__contains"]
    search_help = "编号、内容或发现问题"
    default_ordering = ("-visited_on", "-pk")
    period_field = "visited_on"
    period_label = "日期"
    select_related = ("village",)
    columns = [
        Column("编号", "number", sort="number", link=True),
        Column("日期", "visited_on", sort="visited_on"),
        Column("类型", "get_kind_display", sort="kind"),
        Column("行政村", "village.name", sort="village__code"),
        Column("领导组成员", lambda v: "、".join(m.name for m in v.members.all())),
        Column("人次", "person_times", sort="person_times"),
        Column("内容", lambda v: _short(v.purpose, 30)),
    ]
    detail_fields = [
        ("编号", "number"),
        ("类型", "get_kind_display"),
        ("行政村", "village.name"),
        ("日期", "visited_on"),
        ("领导组成员", lambda v: "、".join(m.name for m in v.members.all())),
        ("人次", "person_times"),
        ("调研（指导）内容", "purpose"),
        ("发现问题及意见", "findings"),
        ("推进缓慢支部", lambda v: "是" if v.lagging else "否"),
    ]

    detail_template = "worklog/visit_detail.html"

    def get_queryset(self, user):
        return super().get_queryset(user).prefetch_related(Prefetch("members", GroupMember.objects.order_by("order")))

    def detail_context(self, obj, user):
        return {
            "problems": list(obj.problems.all()),
            "can_open_problem": can(user, "change", obj) and bool(obj.findings),
        }


@register
class TrainingRegister(WorklogRegister):
    name = "trainings"
    label = "培训记录"
    nav_order = 50
    model = Training
    resource_class = resources.TrainingResource
    form_class = forms.TrainingForm
    filterset_class = filters.TrainingFilterSet
    search_fields = ["number__contains", "topic__contains", "trainer__contains"]
    search_help = "编号、培训主题或授课人"
    default_ordering = ("-held_on", "-pk")
    period_field = "held_on"
    period_label = "培训日期"
    detail_template = "worklog/training_detail.html"
    columns = [
        Column("编号", "number", sort="number", link=True),
        Column("培训日期", "held_on", sort="held_on"),
        Column("培训主题", "topic"),
        Column("培训形式", "get_kind_display", sort="kind"),
        Column("培训对象", "get_audience_display", sort="audience"),
        Column("授课人", "trainer"),
        Column("参训人数", "attendee_count", sort="attendee_count"),
    ]
    detail_fields = [
        ("编号", "number"),
        ("培训日期", "held_on"),
        ("培训主题", "topic"),
        ("培训形式", "get_kind_display"),
        ("培训对象", "get_audience_display"),
        ("授课人", "trainer"),
        ("培训地点", "place"),
        ("参训人数", "attendee_count"),
        ("培训内容", "notes"),
    ]

    def detail_context(self, obj, user):
        return {
            "materials": list(obj.materials.select_related("uploaded_by")),
            "file_form": forms.FileForm() if can(user, "change", obj) else None,
            "attendees": list(obj.attendees.select_related("village").order_by("village__code", "name_pinyin", "pk")),
        }


@register
class TourRegister(WorklogRegister):
    name = "study_tours"
    label = "观摩学习"
    nav_order = 60
    model = StudyTour
    resource_class = resources.TourResource
    form_class = forms.TourForm
    search_fields = ["number__contains", "participants__contains", "sites__contains"]
    search_help = "编号、参加人员或观摩地点"
    default_ordering = ("-toured_on", "-pk")
    period_field = "toured_on"
    columns = [
        Column("编号", "number", sort="number", link=True),
        Column("日期", "toured_on", sort="toured_on"),
        Column("参加人员", lambda t: _short(t.participants, 40)),
        Column("观摩地点", lambda t: _short(t.sites, 40)),
    ]
    detail_fields = [
        ("编号", "number"),
        ("日期", "toured_on"),
        ("参加人员", "participants"),
        ("参加人数", "participant_count"),
        ("观摩地点", "sites"),
        ("收获与体会", "notes"),
    ]


@register
class CentreRegister(WorklogRegister):
    name = "service_centres"
    label = "党群服务中心"
    section = "功能提升"
    nav_order = 10
    model = ServiceCentre
    edit_roles = VILLAGE_EDIT_ROLES
    resource_class = resources.CentreResource
    form_class = forms.CentreForm
    filterset_class = filters.CentreFilterSet
    search_fields = ["name__contains", "village__name__contains"]
    search_help = "名称或村名"
    default_ordering = ("village__code",)
    select_related = ("village",)
    detail_template = "worklog/centre_detail.html"
    columns = [
        Column("行政村（社区）", "village.name", sort="village__code", link=True),
        Column("名称", "display_name"),
        Column("建设状态", "get_status_display", sort="status"),
        Column("高标准", lambda c: "是" if c.high_standard else ""),
        Column("年度", "year", sort="year"),
        Column("面积（平方米）", "floor_area", sort="floor_area"),
        Column("功能室", lambda c: _short(c.functions, 30)),
    ]
    detail_fields = [
        ("行政村（社区）", "village.name"),
        ("名称", "display_name"),
        ("建设状态", "get_status_display"),
        ("高标准", lambda c: "是" if c.high_standard else "否"),
        ("年度", "year"),
        ("面积（平方米）", "floor_area"),
        ("功能室", "functions"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        return {
            "photos": list(obj.photos.all()),
            "file_form": forms.FileForm() if can(user, "change", obj) else None,
        }
