"""Star ratings (评星定级), section (六) of the source report.

- ``StarSettings``: a township's settings for one year (publicity days, the honours threshold, the
  secretary rule's thresholds and rating date, the pay base and coefficients); defaults when unsaved.
- ``Criterion``: one criterion of a township's yearly standard ("五新八有十星"), in its group.
- ``RatingRound``: a township's yearly branch rating round, 自评中 → 镇审核中 → 公示中 → 已定级.
- ``BranchRating``: one village's rating in a round, versioned: a final rating is frozen and a later
  change (降星) is a new version with a reason, the old one kept (``is_current`` marks the newest).
- ``CriterionMark``: one criterion of one rating: the secretary's self-assessment and the township's
  review side by side; ``MarkEvidence`` its files.
- ``Secretary`` (with ``SecretaryAppraisal`` and ``SecretaryRecord``: appraisals, rewards and
  punishments) and ``SecretaryRun`` / ``SecretaryRating``: the yearly secretary rating, a draft the
  office reviews and publishes, frozen when published.
- ``StarNotice``: a stored 评星结果公示 PDF.

The rules are in ``stars.rules``; every write goes through ``stars.services``.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import LEADERSHIP_ROLES, OFFICE_ROLES, SECRETARY_ROLES, STATS_ROLES
from core.evidence import EvidenceFile
from places.models import TownshipWideQuerySet
from stars import rules
from stars.choices import STAR_LABELS, Appraisal, Check, NoticeKind, RecordKind, RecordLevel, RoundStatus, RunStatus

AREA = "places.Area"
TOWNSHIP = {"kind": "township"}
VILLAGE = {"kind": "village"}

# Who may do what (accounts.access): the county, leadership and office read everything of their
# townships, a secretary their own village; grid staff and party members see nothing of star ratings.
# Office staff keep the standard and the secretaries' records, review, publish and export; only a
# village's secretary self-assesses (and adds evidence to) its rating.
READ = STATS_ROLES
KEEPING = Policy(view=READ, add=OFFICE_ROLES, change=OFFICE_ROLES, delete=OFFICE_ROLES)
RATING = Policy(
    view=READ,
    add=OFFICE_ROLES,
    change=OFFICE_ROLES,
    review=OFFICE_ROLES,
    publish=OFFICE_ROLES,
    self_assess=SECRETARY_ROLES,
)


def _township(verbose="乡镇"):
    return models.ForeignKey(
        AREA, verbose_name=verbose, on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )


def _village(verbose="行政村"):
    return models.ForeignKey(
        AREA, verbose_name=verbose, on_delete=models.PROTECT, related_name="+", limit_choices_to=VILLAGE
    )


def _user(verbose):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class StarSettings(models.Model):
    """A township's settings for one year's ratings. A year without a saved row uses the defaults
    (``StarSettings.defaults``)."""

    township = _township()
    year = models.PositiveSmallIntegerField("年度")
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=rules.DEFAULT_PUBLICITY_DAYS)
    honours_threshold = models.PositiveSmallIntegerField(
        "评先评优最低星级", default=rules.DEFAULT_HONOURS_THRESHOLD, help_text="党支部达到此星级方可参加评先评优"
    )
    secretary_rating_on = models.DateField(
        "书记评星日期", null=True, blank=True, help_text="留空为当年1月15日；到这一天系统自动生成书记评星草稿"
    )
    three_star_years = models.PositiveSmallIntegerField("三星：任职满（年）", default=5)
    three_star_excellent = models.PositiveSmallIntegerField("三星：优秀至少（次）", default=2)
    two_star_years = models.PositiveSmallIntegerField("二星：任职满（年）", default=3)
    two_star_excellent = models.PositiveSmallIntegerField("二星：优秀至少（次）", default=1)
    appraisals_counted = models.PositiveSmallIntegerField("计入最近几次年度考核", default=3)
    record_years = models.PositiveSmallIntegerField("奖惩计入近几年", default=3)
    reward_level = models.CharField(
        "视同一次优秀的表彰级别（及以上）", max_length=10, choices=RecordLevel.choices, default=RecordLevel.COUNTY
    )
    base_amount = models.DecimalField(
        "书记基本报酬（元/年）", max_digits=10, decimal_places=2, default=Decimal("30000")
    )
    coefficient_three = models.DecimalField("三星报酬系数", max_digits=4, decimal_places=2, default=Decimal("1.20"))
    coefficient_two = models.DecimalField("二星报酬系数", max_digits=4, decimal_places=2, default=Decimal("1.10"))
    coefficient_one = models.DecimalField("一星报酬系数", max_digits=4, decimal_places=2, default=Decimal("1.00"))
    coefficient_none = models.DecimalField("不评星报酬系数", max_digits=4, decimal_places=2, default=Decimal("1.00"))
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = TownshipWideQuerySet.as_manager()
    policy = Policy(view=LEADERSHIP_ROLES, add=OFFICE_ROLES, change=OFFICE_ROLES)
    scope_fields = TownshipWideQuerySet.scope_fields
    history = HistoricalRecords()

    class Meta:
        verbose_name = "评星年度设置"
        verbose_name_plural = "评星年度设置"
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="starsettings_one_per_year"),
            models.CheckConstraint(condition=Q(publicity_days__gte=1), name="starsettings_publicity_days_min_1"),
        ]

    def __str__(self):
        return f"{self.township}{self.year}年度评星设置"

    @classmethod
    def defaults(cls, township, year):
        return cls(township=township, year=year)

    @property
    def rating_day(self) -> datetime.date:
        """The day the secretary rating of this year is computed."""
        return self.secretary_rating_on or datetime.date(self.year, 1, 15)

    @property
    def thresholds(self) -> rules.SecretaryThresholds:
        return rules.SecretaryThresholds(
            three_star_years=self.three_star_years,
            three_star_excellent=self.three_star_excellent,
            two_star_years=self.two_star_years,
            two_star_excellent=self.two_star_excellent,
            appraisals_counted=self.appraisals_counted,
            record_years=self.record_years,
            reward_level=self.reward_level,
        )

    @property
    def coefficients(self) -> dict[int, Decimal]:
        return {3: self.coefficient_three, 2: self.coefficient_two, 1: self.coefficient_one, 0: self.coefficient_none}


class Criterion(models.Model):
    """One criterion of a township's standard for a year: what counts as meeting it, what evidence is
    expected, and (optionally) the figure from other apps that checks it."""

    township = _township()
    year = models.PositiveSmallIntegerField("年度")
    group = models.CharField("分组", max_length=20, blank=True, help_text="如：五新、八有")
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("评星标准", max_length=60)
    requirement = models.TextField("达标要求", help_text="怎样算达到这一项")
    evidence_expected = models.CharField("佐证材料", max_length=200, blank=True, help_text="应提供哪些佐证材料")
    evidence_required = models.BooleanField("须上传佐证", default=False, help_text="自评“达标”时必须上传佐证材料")
    auto_check = models.CharField("自动核验", max_length=20, choices=Check.choices, blank=True)

    objects = TownshipWideQuerySet.as_manager()
    policy = KEEPING
    scope_fields = TownshipWideQuerySet.scope_fields
    history = HistoricalRecords()

    class Meta:
        verbose_name = "评星标准"
        verbose_name_plural = "评星标准"
        ordering = ["-year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year", "order"], name="criterion_unique_order"),
            models.UniqueConstraint(fields=["township", "year", "name"], name="criterion_unique_name"),
        ]
        indexes = [models.Index(fields=["township", "year", "order"])]

    def __str__(self):
        return f"{self.year}年 {self.order}. {self.name}"


class RatingRound(models.Model):
    """A township's branch rating round for one year (see ``stars.rules`` for its steps)."""

    township = _township()
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.SELF)
    opened_on = models.DateField("开始日期")
    opened_by = _user("发起人")
    self_closed_on = models.DateField("自评结束日期", null=True, blank=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    published_by = _user("公示人")
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=rules.DEFAULT_PUBLICITY_DAYS)
    final_on = models.DateField("定级日期", null=True, blank=True, help_text="公示期满的次日")
    finalised_at = models.DateTimeField("定级记录时间", null=True, blank=True)
    honours_threshold = models.PositiveSmallIntegerField("评先评优最低星级", default=rules.DEFAULT_HONOURS_THRESHOLD)

    objects = TownshipWideQuerySet.as_manager()
    policy = RATING
    scope_fields = TownshipWideQuerySet.scope_fields
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党支部评星"
        verbose_name_plural = "党支部评星"
        ordering = ["-year", "township__code"]
        constraints = [models.UniqueConstraint(fields=["township", "year"], name="round_one_per_year")]
        indexes = [models.Index(fields=["status", "final_on"])]

    def __str__(self):
        return f"{self.township}{self.year}年度党支部评星"

    def status_on(self, today: datetime.date) -> str:
        return rules.effective_status(self.status, self.final_on, today)

    def status_label_on(self, today: datetime.date) -> str:
        return RoundStatus(self.status_on(today)).label


class BranchRatingQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(is_current=True)


class BranchRating(models.Model):
    """One village branch's rating in a round, one row per version; the counts follow its marks."""

    round = models.ForeignKey(RatingRound, verbose_name="评星年度", on_delete=models.PROTECT, related_name="ratings")
    township = _township()
    village = _village()
    version = models.PositiveSmallIntegerField("版本", default=1)
    is_current = models.BooleanField("现行版本", default=True)
    self_stars = models.PositiveSmallIntegerField("自评星级", default=0)
    stars = models.PositiveSmallIntegerField("审核星级", default=0)
    self_done = models.PositiveSmallIntegerField("已自评项数", default=0)
    reviewed_done = models.PositiveSmallIntegerField("已审核项数", default=0)
    effective_on = models.DateField("生效日期", null=True, blank=True, help_text="定级日期，或调整生效的日期")
    reason = models.TextField("调整理由", blank=True)
    supersedes = models.OneToOneField(
        "self", verbose_name="取代的版本", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    created_by = _user("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = BranchRatingQuerySet.as_manager()
    policy = RATING
    scope_fields = {"township": "township", "village": "village"}

    class Meta:
        verbose_name = "党支部星级"
        verbose_name_plural = "党支部星级"
        constraints = [
            models.UniqueConstraint(fields=["round", "village", "version"], name="rating_unique_version"),
            models.UniqueConstraint(
                fields=["round", "village"], condition=Q(is_current=True), name="rating_one_current"
            ),
        ]
        indexes = [
            models.Index(fields=["round", "is_current"]),
            models.Index(fields=["village", "round"]),
            models.Index(fields=["township", "effective_on"]),
        ]

    def __str__(self):
        return f"{self.village}{self.round.year}年度（第{self.version}版）"


class CriterionMark(models.Model):
    """One criterion of one rating: self-assessed by the secretary, reviewed by the township."""

    rating = models.ForeignKey(BranchRating, verbose_name="党支部星级", on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(Criterion, verbose_name="评星标准", on_delete=models.PROTECT, related_name="marks")
    township = _township()
    village = _village()
    self_met = models.BooleanField("自评", null=True, blank=True)
    self_note = models.TextField("自评说明", blank=True)
    self_by = _user("自评人")
    self_at = models.DateTimeField("自评时间", null=True, blank=True)
    reviewed_met = models.BooleanField("审核结论", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    reviewed_by = _user("审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    policy = RATING
    scope_fields = {"township": "township", "village": "village"}
    history = HistoricalRecords()

    class Meta:
        verbose_name = "评星评分"
        verbose_name_plural = "党支部评星明细"
        constraints = [models.UniqueConstraint(fields=["rating", "criterion"], name="mark_one_per_criterion")]
        indexes = [models.Index(fields=["village", "rating"])]

    def __str__(self):
        return f"{self.village} · {self.criterion.name}"

    @property
    def overruled(self) -> bool:
        return self.self_met is not None and self.reviewed_met is not None and self.self_met != self.reviewed_met


class MarkEvidence(EvidenceFile):
    """A file that shows a criterion is met (photo, scan, document); seen by whoever may see the
    village's rating, added by its secretary while self-assessment is open."""

    entry_field = "mark"
    evidence_dir = "stars/evidence"

    mark = models.ForeignKey(CriterionMark, verbose_name="评星明细", on_delete=models.CASCADE, related_name="evidence")

    objects = ScopedQuerySet.as_manager()
    policy = Policy(view=READ, add=SECRETARY_ROLES, delete=SECRETARY_ROLES)
    scope_fields = {"township": "mark__township", "village": "mark__village"}

    class Meta(EvidenceFile.Meta):
        verbose_name = "评星佐证材料"
        verbose_name_plural = "评星佐证材料"


# --- secretaries -------------------------------------------------------------------------------


class Secretary(models.Model):
    """A village party branch secretary: appointment and (when they left) the end of office."""

    township = _township()
    village = _village()
    member = models.ForeignKey(
        "grids.Member",
        verbose_name="对应党员",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField("姓名", max_length=50)
    appointed_on = models.DateField("任职日期")
    left_on = models.DateField("离任日期", null=True, blank=True, help_text="现任书记留空")
    notes = models.TextField("备注", blank=True)

    objects = ScopedQuerySet.as_manager()
    policy = KEEPING
    scope_fields = {"township": "township", "village": "village"}
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党支部书记"
        verbose_name_plural = "党支部书记"
        ordering = ["village__code", "-appointed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["village"], condition=Q(left_on__isnull=True), name="secretary_one_serving_per_village"
            ),
            models.UniqueConstraint(fields=["village", "name", "appointed_on"], name="secretary_unique_term"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("appointed_on")), name="secretary_left_after"
            ),
        ]
        indexes = [models.Index(fields=["township", "left_on"])]

    def __str__(self):
        return f"{self.name}（{self.village}）"

    @property
    def serving(self) -> bool:
        return self.left_on is None


class SecretaryAppraisal(models.Model):
    """One year's appraisal result (年度考核结果) of a secretary."""

    secretary = models.ForeignKey(Secretary, verbose_name="书记", on_delete=models.CASCADE, related_name="appraisals")
    township = _township()
    village = _village()
    year = models.PositiveSmallIntegerField("考核年度")
    result = models.CharField("考核结果", max_length=12, choices=Appraisal.choices)

    objects = ScopedQuerySet.as_manager()
    policy = KEEPING
    scope_fields = {"township": "township", "village": "village"}
    history = HistoricalRecords()

    class Meta:
        verbose_name = "书记年度考核"
        verbose_name_plural = "书记年度考核"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["secretary", "year"], name="appraisal_one_per_year")]

    def __str__(self):
        return f"{self.secretary.name} {self.year}年度：{self.get_result_display()}"


class SecretaryRecord(models.Model):
    """A reward (奖励) or punishment (处分) of a secretary: level, date, what."""

    secretary = models.ForeignKey(Secretary, verbose_name="书记", on_delete=models.CASCADE, related_name="records")
    township = _township()
    village = _village()
    kind = models.CharField("类别", max_length=12, choices=RecordKind.choices)
    level = models.CharField("级别", max_length=10, choices=RecordLevel.choices)
    on = models.DateField("日期")
    what = models.CharField("事由", max_length=200)

    objects = ScopedQuerySet.as_manager()
    policy = KEEPING
    scope_fields = {"township": "township", "village": "village"}
    history = HistoricalRecords()

    class Meta:
        verbose_name = "书记奖惩"
        verbose_name_plural = "书记奖惩"
        ordering = ["-on"]
        constraints = [
            models.UniqueConstraint(fields=["secretary", "kind", "on", "what"], name="record_unique"),
        ]

    def __str__(self):
        return f"{self.secretary.name} {self.on} {self.get_kind_display()}：{self.what}"


class SecretaryRun(models.Model):
    """A township's yearly secretary rating: computed (by beat on the set day, or on request) into a
    draft that the office reviews and publishes; frozen when published."""

    township = _township()
    year = models.PositiveSmallIntegerField("年度")
    rated_on = models.DateField("评定日期")
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    computed_at = models.DateTimeField("计算时间")
    computed_by = _user("计算人")
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_by = _user("发布人")
    base_amount = models.DecimalField("基本报酬（元/年）", max_digits=10, decimal_places=2)

    objects = TownshipWideQuerySet.as_manager()
    policy = Policy(view=READ, add=OFFICE_ROLES, change=OFFICE_ROLES, publish=OFFICE_ROLES, export=OFFICE_ROLES)
    scope_fields = TownshipWideQuerySet.scope_fields
    history = HistoricalRecords()

    class Meta:
        verbose_name = "书记评星"
        verbose_name_plural = "书记评星"
        ordering = ["-year", "township__code"]
        constraints = [models.UniqueConstraint(fields=["township", "year"], name="secretaryrun_one_per_year")]

    def __str__(self):
        return f"{self.township}{self.year}年党支部书记评星"

    @property
    def is_published(self) -> bool:
        return self.status == RunStatus.PUBLISHED


class SecretaryRating(models.Model):
    """One secretary's stars in a run: what the rule gave, what the office settled, and why."""

    run = models.ForeignKey(SecretaryRun, verbose_name="书记评星", on_delete=models.CASCADE, related_name="ratings")
    secretary = models.ForeignKey(Secretary, verbose_name="书记", on_delete=models.PROTECT, related_name="ratings")
    township = _township()
    village = _village()
    name = models.CharField("姓名", max_length=50)
    appointed_on = models.DateField("任职日期")
    computed_stars = models.PositiveSmallIntegerField("按规则星级")
    stars = models.PositiveSmallIntegerField("星级")
    new = models.BooleanField("任职不满一年", default=False)
    reasons = models.TextField("评星理由")
    override_reason = models.TextField("调整理由", blank=True)
    tenure_years = models.PositiveSmallIntegerField("任职年限", default=0)
    excellent = models.PositiveSmallIntegerField("优秀次数", default=0)
    coefficient = models.DecimalField("报酬系数", max_digits=4, decimal_places=2)
    amount = models.DecimalField("测算报酬（元）", max_digits=10, decimal_places=2)

    objects = ScopedQuerySet.as_manager()
    policy = Policy(view=READ, change=OFFICE_ROLES)
    scope_fields = {"township": "township", "village": "village"}
    history = HistoricalRecords()

    class Meta:
        verbose_name = "书记星级"
        verbose_name_plural = "书记星级"
        constraints = [models.UniqueConstraint(fields=["run", "secretary"], name="secretaryrating_one_per_run")]
        indexes = [models.Index(fields=["run", "stars"])]

    def __str__(self):
        return f"{self.name}：{self.label}"

    @property
    def label(self) -> str:
        return STAR_LABELS[self.stars]

    @property
    def adjusted(self) -> bool:
        return self.stars != self.computed_stars


def notice_path(instance, filename):
    return f"stars/notices/{instance.township_id}/{uuid.uuid4().hex}.pdf"


class StarNotice(models.Model):
    """A stored 评星结果公示 PDF (A4), rendered by a Celery task after publishing."""

    township = _township()
    kind = models.CharField("类型", max_length=12, choices=NoticeKind.choices)
    round = models.OneToOneField(
        RatingRound, verbose_name="党支部评星", on_delete=models.CASCADE, null=True, blank=True, related_name="notice"
    )
    run = models.OneToOneField(
        SecretaryRun, verbose_name="书记评星", on_delete=models.CASCADE, null=True, blank=True, related_name="notice"
    )
    title = models.CharField("标题", max_length=200)
    file = models.FileField("公示文件", upload_to=notice_path, max_length=200)
    row_count = models.PositiveIntegerField("条数", default=0)
    rendered_at = models.DateTimeField("生成时间")

    objects = TownshipWideQuerySet.as_manager()
    policy = Policy(view=READ)
    scope_fields = TownshipWideQuerySet.scope_fields

    class Meta:
        verbose_name = "评星结果公示"
        verbose_name_plural = "评星结果公示"
        constraints = [
            models.CheckConstraint(
                condition=(Q(round__isnull=False) & Q(run__isnull=True))
                | (Q(round__isnull=True) & Q(run__isnull=False)),
                name="notice_round_or_run",
            )
        ]

    def __str__(self):
        return self.title
