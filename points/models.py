"""Party-member points (积分管理): the rule book, point entries, claims, rankings and notices.

- A township keeps one rule book (积分制管理办法) a year: categories, items worth points up or down,
  caps per month or year, and tier overrides (分层量化) where a tier's points or caps differ.
  It applies to its pilot villages first (试点), then to every village from a date.
- Point entries are a ledger: never edited or deleted. A mistake is undone by a reversing entry
  that references the original; both stay in the history.
- A ranking snapshot holds the ranks of one period (month, quarter, year) in one township for one
  scope (overall, per village, per tier). Recomputing replaces a draft; publishing (公示) freezes it;
  a later correction is a new version with a note, the old one kept.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import MEMBER_ROLES, OFFICE_ROLES, STATS_ROLES, VILLAGE_EDIT_ROLES
from core import dates
from grids.choices import MemberTier
from places.models import TownshipWideQuerySet
from points import rules
from points.choices import ClaimStatus, EntrySource, PeriodKind, PointUse, ScopeKind, SnapshotStatus

ENTRY_IMMUTABLE = "积分记录不能修改或删除；如有错误，请登记撤销（冲正）记录"

TOWNSHIP = {"kind": "township"}
VILLAGE = {"kind": "village"}


class RuleBook(models.Model):
    """A township's points rule book for one year (《*镇农村党员干部积分制管理办法》)."""

    township = models.ForeignKey(
        "places.Area", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("办法名称", max_length=200, help_text="如：凤城镇农村党员干部积分制管理办法")
    pilot_villages = models.ManyToManyField(
        "places.Area", verbose_name="试点村", related_name="+", blank=True, limit_choices_to=VILLAGE
    )
    applies_to_all = models.BooleanField("全面推行", default=False, help_text="勾选后，自推行日期起适用于全镇各村")
    all_from = models.DateField("全面推行日期", null=True, blank=True, help_text="留空表示全年适用于全镇")
    preamble = models.TextField("总则", blank=True, help_text="印在办法正文前的说明")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    # The township's rule book: read by the leadership and the secretaries, kept by the office.
    policy = Policy(view=STATS_ROLES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分制管理办法"
        verbose_name_plural = "积分制管理办法"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["township", "year"], name="rulebook_one_per_year")]

    def __str__(self):
        return f"《{self.title}》（{self.year}年）"

    def covers(self, village_id, on_date, pilot_ids=None) -> bool:
        """Whether this rule book applies to a village on a day (pass ``pilot_ids`` to save a query)."""
        if pilot_ids is None:
            pilot_ids = [v.pk for v in self.pilot_villages.all()]
        return rules.rule_book_covers(
            pilot_village_ids=pilot_ids,
            applies_to_all=self.applies_to_all,
            all_from=self.all_from,
            village_id=village_id,
            on_date=on_date,
        )


class RuleCategory(models.Model):
    """A category of items (森林防火, 疫情防控, 组织生活, …)."""

    rule_book = models.ForeignKey(
        RuleBook, verbose_name="积分办法", on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField("类别", max_length=50)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "积分类别"
        verbose_name_plural = "积分类别"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["rule_book", "name"], name="rulecategory_unique_name")]

    def __str__(self):
        return self.name


class RuleItem(models.Model):
    """One item of a rule book: what earns or costs points, how many, and the caps."""

    township = models.ForeignKey(
        "places.Area", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    rule_book = models.ForeignKey(RuleBook, verbose_name="积分办法", on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(RuleCategory, verbose_name="类别", on_delete=models.PROTECT, related_name="items")
    code = models.CharField("编码", max_length=20)
    name = models.CharField("积分项目", max_length=200)
    points = models.SmallIntegerField("分值", help_text="每次加分为正数，扣分为负数")
    cap_month = models.PositiveSmallIntegerField("每月上限", null=True, blank=True, help_text="留空表示不设上限")
    cap_year = models.PositiveSmallIntegerField("每年上限", null=True, blank=True, help_text="留空表示不设上限")
    claimable = models.BooleanField("党员可申报", default=True)
    criteria = models.CharField("评分标准", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    policy = Policy(view=STATS_ROLES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分项目"
        verbose_name_plural = "积分项目"
        ordering = ["category__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_book", "code"], name="ruleitem_unique_code"),
            models.CheckConstraint(condition=~Q(points=0), name="ruleitem_points_not_zero"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def default_terms(self) -> rules.Terms:
        return rules.Terms(self.points, self.cap_month, self.cap_year)

    def terms_for(self, tier: str, overrides=None) -> rules.Terms:
        """Points and caps for a tier; pass prefetched ``overrides`` (a list) to save a query."""
        overrides = self.tiers.all() if overrides is None else overrides
        override = next((o for o in overrides if o.tier == tier), None)
        return rules.effective_terms(self.default_terms, override.as_terms() if override else None)


class RuleItemTier(models.Model):
    """Where a tier's points or caps differ from the item's (分层量化); empty values inherit."""

    item = models.ForeignKey(RuleItem, verbose_name="积分项目", on_delete=models.CASCADE, related_name="tiers")
    tier = models.CharField("积分分层", max_length=20, choices=MemberTier.choices)
    points = models.SmallIntegerField("分值", null=True, blank=True)
    cap_month = models.PositiveSmallIntegerField("每月上限", null=True, blank=True)
    cap_year = models.PositiveSmallIntegerField("每年上限", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "分层分值"
        verbose_name_plural = "分层分值"
        constraints = [
            models.UniqueConstraint(fields=["item", "tier"], name="ruleitemtier_unique_tier"),
            models.CheckConstraint(condition=~Q(points=0), name="ruleitemtier_points_not_zero"),
        ]

    def __str__(self):
        return f"{self.item.code} {self.get_tier_display()}"

    def as_terms(self) -> rules.Terms:
        return rules.Terms(self.points, self.cap_month, self.cap_year)


class PointThreshold(models.Model):
    """A line the office draws for a use of points (e.g. 金融服务: AAA级信用 from 120 a year)."""

    rule_book = models.ForeignKey(
        RuleBook, verbose_name="积分办法", on_delete=models.CASCADE, related_name="thresholds"
    )
    use = models.CharField("积分运用", max_length=20, choices=PointUse.choices)
    label = models.CharField("等级或名称", max_length=50, help_text="如：优秀党员候选、AAA级信用")
    period_kind = models.CharField("依据", max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    min_total = models.IntegerField("积分不低于")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分运用标准"
        verbose_name_plural = "积分运用标准"
        ordering = ["use", "period_kind", "-min_total"]
        constraints = [
            models.UniqueConstraint(fields=["rule_book", "use", "period_kind", "label"], name="threshold_unique_label")
        ]

    def __str__(self):
        return f"{self.get_use_display()}·{self.label}（{self.get_period_kind_display()}≥{self.min_total}分）"

    def as_rule(self) -> rules.Threshold:
        return rules.Threshold(self.use, self.get_use_display(), self.label, self.min_total)


class PointEvent(models.Model):
    """An occasion recorded for many members at once (e.g. 20 members on forest-fire duty)."""

    township = models.ForeignKey(
        "places.Area", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    village = models.ForeignKey(
        "places.Area",
        verbose_name="行政村",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to=VILLAGE,
    )
    item = models.ForeignKey(RuleItem, verbose_name="积分项目", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("活动名称", max_length=200)
    occurred_on = models.DateField("日期")
    member_count = models.PositiveIntegerField("人数", default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}

    class Meta:
        verbose_name = "积分活动"
        verbose_name_plural = "积分活动"

    def __str__(self):
        return f"{dates.label(self.occurred_on, dates.FULL)} {self.title}"


class PointEntryQuerySet(ScopedQuerySet):
    """Entries are a ledger: bulk updates and deletes are refused as well."""

    def update(self, **kwargs):
        raise ValidationError(ENTRY_IMMUTABLE)

    def delete(self):
        raise ValidationError(ENTRY_IMMUTABLE)


class PointEntry(models.Model):
    """Points given to (or taken from) one member for one item on one day. Never edited."""

    township = models.ForeignKey(
        "places.Area",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=TOWNSHIP,
        db_index=False,
    )
    village = models.ForeignKey(
        "places.Area",
        verbose_name="行政村",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=VILLAGE,
        db_index=False,
    )
    member = models.ForeignKey(
        "grids.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="point_entries", db_index=False
    )
    item = models.ForeignKey(RuleItem, verbose_name="积分项目", on_delete=models.PROTECT, related_name="entries")
    occurred_on = models.DateField("日期")
    points = models.SmallIntegerField("分值")
    source = models.CharField("来源", max_length=10, choices=EntrySource.choices, default=EntrySource.RECORD)
    note = models.CharField("说明", max_length=300, blank=True)
    event = models.ForeignKey(
        PointEvent,
        verbose_name="活动",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        db_index=False,
    )
    reverses = models.OneToOneField(
        "self", verbose_name="撤销的记录", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = PointEntryQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    owner_field = "member"
    # A 党员 sees their own entries; the office and a village's secretary record and reverse them.
    policy = Policy(view=STATS_ROLES, add=VILLAGE_EDIT_ROLES, change=VILLAGE_EDIT_ROLES, reverse=VILLAGE_EDIT_ROLES)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = "积分记录"
        verbose_name_plural = "积分记录"
        indexes = [
            # Rankings sum a township's entries over a period from this index alone (member and
            # points are key columns rather than INCLUDE ones, which SQLite lacks).
            models.Index(fields=["township", "occurred_on", "member", "points"], name="entry_township_day"),
            models.Index(fields=["village", "occurred_on"], name="entry_village_day"),
            models.Index(fields=["member", "occurred_on"], name="entry_member_day"),
            models.Index(fields=["event"], condition=Q(event__isnull=False), name="entry_event"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="entry_points_not_zero"),
            models.CheckConstraint(
                condition=Q(source=EntrySource.REVERSAL, reverses__isnull=False)
                | (~Q(source=EntrySource.REVERSAL) & Q(reverses__isnull=True)),
                name="entry_reversal_has_original",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.points:+d}分"

    @property
    def number(self) -> str:
        """The entry's number (编号) printed in handbooks and exports; it identifies the row."""
        return f"JF{self.pk:08d}" if self.pk else ""

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(ENTRY_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(ENTRY_IMMUTABLE)


def claim_evidence_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"points/claims/{timezone.localdate():%Y/%m}/{instance.member_id}-{timezone.now():%H%M%S%f}.{suffix}"


class PointClaim(models.Model):
    """A member's claim for points, with evidence, approved or rejected by the secretary."""

    township = models.ForeignKey(
        "places.Area", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    village = models.ForeignKey(
        "places.Area", verbose_name="行政村", on_delete=models.PROTECT, related_name="+", limit_choices_to=VILLAGE
    )
    member = models.ForeignKey(
        "grids.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="point_claims"
    )
    item = models.ForeignKey(RuleItem, verbose_name="积分项目", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("日期")
    description = models.TextField("事由")
    evidence = models.FileField("佐证材料", upload_to=claim_evidence_path, max_length=200)
    status = models.CharField("状态", max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.CharField("审核意见", max_length=300, blank=True)
    entry = models.OneToOneField(
        PointEntry, verbose_name="积分记录", on_delete=models.PROTECT, null=True, blank=True, related_name="claim"
    )
    created_at = models.DateTimeField("申报时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    owner_field = "member"
    # A 党员 files and sees their own claims; the office and the village's secretary decide them.
    policy = Policy(view=STATS_ROLES, add=MEMBER_ROLES, decide=VILLAGE_EDIT_ROLES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分申报"
        verbose_name_plural = "积分申报"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["village", "status", "created_at"], name="claim_village_status"),
            models.Index(fields=["township", "status", "created_at"], name="claim_township_status"),
        ]

    def __str__(self):
        return f"{self.member.name}·{self.item.name}（{self.get_status_display()}）"


class RankingSnapshot(models.Model):
    """The ranks of one period in one township for one scope; see the module docstring."""

    township = models.ForeignKey(
        "places.Area", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    period_kind = models.CharField("榜单", max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束")
    scope_kind = models.CharField("排名范围", max_length=10, choices=ScopeKind.choices)
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=10, choices=SnapshotStatus.choices, default=SnapshotStatus.DRAFT)
    note = models.TextField("更正说明", blank=True)
    member_count = models.PositiveIntegerField("参评人数", default=0)
    computed_at = models.DateTimeField("计算时间", default=timezone.now)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公示人", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    # Rankings: read by the leadership and the secretaries; computed, published, corrected and
    # rendered by the office.
    policy = Policy(
        view=STATS_ROLES, compute=OFFICE_ROLES, publish=OFFICE_ROLES, correct=OFFICE_ROLES, render=OFFICE_ROLES
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "积分排行"
        verbose_name_plural = "积分排行"
        ordering = ["-period_start", "period_kind", "scope_kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "period_kind", "period_start", "scope_kind", "version"],
                name="ranking_unique_version",
            ),
            # At most one draft per period and scope: recomputing replaces it, never duplicates it.
            models.UniqueConstraint(
                fields=["township", "period_kind", "period_start", "scope_kind"],
                condition=Q(status=SnapshotStatus.DRAFT),
                name="ranking_one_draft",
            ),
        ]
        indexes = [models.Index(fields=["township", "period_start", "period_kind"], name="ranking_township_period")]

    def __str__(self):
        return (
            f"{self.period_label}{self.get_period_kind_display()}·{self.get_scope_kind_display()}（第{self.version}版）"
        )

    @property
    def period_label(self) -> str:
        return rules.period_label(self.period_kind, self.period_start)

    @property
    def is_published(self) -> bool:
        return self.status == SnapshotStatus.PUBLISHED


class RankingRow(models.Model):
    """One member's total and rank in a snapshot. Written only by the ranking SQL.

    Derived data: every key is copied by that one statement from the rows it points to (the
    snapshot being written and the member row the total is summed for), so the database is not
    asked to re-check them. Four deferred foreign-key checks per row would cost about a quarter of
    a second at commit for one township's month — five times the budget for computing it.
    Deleting a snapshot still deletes its rows, and a member with rows still cannot be deleted:
    Django's ``on_delete`` does both. The key is (snapshot, member), the table's only index: a
    member appears once per snapshot, a member's rows across a year's snapshots are found through
    it (the handbook), and a page of a snapshot reads the snapshot's rows through it and keeps the
    top hundred by rank (a township has about 1,500 members: a sort in memory).
    """

    pk = models.CompositePrimaryKey("snapshot", "member")
    snapshot = models.ForeignKey(
        RankingSnapshot, on_delete=models.CASCADE, related_name="rows", db_index=False, db_constraint=False
    )
    member = models.ForeignKey(
        "grids.Member",
        verbose_name="党员",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    township = models.ForeignKey(
        "places.Area",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    village = models.ForeignKey(
        "places.Area",
        verbose_name="行政村",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    tier = models.CharField("积分分层", max_length=20, choices=MemberTier.choices)
    total = models.IntegerField("积分")
    rank = models.PositiveIntegerField("名次")

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    owner_field = "member"

    class Meta:
        verbose_name = "排行名次"
        verbose_name_plural = "排行名次"


def notice_path(instance, filename):
    return f"points/notices/{instance.snapshot.period_start:%Y}/{filename}"


class RankingNotice(models.Model):
    """The printable notice (公示) of a published snapshot: the township's, or one village's."""

    snapshot = models.ForeignKey(RankingSnapshot, on_delete=models.CASCADE, related_name="notices")
    township = models.ForeignKey("places.Area", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "places.Area", verbose_name="行政村", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    title = models.CharField("标题", max_length=200)
    file = models.FileField("公示文件", upload_to=notice_path, max_length=200)
    row_count = models.PositiveIntegerField("人数", default=0)
    rendered_at = models.DateTimeField("生成时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    # The township's notice (overall and tier rankings: no village) is read by every secretary of
    # the township, as the ranking it prints is (docs/decisions/0011-township-wide-rows.md).
    township_wide_if_empty = "village"
    policy = Policy(view=STATS_ROLES)

    class Meta:
        verbose_name = "排行公示"
        verbose_name_plural = "排行公示"
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "village"], condition=Q(village__isnull=False), name="notice_one_per_village"
            ),
            models.UniqueConstraint(
                fields=["snapshot"], condition=Q(village__isnull=True), name="notice_one_per_township"
            ),
        ]

    def __str__(self):
        return self.title
