"""Browser charts (ECharts, vendored under static/vendor/echarts) from plain data, each with the
table of the same figures beside it.

A feature or the reports layer builds a ``Chart`` from a selector's rows with ``bar_chart`` or
``board_chart``; ``templates/core/_chart.html`` renders it: the figure (the ECharts option embedded
with ``json_script``, drawn by ``static/js/charts.js``, no inline script) and a table for screen
readers and for people who prefer numbers. The option is plain JSON (no functions), so what a test
reads is what the browser draws.
"""

from dataclasses import dataclass, field

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'
#: Colours of series, in order (a series may name its own).
PALETTE = ("#2f6fb0", "#c0392b", "#2e8b57", "#e0a800", "#7f8c8d", "#8e44ad")
QUOTA_COLOUR = "#7f8c8d"


@dataclass
class Series:
    """One series: its name, a value per category, ``bar`` or ``line``, an optional colour."""

    name: str
    values: list
    kind: str = "bar"
    colour: str | None = None
    stack: str | None = None


@dataclass
class Chart:
    """What ``core/_chart.html`` renders: an ECharts option and the table of the same figures."""

    key: str
    title: str
    option: dict
    headers: list[str]
    rows: list[list]
    summary: str = ""  # one sentence for screen readers and the printed page
    note: str = ""
    empty: bool = False
    height: str = "md"  # sm, md, lg, xl: a CSS class (no inline styles under the CSP)
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        # ECharts writes its own aria-label on the chart (a list of raw numbers); say what it shows.
        self.option.setdefault("aria", {})["label"] = {"description": self.aria_label}

    @property
    def aria_label(self) -> str:
        summary = f"：{self.summary}" if self.summary else ""
        return f"{self.title}{summary}（数字见图旁的表格）"

    @property
    def element_id(self) -> str:
        return f"chart-{self.key}"


def _base(title: str) -> dict:
    return {
        "aria": {"enabled": True},
        "animation": False,  # prints and screenshots show the finished chart
        "textStyle": {"fontFamily": FONT},
        "tooltip": {"trigger": "axis", "confine": True},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "title": {"show": False, "text": title},
    }


def bar_chart(
    key: str,
    title: str,
    category_label: str,
    categories: list[str],
    series: list[Series],
    *,
    summary: str = "",
    note: str = "",
    horizontal: bool = False,
    height: str = "md",
) -> Chart:
    """Bars (and lines, e.g. a quota) over categories (months, villages, levels); the table has a
    row per category and a column per series."""
    option = _base(title)
    category_axis = {"type": "category", "data": categories, "axisLabel": {"hideOverlap": True}}
    value_axis = {"type": "value", "minInterval": 1}
    option["xAxis"], option["yAxis"] = (value_axis, category_axis) if horizontal else (category_axis, value_axis)
    if horizontal:
        category_axis["inverse"] = True
    option["series"] = []
    for n, s in enumerate(series):
        item = {
            "name": s.name,
            "type": s.kind,
            "data": s.values,
            "itemStyle": {"color": s.colour or PALETTE[n % len(PALETTE)]},
        }
        if s.stack:
            item["stack"] = s.stack
        if s.kind == "line":
            item["symbolSize"] = 6
            item["lineStyle"] = {"type": "dashed", "width": 2}
        else:
            item["barMaxWidth"] = 28
        option["series"].append(item)
    rows = [[c, *(s.values[i] for s in series)] for i, c in enumerate(categories)]
    empty = not categories or not any(v for s in series for v in s.values)
    return Chart(key, title, option, [category_label, *(s.name for s in series)], rows, summary, note, empty, height)


@dataclass
class Level:
    """One value of a board: its code (stored), label (shown) and colour."""

    code: object
    label: str
    colour: str


def board_chart(
    key: str,
    title: str,
    row_label: str,
    row_names: list[str],
    column_names: list[str],
    cells: list[list],
    levels: list[Level],
    *,
    summary: str = "",
    note: str = "",
) -> Chart:
    """A board: a cell per row (e.g. a village) and column (e.g. a week), coloured by its level
    (e.g. red, yellow, green, not rated). ``cells[r][c]`` is a level's code. The table names the
    level of each cell in words, so the colour is never the only carrier of the meaning."""
    index = {level.code: n for n, level in enumerate(levels)}
    labels = {level.code: level.label for level in levels}
    data = [[c, r, index.get(code, len(levels) - 1)] for r, row in enumerate(cells) for c, code in enumerate(row)]
    option = _base(title)
    option.update(
        {
            "tooltip": {"position": "top", "confine": True},
            "legend": {"show": False},
            "grid": {"left": 8, "right": 16, "top": 40, "bottom": 8, "containLabel": True},
            "xAxis": {"type": "category", "data": column_names, "splitArea": {"show": True}},
            "yAxis": {"type": "category", "data": row_names, "inverse": True, "splitArea": {"show": True}},
            "visualMap": {
                "type": "piecewise",
                "orient": "horizontal",
                "top": 0,
                "left": "center",
                "pieces": [{"value": n, "label": level.label, "color": level.colour} for n, level in enumerate(levels)],
            },
            "series": [
                {
                    "name": title,
                    "type": "heatmap",
                    "data": data,
                    "itemStyle": {"borderColor": "#fff", "borderWidth": 2},
                }
            ],
        }
    )
    rows = [
        [name, *(labels.get(code, levels[-1].label) for code in row)]
        for name, row in zip(row_names, cells, strict=True)
    ]
    height = "sm" if len(row_names) <= 6 else "lg" if len(row_names) <= 20 else "xl"
    return Chart(key, title, option, [row_label, *column_names], rows, summary, note, not row_names, height)
