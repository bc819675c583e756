"""Township-level work: three-colour village management, weekly risk reviews and the risk ledger.

- ``VillageColour`` is the colour history of a village: a colour holds from its ``effective_from``
  date until the next entry. The colour on a day is the latest entry on or before it
  (``township.rules.colour_on`` is the rule; ``township.selectors.colour_at`` the same in SQL).
- ``RiskReview`` is a weekly meeting (周例会风险隐患分析研判) with per-village ``ReviewFinding`` rows;
  a finding with a colour decision writes a ``VillageColour`` entry from the meeting's date on.
- ``Risk`` is a row of a village's risk ledger (风险隐患村情台账).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import VILLAGE_EDIT_ROLES
from core.ledgers import GridLedgerEntry
from township.choices import Colour, ReviewLevel, RiskCategory, RiskLevel, RiskStatus

AREA = "places.Area"


class VillageColour(models.Model):
    """One entry of a village's colour history, decided at a weekly review with a reason."""

    township = models.ForeignKey(AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(AREA, verbose_name="行政村", on_delete=models.PROTECT, related_name="colours")
    colour = models.CharField("颜色", max_length=10, choices=Colour.choices)
    effective_from = models.DateField("起始日期")
    reason = models.TextField("理由")
    finding = models.OneToOneField(
        "township.ReviewFinding",
        verbose_name="研判记录",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="colour_entry",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}

    class Meta:
        verbose_name = "村颜色"
        verbose_name_plural = "村颜色历史"
        constraints = [
            models.UniqueConstraint(fields=["village", "effective_from"], name="villagecolour_one_per_day"),
            models.CheckConstraint(condition=~Q(reason=""), name="villagecolour_reason_required"),
        ]
        indexes = [models.Index(fields=["village", "-effective_from"]), models.Index(fields=["township", "colour"])]
        ordering = ["village", "-effective_from"]

    def __str__(self):
        return f"{self.village}：{self.get_colour_display()}（{self.effective_from} 起）"


class RiskReview(models.Model):
    """A weekly risk-review meeting (周例会风险隐患分析研判), township- or village-level."""

    township = models.ForeignKey(AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        AREA, verbose_name="行政村", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField("会议级别", max_length=10, choices=ReviewLevel.choices, default=ReviewLevel.TOWNSHIP)
    held_on = models.DateField("会议日期")
    attendees = models.TextField("参会人员", help_text="姓名之间用顿号或逗号分隔")
    summary = models.TextField("研判情况", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    scope_fields = {"township": "township", "village": "village"}
    # A township-level meeting (no village) decides the villages' colours: every user of the
    # township reads it, each seeing their own village's findings (docs/decisions/0011-township-wide-rows.md).
    township_wide_if_empty = "village"
    # Recorded by the office (every village) and a secretary (their own village's rows).
    policy = Policy(add=VILLAGE_EDIT_ROLES, change=VILLAGE_EDIT_ROLES)

    class Meta:
        verbose_name = "周例会"
        verbose_name_plural = "周例会"
        constraints = [
            models.UniqueConstraint(
                fields=["township", "held_on"], condition=Q(village__isnull=True), name="review_one_township_per_day"
            ),
            models.UniqueConstraint(
                fields=["village", "held_on"], condition=Q(village__isnull=False), name="review_one_village_per_day"
            ),
        ]
        indexes = [models.Index(fields=["township", "-held_on"]), models.Index(fields=["village", "-held_on"])]

    def __str__(self):
        place = self.village.name if self.village_id else ""
        return f"{self.held_on} {place}{self.get_level_display()}"

    @property
    def attendee_count(self) -> int:
        from township.rules import split_names

        return len(split_names(self.attendees))


class ReviewFinding(models.Model):
    """What a weekly review found about one village, and its colour decision (with a reason)."""

    review = models.ForeignKey(RiskReview, verbose_name="周例会", on_delete=models.CASCADE, related_name="findings")
    township = models.ForeignKey(AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(AREA, verbose_name="行政村", on_delete=models.PROTECT, related_name="review_findings")
    findings = models.TextField("研判发现", blank=True)
    colour = models.CharField("颜色决定", max_length=10, choices=Colour.choices, blank=True)
    reason = models.TextField("理由", blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}

    class Meta:
        verbose_name = "周例会研判记录"
        verbose_name_plural = "周例会研判记录"
        constraints = [
            models.UniqueConstraint(fields=["review", "village"], name="finding_one_per_village"),
            models.CheckConstraint(condition=Q(colour="") | ~Q(reason=""), name="finding_colour_needs_reason"),
        ]

    def __str__(self):
        return f"{self.review}：{self.village}"


class Risk(GridLedgerEntry):
    """A row of a village's risk ledger (风险隐患村情台账): a village ledger entry (``core.ledgers``)
    numbered FX年份-序号, found on a day, controlled until it is closed (销号)."""

    household = models.ForeignKey(
        "grids.Household", verbose_name="相关户", on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    title = models.CharField("隐患名称", max_length=200)
    category = models.CharField("类别", max_length=20, choices=RiskCategory.choices, db_index=True)
    level = models.CharField("等级", max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW, db_index=True)
    description = models.TextField("具体情况", blank=True)
    found_by = models.CharField("发现人", max_length=50)
    found_on = models.DateField("发现日期", db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_risks",
    )
    measures = models.TextField("管控措施", blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True, db_index=True)
    status = models.CharField("状态", max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN, db_index=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)

    history = HistoricalRecords()

    number_prefix = "FX{year}-"
    date_field = "found_on"
    OPEN_STATUSES = frozenset({RiskStatus.OPEN})

    class Meta:
        verbose_name = "风险隐患"
        verbose_name_plural = "风险隐患村情台账"
        constraints = [models.UniqueConstraint(fields=["township", "number"], name="risk_unique_number")]
        indexes = [
            models.Index(fields=["township", "status", "deadline"]),
            models.Index(fields=["village", "status"]),
            models.Index(fields=["village", "found_on"]),
            models.Index(fields=["grid", "found_on"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def is_overdue(self, today) -> bool:
        from township.rules import risk_overdue

        return risk_overdue(self.status, self.deadline, today)
