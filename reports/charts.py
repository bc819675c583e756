"""The appendix's charts, drawn on the server as SVG with pygal (no JavaScript), from plain data.

The data is collected once (``appendix_data``) and frozen with an issued report, so an issued
report's charts never change. Each chart is an SVG string; pages and the PDF show it as an
``<img src="data:image/svg+xml;base64,…">`` (allowed by the content-security policy), the .docx as
a table of the same figures.
"""

import base64
import datetime

import pygal
from pygal.style import Style

from core.pdf import SANS_FONT
from issues import selectors as issue_selectors
from points import selectors as point_selectors
from visits import selectors as visit_selectors

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#999",
    font_family=f"'{SANS_FONT}', sans-serif",
    title_font_size=16,
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=12,
    value_font_size=11,
    value_label_font_size=11,
    no_data_font_size=16,
    colors=("#c0392b", "#e0a800", "#2e8b57", "#2f6fb0", "#7f8c8d"),
)
COLOUR_STYLE = Style(**{**STYLE.__dict__, "colors": ("#2e8b57", "#e0a800", "#c0392b", "#9e9e9e")})
NO_DATA = "暂无数据"


def _months(start: datetime.date, end: datetime.date, kind: str) -> datetime.date:
    """The first month the visits chart shows: the year for a yearly report, else six months back."""
    if kind == "year":
        return start
    month, year = end.month - 5, end.year
    if month < 1:
        month, year = month + 12, year - 1
    return datetime.date(year, month, 1)


def appendix_data(ctx, figures) -> dict:
    """Plain data for the five charts. Five queries beyond the figures (which hold the colours)."""

    def value(key):
        f = figures.get(key)
        return None if f is None else f.value

    first = _months(ctx.start, ctx.end, ctx.kind)
    visits = visit_selectors.visits_by_month(ctx.node, first, ctx.end)
    rated = [value("green"), value("yellow"), value("red")]
    villages = value("colour_villages") or 0
    return {
        "colours": None
        if None in rated
        else {"绿色": rated[0], "黄色": rated[1], "红色": rated[2], "未评定": max(villages - sum(rated), 0)},
        "visits": [[f"{m.month.year}年{m.month.month}月", m.visits, m.expected] for m in visits],
        "problems": [list(row) for row in issue_selectors.rectified_by_level(ctx.node, ctx.start, ctx.end)],
        "points": [list(row) for row in point_selectors.points_distribution(ctx.node, ctx.start, ctx.end)],
        # 集体经济收入与目标: economy.selectors (issue 14) has not landed; the chart says 暂无数据.
        "income": None,
    }


def _svg(chart) -> str:
    return chart.render(is_unicode=True)


def colours_chart(data) -> str:
    chart = pygal.Pie(
        style=COLOUR_STYLE, js=[], width=640, height=360, title="各村三色管理情况（期末）", no_data_text=NO_DATA
    )
    chart.inner_radius = 0.45
    for label, n in (data or {}).items():
        chart.add(f"{label} {n}个", n)
    return _svg(chart)


def visits_chart(rows) -> str:
    chart = pygal.Bar(
        style=STYLE,
        js=[],
        width=640,
        height=360,
        title="入户走访与任务量（按月）",
        x_label_rotation=0,
        print_values=True,
        no_data_text=NO_DATA,
    )
    chart.x_labels = [r[0][5:] if len(rows) > 6 else r[0] for r in rows]
    if rows and any(r[1] or r[2] for r in rows):
        chart.add("实际走访（次）", [r[1] for r in rows])
        chart.add("任务量（次）", [r[2] for r in rows])
    return _svg(chart)


def problems_chart(rows) -> str:
    chart = pygal.Bar(
        style=STYLE,
        js=[],
        width=640,
        height=360,
        title="问题查摆与整改（按层级）",
        print_values=True,
        no_data_text=NO_DATA,
    )
    chart.x_labels = [r[0] for r in rows]
    if any(r[1] for r in rows):
        chart.add("查摆问题（条）", [r[1] for r in rows])
        chart.add("已整改（条）", [r[2] for r in rows])
    return _svg(chart)


def points_chart(rows) -> str:
    chart = pygal.Bar(
        style=STYLE, js=[], width=640, height=360, title="党员积分分布（本期）", print_values=True, no_data_text=NO_DATA
    )
    chart.x_labels = [r[0] for r in rows]
    if any(r[1] for r in rows):
        chart.add("党员（名）", [r[1] for r in rows])
    return _svg(chart)


def income_chart(rows) -> str:
    chart = pygal.Bar(
        style=STYLE, js=[], width=640, height=360, title="村集体经济收入与目标（万元）", no_data_text=NO_DATA
    )
    if rows:
        chart.x_labels = [r[0] for r in rows]
        chart.add("实际收入", [float(r[1]) for r in rows])
        chart.add("目标", [float(r[2]) for r in rows])
    return _svg(chart)


CHARTS = [
    ("colours", "附图1　各村三色管理情况", colours_chart),
    ("visits", "附图2　入户走访与任务量", visits_chart),
    ("problems", "附图3　问题查摆与整改", problems_chart),
    ("points", "附图4　党员积分分布", points_chart),
    ("income", "附图5　村集体经济收入与目标", income_chart),
]


def charts(data: dict) -> list[dict]:
    """[{"key", "title", "svg", "src" (a data: URI)}] for every chart of the appendix."""
    result = []
    for key, title, draw in CHARTS:
        svg = draw(data.get(key))
        src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        result.append({"key": key, "title": title, "svg": svg, "src": src})
    return result


def tables(data: dict) -> list[tuple[str, list[str], list[list]]]:
    """The same figures as tables (for the .docx): (title, header, rows)."""
    colours = data.get("colours")
    income = data.get("income")
    return [
        ("附表1　各村三色管理情况（期末）", ["颜色", "村数"], [[k, v] for k, v in colours.items()] if colours else []),
        ("附表2　入户走访与任务量", ["月份", "实际走访（次）", "任务量（次）"], data.get("visits") or []),
        ("附表3　问题查摆与整改", ["层级", "查摆问题（条）", "已整改（条）"], data.get("problems") or []),
        ("附表4　党员积分分布", ["积分", "党员（名）"], data.get("points") or []),
        ("附表5　村集体经济收入与目标（万元）", ["村", "实际收入", "目标"], income or []),
    ]
