"""Reads of the four key points shared by the pages, the dashboard and the progress report.

Every function takes a scope (``user=`` through ``for_user``, or ``node=`` through ``within``) and
runs a fixed number of queries whatever the data size. Sums are ``Decimal``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.charts import QUOTA_COLOUR, Chart, Series, bar_chart
from core.history import as_of_rows, end_of_day, history_scope
from economy import rules
from economy.choices import ClaimKind, ContractStatus, DutyKind, IncomeRoute
from economy.models import (
    Asset,
    ClaimDebt,
    ClaimEntry,
    CollectiveIncome,
    Contract,
    DutyItem,
    EconomicOrganisation,
    EconomySettings,
    VillageRule,
    VillageSystem,
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


def income_chart(board: IncomeBoard) -> Chart:
    """The page's chart (``core.charts``: drawn by static/js/charts.js, with the table of the same
    figures): each village's target and actual in 万元 by village code, and the weak line. Amounts
    are strings of the ``Decimal`` (never float) until the browser draws them."""
    ordered = sorted(board.rows, key=lambda r: r.village.code)

    def amounts(values):
        return [str(v) if v is not None else None for v in values]

    line = f"{board.line}"
    series = [
        Series("目标收入", amounts(r.target for r in ordered)),
        Series("实际收入", amounts(r.actual for r in ordered)),
        Series(f"薄弱村标准（{line}万元）", [line] * len(ordered), kind="line", colour=QUOTA_COLOUR),
    ]
    summary = (
        f"{len(ordered)}个行政村，目标合计{board.target_total}万元，实际完成{board.actual_total}万元，"
        f"低于{line}万元的薄弱村{len(board.weak)}个"
    )
    many = len(ordered) > 12
    return bar_chart(
        "income",
        f"{board.year}年各村集体经济目标与实际收入（万元）",
        "行政村",
        [r.village.name for r in ordered],
        series,
        summary=summary,
        horizontal=many,
        height="xl" if len(ordered) > 24 else "lg" if many else "md",
    )


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


# --- the progress report's (八) -------------------------------------------------------------------------


@dataclass
class KeyPointFigures:
    """The figures of section (八) in the report's own words, for a scope (a township or a village)
    and a period; ``None`` where no data stands behind a figure (the report marks the gap).

    Incomes are the year of ``end``; the clean-up, systems, lists and rules as they stood at
    ``end``; collections and resolutions are the entries dated within ``start``..``end``, in 万元."""

    model_villages: list[str] | None
    routes: list[str] | None
    villages_to_lift: int | None
    organisations_publicised: int | None
    claims_collected: Decimal | None
    debts_resolved: Decimal | None
    systems: list[str] | None
    personalised_items: int | None
    villages_with_rules: int | None
    rule_articles: int | None
    notes: dict = field(default_factory=dict)


NO_INCOMES = "{year}年还没有登记村集体经济收入：请在“村集体经济收入”中登记或导入"
NO_MODEL_VILLAGES = "{year}年的集体经济收入中没有标记示范村"
NO_ROUTES = "{year}年的集体经济收入中没有填写提升途径"
NO_ORGANISATIONS = "还没有登记集体经济组织：请在“集体经济组织”中登记或导入"
NO_CLAIMS = "债权债务台账中还没有{kind}：请登记或导入"
NO_SYSTEMS = "截至期末还没有村建立管理制度：请在“村级管理制度”中登记"
NO_DUTIES = "截至期末还没有职责清单：请在“职责清单”中登记或导入"
NO_RULES = "截至期末还没有村规民约：请在“村规民约”中登记或导入"
WEAK_SHORTFALL = "{villages}集体经济收入低于{line}万元，仍属薄弱村，增收渠道单一。"


def key_point_figures(node, start: datetime.date, end: datetime.date) -> KeyPointFigures:
    """Section (八) for ``node`` (seven queries, whatever the data size)."""
    year = end.year
    notes = {}

    # The year's flags (model village, to lift, route) as they stood at the period's end: a village
    # marked 力争提升 in June is not counted in March's report (``core.history``). A year's row
    # entered after the period is the year's plan: it stands as first entered.
    incomes = [
        row[1:]
        for row in sorted(
            as_of_rows(
                CollectiveIncome,
                end_of_day(end),
                current=CollectiveIncome.objects.within(node).filter(year=year),
                recorded=history_scope(CollectiveIncome, node) & Q(year=year),
                created_later_stand=True,
            ).values_union("village__code", "village__name", "model_village", "to_lift", "route")
        )
    ]
    if incomes:
        models = [rules.short_village_name(name) for name, model, _lift, _route in incomes if model]
        used = {route for *_rest, route in incomes if route and route != IncomeRoute.OTHER}
        routes = [label for value, label in IncomeRoute.choices if value in used]
        lift = sum(1 for _name, _model, to_lift, _route in incomes if to_lift)
        if not models:
            notes["model_villages"] = NO_MODEL_VILLAGES.format(year=year)
        if not routes:
            notes["routes"] = NO_ROUTES.format(year=year)
        model_villages, route_names, to_lift = models or None, routes or None, lift
    else:
        model_villages = route_names = to_lift = None
        for key in ("model_villages", "routes", "villages_to_lift"):
            notes[key] = NO_INCOMES.format(year=year)

    orgs = EconomicOrganisation.objects.within(node).aggregate(
        n=Count("pk"),
        publicised=Count(
            "pk",
            filter=Q(contracts_checked=True, debts_surveyed=True, publicised_on__isnull=False, publicised_on__lte=end),
        ),
    )
    kinds = ClaimDebt.objects.within(node).aggregate(
        claims=Count("pk", filter=Q(kind=ClaimKind.CLAIM)), debts=Count("pk", filter=Q(kind=ClaimKind.DEBT))
    )
    sums = ClaimEntry.objects.within(node).aggregate(
        collected=Sum("amount", filter=Q(kind=ClaimKind.CLAIM, entry_on__gte=start, entry_on__lte=end)),
        resolved=Sum("amount", filter=Q(kind=ClaimKind.DEBT, entry_on__gte=start, entry_on__lte=end)),
    )
    if orgs["n"]:
        publicised = orgs["publicised"]
    else:
        publicised = None
        notes["organisations_publicised"] = NO_ORGANISATIONS
    collected = rules.yuan_to_wan(sums["collected"] or ZERO) if kinds["claims"] else None
    resolved = rules.yuan_to_wan(sums["resolved"] or ZERO) if kinds["debts"] else None
    if collected is None:
        notes["claims_collected"] = NO_CLAIMS.format(kind="债权")
    if resolved is None:
        notes["debts_resolved"] = NO_CLAIMS.format(kind="债务")

    adopted = (
        VillageSystem.objects.within(node)
        .filter(adopted_on__lte=end)
        .order_by("system__order", "system__name")
        .values_list("system__name", flat=True)
        .distinct()
    )
    systems = list(dict.fromkeys(adopted)) or None
    if systems is None:
        notes["systems"] = NO_SYSTEMS

    duties = (
        DutyItem.objects.within(node)
        .filter(issued_on__lte=end)
        .aggregate(n=Count("pk"), personalised=Count("pk", filter=Q(kind=DutyKind.PERSONALISED)))
    )
    personalised = duties["personalised"] if duties["n"] else None
    if personalised is None:
        notes["personalised_items"] = NO_DUTIES

    current = {}
    versions = VillageRule.objects.within(node).filter(adopted_on__lte=end).order_by("village_id", "adopted_on")
    for village_id, articles in versions.values_list("village_id", "articles"):
        current[village_id] = articles  # the latest version as of ``end`` is the current one
    villages_with_rules = len(current) or None
    articles = sum(current.values()) if current else None
    if not current:
        notes["villages_with_rules"] = notes["rule_articles"] = NO_RULES

    return KeyPointFigures(
        model_villages=model_villages,
        routes=route_names,
        villages_to_lift=to_lift,
        organisations_publicised=publicised,
        claims_collected=collected,
        debts_resolved=resolved,
        systems=systems,
        personalised_items=personalised,
        villages_with_rules=villages_with_rules,
        rule_articles=articles,
        notes=notes,
    )


def income_chart_rows(node, year: int) -> list[list]:
    """[[village, actual, target]] in 万元 (strings of Decimal) for the report's appendix chart."""
    return [
        [i.village.name, str(i.actual if i.actual is not None else ZERO), str(i.target)]
        for i in incomes_for_year(node, year)
    ]


def economy_shortfalls(node, start: datetime.date, end: datetime.date) -> list:
    """Facts for the drafted "二、存在问题及下步计划": villages below the income line, organisations
    whose clean-up is not publicised, villages without rules (``core.figures.Shortfall``)."""
    from django.urls import reverse

    from core.figures import Shortfall, names_and_count
    from places.selectors import township_of

    township = township_of(node)
    line = weak_line_of(township)
    result = []
    weak = [i.village.name for i in incomes_for_year(node, end.year) if rules.is_weak(i.actual, i.last_year, line)]
    if weak:
        result.append(
            Shortfall(
                "集体经济",
                WEAK_SHORTFALL.format(villages=names_and_count(weak, unit="个村"), line=f"{line.normalize():f}"),
                {"weak_villages": len(weak), "line": str(line)},
                reverse("economy:incomes") + f"?year={end.year}",
            )
        )
    pending = [
        o.name
        for o in EconomicOrganisation.objects.within(node).order_by("village__code", "code")
        if not (o.publicised and o.publicised_on <= end)
    ]
    if pending:
        result.append(
            Shortfall(
                "集体经济",
                f"{names_and_count(pending)}集体经济组织“清化收”清查结果尚未公示。",
                {"organisations_pending": len(pending)},
                reverse("economy:cleanup"),
            )
        )
    villages = Area.objects.within(node).villages()
    with_rules = set(VillageRule.objects.within(node).filter(adopted_on__lte=end).values_list("village_id", flat=True))
    without = [v.name for v in villages.order_by("code") if v.pk not in with_rules]
    if without:
        result.append(
            Shortfall(
                "村民自治",
                f"{names_and_count(without, unit='个村')}尚未建立“村规民约”。",
                {"villages_without_rules": len(without)},
                reverse("village_rules_list"),
            )
        )
    return result
