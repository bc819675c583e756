"""The appendix's charts, drawn on the server as plain SVG (no JavaScript, no stylesheet), from plain data.

The data is collected once (``appendix_data``) and frozen with an issued report, so an issued
report's charts never change. The SVG is written by hand rather than with pygal: pygal's charts carry
a stylesheet and about a thousand nodes, and WeasyPrint spent more on five of them than on the
report's text (bench/README.md). Each chart is an SVG string; pages and the PDF show it as an
``<img src="data:image/svg+xml;base64,…">`` (allowed by the content-security policy), the .docx as
a table of the same figures.
"""

import base64
import datetime
import math
from xml.sax.saxutils import escape

from core.pdf import SANS_FONT
from economy import selectors as economy_selectors
from issues import selectors as issue_selectors
from points import selectors as point_selectors
from visits import selectors as visit_selectors

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
    """Plain data for the five charts. Six queries beyond the figures (which hold the colours)."""

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
        # The year of the period's end: [[village, actual, target]] in 万元 (no village has a row: 暂无数据).
        "income": economy_selectors.income_chart_rows(ctx.node, ctx.end.year) or None,
    }


# --- drawing: plain SVG, every colour and size an attribute (no stylesheet, few nodes) ----------------

WIDTH, HEIGHT = 640, 360
SERIES_COLOURS = ("#c0392b", "#2f6fb0", "#e0a800", "#2e8b57", "#7f8c8d")
COLOUR_OF = {"绿色": "#2e8b57", "黄色": "#e0a800", "红色": "#c0392b", "未评定": "#9e9e9e"}


def _text(x, y, text, size=11, anchor="middle", weight=None, fill="#222") -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{bold}>'
        f"{escape(str(text))}</text>"
    )


def _svg(title: str, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{SANS_FONT}, sans-serif">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>'
    )
    return head + _text(WIDTH / 2, 26, title, size=16, fill="#111") + "".join(body) + "</svg>"


def _no_data() -> list[str]:
    return [_text(WIDTH / 2, HEIGHT / 2 + 8, NO_DATA, size=16, fill="#999")]


def _legend(items, y=48) -> list[str]:
    """A centred row of coloured squares and names."""
    widths = [28 + 12 * len(name) for name, _ in items]
    x = (WIDTH - sum(widths)) / 2
    body = []
    for (name, colour), width in zip(items, widths, strict=True):
        body.append(f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        body.append(_text(x + 16, y, name, size=12, anchor="start"))
        x += width
    return body


def _nice_step(value: float, whole: bool) -> float:
    """The gridline step for four steps up to at least ``value``: 1, 2, (2.5,) 5 times a power of ten;
    a whole step for counts (no "1.5 名")."""
    if value <= 0:
        return 1
    quarter = value / 4
    power = 10 ** math.floor(math.log10(quarter))
    for step in (1, 2, 2.5, 5, 10):
        if whole and (step * power) % 1:
            continue
        if quarter <= step * power:
            return step * power
    return 10 * power


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list]], print_values=True) -> str:
    """Grouped vertical bars: one group per label, one bar per series, values printed on top."""
    if not labels or not series or not any(v for _, values in series for v in values):
        return _svg(title, _no_data())
    many = len(labels) > 12  # then the labels are slanted below their bars
    left, right, top, bottom = 56, WIDTH - 16, 70, HEIGHT - (70 if many else 44)
    numbers = [v or 0 for _, values in series for v in values]
    peak = 4 * _nice_step(max(float(v) for v in numbers), whole=all(isinstance(v, int) for v in numbers))
    body = _legend([(name, SERIES_COLOURS[i % len(SERIES_COLOURS)]) for i, (name, _) in enumerate(series)])
    for i in range(5):  # four gridlines and the axis, labelled
        value = peak * i / 4
        y = bottom - (bottom - top) * i / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>')
        body.append(_text(left - 6, y + 4, _number(round(value, 2)), size=11, anchor="end", fill="#666"))
    group = (right - left) / len(labels)
    bar = min(40.0, group * 0.8 / len(series))
    size = 11 if len(labels) <= 12 else 9
    for g, label in enumerate(labels):
        x0 = left + group * g + (group - bar * len(series)) / 2
        for s, (_, values) in enumerate(series):
            value = float(values[g] or 0)
            height = (bottom - top) * value / peak
            x = x0 + bar * s
            colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
            body.append(
                f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{bar - 2:.1f}" '
                f'height="{height:.1f}" fill="{colour}"/>'
            )
            if print_values and len(labels) * len(series) <= 24:
                body.append(_text(x + (bar - 2) / 2, bottom - height - 4, _number(values[g] or 0), size=10))
        x, y = left + group * (g + 0.5), bottom + 18
        if many:
            body.append(
                f'<text x="{x:.1f}" y="{y - 6:.1f}" font-size="{size}" text-anchor="end" fill="#222" '
                f'transform="rotate(-45 {x:.1f} {y - 6:.1f})">{escape(str(label))}</text>'
            )
        else:
            body.append(_text(x, y, label, size=size))
    return _svg(title, body)


def donut_chart(title: str, items: list[tuple[str, int, str]]) -> str:
    """A ring of ``(label, count, colour)`` slices with a legend on the right."""
    total = sum(n for _, n, _ in items)
    if not total:
        return _svg(title, _no_data())
    cx, cy, outer, inner = 200, 200, 120, 60
    body, angle = [], -math.pi / 2
    for _label, n, colour in items:
        if not n:
            continue
        if n == total:  # a full ring
            ring = f'r="{(outer + inner) / 2}" fill="none" stroke="{colour}" stroke-width="{outer - inner}"'
            body.append(f'<circle cx="{cx}" cy="{cy}" {ring}/>')
            break
        sweep = 2 * math.pi * n / total
        end = angle + sweep
        large = 1 if sweep > math.pi else 0
        p = [
            (cx + outer * math.cos(angle), cy + outer * math.sin(angle)),
            (cx + outer * math.cos(end), cy + outer * math.sin(end)),
            (cx + inner * math.cos(end), cy + inner * math.sin(end)),
            (cx + inner * math.cos(angle), cy + inner * math.sin(angle)),
        ]
        body.append(
            f'<path d="M{p[0][0]:.1f},{p[0][1]:.1f} A{outer},{outer} 0 {large} 1 {p[1][0]:.1f},{p[1][1]:.1f} '
            f'L{p[2][0]:.1f},{p[2][1]:.1f} A{inner},{inner} 0 {large} 0 {p[3][0]:.1f},{p[3][1]:.1f} Z" '
            f'fill="{colour}"/>'
        )
        angle = end
    for i, (label, n, colour) in enumerate(items):
        y = 130 + 30 * i
        body.append(f'<rect x="380" y="{y - 12}" width="14" height="14" fill="{colour}"/>')
        body.append(_text(402, y, f"{label} {n}个", size=14, anchor="start"))
    return _svg(title, body)


def colours_chart(data) -> str:
    items = [(label, n, COLOUR_OF.get(label, "#9e9e9e")) for label, n in (data or {}).items()]
    return donut_chart("各村三色管理情况（期末）", items)


def visits_chart(rows) -> str:
    labels = [r[0][5:] if len(rows) > 6 else r[0] for r in rows]
    series = [("实际走访（次）", [r[1] for r in rows]), ("任务量（次）", [r[2] for r in rows])]
    return bar_chart("入户走访与任务量（按月）", labels, series)


def problems_chart(rows) -> str:
    series = [("查摆问题（条）", [r[1] for r in rows]), ("已整改（条）", [r[2] for r in rows])]
    return bar_chart("问题查摆与整改（按层级）", [r[0] for r in rows], series)


def points_chart(rows) -> str:
    return bar_chart("党员积分分布（本期）", [r[0] for r in rows], [("党员（名）", [r[1] for r in rows])])


def income_chart(rows) -> str:
    series = [("实际收入", [float(r[1]) for r in rows or []]), ("目标", [float(r[2]) for r in rows or []])]
    return bar_chart("村集体经济收入与目标（万元）", [r[0] for r in rows or []], series, print_values=False)


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
