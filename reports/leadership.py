"""The leadership's charts on the home page: each one reads its owning app's selector for the
user's scope node and becomes a ``core.charts.Chart`` (the chart and the table of its figures).

The home page's panel (``reports.dashboard``) lists them; each is loaded from its own URL
(``reports:chart``), so every chart has its own fixed number of queries and the home page stays
light. Each builder takes the scope node and today and runs a fixed number of queries.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from core.charts import QUOTA_COLOUR, Level, Series, bar_chart, board_chart
from issues import selectors as issue_selectors
from places.choices import AreaKind
from places.selectors import township_of
from points import selectors as point_selectors
from township import selectors as township_selectors
from township.choices import Colour
from visits import selectors as visit_selectors

WEEKS = 12
MONTHS = 12
COLOUR_LEVELS = [
    Level(Colour.RED.value, "红色", "#c0392b"),
    Level(Colour.YELLOW.value, "黄色", "#e0a800"),
    Level(Colour.GREEN.value, "绿色", "#2e8b57"),
    Level(None, "未评定", "#c8c8c8"),
]


@dataclass
class LeadershipChart:
    key: str
    title: str
    build: Callable  # (node, today) -> core.charts.Chart


def _months_back(today: datetime.date, n: int) -> datetime.date:
    month, year = today.month - (n - 1), today.year
    while month < 1:
        month, year = month + 12, year - 1
    return datetime.date(year, month, 1)


def _month_label(month: datetime.date, today: datetime.date) -> str:
    return f"{month.month}月" if month.year == today.year else f"{month.year}年{month.month}月"


def colours_by_week(node, today):
    """Each village's colour at the end of each of the last twelve weeks (this week: today)."""
    monday = today - datetime.timedelta(days=today.weekday())
    days = [min(monday + datetime.timedelta(days=6 - 7 * n), today) for n in range(WEEKS - 1, -1, -1)]
    villages = township_selectors.colour_weeks(node, days)
    now = [colours[-1] for _, colours in villages]
    counts = "、".join(f"{lv.label}{sum(1 for c in now if c == lv.code)}个" for lv in COLOUR_LEVELS)
    return board_chart(
        "colours",
        "三色管理：各村颜色（近12周）",
        "行政村",
        [name for name, _ in villages],
        [f"{d.month}月{d.day}日" for d in days],
        [colours for _, colours in villages],
        COLOUR_LEVELS,
        summary=f"{len(villages)}个村，本周{counts}" if villages else "",
        note="每列为该周最后一天（本周为今天）的颜色，以周例会研判结果为准。",
    )


def visits_by_month(node, today):
    first = _months_back(today, MONTHS)
    rows = visit_selectors.visits_by_month(node, first, today)
    behind = [r for r in rows[:-1] if r.visits < r.expected]
    return bar_chart(
        "visits_months",
        "入户走访与任务量（按月）",
        "月份",
        [_month_label(r.month, today) for r in rows],
        [
            Series("实际走访（次）", [r.visits for r in rows]),
            Series("任务量（次）", [r.expected for r in rows], kind="line", colour=QUOTA_COLOUR),
        ],
        summary=f"近{MONTHS}个月中{len(behind)}个已结束的月份走访次数低于任务量" if rows else "",
        note="任务量 = 当月在岗包联干部人数 × 每月至少入户次数；本月为截至今天。",
    )


def visits_by_village(node, today):
    if node.kind not in (AreaKind.TOWNSHIP, AreaKind.VILLAGE):
        rows = []
    else:
        frame = visit_selectors.month_frame(township_of(node), today.replace(day=1), today)
        rows = sorted(visit_selectors.month_villages(node, frame), key=lambda r: r.village.code)
    behind = sum(1 for r in rows if r.behind)
    return bar_chart(
        "visits_villages",
        f"{today.month}月各村入户走访进度",
        "行政村",
        [r.village.name for r in rows],
        [
            Series("实际走访（次）", [r.visits for r in rows]),
            Series("截至今天应走访（次）", [r.expected_visits for r in rows], kind="line", colour=QUOTA_COLOUR),
        ],
        summary=f"{len(rows)}个村中{behind}个村落后于本月走访进度" if rows else "",
        note="应走访次数按包联干部每月任务量分摊到各村，并按本月已过天数折算。",
        horizontal=True,
        height="lg" if len(rows) > 8 else "md",
    )


def problems_by_month(node, today):
    rows = issue_selectors.problems_by_month(node, _months_back(today, MONTHS), today)
    return bar_chart(
        "problems_months",
        "问题查摆与整改（按月）",
        "月份",
        [_month_label(r.month, today) for r in rows],
        [
            Series("查摆问题（条）", [r.found for r in rows], colour="#c0392b"),
            Series("销号整改（条）", [r.rectified for r in rows], colour="#2e8b57"),
        ],
        summary=f"近{MONTHS}个月查摆{sum(r.found for r in rows)}条，销号{sum(r.rectified for r in rows)}条",
        note="销号整改按销号日期计入当月，不论问题何时查摆。",
    )


def problems_by_level(node, today):
    start = datetime.date(today.year, 1, 1)
    rows = issue_selectors.rectified_by_level(node, start, today)
    return bar_chart(
        "problems_levels",
        f"{today.year}年问题查摆与整改（按层级）",
        "层级",
        [label for label, _, _ in rows],
        [
            Series("查摆问题（条）", [found for _, found, _ in rows], colour="#c0392b"),
            Series("其中已整改（条）", [closed for _, _, closed in rows], colour="#2e8b57"),
        ],
        summary="；".join(f"{label}查摆{found}条、已整改{closed}条" for label, found, closed in rows),
        note=f"{today.year}年1月1日以来查摆的问题，及其中截至今天已销号的。",
    )


def points_by_village(node, today):
    start = datetime.date(today.year, 1, 1)
    rows = point_selectors.points_by_village(node, start, today)
    top = max(rows, key=lambda r: r.total, default=None)
    return bar_chart(
        "points_villages",
        f"{today.year}年各村党员积分合计",
        "行政村",
        [r.village for r in rows],
        [
            Series("积分合计（分）", [r.total for r in rows], colour="#b71c1c"),
            Series("有积分记录的党员（人）", [r.members for r in rows], kind="line", colour=QUOTA_COLOUR),
        ],
        summary=f"{len(rows)}个村，合计最高的是{top.village}（{top.total}分）" if top and top.total else "",
        note=f"{today.year}年1月1日至今天记录的积分（含扣分与撤销），不含未审核的申报。",
        horizontal=True,
        height="lg" if len(rows) > 8 else "md",
    )


def income_against_target(node, today):
    """Collective income against target per village this year (economy.selectors), in 万元."""
    from economy import selectors as economy_selectors

    rows = list(economy_selectors.incomes_for_year(node, today.year))
    reported = [r for r in rows if r.actual is not None]
    reached = sum(1 for r in reported if r.actual >= r.target)
    return bar_chart(
        "income",
        f"{today.year}年各村集体经济收入与目标",
        "行政村",
        [r.village.name for r in rows],
        [
            Series("目标收入（万元）", [r.target for r in rows], colour=QUOTA_COLOUR),
            Series("实际收入（万元）", [r.actual for r in rows], colour="#b71c1c"),
        ],
        summary=f"{len(rows)}个村定了目标，{len(reported)}个村已统计实际收入，其中{reached}个达到目标" if rows else "",
        note="实际收入尚未统计的村为空。",
        horizontal=True,
        height="lg" if len(rows) > 8 else "md",
    )


CHARTS = [
    LeadershipChart("colours", "三色管理：各村颜色（近12周）", colours_by_week),
    LeadershipChart("visits_months", "入户走访与任务量（按月）", visits_by_month),
    LeadershipChart("visits_villages", "本月各村入户走访进度", visits_by_village),
    LeadershipChart("problems_months", "问题查摆与整改（按月）", problems_by_month),
    LeadershipChart("problems_levels", "问题查摆与整改（按层级）", problems_by_level),
    LeadershipChart("points_villages", "各村党员积分合计", points_by_village),
]
if apps.is_installed("economy"):  # the four key points' app (issue 14); until it lands, no income chart
    CHARTS.append(LeadershipChart("income", "各村集体经济收入与目标", income_against_target))
BY_KEY = {c.key: c for c in CHARTS}
