"""The contact system (包联制度): who looks after which village, grid or household, the quotas,
home visits (入户走访), demands and problems (合理诉求 / 急难愁盼), and the daily flags.

Contact cadres are users (any role except 党员). Rows carry denormalised township/village/grid
keys so the scope helper filters them with one indexed equality.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import STAFF_ROLES
from core.ledgers import GridLedgerEntry
from places.models import Placed
from visits.choices import AssignmentKind, DemandKind, DemandSource, DemandStatus, FlagKind, VisitTag

AREA = "places.Area"


class QuotaSetting(models.Model):
    """The contact quotas of a township, editable by its office (one row per township)."""

    township = models.OneToOneField(AREA, verbose_name="乡镇", on_delete=models.CASCADE, related_name="quota")
    households_each = models.PositiveSmallIntegerField("每人联系群众不少于（户）", default=10)
    visits_per_month = models.PositiveSmallIntegerField("每月至少入户（次）", default=8)
    days_per_week = models.PositiveSmallIntegerField("每周到村工作（天）", default=2)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    scope_fields = {"township": "township"}

    class Meta:
        verbose_name = "包联任务设置"
        verbose_name_plural = "包联任务设置"
        constraints = [
            models.CheckConstraint(condition=Q(days_per_week__lte=7), name="quota_days_per_week_max_7"),
        ]

    def __str__(self):
        return f"{self.township}包联任务"


class AssignmentQuerySet(ScopedQuerySet):
    def active_on(self, day):
        """Assignments in force on ``day``."""
        return self.filter(Q(start_on__lte=day), Q(end_on__isnull=True) | Q(end_on__gte=day))

    def active_during(self, start, end):
        """Assignments in force on at least one day of ``start``..``end``."""
        return self.filter(Q(start_on__lte=end), Q(end_on__isnull=True) | Q(end_on__gte=start))


class Assignment(models.Model):
    """A cadre assigned to a village, a grid or a household (包联); leadership members to villages (定向包联).

    The target is the narrowest of village, grid and household that is set.
    """

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="包联干部", on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField("包联类型", max_length=12, choices=AssignmentKind.choices, default=AssignmentKind.CONTACT)
    township = models.ForeignKey(AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(AREA, verbose_name="行政村", on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey(
        AREA, verbose_name="网格", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        "grids.Household",
        verbose_name="包联户",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()
    scope_fields = {"township": "township", "village": "village", "grid": "grid"}

    class Meta:
        verbose_name = "包联关系"
        verbose_name_plural = "包联关系"
        indexes = [
            models.Index(fields=["cadre", "start_on"]),
            models.Index(fields=["township", "kind"]),
            models.Index(fields=["village", "kind"]),
            models.Index(fields=["grid"]),
        ]

    def __str__(self):
        return f"{self.cadre} 包联 {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.household_id:
            return f"{self.household.name}户（{self.village.name}）"
        if self.grid_id:
            return self.grid.name
        return self.village.name

    @property
    def target_kind(self) -> str:
        return "户" if self.household_id else "网格" if self.grid_id else "村"


def photo_path(instance, filename):
    """Stored under a random name: the uploader's file name is never used."""
    ext = getattr(instance, "_photo_ext", "jpg")
    return f"visits/{instance.visited_on:%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Visit(Placed):
    """A home visit (入户走访): who, which household, when, what was found, an optional photo."""

    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT, related_name="visits"
    )
    household = models.ForeignKey(
        "grids.Household", verbose_name="走访户", on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField("走访日期")
    findings = models.TextField("走访情况")
    tags = models.CharField("标签", max_length=200, blank=True, help_text="标签代码，以逗号分隔")
    photo = models.FileField("照片", upload_to=photo_path, blank=True, max_length=200)
    risk = models.ForeignKey(
        "township.Risk",
        verbose_name="登记的风险隐患",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    # Visits are logged by the contact cadres: everyone working in a township (no county, no 党员).
    policy = Policy(add=STAFF_ROLES)

    class Meta:
        verbose_name = "入户走访"
        verbose_name_plural = "入户走访"
        constraints = [
            models.UniqueConstraint(fields=["household", "visitor", "visited_on"], name="visit_one_per_day"),
        ]
        indexes = [
            models.Index(fields=["township", "visited_on"]),
            models.Index(fields=["village", "visited_on"]),
            models.Index(fields=["grid", "visited_on"]),
            models.Index(fields=["visitor", "visited_on"]),
            models.Index(fields=["household", "visited_on"]),
            models.Index(fields=["visited_on", "id"]),
        ]

    def __str__(self):
        return f"{self.visited_on} {self.household.name}户"

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]

    @property
    def tag_labels(self) -> list[str]:
        labels = dict(VisitTag.choices)
        return [str(labels.get(t, t)) for t in self.tag_list]


class Demand(GridLedgerEntry):
    """A reasonable demand (合理诉求) or an urgent problem (急难愁盼): a village ledger entry
    (``core.ledgers``) numbered SQ年份-序号, raised, handed to a responsible cadre (承办人), resolved."""

    kind = models.CharField("类型", max_length=10, choices=DemandKind.choices, db_index=True)
    source = models.CharField("来源", max_length=10, choices=DemandSource.choices, default=DemandSource.VISIT)
    household = models.ForeignKey(
        "grids.Household",
        verbose_name="相关户",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
    )
    visit = models.ForeignKey(
        Visit, verbose_name="来自走访", on_delete=models.SET_NULL, null=True, blank=True, related_name="demands"
    )
    title = models.CharField("诉求内容", max_length=200)
    details = models.TextField("详细情况", blank=True)
    raised_by = models.CharField("提出人", max_length=50, blank=True)
    raised_on = models.DateField("提出日期")
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_demands",
    )
    deadline = models.DateField("办理时限", null=True, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    resolved_on = models.DateField("解决日期", null=True, blank=True)
    resolution = models.TextField("办理结果", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=DemandStatus.choices, default=DemandStatus.RAISED, db_index=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    number_prefix = "SQ{year}-"
    date_field = "raised_on"
    OPEN_STATUSES = frozenset({DemandStatus.RAISED, DemandStatus.ASSIGNED})

    class Meta:
        verbose_name = "诉求"
        verbose_name_plural = "合理诉求与急难愁盼问题"
        constraints = [models.UniqueConstraint(fields=["township", "number"], name="demand_unique_number")]
        indexes = [
            models.Index(fields=["township", "kind", "raised_on"]),
            models.Index(fields=["township", "kind", "resolved_on"]),
            models.Index(fields=["village", "status"]),
            models.Index(fields=["grid", "raised_on"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def refresh_status(self) -> None:
        """The status follows the dates: resolved once solved, assigned once handed to someone."""
        from visits.rules import demand_status

        self.status = demand_status(self.responsible_user_id, self.assigned_on, self.resolved_on)


class Flag(models.Model):
    """A daily warning: a cadre behind their monthly quota or a risk open past its deadline.

    Written by the daily job, at most one per (day, kind, key), so running it twice changes nothing.
    """

    day = models.DateField("日期")
    kind = models.CharField("类型", max_length=20, choices=FlagKind.choices)
    key = models.CharField("对象", max_length=40)
    township = models.ForeignKey(AREA, verbose_name="乡镇", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey(
        AREA, verbose_name="行政村", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    grid = models.ForeignKey(
        AREA, verbose_name="网格", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="相关人员",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
    )
    risk = models.ForeignKey(
        "township.Risk", verbose_name="风险隐患", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    message = models.CharField("提示", max_length=300)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village", "grid": "grid"}

    class Meta:
        verbose_name = "预警提示"
        verbose_name_plural = "预警提示"
        constraints = [models.UniqueConstraint(fields=["day", "kind", "key"], name="flag_once_per_day")]
        indexes = [
            models.Index(fields=["township", "day"]),
            models.Index(fields=["village", "day"]),
            models.Index(fields=["grid", "day"]),
            models.Index(fields=["user", "day"]),
        ]

    def __str__(self):
        return self.message
