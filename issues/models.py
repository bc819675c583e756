"""Rectification ledgers (问题整改台账): problem categories, problems and their evidence.

A problem belongs to a township always, and to a village when it is a village organisation's
problem (村级党组织). Committee (党委) and leadership-team (领导班子) problems have no village, so
only township-scoped roles see them. The status workflow and its checks live in ``issues.rules``;
writes go through ``issues.services``.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import READ_ROLES, RESPONSIBLE, VILLAGE_EDIT_ROLES
from issues.choices import Channel, EvidenceKind, Level, Status
from issues.rules import OPEN


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

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    scope_fields = {"township": "township"}

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


class Problem(models.Model):
    """One problem of the ledger: what, whose, how it will be fixed, by whom, by when, and how it went."""

    code = models.CharField("问题编号", max_length=40, blank=True, help_text="留空则自动生成，如 2025-0001")
    township = models.ForeignKey(
        "places.Area",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "township"},
    )
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
    responsible_name = models.CharField("责任人", max_length=50)
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
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def place(self) -> str:
        """The owner as the ledger writes it: 党委, 领导班子 or the village's name."""
        return self.village.name if self.village_id else self.get_level_display()


def evidence_path(instance, filename):
    # Never use the uploaded name in the path; it is kept in original_name for display.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"issues/evidence/{instance.problem.township_id}/{uuid.uuid4().hex}{suffix}"


class ProblemEvidence(models.Model):
    """A file that shows a problem was fixed (photo, scan, document). Served only through a
    view that checks the problem's scope."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8, choices=EvidenceKind.choices)
    size = models.PositiveIntegerField("大小（字节）")
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    # An evidence file is seen, and added, by whoever may see, and act on, its problem.
    scope_fields = {"township": "problem__township", "village": "problem__village"}
    responsible_field = "problem__responsible_user"
    policy = Policy(view=Problem.policy.roles("view"), add=Problem.policy.roles("act"))

    class Meta:
        verbose_name = "整改佐证材料"
        verbose_name_plural = "整改佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
