"""The township's work log (一) and the party-mass service centres (三).

- ``GroupMember``: a person of the special action's leadership group (领导组) or its work office
  (工作专班), with a post; history keeps every change of post.
- ``KeyTask`` (重点任务清单): a village ledger entry (``core.ledgers``) that may be township-wide
  (no village); ``TaskProgress`` rows are its progress timeline. The daily beat job flags overdue tasks.
- ``Meeting``: 党政班子会, 专题工作推进会, 调度会 … with minutes (``MeetingMinutes``). The weekly risk
  reviews (周例会) are kept once, in ``township.RiskReview``, and read from there.
- ``ResearchVisit``: a group member's (or several members') visit to a village, 入村调研 or 到村指导,
  counted in person-times (人次: one per member per visit).
- ``StudyTour`` (观摩学习): date, who went, the sites.
- ``ServiceCentre`` (党群服务中心): one per village, status, high-standard flag, year, area, photos.

Township-wide rows (the group, meetings, tours) use ``TownshipWideQuerySet``: everyone working in the
township reads them. Key tasks use ``VillageOrTownshipQuerySet``: a village's rows and the township's own.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import EDIT_ROLES, READ_ROLES, RESPONSIBLE, STATS_ROLES, VILLAGE_EDIT_ROLES
from core.evidence import EvidenceFile
from core.ledgers import VillageLedgerEntry
from places.choices import AreaKind
from places.models import TownshipWideQuerySet, township_pk
from worklog.choices import (
    OPEN_TASK,
    Audience,
    CentreStatus,
    Focus,
    GroupRole,
    MeetingKind,
    TaskStatus,
    TrainingKind,
    VisitKind,
)

AREA = "places.Area"
TOWNSHIP = {"kind": "township"}
VILLAGE = {"kind": "village"}


class Numbered(models.Model):
    """A township's record with a number (编号: ``number_prefix`` + serial, allocated on save when
    blank), so a spreadsheet names a row by it. ``date_field`` is the record's own date."""

    number = models.CharField("编号", max_length=40, blank=True, help_text="留空则自动生成")

    number_prefix = "{year}-"
    number_width = 4
    date_field = ""

    class Meta:
        abstract = True

    def entry_date(self):
        return getattr(self, self.date_field)


class Recorded(models.Model):
    """Who recorded a row, and when."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        abstract = True


class TownshipRecord(Numbered, Recorded):
    """A numbered record of the township as a whole (a meeting, a training, a study tour): everyone
    working in the township reads it (``TownshipWideQuerySet``); every change is kept."""

    township = models.ForeignKey(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class EntryFileQuerySet(ScopedQuerySet):
    """Files (``core.evidence.EvidenceFile``) read by whoever reads their township-wide entry (the
    model's ``entry_field``: a meeting, a training): everyone of the entry's township."""

    def within_q(self, node):
        return None if node is None else Q(**{f"{self.model.entry_field}__township__tree_id": node.tree_id})

    def holds(self, obj, node):
        return node is not None and getattr(obj, obj.entry_field).township_id == township_pk(node)


class GroupMember(models.Model):
    """A person of the leadership group (双组长, 副组长, 成员) or of its work office (工作专班)."""

    township = models.ForeignKey(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=50, help_text="如：镇党委书记、镇长、组织委员")
    group_role = models.CharField("领导组职务", max_length=16, choices=GroupRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    joined_on = models.DateField("加入日期", null=True, blank=True)
    left_on = models.DateField("退出日期", null=True, blank=True, help_text="调离或不再担任时填写，记录仍保留")
    notes = models.CharField("备注", max_length=200, blank=True)

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    history = HistoricalRecords()
    policy = Policy(view=READ_ROLES, add=EDIT_ROLES, change=EDIT_ROLES)

    class Meta:
        verbose_name = "领导组成员"
        verbose_name_plural = "领导组"
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="groupmember_unique_name"),
        ]
        indexes = [models.Index(fields=["township", "order", "name"])]

    def __str__(self):
        return f"{self.name}（{self.post}）"

    @property
    def active(self) -> bool:
        return self.left_on is None


class VillageOrTownshipQuerySet(ScopedQuerySet):
    """Rows of a village, or of the township as a whole (no village). A township's users see all of
    its rows; a village's (or a grid's) users see their village's rows and the township-wide ones."""

    def within_q(self, node):
        if node is None:
            return None
        if node.kind == AreaKind.TOWNSHIP:
            return Q(township_id=node.pk)
        village_id = node.pk if node.kind == AreaKind.VILLAGE else node.parent_id
        wide = (
            Q(village__isnull=True, township_id=node.parent_id)
            if node.kind == AreaKind.VILLAGE
            else Q(village__isnull=True, township__tree_id=node.tree_id)
        )
        return Q(village_id=village_id) | wide

    def holds(self, obj, node):
        if node is None:
            return False
        if node.kind == AreaKind.TOWNSHIP:
            return obj.township_id == node.pk
        village_id = node.pk if node.kind == AreaKind.VILLAGE else node.parent_id
        if obj.village_id is not None:
            return obj.village_id == village_id
        return obj.township_id == township_pk(node)

    def open(self):
        return self.filter(status__in=OPEN_TASK)


class KeyTask(VillageLedgerEntry):
    """A row of the key-task list (重点任务清单): what, which focus, who, by when, how far."""

    number_prefix = "RW{year}-"
    number_width = 4
    date_field = "assigned_on"
    OPEN_STATUSES = OPEN_TASK

    village = models.ForeignKey(
        AREA,
        verbose_name="行政村",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=VILLAGE,
        help_text="全镇性的任务留空",
    )
    title = models.CharField("任务内容", max_length=300)
    focus = models.CharField("所属聚焦", max_length=2, choices=Focus.choices)
    unit = models.CharField("责任单位", max_length=100)
    assigned_on = models.DateField("下达日期")
    deadline = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    progress = models.PositiveSmallIntegerField(
        "进度（%）", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    progress_note = models.CharField("最新进展", max_length=300, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    overdue = models.BooleanField("已逾期", default=False)
    overdue_since = models.DateField("逾期起始日", null=True, blank=True)
    meeting = models.ForeignKey(
        "worklog.Meeting",
        verbose_name="来源会议",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    notes = models.TextField("备注", blank=True)

    objects = VillageOrTownshipQuerySet.as_manager()
    history = HistoricalRecords()
    # The office keeps the list; the responsible person records progress on their own task.
    policy = Policy(
        view=READ_ROLES | {RESPONSIBLE},
        add=EDIT_ROLES,
        change=EDIT_ROLES,
        act=EDIT_ROLES | {RESPONSIBLE},
    )

    class Meta:
        verbose_name = "重点任务"
        verbose_name_plural = "重点任务清单"
        constraints = [
            models.UniqueConstraint(fields=["township", "number"], name="keytask_unique_number"),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("assigned_on")),
                name="keytask_deadline_not_before_assigned",
            ),
        ]
        indexes = [
            models.Index(fields=["township", "overdue", "deadline"]),
            models.Index(fields=["township", "focus"]),
            models.Index(fields=["township", "status"]),
            models.Index(fields=["village", "status"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["responsible_user", "status"]),
        ]

    def __str__(self):
        text = self.title if len(self.title) <= 24 else self.title[:24] + "…"
        return f"{self.number} {text}"


class TaskProgress(models.Model):
    """One progress update of a key task: a percentage and a note, on a day (the timeline)."""

    task = models.ForeignKey(KeyTask, verbose_name="任务", on_delete=models.CASCADE, related_name="updates")
    on = models.DateField("日期")
    percent = models.PositiveSmallIntegerField("进度（%）", validators=[MinValueValidator(0), MaxValueValidator(100)])
    note = models.CharField("进展说明", max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "任务进展"
        verbose_name_plural = "任务进展"
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["task", "-on"])]

    def __str__(self):
        return f"{self.on} {self.percent}%"


class Meeting(TownshipRecord):
    """A township meeting of the special action (党政班子会, 专题工作推进会, 调度会 …)."""

    number_prefix = "HY{year}-"
    date_field = "held_on"

    kind = models.CharField("会议类型", max_length=16, choices=MeetingKind.choices)
    title = models.CharField("会议名称", max_length=200, blank=True)
    held_on = models.DateField("会议日期")
    chair = models.CharField("主持人", max_length=50)
    attendees = models.TextField("参会人员", help_text="姓名之间用顿号或逗号分隔")
    topics = models.TextField("议题")
    decisions = models.TextField("会议决定", blank=True, help_text="每条决定一行；可由决定直接生成重点任务或整改问题")
    problems = models.ManyToManyField(
        "issues.Problem", verbose_name="转为整改问题", related_name="+", blank=True, editable=False
    )

    policy = Policy(view=STATS_ROLES, add=EDIT_ROLES, change=EDIT_ROLES)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议记录"
        constraints = [models.UniqueConstraint(fields=["township", "number"], name="meeting_unique_number")]
        indexes = [
            models.Index(fields=["township", "-held_on"]),
            models.Index(fields=["township", "kind", "held_on"]),
        ]

    def __str__(self):
        return f"{self.held_on} {self.title or self.get_kind_display()}"

    @property
    def decision_lines(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class MeetingMinutes(EvidenceFile):
    """The minutes of a meeting (会议纪要) or its other files; served through the meeting's access."""

    entry_field = "meeting"
    evidence_dir = "worklog/minutes"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="minutes")

    objects = EntryFileQuerySet.as_manager()
    scope_fields = {"township": "meeting__township"}
    policy = Policy(view=Meeting.policy.roles("view"), add=EDIT_ROLES)

    class Meta(EvidenceFile.Meta):
        verbose_name = "会议纪要"
        verbose_name_plural = "会议纪要"


class ResearchVisit(Numbered, Recorded):
    """A visit of one or several group members to a village: research (入村调研) or guidance to a
    lagging branch (到村指导). Each member on the visit is one person-time (人次)."""

    number_prefix = "DY{year}-"
    date_field = "visited_on"

    township = models.ForeignKey(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    village = models.ForeignKey(
        AREA, verbose_name="行政村", on_delete=models.PROTECT, related_name="+", limit_choices_to=VILLAGE
    )
    kind = models.CharField("类型", max_length=16, choices=VisitKind.choices, default=VisitKind.RESEARCH)
    visited_on = models.DateField("日期")
    members = models.ManyToManyField(GroupMember, verbose_name="领导组成员", related_name="visits")
    person_times = models.PositiveSmallIntegerField("人次", default=0, editable=False)
    purpose = models.CharField("调研（指导）内容", max_length=300)
    findings = models.TextField("发现问题及意见", blank=True)
    lagging = models.BooleanField("推进缓慢支部", default=False, help_text="针对工作推进缓慢的支部到村指导")
    problems = models.ManyToManyField(
        "issues.Problem", verbose_name="转为整改问题", related_name="+", blank=True, editable=False
    )

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    history = HistoricalRecords()
    policy = Policy(view=READ_ROLES, add=EDIT_ROLES, change=EDIT_ROLES)

    class Meta:
        verbose_name = "入村调研"
        verbose_name_plural = "入村调研与到村指导"
        constraints = [models.UniqueConstraint(fields=["township", "number"], name="visit_unique_number")]
        indexes = [
            models.Index(fields=["township", "kind", "visited_on"]),
            models.Index(fields=["village", "-visited_on"]),
            models.Index(fields=["township", "-visited_on"]),
        ]

    def __str__(self):
        return f"{self.visited_on} {self.get_kind_display()}"


class StudyTour(TownshipRecord):
    """A study tour (观摩学习): when, who went (posts and names), which sites."""

    number_prefix = "GM{year}-"
    date_field = "toured_on"

    toured_on = models.DateField("日期")
    participants = models.TextField("参加人员", help_text="按职务和姓名填写，用顿号分隔，如：党政领导、苇水村书记")
    participant_count = models.PositiveSmallIntegerField("参加人数", null=True, blank=True)
    sites = models.TextField("观摩地点", help_text="用顿号分隔，如：小召村、县老干部综治办")
    notes = models.TextField("收获与体会", blank=True)

    policy = Policy(view=READ_ROLES, add=EDIT_ROLES, change=EDIT_ROLES)

    class Meta:
        verbose_name = "观摩学习"
        verbose_name_plural = "观摩学习"
        constraints = [models.UniqueConstraint(fields=["township", "number"], name="tour_unique_number")]
        indexes = [models.Index(fields=["township", "-toured_on"])]

    def __str__(self):
        return f"{self.toured_on} 观摩学习"


class ServiceCentre(models.Model):
    """A village's party-mass service centre (党群服务中心): planned, being built or built."""

    township = models.ForeignKey(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    village = models.OneToOneField(
        AREA,
        verbose_name="行政村（社区）",
        on_delete=models.PROTECT,
        related_name="service_centre",
        limit_choices_to=VILLAGE,
    )
    name = models.CharField("名称", max_length=100, blank=True, help_text="留空则为“村名+党群服务中心”")
    status = models.CharField("建设状态", max_length=10, choices=CentreStatus.choices, default=CentreStatus.PLANNED)
    high_standard = models.BooleanField("高标准", default=False)
    year = models.PositiveSmallIntegerField("年度", help_text="建成年度；规划中或在建的填计划建成年度")
    floor_area = models.DecimalField("面积（平方米）", max_digits=8, decimal_places=1, null=True, blank=True)
    functions = models.CharField("功能室", max_length=300, blank=True, help_text="如：便民服务室、党员活动室、图书室")
    notes = models.TextField("备注", blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    history = HistoricalRecords()
    policy = Policy(view=READ_ROLES, add=VILLAGE_EDIT_ROLES, change=VILLAGE_EDIT_ROLES)

    class Meta:
        verbose_name = "党群服务中心"
        verbose_name_plural = "党群服务中心"
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1949) & Q(year__lte=2100), name="centre_year_sane"),
        ]
        indexes = [models.Index(fields=["township", "status", "year"])]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or f"{self.village.name}党群服务中心"


class CentrePhoto(EvidenceFile):
    """A photo of a service centre; served through the centre's access."""

    entry_field = "centre"
    evidence_dir = "worklog/centres"

    centre = models.ForeignKey(
        ServiceCentre, verbose_name="党群服务中心", on_delete=models.CASCADE, related_name="photos"
    )

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "centre__township", "village": "centre__village"}
    policy = Policy(view=READ_ROLES, add=VILLAGE_EDIT_ROLES)

    class Meta(EvidenceFile.Meta):
        verbose_name = "党群服务中心照片"
        verbose_name_plural = "党群服务中心照片"


class Training(TownshipRecord):
    """One training session."""

    number_prefix = "PX{year}-"
    date_field = "held_on"

    held_on = models.DateField("培训日期")
    topic = models.CharField("培训主题", max_length=200)
    kind = models.CharField("培训形式", max_length=16, choices=TrainingKind.choices, default=TrainingKind.TOPIC)
    audience = models.CharField("培训对象", max_length=16, choices=Audience.choices)
    trainer = models.CharField("授课人", max_length=100)
    place = models.CharField("培训地点", max_length=100, blank=True)
    attendee_count = models.PositiveIntegerField("参训人数", default=0, help_text="选择了参训党员时按所选人数计")
    attendees = models.ManyToManyField("grids.Member", verbose_name="参训党员", related_name="+", blank=True)
    notes = models.TextField("培训内容", blank=True)

    policy = Policy(view=READ_ROLES, add=EDIT_ROLES, change=EDIT_ROLES)

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训记录"
        constraints = [models.UniqueConstraint(fields=["township", "number"], name="training_unique_number")]
        indexes = [
            models.Index(fields=["township", "-held_on"]),
            models.Index(fields=["township", "audience", "held_on"]),
        ]

    def __str__(self):
        return f"{self.held_on} {self.topic}"


class TrainingMaterial(EvidenceFile):
    """A training's material (课件, 讲义, 签到表, 照片)."""

    entry_field = "training"
    evidence_dir = "training/materials"

    training = models.ForeignKey(Training, verbose_name="培训", on_delete=models.CASCADE, related_name="materials")

    objects = EntryFileQuerySet.as_manager()
    scope_fields = {"township": "training__township"}
    policy = Policy(view=READ_ROLES, add=EDIT_ROLES)

    class Meta(EvidenceFile.Meta):
        verbose_name = "培训材料"
        verbose_name_plural = "培训材料"
