"""The four key points (四个重点) of section (八): collective economy, 清化收, duty lists, village rules.

- ``EconomySettings``: a township's line below which a village is weak (薄弱村, e.g. 5 万元).
- ``CollectiveIncome``: a village's collective income for a year (万元, two decimals): last year,
  target, actual, its sources and route, whether the township aims to lift it this year and
  whether it is a model village whose experience is spread.
- 清化收 per collective economic organisation (``EconomicOrganisation``, 村股份经济合作社): its
  contract ledger (``Contract``), claims and debts ledger (``ClaimDebt`` with dated, never edited
  ``ClaimEntry`` rows: 债权清收, 化解债务), asset and resource ledger (``Asset``) and the state of
  its clean-up (contracts checked, claims and debts surveyed, publicised on a date).
- ``SystemKind`` / ``VillageSystem``: the management systems a township lists and which villages
  adopted them ("三重一大", "四议两公开", …).
- ``DutyItem``: numbered items of the township's and villages' duty lists (职责清单 … 个性清单).
- ``VillageRule``: a village's rules (村规民约), one row per adopted version, the latest current.
- ``ContractDocument``, ``SystemDocument``, ``RuleDocument``: the scanned or typed documents of a
  contract, an adopted system and a version of the rules (``core.evidence``), served only through
  views that ask the access layer about their row.

Ledger amounts (contracts, claims, entries, assets) are kept in 元 with two decimals, so a sheet in
元 is stored exactly; incomes in 万元 with two decimals, as the office writes them. Every sum is
``Decimal``. Writes go through ``economy.services``.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import OFFICE_ROLES, STATS_ROLES, VILLAGE_EDIT_ROLES
from core.evidence import EvidenceFile
from core.ledgers import VillageLedgerEntry
from economy.choices import (
    AssetKind,
    AssetStatus,
    ClaimKind,
    ClaimStatus,
    ContractStatus,
    ContractSubject,
    DutyKind,
    IncomeRoute,
)
from places.models import TownshipWideQuerySet

AREA = "places.Area"
TOWNSHIP = {"kind": "township"}
VILLAGE = {"kind": "village"}
DEFAULT_WEAK_LINE = Decimal("5.00")

# A village's secretary keeps their own village's ledgers, the office all of them; leadership and
# the county read (accounts.roles: STATS_ROLES). Grid staff and party members see none of them.
LEDGER = Policy(view=STATS_ROLES, add=VILLAGE_EDIT_ROLES, change=VILLAGE_EDIT_ROLES, delete=OFFICE_ROLES)
# Dated entries are added, never changed or deleted (a wrong one is reversed by a new entry).
ENTRIES = Policy(view=STATS_ROLES, add=VILLAGE_EDIT_ROLES, change=frozenset(), delete=frozenset())
OFFICE_KEEPS = Policy(view=STATS_ROLES, add=OFFICE_ROLES, change=OFFICE_ROLES, delete=OFFICE_ROLES)


def _township():
    return models.ForeignKey(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )


def _village(null=False):
    return models.ForeignKey(
        AREA,
        verbose_name="行政村",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=VILLAGE,
        null=null,
        blank=null,
    )


def wan(label, **kwargs):
    """An amount in 万元 with two decimals."""
    return models.DecimalField(f"{label}（万元）", max_digits=12, decimal_places=2, **kwargs)


def yuan(label, **kwargs):
    """An amount in 元 with two decimals."""
    return models.DecimalField(f"{label}（元）", max_digits=14, decimal_places=2, **kwargs)


class EconomySettings(models.Model):
    """A township's settings of the collective economy page; a township without a row uses the defaults."""

    township = models.OneToOneField(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to=TOWNSHIP
    )
    weak_line = wan(
        "薄弱村标准", default=DEFAULT_WEAK_LINE, help_text="实际收入（未填报时按上年收入）低于此数的村列为薄弱村"
    )

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    policy = Policy(view=STATS_ROLES, add=OFFICE_ROLES, change=OFFICE_ROLES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "集体经济设置"
        verbose_name_plural = "集体经济设置"

    def __str__(self):
        return f"{self.township}集体经济设置"


class CollectiveIncome(models.Model):
    """A village's collective economic income for one year (村集体经济收入), in 万元."""

    township = _township()
    village = _village()
    year = models.PositiveSmallIntegerField("年度")
    last_year = wan("上年收入", null=True, blank=True)
    target = wan("目标收入")
    actual = wan("实际收入", null=True, blank=True, help_text="尚未统计时留空")
    operating = wan("经营性收入", default=Decimal("0"))
    contracting = wan("发包收入", default=Decimal("0"))
    investment = wan("投资收益", default=Decimal("0"))
    subsidy = wan("补助收入", default=Decimal("0"))
    other = wan("其他收入", default=Decimal("0"))
    route = models.CharField("提升途径", max_length=16, choices=IncomeRoute.choices, blank=True)
    route_note = models.CharField("途径说明", max_length=200, blank=True)
    to_lift = models.BooleanField("力争提升", default=False, help_text="本年度镇里力争集体经济取得明确提升的村")
    model_village = models.BooleanField("示范村", default=False, help_text="成功经验在全镇推广的村")
    notes = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    policy = LEDGER
    history = HistoricalRecords()

    SOURCES = ("operating", "contracting", "investment", "subsidy", "other")

    class Meta:
        verbose_name = "集体经济收入"
        verbose_name_plural = "村集体经济收入"
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="income_one_per_village_year")]
        indexes = [models.Index(fields=["township", "year"])]

    def __str__(self):
        return f"{self.village.name}{self.year}年集体经济收入"

    @property
    def sources_total(self) -> Decimal:
        return sum((getattr(self, name) or Decimal("0") for name in self.SOURCES), Decimal("0"))


class EconomicOrganisation(models.Model):
    """A collective economic organisation (村股份经济合作社) and the state of its 清化收 clean-up."""

    township = _township()
    village = _village()
    code = models.CharField("组织编码", max_length=40, help_text="如统一社会信用代码或登记证号")
    name = models.CharField("组织名称", max_length=100)
    contracts_checked = models.BooleanField("合同清查完成", default=False)
    contracts_checked_on = models.DateField("合同清查完成日期", null=True, blank=True)
    debts_surveyed = models.BooleanField("债权债务摸底完成", default=False)
    debts_surveyed_on = models.DateField("债权债务摸底完成日期", null=True, blank=True)
    publicised_on = models.DateField("结果公示日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    policy = LEDGER
    history = HistoricalRecords()

    class Meta:
        verbose_name = "集体经济组织"
        verbose_name_plural = "集体经济组织"
        constraints = [models.UniqueConstraint(fields=["township", "code"], name="organisation_unique_code")]
        indexes = [models.Index(fields=["village", "code"])]

    def __str__(self):
        return self.name

    @property
    def publicised(self) -> bool:
        return self.contracts_checked and self.debts_surveyed and self.publicised_on is not None


class Contract(VillageLedgerEntry):
    """A row of an organisation's contract ledger (合同台账); its number is unique in the organisation."""

    organisation = models.ForeignKey(
        EconomicOrganisation, verbose_name="集体经济组织", on_delete=models.PROTECT, related_name="contracts"
    )
    number = models.CharField("合同编号", max_length=40, blank=True, help_text="留空则自动生成，如 HT2026-00001")
    counterparty = models.CharField("承包（租赁）方", max_length=100)
    subject = models.CharField("标的类别", max_length=16, choices=ContractSubject.choices)
    subject_name = models.CharField("标的名称", max_length=100, blank=True)
    area = models.DecimalField("面积（亩）", max_digits=12, decimal_places=2, null=True, blank=True)
    amount = yuan("合同金额")
    starts_on = models.DateField("起始日期")
    deadline = models.DateField("到期日期", null=True, blank=True)
    status = models.CharField(
        "清查结果", max_length=16, choices=ContractStatus.choices, default=ContractStatus.COMPLIANT
    )
    problems = models.TextField("发现问题", blank=True)

    number_prefix = "HT{year}-"
    date_field = "starts_on"
    OPEN_STATUSES = frozenset({ContractStatus.TO_FIX})

    policy = LEDGER
    history = HistoricalRecords()

    class Meta:
        verbose_name = "合同"
        verbose_name_plural = "合同台账"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="contract_unique_number"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contract_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["village", "status"]), models.Index(fields=["township", "deadline"])]

    def __str__(self):
        return f"{self.number} {self.counterparty}"


class ClaimDebt(VillageLedgerEntry):
    """A claim (债权) or a debt (债务) of an organisation; collections and resolutions are dated
    ``ClaimEntry`` rows, never edits. ``settled`` is their sum, kept by ``economy.services``."""

    organisation = models.ForeignKey(
        EconomicOrganisation, verbose_name="集体经济组织", on_delete=models.PROTECT, related_name="claims"
    )
    kind = models.CharField("类型", max_length=8, choices=ClaimKind.choices)
    party = models.CharField("债务人（债权人）", max_length=100)
    reason = models.CharField("形成原因", max_length=200, blank=True)
    amount = yuan("金额")
    arose_on = models.DateField("发生日期")
    deadline = models.DateField("清收（化解）期限", null=True, blank=True)
    settled = yuan("已清收（化解）", default=Decimal("0"), editable=False)
    status = models.CharField("状态", max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.OPEN)
    notes = models.CharField("备注", max_length=200, blank=True)

    number_prefix = "ZW{year}-"
    date_field = "arose_on"
    OPEN_STATUSES = frozenset({ClaimStatus.OPEN, ClaimStatus.PARTLY})

    policy = LEDGER
    history = HistoricalRecords()

    class Meta:
        verbose_name = "债权债务"
        verbose_name_plural = "债权债务台账"
        constraints = [
            models.UniqueConstraint(fields=["township", "number"], name="claim_unique_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(condition=Q(settled__gte=0, settled__lte=models.F("amount")), name="claim_settled"),
        ]
        indexes = [models.Index(fields=["village", "kind"]), models.Index(fields=["organisation", "kind"])]

    def __str__(self):
        return f"{self.number} {self.get_kind_display()} {self.party}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.settled


class ClaimEntry(models.Model):
    """One collection of a claim (债权清收) or resolution of a debt (化解债务), dated; never edited.
    A wrong entry is reversed by a new one with the opposite amount (``reverses``)."""

    claim = models.ForeignKey(ClaimDebt, verbose_name="债权债务", on_delete=models.PROTECT, related_name="entries")
    township = _township()
    village = _village()
    kind = models.CharField("类型", max_length=8, choices=ClaimKind.choices)
    entry_on = models.DateField("日期")
    amount = yuan("金额")
    note = models.CharField("说明", max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name="冲正的记录", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    policy = ENTRIES

    class Meta:
        verbose_name = "清收化解记录"
        verbose_name_plural = "清收化解记录"
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="claimentry_amount_not_zero")]
        indexes = [models.Index(fields=["township", "kind", "entry_on"]), models.Index(fields=["village", "entry_on"])]
        ordering = ["entry_on", "pk"]

    def __str__(self):
        return f"{self.entry_on} {self.amount}元"


class Asset(VillageLedgerEntry):
    """A row of an organisation's asset and resource ledger (资产资源台账)."""

    organisation = models.ForeignKey(
        EconomicOrganisation, verbose_name="集体经济组织", on_delete=models.PROTECT, related_name="assets"
    )
    number = models.CharField("资产编号", max_length=40, blank=True, help_text="留空则自动生成，如 ZC2026-00001")
    kind = models.CharField("资产类别", max_length=16, choices=AssetKind.choices)
    name = models.CharField("资产名称", max_length=100)
    location = models.CharField("坐落位置", max_length=100, blank=True)
    quantity = models.DecimalField("面积或数量", max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField("计量单位", max_length=10, blank=True, help_text="如 亩、平方米、台、处")
    value = yuan("价值", null=True, blank=True)
    acquired_on = models.DateField("取得日期", null=True, blank=True)
    status = models.CharField("使用状态", max_length=16, choices=AssetStatus.choices, default=AssetStatus.IN_USE)
    notes = models.CharField("备注", max_length=200, blank=True)

    number_prefix = "ZC{year}-"
    date_field = "acquired_on"
    OPEN_STATUSES = frozenset({AssetStatus.IDLE})

    policy = LEDGER
    history = HistoricalRecords()

    class Meta:
        verbose_name = "资产资源"
        verbose_name_plural = "资产资源台账"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="asset_unique_number"),
            models.CheckConstraint(condition=Q(value__gte=0) | Q(value__isnull=True), name="asset_value_not_negative"),
        ]
        indexes = [models.Index(fields=["village", "kind"])]

    def __str__(self):
        return f"{self.number} {self.name}"


class SystemKind(models.Model):
    """A management system the township asks villages to adopt (a list the office edits)."""

    township = _township()
    name = models.CharField("制度名称", max_length=50, help_text="如 “三重一大”、“四议两公开”、资金往来、合同签订")
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    policy = OFFICE_KEEPS
    history = HistoricalRecords()

    class Meta:
        verbose_name = "管理制度"
        verbose_name_plural = "管理制度目录"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="systemkind_unique_name")]

    def __str__(self):
        return self.name


class VillageSystem(models.Model):
    """A management system a village adopted, with the date and the document."""

    township = _township()
    village = _village()
    system = models.ForeignKey(SystemKind, verbose_name="制度", on_delete=models.PROTECT, related_name="adoptions")
    adopted_on = models.DateField("建立日期")
    document = models.CharField("文件名称或文号", max_length=200, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    policy = LEDGER
    history = HistoricalRecords()

    class Meta:
        verbose_name = "村管理制度"
        verbose_name_plural = "村级管理制度"
        constraints = [models.UniqueConstraint(fields=["village", "system"], name="villagesystem_one_per_village")]
        indexes = [models.Index(fields=["township", "adopted_on"])]

    def __str__(self):
        return f"{self.village.name}：{self.system.name}"


class DutyItem(models.Model):
    """A numbered item of a duty list: the township's (no village) or a village's, of one kind."""

    township = _township()
    village = _village(null=True)
    kind = models.CharField("清单类别", max_length=16, choices=DutyKind.choices)
    number = models.PositiveSmallIntegerField("序号")
    post = models.CharField("适用岗位", max_length=50, help_text="如 村党支部书记、村委会主任、包村干部")
    content = models.TextField("内容")
    issued_on = models.DateField("制定日期")

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    policy = LEDGER
    history = HistoricalRecords()

    class Meta:
        verbose_name = "清单事项"
        verbose_name_plural = "职责清单"
        constraints = [
            models.UniqueConstraint(
                fields=["township", "kind", "number"], condition=Q(village__isnull=True), name="duty_unique_township"
            ),
            models.UniqueConstraint(
                fields=["village", "kind", "number"], condition=Q(village__isnull=False), name="duty_unique_village"
            ),
        ]
        indexes = [models.Index(fields=["township", "kind"]), models.Index(fields=["village", "kind"])]

    def __str__(self):
        place = self.village.name if self.village_id else "镇级"
        return f"{place}{self.get_kind_display()}第{self.number}项"


class VillageRule(models.Model):
    """One adopted version of a village's rules (村规民约); the latest adopted is current,
    earlier versions are kept."""

    township = _township()
    village = _village()
    adopted_on = models.DateField("通过日期")
    articles = models.PositiveSmallIntegerField("条数")
    title = models.CharField("名称", max_length=100, default="村规民约")
    document = models.CharField("文件名称或文号", max_length=200, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    policy = LEDGER
    history = HistoricalRecords()

    class Meta:
        verbose_name = "村规民约"
        verbose_name_plural = "村规民约"
        constraints = [
            models.UniqueConstraint(fields=["village", "adopted_on"], name="villagerule_one_per_day"),
            models.CheckConstraint(condition=Q(articles__gt=0), name="villagerule_articles_positive"),
        ]
        indexes = [models.Index(fields=["township", "adopted_on"])]

    def __str__(self):
        return f"{self.village.name}{self.title}（{self.adopted_on}）"


# --- documents (the signed contract, the adopted system, the rules' text) ------------------------

# A document is read by whoever reads its row and added by whoever may change the row (the views
# also ask ``change`` on the row); it is never edited or deleted (a wrong one is followed by the
# right one, with a note).
DOCUMENTS = Policy(view=STATS_ROLES, add=VILLAGE_EDIT_ROLES, change=frozenset(), delete=frozenset())


class ContractDocument(EvidenceFile):
    """A contract's document: the signed contract (a scan or the typed text), its annexes."""

    entry_field = "contract"
    evidence_dir = "economy/contracts"

    contract = models.ForeignKey(Contract, verbose_name="合同", on_delete=models.CASCADE, related_name="documents")

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "contract__township", "village": "contract__village"}
    policy = DOCUMENTS
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "合同文件"
        verbose_name_plural = "合同文件"


class SystemDocument(EvidenceFile):
    """The text of a management system as a village adopted it."""

    entry_field = "system"
    evidence_dir = "economy/systems"

    system = models.ForeignKey(
        VillageSystem, verbose_name="村管理制度", on_delete=models.CASCADE, related_name="documents"
    )

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "system__township", "village": "system__village"}
    policy = DOCUMENTS
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "管理制度文件"
        verbose_name_plural = "管理制度文件"


class RuleDocument(EvidenceFile):
    """The text of one version of a village's rules (村规民约), as adopted."""

    entry_field = "rule"
    evidence_dir = "economy/rules"

    rule = models.ForeignKey(VillageRule, verbose_name="村规民约", on_delete=models.CASCADE, related_name="documents")

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "rule__township", "village": "rule__village"}
    policy = DOCUMENTS
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "村规民约文件"
        verbose_name_plural = "村规民约文件"
