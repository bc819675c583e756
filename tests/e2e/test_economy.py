"""In a real browser: the office imports a contract ledger (合同台账) with one bad row, reads the
Chinese message naming the row, fixes the sheet and imports it; then sees the income page's chart
drawn by static/js/charts.js beside its table."""

import datetime
import io
import os
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from economy.models import CollectiveIncome, Contract, EconomicOrganisation
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
HEADERS = ["组织编码", "合同编号", "承包（租赁）方", "标的类别", "合同金额（元）", "起始日期", "到期日期", "清查结果"]


def sheet(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ledger(second_end):
    return [
        ["N-WS", "HT2026-001", "张三", "土地", 12000, datetime.date(2024, 3, 1), datetime.date(2029, 2, 28), "规范"],
        ["N-WS", "HT2026-002", "李四", "房屋", "3,500.50", "2025.3.1", second_end, "需整改"],
        ["N-WS", "HT2026-003", "王五", "林地", 800, "2023年5月1日", "2033-04-30", "规范"],
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_office_imports_a_contract_ledger_fixing_the_one_bad_row(live_server, browser_page, tmp_path):
    world = build_world()
    org = EconomicOrganisation.objects.create(
        township=world.t1, village=world.v1, code="N-WS", name="苇水村股份经济合作社"
    )
    f.UserFactory(username="office", full_name="经管站会计", role=Role.OFFICE, scope_node=world.t1)
    page = browser_page
    log_in(page, live_server, "office")

    page.goto(f"{live_server.url}/r/contracts/")
    page.get_by_role("link", name="导入 Excel").click()
    expect(page.locator("h1")).to_have_text("导入合同台账")
    bad = tmp_path / "合同台账.xlsx"
    bad.write_bytes(sheet(ledger(second_end="2024-02-30")))  # no 30 February
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=上传并预览")
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("发现 1 处问题，未导入任何数据")
    expect(problems).to_contain_text("第3行“到期日期”列：日期“2024-02-30”无法识别")
    assert not Contract.objects.exists()
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)

    fixed = tmp_path / "合同台账（改）.xlsx"
    fixed.write_bytes(sheet(ledger(second_end="2030-02-28")))
    page.set_input_files("input[type=file]", str(fixed))
    page.click("text=上传并预览")
    expect(page.locator("#import-preview")).to_contain_text("预览通过：共 3 行，将新增 3 条")
    assert not Contract.objects.exists()  # a preview saves nothing
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(f"{live_server.url}/r/contracts/")
    expect(page.locator(".alert-success")).to_contain_text("导入完成：新增 3 条")
    expect(page.locator("tbody")).to_contain_text("HT2026-002")

    rows = {c.number: c for c in Contract.objects.filter(organisation=org)}
    assert sorted(rows) == ["HT2026-001", "HT2026-002", "HT2026-003"]
    second = rows["HT2026-002"]
    assert (second.amount, second.starts_on, second.deadline, second.status) == (
        Decimal("3500.50"), datetime.date(2025, 3, 1), datetime.date(2030, 2, 28), "to_fix"
    )  # fmt: skip
    assert rows["HT2026-003"].starts_on == datetime.date(2023, 5, 1) and second.village == world.v1


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_income_page_draws_its_chart_with_the_shared_helper(live_server, browser_page):
    world = build_world()
    for village, target, actual in ((world.v1, "30.00", "12.50"), (world.v2, "5.00", "1.20")):
        CollectiveIncome.objects.create(
            township=world.t1, village=village, year=datetime.date.today().year, target=Decimal(target),
            actual=Decimal(actual), operating=Decimal(actual),
        )  # fmt: skip
    f.UserFactory(username="leader", role=Role.LEADER, scope_node=world.t1)
    page = browser_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/economy/incomes/")
    canvas = page.locator('[data-chart="chart-income-data"]')
    expect(canvas).to_have_attribute("data-drawn", "1")
    assert canvas.locator("svg path").count() >= 4  # two villages × two bars, and the line
    expect(page.locator("#chart-income table")).to_contain_text("苇水村")
    expect(page.locator("#weak-count")).to_have_text("1")
    assert errors == []
