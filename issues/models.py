"""Rectification ledgers (问题整改台账): problem categories, problems and their evidence.

A problem belongs to a township always, and to a village when it is a village organisation's
problem (村级党组织). Committee (党委) and leadership-team (领导班子) problems have no village, so
only township-scoped roles see them. The status workflow and its checks live in ``issues.rules``;
writes go through ``issues.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import READ_ROLES, RESPONSIBLE, STATS_ROLES, VILLAGE_EDIT_ROLES
from core.evidence import EvidenceFile
from core.ledgers import VillageLedgerEntry
from issues.choices import Channel, Level, Status
from issues.rules import OPEN
from places.models import TownshipWideQuerySet


class ProblemCategory(models.Model):
    """A category (类) of problems. The list is data each township's office edits."""

    township = models.ForeignKey(
        "places.Area",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "township"},
    )
    name = models.CharField("类别名称", max_length=50)
    order = models.PositiveSmallIntegerField("排序", default=0)
    notes = models.CharField("说明", max_length=200, blank=True)

    # A township's categories are read by everyone working in it (a secretary picks one too).
    objects = TownshipWideQuerySet.as_manager()
    history = HistoricalRecords()

    scope_fields = TownshipWideQuerySet.scope_fields

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="problemcategory_unique_name"),
        ]
        indexes = [models.Index(fields=["township", "order", "name"])]

    def __str__(self):
        return self.name


class ProblemQuerySet(ScopedQuerySet):
    """Problems. ``for_user`` gives the rows of the user's scope (the township, or a village's
    村级 problems) plus every problem the user is the responsible person of (我的整改任务)."""

    def open(self):
        return self.filter(status__in=OPEN)


class Problem(VillageLedgerEntry):
    """One problem of the ledger (a village ledger entry, ``core.ledgers``, numbered 问题编号 YYYY-NNNN):
    what, whose, how it will be fixed, by whom, by when, and how it went."""

    number = None  # the ledger's number is 问题编号 (``code``, docs/decisions/0004-problem-keys.md)
    code = models.CharField("问题编号", max_length=40, blank=True, help_text="留空则自动生成，如 2025-0001")
    village = models.ForeignKey(
        "places.Area",
        verbose_name="行政村",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": "village"},
    )
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    channel = models.CharField("问题来源", max_length=16, choices=Channel.choices)
    source_ref = models.CharField(
        "来源说明", max_length=200, blank=True, help_text="如：3月5日入户走访张三户、4月周例会研判、县委巡察反馈"
    )
    category = models.ForeignKey(
        ProblemCategory, verbose_name="问题类别", on_delete=models.PROTECT, related_name="problems"
    )
    description = models.TextField("问题描述")
    cause = models.TextField("原因分析", blank=True)
    measures = models.TextField("整改措施", blank=True)
    responsible = models.CharField("责任人", max_length=50)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_problems",
        help_text="关联账号后，该问题会出现在此人的“我的整改任务”中",
    )
    found_on = models.DateField("发现日期")
    deadline = models.DateField("整改时限", null=True, blank=True)
    status = models.CharField("整改情况", max_length=16, choices=Status.choices, default=Status.PENDING)
    fixed_on_spot = models.BooleanField("边查边改", default=False, help_text="发现时当即整改完成")
    result = models.TextField("销号说明", blank=True, help_text="整改做了什么、效果如何")
    verified_by = models.CharField("验收人", max_length=50, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    overdue = models.BooleanField("已逾期", default=False)
    overdue_since = models.DateField("逾期起始日", null=True, blank=True)
    notes = models.TextField("备注", blank=True)

    number_field = "code"
    number_prefix = "{year}-"
    number_width = 4
    date_field = "found_on"
    OPEN_STATUSES = frozenset(OPEN)

    objects = ProblemQuerySet.as_manager()
    history = HistoricalRecords()

    scope_fields = {"township": "township", "village": "village"}
    responsible_field = "responsible_user"
    # The responsible person sees their problem and moves it along (``act``: status, evidence)
    # whatever their role; the office and a village's secretary act on every problem they keep.
    policy = Policy(
        view=READ_ROLES | {RESPONSIBLE},
        add=VILLAGE_EDIT_ROLES,
        change=VILLAGE_EDIT_ROLES,
        act=VILLAGE_EDIT_ROLES | {RESPONSIBLE},
        stats=STATS_ROLES,  # section (五)'s figures (问题统计): the leadership and the secretaries
    )

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题台账"
        constraints = [
            models.UniqueConstraint(fields=["township", "code"], name="problem_unique_code"),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("found_on")),
                name="problem_deadline_not_before_found",
            ),
            models.CheckConstraint(
                condition=(Q(level=Level.VILLAGE) & Q(village__isnull=False))
                | (~Q(level=Level.VILLAGE) & Q(village__isnull=True)),
                name="problem_village_matches_level",
            ),
        ]
        indexes = [
            models.Index(fields=["township", "overdue", "deadline"]),
            models.Index(fields=["township", "level"]),
            models.Index(fields=["township", "status"]),
            models.Index(fields=["township", "channel"]),
            models.Index(fields=["township", "found_on"]),
            models.Index(fields=["township", "deadline"]),
            models.Index(fields=["village", "status"]),
            models.Index(fields=["village", "overdue", "deadline"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["responsible_user", "status"]),
        ]

    def __str__(self):
        text = self.description if len(self.description) <= 20 else self.description[:20] + "…"
        return f"{self.code} {text}"

    @property
    def place(self) -> str:
        """The owner as the ledger writes it: 党委, 领导班子 or the village's name."""
        return self.village.name if self.village_id else self.get_level_display()


class ProblemEvidence(EvidenceFile):
    """A file that shows a problem was fixed (photo, scan, document). Served only through a
    view that checks the problem's scope."""

    entry_field = "problem"
    evidence_dir = "issues/evidence"

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="evidence")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    # An evidence file is seen, and added, by whoever may see, and act on, its problem.
    scope_fields = {"township": "problem__township", "village": "problem__village"}
    responsible_field = "problem__responsible_user"
    policy = Policy(view=Problem.policy.roles("view"), add=Problem.policy.roles("act"))

    class Meta(EvidenceFile.Meta):
        verbose_name = "整改佐证材料"
        verbose_name_plural = "整改佐证材料"
