"""The collective economy: the target-vs-actual page (weak villages first, progress, chart data),
roles and scope, the income sheet in 万元 or 元, bad rows refused with nothing saved."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from economy import selectors, services
from economy.models import CollectiveIncome, EconomySettings
from tests.economy.conftest import importing, income, xlsx
from tests.factories import VillageFactory

pytestmark = pytest.mark.django_db
URL = reverse("economy:incomes")
HEADERS = [
    "村编码",
    "村名称",
    "年度",
    "上年收入（万元）",
    "目标收入（万元）",
    "实际收入（万元）",
    "提升途径",
    "力争提升",
    "示范村",
]


def snapshot():
    return sorted(CollectiveIncome.objects.values_list("village_id", "year", "target", "actual", "last_year"))


def test_the_board_lists_weak_villages_first_with_the_offices_line(world, personas, t1_incomes):
    board = selectors.income_board(personas.office, world.t1, 2026)
    assert [r.village.name for r in board.rows] == ["九光村", "苇水村"]
    assert [r.weak for r in board.rows] == [True, False]
    assert board.target_total == Decimal("35.00") and board.actual_total == Decimal("13.70")
    assert board.rows[1].progress == 41
    EconomySettings.objects.create(township=world.t1, weak_line=Decimal("20.00"))
    board = selectors.income_board(personas.office, world.t1, 2026)
    assert [r.weak for r in board.rows] == [True, True]
    assert board.model_villages == ["苇水村"] and board.to_lift == 1


def test_a_village_without_a_figure_is_listed_as_weak_and_unreported(world, personas, t1_incomes):
    extra = VillageFactory(name="小召村", code="T1V9", parent=world.t1)
    board = selectors.income_board(personas.office, world.t1, 2026)
    assert board.rows[0].village == extra and board.rows[0].income is None and board.rows[0].weak


def test_the_page_shows_progress_bars_and_the_charts_data_without_inline_script(login, personas, t1_incomes):
    response = login(personas.office).get(URL, {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<progress class="w-100" value="41" max="100"' in html
    assert "薄弱村" in html and "js/charts.js" in html and "vendor/echarts/echarts.min.js" in html
    # The chart is core.charts' (drawn by static/js/charts.js), its option embedded with json_script.
    option = json.loads(html.split('id="chart-income-data" type="application/json">')[1].split("</script>")[0])
    assert option["xAxis"]["data"] == ["苇水村", "九光村"]
    series = {s["name"]: s for s in option["series"]}
    assert series["目标收入"]["data"] == ["30.00", "5.00"] and series["实际收入"]["data"] == ["12.50", "1.20"]
    line = series["薄弱村标准（5.00万元）"]
    assert line["type"] == "line" and line["data"] == ["5.00", "5.00"]
    assert 'data-chart="chart-income-data"' in html
    # … and the table of the same figures beside it, for screen readers and people who want numbers.
    table = html.split('id="chart-income"')[1].split("</table>")[0]
    assert '<th scope="row">苇水村</th><td>30.00</td><td>12.50</td><td>5.00</td>' in table
    assert " style=" not in html.split("<main")[1] and "<script>" not in html


@pytest.mark.parametrize(
    ("who", "status", "villages"),
    [
        ("office", 200, ["九光村", "苇水村"]),
        ("leader", 200, ["九光村", "苇水村"]),
        ("secretary", 200, ["苇水村"]),
        ("county", 200, ["九光村", "苇水村"]),
        ("admin", 200, ["九光村", "苇水村"]),
        ("office2", 200, ["上郊村"]),
        ("grid", 403, None),
        ("member", 403, None),
    ],
)
def test_each_role_sees_its_own_villages(login, personas, t1_incomes, who, status, villages):
    response = login(getattr(personas, who)).get(URL, {"year": 2026})
    assert response.status_code == status
    if villages is not None:
        assert [r.village.name for r in response.context["board"].rows] == villages


def test_the_page_needs_a_login_and_a_valid_year(client, login, personas):
    assert client.get(URL).status_code == 302
    assert login(personas.office).get(URL, {"year": "20x6"}).status_code == 400


def test_an_income_outside_scope_answers_404(login, personas, t1_incomes):
    other = t1_incomes[2]
    for name in ("detail", "edit"):
        url = reverse(f"collective_incomes_{name}", args=[other.pk])
        assert login(personas.office).get(url).status_code == 404
    own = reverse("collective_incomes_detail", args=[t1_incomes[1].pk])
    assert login(personas.secretary).get(own).status_code == 404  # 九光村 is not the secretary's village


def test_the_settings_page_is_the_offices(login, personas, world):
    url = reverse("economy:settings")
    assert login(personas.leader).get(url).status_code == 200
    assert login(personas.leader).post(url, {"weak_line": "6"}).status_code == 403
    assert login(personas.secretary).get(url).status_code == 200
    response = login(personas.office).post(url, {"weak_line": "-1"})
    assert "薄弱村标准不能为负数" in response.content.decode()
    assert not EconomySettings.objects.exists()
    login(personas.office).post(url, {"weak_line": "6.50"})
    assert EconomySettings.objects.get(township=world.t1).weak_line == Decimal("6.50")


def test_the_form_refuses_sources_that_do_not_add_up(login, personas, world):
    url = reverse("collective_incomes_create")
    data = {"village": world.v1.pk, "year": 2026, "target": "10", "actual": "8", "operating": "5", "contracting": "2"}
    data.update({k: "0" for k in ("investment", "subsidy", "other")})
    response = login(personas.office).post(url, data)
    assert "各项收入来源之和（7.00万元）与实际收入（8.00万元）不一致" in response.content.decode()
    data["contracting"] = "3"
    assert login(personas.office).post(url, data).status_code == 302
    assert CollectiveIncome.objects.get().township == world.t1
    response = login(personas.office).post(url, data)
    assert response.status_code == 200 and "已经存在" in response.content.decode()
    assert CollectiveIncome.objects.count() == 1


def test_an_income_sheet_in_wan_yuan_imports_and_re_exports_unchanged(world, personas, login):
    rows = [
        {"村编码": "T1V1", "年度": 2026, "上年收入（万元）": 25, "目标收入（万元）": 30.5, "实际收入（万元）": "12.50",
         "示范村": "是"},
        {"村编码": "T1V2", "年度": "2026", "目标收入（万元）": 5, "提升途径": "三资撬动", "力争提升": "是"},
    ]  # fmt: skip
    report = importing("collective_incomes", xlsx(HEADERS, rows), personas.office)
    assert report.ok and report.new == 2, report.problems
    v1 = CollectiveIncome.objects.get(village=world.v1)
    assert (v1.target, v1.actual, v1.model_village, v1.township) == (Decimal("30.50"), Decimal("12.50"), True, world.t1)
    exported = login(personas.office).get(reverse("collective_incomes_export")).content
    again = importing("collective_incomes", exported, personas.office)
    assert again.ok and again.unchanged == 2 and again.new == again.updated == 0, again.problems


def test_an_income_sheet_in_yuan_is_read_as_wan_yuan(world, personas):
    headers = ["村编码", "年度", "目标收入（元）", "实际收入（元）"]
    rows = [{"村编码": "T1V1", "年度": 2026, "目标收入（元）": 305000, "实际收入（元）": "125,000.00"}]
    report = importing("collective_incomes", xlsx(headers, rows), personas.office)
    assert report.ok, report.problems
    bad = [{"村编码": "T1V2", "年度": 2026, "目标收入（元）": 305001}]
    report = importing("collective_incomes", xlsx(headers, bad), personas.office)
    assert [str(p) for p in report.problems] == [
        "第2行“目标收入（元）”列：305001元折合万元超过两位小数：请改用万元列填写（两位小数），或核对金额"
    ]
    row = CollectiveIncome.objects.get()
    assert (row.target, row.actual) == (Decimal("30.50"), Decimal("12.50"))


def test_a_sheet_with_both_units_of_one_amount_is_refused(personas):
    headers = ["村编码", "年度", "目标收入（元）", "目标收入（万元）"]
    report = importing("collective_incomes", xlsx(headers, [{"村编码": "T1V1", "年度": 2026}]), personas.office)
    assert not report.ok and "“目标收入（万元）”和“目标收入（元）”只能填写其中一列" in str(report.problems[0])


def test_bad_income_rows_are_refused_each_with_its_reason_and_nothing_is_saved(world, personas):
    income(world.v1, target=Decimal("7.00"))
    before = snapshot()
    rows = [
        {"村编码": "T1V2", "年度": 2026, "目标收入（万元）": "-3"},
        {"村编码": "T1V1", "年度": 2026, "目标收入（万元）": "8.125"},
        {"村编码": "T1V2", "年度": 2026, "目标收入（万元）": "6"},
        {"村编码": "T2V1", "年度": 2026, "目标收入（万元）": "6"},
        {"村编码": "T1V1", "年度": "二〇二六", "目标收入（万元）": "6"},
        {"村编码": "T1V2", "年度": 2025, "目标收入（万元）": "6", "力争提升": "也许"},
    ]
    report = importing("collective_incomes", xlsx(HEADERS, rows), personas.office)
    text = [str(p) for p in report.problems]
    assert "第2行“目标收入（万元）”列：金额不能为负数" in text
    assert "第3行“目标收入（万元）”列：以万元填写的金额最多保留两位小数，现为“8.125”" in text
    assert "第4行“村编码”列：与第2行的村编码、年度重复" in text
    assert "第5行“村编码”列：找不到编码为“T2V1”的行政村/社区" in text
    assert "第6行“年度”列：年度“二〇二六”应为四位数字，如 2026" in text
    assert any(t.startswith("第7行“力争提升”列") for t in text)
    assert snapshot() == before
    assert CollectiveIncome.history.count() == 1


def test_a_secretary_imports_only_their_own_village(world, personas):
    rows = [{"村编码": "T1V2", "年度": 2026, "目标收入（万元）": "6"}]
    report = importing("collective_incomes", xlsx(HEADERS, rows), personas.secretary)
    assert not report.ok and "不在您的管辖范围内" in str(report.problems[0])


def test_incomes_for_year_is_scoped_to_the_node(world, t1_incomes):
    assert [i.village.name for i in selectors.incomes_for_year(world.t1, 2026)] == ["苇水村", "九光村"]
    assert [i.village.name for i in selectors.incomes_for_year(world.v2, 2026)] == ["九光村"]
    assert services.income_errors(CollectiveIncome(village=world.v1, year=2026, target=Decimal("1"))) == {
        "year": "苇水村2026年的集体经济收入已登记，请修改原记录"
    }
