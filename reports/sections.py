"""The registry of the report's sections: each calls its app's selector and states its figures.

A figure is what fills one ``*`` of the source report: its value (plain JSON: int, str, list of
names, a decimal as a string), how the report writes it (``text``), the rows behind it (``url``),
where it is entered when it is missing (``entry_url``), which selector it comes from and whether
it counts events in the period or states a position at the period's end. A value of ``None`` is a
gap: the report shows 【暂无数据】, never a silent zero.

A section whose app has not landed yet (``SOURCE_MISSING``) states every one of its figures as a gap
through the same mechanism; wiring it is replacing its provider's body with the selector call.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.urls import reverse

from core.figures import cn_number, join_names, month_day, names_and_count, names_with_count, round_down_ten, wan_yuan
from economy import selectors as economy_selectors
from grids import selectors as grid_selectors
from issues import selectors as issue_selectors
from places.choices import AreaKind
from points import selectors as point_selectors
from stars import selectors as star_selectors
from township import selectors as colour_selectors
from training import selectors as training_selectors
from visits import selectors as visit_selectors
from worklog import selectors as worklog_selectors

EVENT = "event"  # counted in the period
POSITION = "position"  # as it stood at the period's end
SETTING = "setting"  # a rule or quota in force at the period's end
NAME = "name"  # a name

MEANING_LABELS = {EVENT: "期间发生", POSITION: "期末状况", SETTING: "期末设置", NAME: "名称"}
SOURCE_MISSING = "该项数据所在的功能尚未上线，暂无数据来源"


@dataclass
class Figure:
    """One ``*`` of the report."""

    key: str
    section: str
    label: str
    value: object
    text: str | None
    source: str
    meaning: str
    url: str | None = None
    entry_url: str | None = None
    note: str = ""

    @property
    def gap(self) -> bool:
        return self.text is None

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Figure:
        return cls(**data)


@dataclass
class Context:
    """What a section is asked for: the node (a township, or a village for the village version),
    its township, and the period's first and last day."""

    node: object
    township: object
    start: datetime.date
    end: datetime.date
    kind: str = "month"

    @property
    def is_village(self) -> bool:
        return self.node.kind == AreaKind.VILLAGE

    def period_query(self) -> str:
        return f"from={self.start:%Y-%m-%d}&to={self.end:%Y-%m-%d}"

    def village_query(self) -> str:
        return f"village={self.node.pk}" if self.is_village else ""

    def list_url(self, register: str, *params: str) -> str:
        """A register's list page limited to this scope (and the given filters)."""
        query = "&".join(p for p in (*params, self.village_query()) if p)
        return reverse(f"{register}_list") + (f"?{query}" if query else "")


@dataclass
class Section:
    """A section of the report and the function that states its figures."""

    number: str  # 一 … 八, or "附" for figures only the appendix uses
    title: str
    source: str  # "app.selectors.function"
    provide: Callable[[Context], list[Figure]]
    landed: bool = True
    village: bool = True  # whether the village version has this section


SECTIONS: list[Section] = []


def section(number, title, source, *, landed=True, village=True):
    def wrap(func):
        SECTIONS.append(Section(number, title, source, func, landed, village))
        return func

    return wrap


def _text(value, fmt: Callable | None = None):
    if value is None:
        return None
    return fmt(value) if fmt else str(value)


def make(ctx_section, source, meaning, key, label, value, *, fmt=None, url=None, entry_url=None, note=""):
    return Figure(
        key=key,
        section=ctx_section,
        label=label,
        value=value,
        text=_text(value, fmt),
        source=source,
        meaning=meaning,
        url=url,
        entry_url=entry_url,
        note=note,
    )


def missing(number: str, source: str, specs) -> list[Figure]:
    """Every figure of a section whose selector has not landed, as a gap."""
    return [
        Figure(key=k, section=number, label=label, value=None, text=None, source=source, meaning=m, note=SOURCE_MISSING)
        for k, label, m in specs
    ]


# --- (一) 责任落实: the work log (worklog.selectors.worklog_figures) -------------------------------

WORKLOG_SPECS = [
    ("party_meetings", "党政班子会（次）", EVENT),
    ("progress_meetings", "专题工作推进会（次）", EVENT),
    ("research_person_times", "领导组成员入村调研（人次）", EVENT),
    ("trainings", "党员干部培训（次）", EVENT),
    ("tour_date", "最近一次观摩学习日期", EVENT),
    ("tour_people", "观摩学习人员", EVENT),
    ("tour_sites", "观摩学习地点", EVENT),
]


@section("一", "聚焦责任落实，加强组织领导", "worklog.selectors.worklog_figures", village=False)
def worklog_section(ctx: Context) -> list[Figure]:
    src = "worklog.selectors.worklog_figures"
    f = worklog_selectors.worklog_figures(ctx.node, ctx.start, ctx.end)
    period = ctx.period_query()

    def fig(key, label, value, register, *params, fmt=None):
        url = ctx.list_url(register, *params, period)
        return make("一", src, EVENT, key, label, value, fmt=fmt, url=url, entry_url=reverse(f"{register}_create"))

    tours = ctx.list_url("study_tours", period)
    tour_date = f.tour_date.isoformat() if f.tour_date else None
    counts = [
        fig("party_meetings", "党政班子会（次）", f.party_meetings, "meetings", "kind=party"),
        fig("progress_meetings", "专题工作推进会（次）", f.progress_meetings, "meetings", "kind=progress"),
        fig(
            "research_person_times",
            "领导组成员入村调研（人次）",
            f.research_person_times,
            "research_visits",
            "kind=research",
        ),
        fig("trainings", "党员干部培训（次）", f.trainings, "trainings"),
    ]
    kept = f.party_meetings is not None or f.trainings is not None or f.research_person_times is not None
    if f.tour_date is None and kept:
        # The work log is kept and no study tour was made in the period: the report has no tour to tell
        # of, so the sentence is left out (reports.text.ONE_TOUR), as a zero would be written elsewhere.
        return counts
    return counts + [
        make(
            "一", src, EVENT, "tour_date", "最近一次观摩学习日期", tour_date,
            fmt=lambda d: month_day(datetime.date.fromisoformat(d)), url=tours, entry_url=reverse("study_tours_create"),
        ),
        make("一", src, EVENT, "tour_people", "观摩学习人员", f.tour_people, url=tours),
        make("一", src, EVENT, "tour_sites", "观摩学习地点", f.tour_sites, fmt="、".join, url=tours),
    ]  # fmt: skip


@section("一", "党员在线答题、集中测试答题", "training.selectors.quiz_figures", village=False)
def quiz_section(ctx: Context) -> list[Figure]:
    """The quizzes that closed in the period, the sheets handed in, their average score. No quiz ever
    published in the township: gaps. None closed in the period: 0 quizzes (the sentence then keeps the
    source's words without figures, reports.text.ONE_QUIZ_NONE) and no average figure at all: the
    sentence does not use it, so it is not a gap."""
    src = "training.selectors.quiz_figures"
    f = training_selectors.quiz_figures(ctx.node, ctx.start, ctx.end)
    url, entry = reverse("quizzes_list"), reverse("quizzes_create")
    never = "" if f.quizzes is not None else "还没有发布过答题活动：请在“答题活动”中新建并发布"
    no_sheets = "" if f.sheets else "本期截止的答题活动还没有人交卷"

    def fig(key, label, value, fmt=None, note=never):
        return make("一", src, EVENT, key, label, value, fmt=fmt, url=url, entry_url=entry, note=note)

    result = [
        fig("quizzes", "党员在线答题、集中测试答题（次）", f.quizzes),
        fig("quiz_sheets", "参与答题（人次）", f.sheets),
    ]
    if f.quizzes != 0:  # held (or never published: a gap); none closed in the period: no average to write
        average = fig("quiz_average", "答题平均得分（分）", f.average, fmt=lambda v: f"{v:g}", note=never or no_sheets)
        result.append(average)
    return result


# --- (二) 网格治理 ---------------------------------------------------------------------------------


@section("二", "聚焦网格治理，构建融合框架", "grids.selectors.grid_figures")
def grid_section(ctx: Context) -> list[Figure]:
    src = "grids.selectors.grid_figures"
    f = grid_selectors.grid_figures(node=ctx.node, as_of=ctx.end)
    tree = reverse("grids:tree_node", args=[ctx.node.pk])
    staff = "grid_staff"

    def fig(key, label, value, url):
        return make("二", src, POSITION, key, label, value, url=url, entry_url=url)

    return [
        fig("villages", "行政村（个）", f.villages, tree),
        fig("grids", "网格（个）", f.grids, tree),
        fig("leaders", "网格长（名）", f.leaders, ctx.list_url(staff, "role=leader")),
        fig("grid_members", "全科网格员（名）", f.grid_members, ctx.list_url(staff, "role=member")),
        fig("assistants", "网格辅助员（名）", f.assistants, ctx.list_url(staff, "role=assistant")),
        fig("grid_branches", "网格党支部（个）", f.grid_branches, ctx.list_url("grids", "has_party_branch=true")),
        fig("party_groups", "网格党小组（个）", f.party_groups, ctx.list_url("party_groups")),
        fig("central_households", "党员中心户（名）", f.central_households, ctx.list_url("central_households")),
        fig("linked_households", "中心户包联户（户）", f.linked_households, ctx.list_url("central_households")),
    ]


# --- (三) 功能提升: service centres (worklog) and the contact system (visits) ----------------------

CENTRE_SPECS = [
    ("centres_built", "已建成党群服务中心（名称、个数）", POSITION),
    ("centres_high", "今年重点打造的高标准党群服务中心", POSITION),
]


@section("三", "党群服务中心", "worklog.selectors.service_centre_figures")
def centre_section(ctx: Context) -> list[Figure]:
    src = "worklog.selectors.service_centre_figures"
    f = worklog_selectors.service_centre_figures(ctx.node, ctx.start, ctx.end)
    entry = reverse("service_centres_list")
    return [
        make(
            "三", src, POSITION, "centres_built", "已建成党群服务中心（名称、个数）", f.built,
            fmt=lambda names: names_and_count(names), url=ctx.list_url("service_centres", "status=built"),
            entry_url=entry,
        ),
        make(
            "三", src, POSITION, "centres_high", "今年重点打造的高标准党群服务中心", f.high_standard,
            fmt=lambda names: names_with_count(names), url=ctx.list_url("service_centres", "high_standard=true"),
            entry_url=entry,
        ),
    ]  # fmt: skip


@section("三", "包联制度", "visits.selectors.contact_figures")
def contact_section(ctx: Context) -> list[Figure]:
    src = "visits.selectors.contact_figures"
    f = visit_selectors.contact_figures(ctx.node, ctx.start, ctx.end)
    quota = reverse("visits:quota")
    return [
        make("三", src, SETTING, "households_each", "每人联系群众不少于（户）", f.households_each, url=quota),
        make(
            "三",
            src,
            SETTING,
            "days_per_week",
            "每周到村工作（天）",
            f.days_per_week,
            fmt=lambda d: f"{cn_number(d)}天",
            url=quota,
        ),
        make("三", src, SETTING, "visits_per_month", "每月至少入户（次）", f.visits_per_month, url=quota),
        make(
            "三",
            src,
            EVENT,
            "contact_households_visited",
            "已走访包联户（户）",
            f.contact_households_visited,
            url=ctx.list_url("visits", ctx.period_query()),
            entry_url=reverse("visits:log"),
        ),
        make("三", src, EVENT, "visits", "入户走访（次）", f.visits, url=ctx.list_url("visits", ctx.period_query())),
    ]


# --- (四) 三色管理 ---------------------------------------------------------------------------------


@section("四", "聚焦三色管理，建立响应机制", "township.selectors.three_colour_figures")
def colour_section(ctx: Context) -> list[Figure]:
    src = "township.selectors.three_colour_figures"
    f = colour_selectors.three_colour_figures(ctx.node, ctx.start, ctx.end)
    by_colour = visit_selectors.demand_colour_figures(ctx.node, ctx.start, ctx.end)
    board = reverse("township:board")
    rated = f.green + f.yellow + f.red
    no_colours = "期末没有任何村评定颜色：请在周例会研判中为各村定色" if not rated else ""
    demands = ctx.list_url("demands", "kind=demand", f"from={ctx.start:%Y-%m-%d}", f"to={ctx.end:%Y-%m-%d}")
    problems = ctx.list_url("demands", "kind=problem", ctx.period_query())
    src2 = "visits.selectors.demand_colour_figures"
    return [
        make("四", src, POSITION, "colour_villages", "行政村（个）", f.villages, url=board),
        make(
            "四",
            src,
            POSITION,
            "villages_with_ledger",
            "建立风险隐患村情台账的村（个）",
            f.villages_with_ledger,
            url=ctx.list_url("risks", f"to={ctx.end:%Y-%m-%d}"),
            entry_url=reverse("risks_create"),
        ),
        make("四", src, POSITION, "green", "绿色村（个）", f.green, url=board),
        make("四", src, POSITION, "yellow", "黄色村（个）", f.yellow, url=board),
        make("四", src, POSITION, "red", "红色村（个）", f.red, url=board),
        make(
            "四",
            src2,
            EVENT,
            "demands_green",
            "绿色村解决合理诉求（条）",
            by_colour["demands_resolved_green"] if rated else None,
            url=demands,
            entry_url=board,
            note=no_colours,
        ),
        make(
            "四",
            src2,
            EVENT,
            "problems_yellow",
            "黄色村发现急难愁盼问题（条）",
            by_colour["problems_found_yellow"] if rated else None,
            url=problems,
            entry_url=board,
            note=no_colours,
        ),
        make("四", src, EVENT, "reviews", "周例会研判（次）", f.reviews, url=reverse("township:reviews")),
    ]


# --- (五) 问题整改 ---------------------------------------------------------------------------------


@section("五", "聚焦问题整改，提升服务水平", "issues.selectors.problem_figures")
def problem_section(ctx: Context) -> list[Figure]:
    src = "issues.selectors.problem_figures"
    f = issue_selectors.problem_figures(node=ctx.node, date_from=ctx.start, date_to=ctx.end)
    kept = issue_selectors.ledger_kept(ctx.node, ctx.end)
    note = "" if kept else "问题台账中还没有任何问题：请在问题台账中登记"
    entry = reverse("problems_create")
    period = ctx.period_query()

    def fig(key, label, value, level):
        url = ctx.list_url("problems", f"level={level}", period)
        return make("五", src, EVENT, key, label, value if kept else None, url=url, entry_url=entry, note=note)

    c, lt, v = f.committee, f.leadership, f.village
    return [
        fig("committee_categories", "党委问题（类）", c.categories, "committee"),
        fig("committee_problems", "党委问题（条）", c.problems, "committee"),
        fig("leadership_categories", "领导班子问题（类）", lt.categories, "leadership"),
        fig("leadership_problems", "领导班子问题（条）", lt.problems, "leadership"),
        fig("village_organisations", "梳理问题的村级党组织（个）", v.organisations, "village"),
        fig("village_categories", "村级党组织问题（类）", v.categories, "village"),
        fig("village_problems", "村级党组织问题（条）", v.problems, "village"),
    ]


# --- (六) 评星定级 (stars.selectors.star_figures) --------------------------------------------------


@section("六", "聚焦评星定级，健全激励机制", "stars.selectors.star_figures", village=False)
def star_section(ctx: Context) -> list[Figure]:
    """Branches from the latest round final (or in publicity) by the period's end, each village's
    version in force that day; secretaries from the latest rating published by then. No such round
    or rating: its figures are gaps, with a note saying where it is done."""
    src = "stars.selectors.star_figures"
    f = star_selectors.star_figures(ctx.node, ctx.start, ctx.end)
    index = reverse("stars:index")
    branches_url = f.links.get("branches") or index
    secretaries_url = f.links.get("secretaries") or index
    as_of = f"截至{ctx.end.year}年{ctx.end.month}月{ctx.end.day}日"
    no_round = "" if f.branches is not None else f"{as_of}没有已公示的党支部评星结果：请在“评星定级”中完成评星并公示"
    no_run = "" if f.secretaries is not None else f"{as_of}没有已公示的党支部书记评星结果：请在“评星定级”中测算并公示"

    def branch(key, label, value, fmt=None):
        return make("六", src, POSITION, key, label, value, fmt=fmt, url=branches_url, entry_url=index, note=no_round)

    def secretary(key, label, value):
        return make("六", src, POSITION, key, label, value, url=secretaries_url, entry_url=index, note=no_run)

    levels = [list(level) for level in f.branch_levels] if f.branches is not None else None
    result = [
        branch("star_branches", "参与评星的党支部（个）", f.branches),
        branch("star_levels", "党支部星级分布", levels, fmt=star_levels_text),
        secretary("star_secretaries", "现任党支部书记（名）", f.secretaries),
        secretary("secretary_three", "三星级书记（名）", f.three_star),
        secretary("secretary_two", "二星级书记（名）", f.two_star),
        secretary("secretary_one", "一星级书记（名）", f.one_star),
        secretary("secretary_unrated", "任职不满一年未评星书记（名）", f.unrated_new),
    ]
    if f.unrated_other:  # only then does the report say so (the source has no such case)
        result.append(secretary("secretary_unrated_other", "考核不称职未评星书记（名）", f.unrated_other))
    return result


def star_levels_text(levels) -> str:
    """[(8, 3), (7, 5)] → "八星级3个，七星级5个" (二星级, never 两星级); no branch rated: "尚无星级"."""
    if not levels:
        return "尚无星级"
    return "，".join(f"{'二' if stars == 2 else cn_number(stars)}星级{count}个" for stars, count in levels)


# --- (七) 积分管理 ---------------------------------------------------------------------------------


@section("七", "聚焦积分管理，激活党员动力", "points.selectors.report_points_section")
def points_section(ctx: Context) -> list[Figure]:
    src = "points.selectors.report_points_section"
    p = point_selectors.report_points_section(ctx.township, ctx.end)
    books = reverse("points:rulebooks")
    new_book = reverse("points:rulebook_new")
    note = "" if p.title else f"{ctx.end.year}年及以前没有积分制管理办法：请在“积分制管理办法”中新建"
    return [
        make(
            "七",
            src,
            SETTING,
            "points_title",
            "积分制管理办法名称",
            p.title or None,
            url=books,
            entry_url=new_book,
            note=note,
        ),
        make(
            "七",
            src,
            SETTING,
            "pilot_villages",
            "积分管理试点村",
            p.pilot_villages if p.title and p.pilot_villages else None,
            fmt=join_names,
            url=books,
            entry_url=new_book,
            note=note or ("" if p.pilot_villages else "积分制管理办法未选择试点村"),
        ),
    ]


# --- (八) 四个重点 (economy.selectors.key_point_figures) -------------------------------------------

KEY_POINT_SPECS = [
    ("model_villages", "推广经验的村", NAME),
    ("routes", "提升集体经济的途径", NAME),
    ("villages_to_lift", "力争集体经济明确提升的行政村（个）", POSITION),
    ("organisations_publicised", "合同清查、债权债务摸底完成公示的集体经济组织（个）", POSITION),
    ("claims_collected", "债权清收（万元）", EVENT),
    ("debts_resolved", "化解债务（万元）", EVENT),
    ("systems", "建立健全的管理制度", POSITION),
    ("personalised_items", "差异化个性清单（项）", POSITION),
    ("villages_with_rules", "建立健全村规民约的村（个）", POSITION),
    ("rule_articles", "村规民约（余条）", POSITION),
]


@section("八", "聚焦四个重点，补齐短板弱项", "economy.selectors.key_point_figures")
def key_point_section(ctx: Context) -> list[Figure]:
    src = "economy.selectors.key_point_figures"
    f = economy_selectors.key_point_figures(ctx.node, ctx.start, ctx.end)
    incomes = reverse("economy:incomes") + f"?year={ctx.end.year}"
    cleanup = reverse("economy:cleanup") + f"?{ctx.period_query()}"
    urls = {
        "model_villages": (incomes, reverse("collective_incomes_list")),
        "routes": (incomes, reverse("collective_incomes_list")),
        "villages_to_lift": (incomes, reverse("collective_incomes_list")),
        "organisations_publicised": (ctx.list_url("economic_organisations"), reverse("economic_organisations_list")),
        "claims_collected": (cleanup, ctx.list_url("claims_and_debts", "kind=claim")),
        "debts_resolved": (cleanup, ctx.list_url("claims_and_debts", "kind=debt")),
        "systems": (ctx.list_url("management_systems"), reverse("management_systems_create")),
        "personalised_items": (ctx.list_url("duty_lists", "kind=personalised"), reverse("duty_lists_create")),
        "villages_with_rules": (ctx.list_url("village_rules"), reverse("village_rules_create")),
        "rule_articles": (ctx.list_url("village_rules"), reverse("village_rules_create")),
    }
    names = "、".join
    formats = {
        "model_villages": names,
        "routes": names,
        "claims_collected": wan_yuan,
        "debts_resolved": wan_yuan,
        "systems": names,
        "rule_articles": lambda n: str(round_down_ten(n)),
    }
    figures = []
    for key, label, meaning in KEY_POINT_SPECS:
        value = getattr(f, key)
        if key in ("claims_collected", "debts_resolved") and value is not None:
            value = str(value)  # a decimal as a string (plain JSON); wan_yuan writes it with two decimals
        url, entry_url = urls[key]
        figures.append(
            make(
                "八",
                src,
                meaning,
                key,
                label,
                value,
                fmt=formats.get(key),
                url=url,
                entry_url=entry_url,
                note=f.notes.get(key, ""),
            )
        )
    return figures


# --- assembly --------------------------------------------------------------------------------------


def sections_for(node) -> list[Section]:
    village = node.kind == AreaKind.VILLAGE
    return [s for s in SECTIONS if s.village or not village]


def collect(ctx: Context) -> dict[str, Figure]:
    """Every figure of the report for ``ctx``, by key, in the report's order. A fixed number of
    queries: each selector's own, whatever the data size (tests/reports/test_queries.py)."""
    figures: dict[str, Figure] = {
        "township": make("", "places", NAME, "township", "乡镇名称", ctx.township.name),
        "place": make("", "places", NAME, "place", "报告单位", ctx.node.name),
    }
    for s in sections_for(ctx.node):
        for figure in s.provide(ctx):
            figures[figure.key] = figure
    return figures


def gaps(figures: dict[str, Figure]) -> list[Figure]:
    return [f for f in figures.values() if f.gap]


SHORTFALL_SOURCES = [
    grid_selectors.grid_shortfalls,
    star_selectors.star_shortfalls,
    visit_selectors.contact_shortfalls,
    colour_selectors.three_colour_shortfalls,
    issue_selectors.problem_shortfalls,
    economy_selectors.economy_shortfalls,
    worklog_selectors.centre_shortfalls,
    training_selectors.quiz_shortfalls,
]


def shortfalls(ctx: Context) -> list:
    """Every app's facts for the drafted "二、存在问题及下步计划"."""
    result = []
    for source in SHORTFALL_SOURCES:
        result += source(ctx.node, ctx.start, ctx.end)
    return result
