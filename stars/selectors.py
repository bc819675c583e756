"""Read queries of the star ratings, shared by pages, PDFs, exports, the dashboard and the progress
report. Every function runs a fixed number of queries whatever the data size (stated in its docstring).

``star_figures(node, start, end)`` is section (六) of the progress report; ``suggestions`` are the
figures other apps' selectors give for the criteria that check themselves.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from core.figures import Shortfall, cn_number
from grids.selectors import village_grid_checks
from issues.selectors import overdue_village_problems
from points.selectors import published_month_rankings
from stars import rules
from stars.choices import STAR_LABELS, Check, RoundStatus, RunStatus
from stars.models import (
    BranchRating,
    Criterion,
    CriterionMark,
    MarkEvidence,
    RatingRound,
    SecretaryRating,
    SecretaryRun,
    StarSettings,
)
from township.choices import Colour
from township.selectors import colours_on
from visits.selectors import village_quota_months

WEAK_BRANCH_STARS = 6  # the report's lowest named level; fewer stars is a shortfall


def settings_for(township, year: int) -> StarSettings:
    """The township's settings for ``year`` (the defaults, unsaved, until the office saves them). One query."""
    return StarSettings.objects.filter(township=township, year=year).first() or StarSettings.defaults(township, year)


def criteria_of(township, year: int) -> list[Criterion]:
    return list(Criterion.objects.filter(township=township, year=year).order_by("order"))


def standard_years(township) -> list[int]:
    return list(Criterion.objects.filter(township=township).values_list("year", flat=True).distinct().order_by("-year"))


def rounds_for(user):
    """The branch rating rounds the user may see, newest year first."""
    return RatingRound.objects.for_user(user).select_related("township").order_by("-year", "township__code")


# --- suggestions -------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """What other apps' data say about a criterion for one village: met (True/False/None: no data),
    the figure in words, and a link to the rows behind it."""

    met: bool | None
    text: str
    url: str = ""


def suggestions(township, year: int, village_ids, checks, today: datetime.date) -> dict[tuple[int, str], Suggestion]:
    """(village pk, check) → Suggestion for the checks in use, as of the year's end (or today, for
    the current year). At most seven queries (one per source, four for the contact system)."""
    checks = set(checks)
    village_ids = list(village_ids)
    if not checks or not village_ids:
        return {}
    node = township
    day = min(datetime.date(year, 12, 31), today)
    found: dict[tuple[int, str], Suggestion] = {}

    if Check.GRID_GROUPS in checks:
        figures = village_grid_checks(node)
        for v in village_ids:
            f = figures.get(v)
            met, text = rules.suggest_grid_groups(
                f.grids if f else 0, f.without_group if f else 0, f.leader_not_secretary if f else 0
            )
            found[(v, Check.GRID_GROUPS)] = Suggestion(met, text, reverse("grids:tree_node", args=[v]))
    if Check.NO_OVERDUE in checks:
        overdue = overdue_village_problems(node, day)
        for v in village_ids:
            met, text = rules.suggest_no_overdue(overdue.get(v, 0))
            found[(v, Check.NO_OVERDUE)] = Suggestion(met, text, reverse("problems_list") + f"?village={v}&overdue=1")
    if Check.VISIT_QUOTA in checks:
        months = village_quota_months(node, year, today)
        for v in village_ids:
            q = months.get(v)
            met, text = rules.suggest_visit_quota(q.met if q else 0, q.measured if q else 0)
            found[(v, Check.VISIT_QUOTA)] = Suggestion(met, text, reverse("visits:month") + f"?month={year}-12")
    if Check.POINTS_PUBLISHED in checks:
        published = published_month_rankings(township.pk, year)
        due = sum(1 for m in range(1, 13) if _month_end(year, m) < today)
        met, text = rules.suggest_points_published(len([m for m in published if m <= due]), due)
        url = reverse("points:rankings") + f"?kind=month&year={year}&status=published"
        for v in village_ids:
            found[(v, Check.POINTS_PUBLISHED)] = Suggestion(met, text, url)
    if Check.COLOUR in checks:
        colours = colours_on(node, day)
        for v in village_ids:
            colour = colours.get(v)
            met, text = rules.suggest_colour(colour, Colour(colour).label if colour else "")
            found[(v, Check.COLOUR)] = Suggestion(met, text, reverse("township:village", args=[v]))
    return found


def _month_end(year: int, month: int) -> datetime.date:
    first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


# --- the board and a village's page ------------------------------------------------------------


@dataclass
class Cell:
    criterion: Criterion
    mark: CriterionMark | None
    evidence: int = 0
    suggestion: Suggestion | None = None


@dataclass
class BoardRow:
    rating: BranchRating
    cells: list[Cell]
    eligible: bool

    @property
    def village(self):
        return self.rating.village


@dataclass
class Board:
    round: RatingRound
    status: str
    criteria: list[Criterion]
    rows: list[BoardRow]
    levels: list[tuple[str, int]] = field(default_factory=list)  # (八星级, count), highest first

    @property
    def status_label(self) -> str:
        return RoundStatus(self.status).label

    @property
    def reviewed(self) -> int:
        return sum(r.rating.reviewed_done for r in self.rows)

    @property
    def to_review(self) -> int:
        return sum(len(self.criteria) - r.rating.reviewed_done for r in self.rows)


SORTS = {
    "stars": lambda r: (-r.rating.stars, -r.rating.self_stars, r.village.code),
    "-stars": lambda r: (r.rating.stars, r.rating.self_stars, r.village.code),
    "self": lambda r: (-r.rating.self_stars, r.village.code),
    "village": lambda r: r.village.code,
    "progress": lambda r: (r.rating.reviewed_done, r.rating.self_done, r.village.code),
}


SORT_LABELS = [("village", "按村"), ("stars", "星级从高到低"), ("-stars", "星级从低到高"), ("progress", "审核进度")]


def board(found: RatingRound, user, today: datetime.date, sort: str = "village", with_suggestions=True) -> Board:
    """The rating board: the user's villages down, the criteria across, self and reviewed marks,
    evidence counts and suggestions, stars at the end. At most 11 queries."""
    criteria = criteria_of(found.township, found.year)
    ratings = list(
        BranchRating.objects.for_user(user)
        .current()
        .filter(round=found)
        .select_related("village")
        .order_by("village__code")
    )
    marks = (
        CriterionMark.objects.filter(rating__in=[r.pk for r in ratings])
        .annotate(n_evidence=Count("evidence"))
        .only("rating_id", "criterion_id", "self_met", "reviewed_met", "self_note", "review_note")
    )
    by_key = {(m.rating_id, m.criterion_id): m for m in marks}
    status = found.status_on(today)
    tips = {}
    if with_suggestions and status in (RoundStatus.REVIEW, RoundStatus.SELF):
        tips = suggestions(
            found.township, found.year, [r.village_id for r in ratings], {c.auto_check for c in criteria} - {""}, today
        )
    rows = []
    for rating in ratings:
        cells = []
        for c in criteria:
            mark = by_key.get((rating.pk, c.pk))
            cells.append(Cell(c, mark, getattr(mark, "n_evidence", 0), tips.get((rating.village_id, c.auto_check))))
        rows.append(BoardRow(rating, cells, rules.honours_eligible(rating.stars, found.honours_threshold)))
    rows.sort(key=SORTS.get(sort, SORTS["village"]))
    levels = (
        [(rules.star_level_label(s), n) for s, n in level_counts(r.rating.stars for r in rows)]
        if status in rules.FROZEN_STATUSES
        else []
    )
    return Board(found, status, criteria, rows, levels)


def level_counts(stars) -> list[tuple[int, int]]:
    """(stars, how many) for the levels that occur, highest first."""
    counts: dict[int, int] = {}
    for s in stars:
        counts[s] = counts.get(s, 0) + 1
    return sorted(counts.items(), reverse=True)


@dataclass
class RatingPage:
    rating: BranchRating
    status: str
    marks: list[CriterionMark]
    versions: list[BranchRating]
    other_years: list[BranchRating]
    eligible: bool

    @property
    def status_label(self) -> str:
        return RoundStatus(self.status).label


def rating_page(rating: BranchRating, today: datetime.date) -> RatingPage:
    """A village's rating: every criterion with both marks, its evidence and suggestion, the versions
    of this year and the village's ratings of other years. At most 12 queries."""
    found = rating.round
    marks = list(
        rating.marks.select_related("criterion", "self_by", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=MarkEvidence.objects.select_related("uploaded_by")))
        .order_by("criterion__order")
    )
    status = found.status_on(today)
    if status in (RoundStatus.SELF, RoundStatus.REVIEW):
        tips = suggestions(
            found.township, found.year, [rating.village_id], {m.criterion.auto_check for m in marks} - {""}, today
        )
        for mark in marks:
            mark.suggestion = tips.get((rating.village_id, mark.criterion.auto_check))
    versions = list(
        BranchRating.objects.filter(round=found, village=rating.village_id)
        .select_related("created_by")
        .order_by("-version")
    )
    other_years = list(
        BranchRating.objects.filter(village=rating.village_id, is_current=True)
        .exclude(round=found)
        .select_related("round")
        .order_by("-round__year")
    )
    return RatingPage(
        rating, status, marks, versions, other_years, rules.honours_eligible(rating.stars, found.honours_threshold)
    )


def rating_of_village(found: RatingRound, village_id: int, user):
    """The current rating of a village in a round, through the user's scope (None outside it)."""
    return (
        BranchRating.objects.for_user(user)
        .current()
        .filter(round=found, village_id=village_id)
        .select_related("village", "round__township")
        .first()
    )


# --- secretaries -------------------------------------------------------------------------------


def runs_for(user):
    return SecretaryRun.objects.for_user(user).select_related("township").order_by("-year", "township__code")


def run_rows(run: SecretaryRun, user, sort: str = "village"):
    """A run's ratings the user may see (a queryset), by village or by stars."""
    qs = SecretaryRating.objects.for_user(user).filter(run=run).select_related("village", "secretary")
    if sort == "stars":
        return qs.order_by("-stars", "village__code")
    return qs.order_by("village__code")


def secretary_counts(ratings) -> dict:
    """How many of ``ratings`` (a queryset) are at each level, not rated as new, not rated otherwise,
    and adjusted by the office. One query."""
    return ratings.aggregate(
        total=Count("pk"),
        three=Count("pk", filter=Q(stars=3)),
        two=Count("pk", filter=Q(stars=2)),
        one=Count("pk", filter=Q(stars=1)),
        unrated_new=Count("pk", filter=Q(stars=0, new=True)),
        unrated_other=Count("pk", filter=Q(stars=0, new=False)),
        adjusted=Count("pk", filter=Q(override_reason__gt="")),
    )


def run_summary(run: SecretaryRun, user) -> dict:
    """The level counts of the user's part of a run. One query."""
    return secretary_counts(SecretaryRating.objects.for_user(user).filter(run=run))


def remuneration_rows(run: SecretaryRun):
    """Every rating of a run, by village, for the finance office's pay calculation. One query."""
    return list(SecretaryRating.objects.filter(run=run).select_related("village").order_by("village__code"))


# --- notices -----------------------------------------------------------------------------------


def round_notice_context(found: RatingRound) -> dict:
    """The 评星结果公示 of a round: every village, its stars, the criteria met. Three queries."""
    criteria = criteria_of(found.township, found.year)
    ratings = list(
        BranchRating.objects.filter(round=found, is_current=True)
        .select_related("village")
        .order_by("-stars", "village__code")
    )
    met = {}
    for rating_id, criterion_id in CriterionMark.objects.filter(rating__in=ratings, reviewed_met=True).values_list(
        "rating_id", "criterion_id"
    ):
        met.setdefault(rating_id, set()).add(criterion_id)
    rows = [
        {
            "rating": r,
            "marks": [c.pk in met.get(r.pk, set()) for c in criteria],
            "eligible": rules.honours_eligible(r.stars, found.honours_threshold),
        }
        for r in ratings
    ]
    return {
        "title": f"{found.township.name}{found.year}年度党支部评星结果公示",
        "round": found,
        "criteria": criteria,
        "rows": rows,
        "levels": [(rules.star_level_label(s), n) for s, n in level_counts(r.stars for r in ratings)],
        "publicity_ends": found.final_on - datetime.timedelta(days=1) if found.final_on else None,
    }


def run_notice_context(run: SecretaryRun) -> dict:
    rows = remuneration_rows(run)
    return {
        "title": f"{run.township.name}{run.year}年党支部书记评星结果公示",
        "run": run,
        "rows": rows,
        "labels": STAR_LABELS,
    }


# --- figures for the progress report, section (六) ----------------------------------------------


@dataclass
class StarFigures:
    """Section (六), as of ``end``: branches from the latest final round of a year ≤ end.year (each
    village's version in force on ``end``), secretaries from the latest published rating. A field is
    None when no such round or rating exists."""

    node: object
    start: datetime.date
    end: datetime.date
    year: int | None = None  # the branch round's year
    branches: int | None = None
    branch_levels: list[tuple[int, int]] = field(default_factory=list)
    honours_eligible: int | None = None
    secretary_year: int | None = None
    secretaries: int | None = None
    three_star: int | None = None
    two_star: int | None = None
    one_star: int | None = None
    unrated_new: int | None = None
    unrated_other: int | None = None
    links: dict[str, str] = field(default_factory=dict)

    @property
    def branch_sentence(self) -> str:
        """ "N个党支部中八星级a个，七星级b个，六星级c个" (every level that occurs, highest first)."""
        if self.branches is None:
            return ""
        levels = "，".join(f"{rules.star_level_label(s)}{n}个" for s, n in self.branch_levels)
        return f"{self.branches}个党支部中{levels}"

    @property
    def secretary_sentence(self) -> str:
        if self.secretaries is None:
            return ""
        text = (
            f"对现任{self.secretaries}名党支部书记进行了初次评星，界定三星级{self.three_star}名，"
            f"二星级{self.two_star}名，一星级{self.one_star}名，任职不满一年暂时未能评星的{self.unrated_new}名"
        )
        if self.unrated_other:
            text += f"，因考核不称职未评星的{self.unrated_other}名"
        return text

    @property
    def sentences(self) -> dict[str, str]:
        return {"branches": self.branch_sentence, "secretaries": self.secretary_sentence}


def _latest_per_township(rows):
    latest = {}
    for row in rows:
        latest.setdefault(row.township_id, row)
    return list(latest.values())


def star_figures(node, start: datetime.date, end: datetime.date) -> StarFigures:
    """Section (六) for ``node`` (a township or a village) as of ``end``. Four queries."""
    figures = StarFigures(node=node, start=start, end=end)
    rounds = _latest_per_township(
        RatingRound.objects.within(node)
        .filter(status__in=rules.FROZEN_STATUSES, final_on__lte=end, year__lte=end.year)
        .order_by("township_id", "-year")
    )
    if rounds:
        in_force = {}
        for rating in (
            BranchRating.objects.within(node)
            .filter(round__in=rounds, effective_on__lte=end)
            .order_by("village_id", "-version")
            .only("village_id", "stars", "round_id")
        ):
            in_force.setdefault(rating.village_id, rating)
        stars = [r.stars for r in in_force.values()]
        threshold = rounds[0].honours_threshold
        figures.year = max(r.year for r in rounds)
        figures.branches = len(stars)
        figures.branch_levels = level_counts(stars)
        figures.honours_eligible = sum(1 for s in stars if rules.honours_eligible(s, threshold))
        if len(rounds) == 1:
            figures.links["branches"] = reverse("stars:board", args=[rounds[0].pk])
    runs = _latest_per_township(
        SecretaryRun.objects.within(node)
        .filter(status=RunStatus.PUBLISHED, published_on__lte=end, year__lte=end.year)
        .order_by("township_id", "-year")
    )
    if runs:
        counts = secretary_counts(SecretaryRating.objects.within(node).filter(run__in=runs))
        figures.secretary_year = max(r.year for r in runs)
        figures.secretaries = counts["total"]
        figures.three_star, figures.two_star, figures.one_star = counts["three"], counts["two"], counts["one"]
        figures.unrated_new, figures.unrated_other = counts["unrated_new"], counts["unrated_other"]
        if len(runs) == 1:
            figures.links["secretaries"] = reverse("stars:run", args=[runs[0].pk])
    return figures


def star_shortfalls(node, start: datetime.date, end: datetime.date) -> list[Shortfall]:
    """Facts for "存在问题及下步计划": branches below six stars, and the criterion the fewest branches
    meet, from the same round as ``star_figures``. Four queries."""
    found = (
        RatingRound.objects.within(node)
        .filter(status__in=rules.FROZEN_STATUSES, final_on__lte=end, year__lte=end.year)
        .select_related("township")
        .order_by("-year")
        .first()
    )
    if found is None:
        return []
    ratings = list(
        BranchRating.objects.within(node)
        .filter(round=found, effective_on__lte=end)
        .select_related("village")
        .order_by("village__code", "-version")
    )
    in_force = {}
    for rating in ratings:
        in_force.setdefault(rating.village_id, rating)
    result = []
    weak = [r for r in in_force.values() if r.stars < WEAK_BRANCH_STARS]
    url = reverse("stars:board", args=[found.pk])
    if weak:
        names = [r.village.name for r in sorted(weak, key=lambda r: (r.stars, r.village.code))]
        shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
        result.append(
            Shortfall(
                topic="党支部评星",
                text=f"{len(weak)}个党支部评星低于六星（{shown}），需加强指导",
                figures={"weak": len(weak), "names": names},
                url=url,
            )
        )
    met = list(
        CriterionMark.objects.filter(rating__in=list(in_force.values()))
        .values("criterion__order", "criterion__name")
        .annotate(n=Count("pk", filter=Q(reviewed_met=True)))
        .order_by("n", "criterion__order")
    )
    if met and met[0]["n"] < len(in_force):
        lowest = [row for row in met if row["n"] == met[0]["n"]]
        names = "".join(f"“{row['criterion__name']}”" for row in lowest[:3]) + ("等" if len(lowest) > 3 else "")
        count = f"{cn_number(len(lowest))}项" if len(lowest) > 1 else "一项"
        result.append(
            Shortfall(
                topic="党支部评星",
                text=f"{names}{count}达标的党支部最少（{len(in_force)}个中{met[0]['n']}个）",
                figures={
                    "criteria": [row["criterion__name"] for row in lowest],
                    "met": met[0]["n"],
                    "branches": len(in_force),
                },
                url=url,
            )
        )
    return result
