"""Reads of the four key points shared by the pages, the dashboard and the progress report.

Every function takes a scope (``user=`` through ``for_user``, or ``node=`` through ``within``) and
runs a fixed number of queries whatever the data size. Sums are ``Decimal``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from economy import rules
from economy.models import CollectiveIncome, EconomySettings
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


def _period_year(end: datetime.date) -> int:
    return end.year
