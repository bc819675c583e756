"""Reads of the four key points shared by the pages, the dashboard and the progress report.

Every function takes a scope (``user=`` through ``for_user``, or ``node=`` through ``within``) and
runs a fixed number of queries whatever the data size. Sums are ``Decimal``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from economy import rules
from economy.choices import ClaimKind, ContractStatus
from economy.models import (
    Asset,
    ClaimDebt,
    ClaimEntry,
    CollectiveIncome,
    Contract,
    EconomicOrganisation,
    EconomySettings,
)
from places.models import Area

ZERO = Decimal("0")


def weak_line_of(township) -> Decimal:
    """The township's 薄弱村 line (the default while the office has not set one)."""
    row = EconomySettings.objects.filter(township=township).first()
    return row.weak_line if row else EconomySettings._meta.get_field("weak_line").default


@dataclass
class IncomeRow:
    village: Area
    income: CollectiveIncome | None
    weak: bool
    progress: int

    @property
    def target(self):
        return self.income.target if self.income else None

    @property
    def actual(self):
        return self.income.actual if self.income else None

    @property
    def basis(self):
        return rules.income_basis(self.actual, self.income.last_year) if self.income else None


@dataclass
class IncomeBoard:
    """Every village of a scope for one year, the weak ones (below ``line``) first."""

    year: int
    line: Decimal
    rows: list[IncomeRow] = field(default_factory=list)
    target_total: Decimal = ZERO
    actual_total: Decimal = ZERO

    @property
    def weak(self) -> list[IncomeRow]:
        return [r for r in self.rows if r.weak]

    @property
    def reported(self) -> int:
        return sum(1 for r in self.rows if r.actual is not None)

    @property
    def to_lift(self) -> int:
        return sum(1 for r in self.rows if r.income and r.income.to_lift)

    @property
    def model_villages(self) -> list[str]:
        return [r.village.name for r in self.rows if r.income and r.income.model_village]

    @property
    def progress(self) -> int:
        return rules.progress(self.actual_total, self.target_total)

    def chart(self) -> dict:
        """The chart's data (names and amounts as strings: Decimal, never float, until the browser)."""
        ordered = sorted(self.rows, key=lambda r: r.village.code)
        return {
            "villages": [r.village.name for r in ordered],
            "target": [str(r.target) if r.target is not None else None for r in ordered],
            "actual": [str(r.actual) if r.actual is not None else None for r in ordered],
            "line": str(self.line),
        }


def income_board(user, township, year: int) -> IncomeBoard:
    """The target-vs-actual page: the user's villages of ``township`` for ``year``. Three queries."""
    line = weak_line_of(township)
    villages = Area.objects.for_user(user).villages().filter(tree_id=township.tree_id).order_by("code")
    incomes = CollectiveIncome.objects.for_user(user).filter(township=township, year=year)
    by_village = {i.village_id: i for i in incomes}
    board = IncomeBoard(year=year, line=line)
    for village in villages:
        income = by_village.get(village.pk)
        weak = rules.is_weak(income.actual, income.last_year, line) if income else True
        progress = rules.progress(income.actual, income.target) if income else 0
        board.rows.append(IncomeRow(village, income, weak, progress))
        if income:
            board.target_total += income.target
            board.actual_total += income.actual or ZERO

    def order(row):
        basis = row.basis
        return (not row.weak, basis is not None, basis if basis is not None else ZERO, row.village.code)

    board.rows.sort(key=order)
    return board


def incomes_for_year(node, year: int):
    """A scope's income rows of a year (for reports and other features), villages joined."""
    return CollectiveIncome.objects.within(node).filter(year=year).select_related("village").order_by("village__code")


# --- 清化收 -------------------------------------------------------------------------------------------


@dataclass
class CleanupFigures:
    """Sums of one organisation, a village or a township (amounts in 元, ``Decimal``)."""

    contracts: int = 0
    contracts_to_fix: int = 0
    contract_amount: Decimal = ZERO
    claims: Decimal = ZERO
    collected: Decimal = ZERO
    debts: Decimal = ZERO
    resolved: Decimal = ZERO
    assets: int = 0
    asset_value: Decimal = ZERO
    period_collected: Decimal = ZERO
    period_resolved: Decimal = ZERO
    organisations: int = 0
    publicised: int = 0

    def add(self, other: "CleanupFigures") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class OrganisationRow:
    organisation: EconomicOrganisation
    figures: CleanupFigures


@dataclass
class VillageCleanup:
    village: Area
    rows: list[OrganisationRow] = field(default_factory=list)
    totals: CleanupFigures = field(default_factory=CleanupFigures)


@dataclass
class Cleanup:
    """清化收 by organisation, rolled up by village and for the whole scope; ``period_*`` count the
    entries dated within ``start``..``end``."""

    start: datetime.date
    end: datetime.date
    villages: list[VillageCleanup] = field(default_factory=list)
    totals: CleanupFigures = field(default_factory=CleanupFigures)


def _cleanup(organisations, contracts, claims, assets, entries, start, end) -> Cleanup:
    """Roll the grouped rows up by organisation, village and scope (no query)."""
    figures = {}
    for org in organisations:
        f = figures[org.pk] = CleanupFigures(organisations=1, publicised=1 if org.publicised else 0)
    for row in contracts:
        f = figures.get(row["organisation"])
        if f is not None:
            f.contracts, f.contracts_to_fix, f.contract_amount = row["n"], row["to_fix"], row["amount"] or ZERO
    for row in claims:
        f = figures.get(row["organisation"])
        if f is None:
            continue
        if row["kind"] == ClaimKind.CLAIM:
            f.claims, f.collected = row["amount"] or ZERO, row["settled"] or ZERO
        else:
            f.debts, f.resolved = row["amount"] or ZERO, row["settled"] or ZERO
    for row in assets:
        f = figures.get(row["organisation"])
        if f is not None:
            f.assets, f.asset_value = row["n"], row["value"] or ZERO
    for row in entries:
        f = figures.get(row["claim__organisation"])
        if f is None:
            continue
        if row["kind"] == ClaimKind.CLAIM:
            f.period_collected = row["amount"] or ZERO
        else:
            f.period_resolved = row["amount"] or ZERO
    result = Cleanup(start=start, end=end)
    by_village = {}
    for org in organisations:
        roll = by_village.get(org.village_id)
        if roll is None:
            roll = by_village[org.village_id] = VillageCleanup(org.village)
            result.villages.append(roll)
        roll.rows.append(OrganisationRow(org, figures[org.pk]))
        roll.totals.add(figures[org.pk])
        result.totals.add(figures[org.pk])
    return result


def _grouped(queryset, **aggregates):
    return queryset.order_by().values("organisation").annotate(**aggregates)


def cleanup_summary(organisations, start: datetime.date, end: datetime.date) -> Cleanup:
    """清化收 of ``organisations`` (a scoped queryset). Five queries whatever the data size."""
    orgs = list(organisations.select_related("village").order_by("village__code", "code"))
    keys = [o.pk for o in orgs]
    contracts = _grouped(
        Contract.objects.filter(organisation__in=keys),
        n=Count("pk"),
        to_fix=Count("pk", filter=Q(status=ContractStatus.TO_FIX)),
        amount=Sum("amount"),
    )
    claims = (
        ClaimDebt.objects.filter(organisation__in=keys)
        .order_by()
        .values("organisation", "kind")
        .annotate(amount=Sum("amount"), settled=Sum("settled"))
    )
    assets = _grouped(Asset.objects.filter(organisation__in=keys), n=Count("pk"), value=Sum("value"))
    entries = (
        ClaimEntry.objects.filter(claim__organisation__in=keys, entry_on__gte=start, entry_on__lte=end)
        .order_by()
        .values("claim__organisation", "kind")
        .annotate(amount=Sum("amount"))
    )
    return _cleanup(orgs, contracts, claims, assets, entries, start, end)


def cleanup_for_user(user, township, start, end) -> Cleanup:
    return cleanup_summary(EconomicOrganisation.objects.for_user(user).filter(township=township), start, end)


def cleanup_for_node(node, start, end) -> Cleanup:
    return cleanup_summary(EconomicOrganisation.objects.within(node), start, end)


def entries_of(claim):
    """A claim's dated entries, oldest first, with who recorded them and what reversed them."""
    return claim.entries.select_related("recorded_by", "reverses").order_by("entry_on", "pk")
