"""The progress report (工作进展情况报告): one per township (or village) and period, drafted, then issued.

- ``Report`` is the working copy for a place and a period: the office's text of section 二 and the
  closing phrases (kept with history), the gaps the office confirmed, and whether it is issued.
  Its figures are not stored: the draft always reads live data.
- ``ReportVersion`` is an issued report, frozen: its figures (JSON), its text (blocks, JSON), the
  appendix's chart data and the stored PDF and .docx. It never changes; a re-issue is a new version
  with a reason, the old one kept.
- ``RenderJob`` is one rendering of the files in a Celery task, with its progress for the page.
- ``FigureSet`` is a place's figures and chart data for a period as last computed from live data:
  what the report page and the county summary show, so that a page runs a small fixed number of
  queries however much data and however many townships there are (docs/decisions/0010-report-figure-sets.md).
"""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import REPORT_EDIT_ROLES, REPORT_ROLES
from reports.rules import Period, PeriodKind

AREA = "places.Area"

# Who may do what with reports: read and generate (``report``: draft, render files) — the office,
# leadership, secretaries (their village's version) and the county (read-only, every township);
# edit section 二, confirm gaps, issue and re-issue (``change``, ``issue``) — the office, and a
# secretary for their village's version.
REPORT_POLICY = Policy(
    view=REPORT_ROLES, add=REPORT_ROLES, report=REPORT_ROLES, change=REPORT_EDIT_ROLES, issue=REPORT_EDIT_ROLES
)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已出具"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


def report_file_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1]
    return f"reports/{instance.township_id}/{uuid.uuid4().hex}.{suffix}"


class Scoped(models.Model):
    """The township and (for a village version) village keys every report row carries for scope."""

    township = models.ForeignKey(AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        AREA, verbose_name="行政村", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    policy = REPORT_POLICY

    class Meta:
        abstract = True

    @property
    def node(self):
        return self.village if self.village_id else self.township


class Report(Scoped):
    """A township's (or a village's) progress report for one month, quarter or year."""

    period_kind = models.CharField("报告周期", max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField("起始日期")
    period_end = models.DateField("截止日期")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    section_two = models.TextField("存在问题及下步计划", blank=True)
    closing_experience = models.CharField("创出……经验", max_length=40, blank=True)
    closing_highlight = models.CharField("干出……靓点", max_length=40, blank=True)
    confirmed_gaps = models.JSONField("已确认的暂无数据项", default=list, blank=True)
    reissue_reason = models.CharField("重新出具理由", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "工作进展报告"
        verbose_name_plural = "工作进展报告"
        constraints = [
            models.UniqueConstraint(
                fields=["township", "period_kind", "period_start"],
                condition=models.Q(village__isnull=True),
                name="report_one_per_township_period",
            ),
            models.UniqueConstraint(
                fields=["village", "period_kind", "period_start"],
                condition=models.Q(village__isnull=False),
                name="report_one_per_village_period",
            ),
        ]
        indexes = [
            models.Index(fields=["township", "-period_start"]),
            models.Index(fields=["village", "-period_start"]),
        ]

    def __str__(self):
        return self.title

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def title(self) -> str:
        return f"{self.node.name}抓党建促基层治理能力提升专项行动工作进展情况报告（{self.period.label}）"

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED


class ReportVersion(Scoped):
    """An issued report, frozen: figures, text and files as they were when it was issued."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    reason = models.CharField("重新出具理由", max_length=200, blank=True)
    figures = models.JSONField("数据")
    blocks = models.JSONField("正文")
    appendix = models.JSONField("附图数据", default=dict)
    confirmed_gaps = models.JSONField("确认的暂无数据项", default=list)
    pdf = models.FileField("PDF", upload_to=report_file_path, blank=True, max_length=200)
    docx = models.FileField("Word", upload_to=report_file_path, blank=True, max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="出具人", on_delete=models.SET_NULL, null=True, blank=True
    )
    issued_at = models.DateTimeField("出具时间", auto_now_add=True)

    class Meta:
        verbose_name = "已出具报告"
        verbose_name_plural = "已出具报告"
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reportversion_unique_number")]
        ordering = ["report", "-number"]

    def __str__(self):
        return f"{self.report.title} 第{self.number}版"


class RenderJob(Scoped):
    """One rendering of a report's PDF and .docx in the background, with its progress."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="jobs")
    version = models.ForeignKey(
        ReportVersion, verbose_name="版本", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    step = models.CharField("当前步骤", max_length=100, blank=True)
    error = models.TextField("错误", blank=True)
    pdf = models.FileField("PDF", upload_to=report_file_path, blank=True, max_length=200)
    docx = models.FileField("Word", upload_to=report_file_path, blank=True, max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "报告生成任务"
        verbose_name_plural = "报告生成任务"
        indexes = [models.Index(fields=["report", "-created_at"])]

    def __str__(self):
        return f"{self.report} 生成任务 {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class FigureSet(Scoped):
    """The figures (``reports.sections.Figure`` as JSON, by key) and the appendix's chart data of a
    township (or a village) for one period, as computed from live data at ``computed_at``.

    Computing them runs every feature's selectors (about thirty queries); pages only read this row.
    It is recomputed whenever the office generates or refreshes the report, confirms gaps or issues
    it, whenever the files are rendered, and for the county summary in a background task; issuing and
    rendering always compute afresh, so files and issued versions never rest on an old set.
    """

    period_kind = models.CharField("报告周期", max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField("起始日期")
    period_end = models.DateField("截止日期")
    figures = models.JSONField("数据", default=dict)
    appendix = models.JSONField("附图数据", default=dict)
    computed_at = models.DateTimeField("汇总时间")

    class Meta:
        verbose_name = "报告数据"
        verbose_name_plural = "报告数据"
        constraints = [
            models.UniqueConstraint(
                fields=["township", "period_kind", "period_start"],
                condition=models.Q(village__isnull=True),
                name="figureset_one_per_township_period",
            ),
            models.UniqueConstraint(
                fields=["village", "period_kind", "period_start"],
                condition=models.Q(village__isnull=False),
                name="figureset_one_per_village_period",
            ),
        ]

    def __str__(self):
        return f"{self.node.name} {self.period_kind} {self.period_start} 数据"
