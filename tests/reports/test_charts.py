"""The appendix's charts: well-formed SVG with its figures, names escaped, 暂无数据 without data."""

import xml.etree.ElementTree as ET

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_every_chart_is_well_formed_svg_with_its_figures():
    data = {
        "colours": {"绿色": 20, "黄色": 7, "红色": 3, "未评定": 0},
        "visits": [["2026年9月", 910, 1000], ["2026年10月", 1020, 1000]],
        "problems": [["党委", 2, 1], ["领导班子", 1, 0], ["村级党组织", 3, 2]],
        "points": [["0-10", 4], ["10-20", 9]],
        "income": [[f"村{i}", "12.5", "15"] for i in range(30)],
    }
    drawn = {c["key"]: c for c in charts.charts(data)}
    assert list(drawn) == ["colours", "visits", "problems", "points", "income"]
    assert "绿色 20个" in texts(drawn["colours"]["svg"]) and "未评定 0个" in texts(drawn["colours"]["svg"])
    assert {"910", "1020", "1000", "实际走访（次）", "2026年10月"} <= set(texts(drawn["visits"]["svg"]))
    assert {"村级党组织", "3", "2"} <= set(texts(drawn["problems"]["svg"]))
    income = ET.fromstring(drawn["income"]["svg"])
    assert len(income.findall(f"{SVG}rect")) >= 60  # a bar per village and series
    assert all(c["src"].startswith("data:image/svg+xml;base64,") for c in drawn.values())
    for chart in drawn.values():
        assert "<style" not in chart["svg"] and "<script" not in chart["svg"]


def test_without_data_a_chart_says_so_and_names_are_escaped():
    empty = charts.charts({"colours": None, "visits": [], "problems": [["党委", 0, 0]], "points": [], "income": None})
    for chart in empty:
        assert charts.NO_DATA in texts(chart["svg"])
    odd = charts.problems_chart([["<村&组>", 1, 0]])
    assert "<村&组>" in texts(odd)  # parsed back: the name was escaped in the SVG
    ring = ET.fromstring(charts.colours_chart({"绿色": 5, "黄色": 0}))
    assert ring.find(f"{SVG}circle") is not None  # every village one colour: a whole ring
