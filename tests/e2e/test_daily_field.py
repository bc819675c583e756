"""Daily use on a 375-px phone and a 1,366-px desktop: a grid member's home starts with 登记走访 and
their own households (tap targets of at least 44 px), the visit is logged from there and shows on the
household's page; a party member's home shows their rank; no button, code or date wraps."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from points import services as points_services
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from tests.points.conftest import give, make_book
from tests.visits.helpers import assign
from visits.models import Visit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1366, "height": 768}}

# Elements whose text runs over more than one line (each line box has its own top).
WRAPPED = """(selector) => Array.from(document.querySelectorAll(selector)).filter(el => {
  if (!el.offsetParent) return false;
  const range = document.createRange(); range.selectNodeContents(el);
  const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
  return tops.size > 1;
}).map(el => el.textContent.trim())"""


@pytest.fixture(params=list(SIZES))
def sized_page(request, browser):
    mobile = request.param == "phone"
    context = browser.new_context(viewport=SIZES[request.param], locale="zh-CN", is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    page.size_name = request.param
    yield page
    context.close()


WIDER = """(width) => Array.from(document.querySelectorAll('body *')).filter(el => {
  const r = el.getBoundingClientRect(); return r.right > width + 1 && !el.closest('.table-responsive');
}).slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + el.textContent.trim().slice(0, 40))"""


def assert_fits(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(WIDER, width)
    assert page.evaluate(WRAPPED, ".btn") == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_grid_member_logs_a_visit_from_the_first_screen(live_server, sized_page):
    world = build_world()
    grid = f.UserFactory(username="grid", full_name="网格员小王", role=Role.GRID, scope_node=world.g1)
    assign(grid, household=world.h1)
    for n in range(12):
        f.HouseholdFactory(grid=world.g1, name=f"住户{n}", number=f"H1{n:02d}")
    page = sized_page

    log_in(page, live_server, "grid")
    button = page.locator("#log-visit-main")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"]  # on the first screen
    assert box["height"] >= 44 and box["width"] >= 44
    own = page.locator("#own-households li")
    expect(own.first).to_contain_text("张三")
    expect(own.first).to_contain_text("包联户")
    visit_link = own.first.get_by_role("link", name="走访张三户")
    assert visit_link.bounding_box()["height"] >= 44
    assert_fits(page)

    visit_link.click()
    expect(page.locator("#household-options input[type=radio]:checked")).to_have_count(1)
    page.fill("#id_findings", "了解春耕备耕情况")
    page.get_by_role("button", name="保存走访").click()
    page.wait_for_selector("text=已登记对张三户的走访")
    assert Visit.objects.get().household == world.h1

    page.goto(f"{live_server.url}/")
    expect(page.locator("#own-households li").first).to_contain_text("上次走访")
    page.locator("#own-households li").first.locator("a").first.click()
    expect(page.locator("#household-visits")).to_contain_text("共 1 次")
    expect(page.locator("#household-visits")).to_contain_text("了解春耕备耕情况")
    for section in ("#household-demands", "#household-problems", "#household-risks"):
        expect(page.locator(section)).to_be_visible()
    assert_fits(page)
    assert page.evaluate(WRAPPED, "#household-visits a.text-nowrap, #history-table td.text-nowrap") == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_member_sees_their_rank_and_the_handbook_fits(live_server, sized_page):
    world = build_world()
    today = datetime.date.today()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    rules = make_book(world.t1, year=last_month.year, pilots=[world.v1])
    office = f.UserFactory(username="office", role=Role.OFFICE, scope_node=world.t1)
    f.UserFactory(username="member", role=Role.MEMBER, scope_node=world.v1, member=world.m1)
    give(world.m1, rules.patrol, 3, day=last_month, times=2)
    for n in range(3):
        give(f.MemberFactory(grid=world.g1, name=f"党员{n}"), rules.meeting, 2, day=last_month, times=n + 1)
    (outcome,) = points_services.rankings_compute(
        period_kind="month", on_date=last_month, today=today, townships=[world.t1]
    )
    points_services.rankings_publish(snapshot=outcome.snapshots[0], user=office, today=today)
    page = sized_page

    log_in(page, live_server, "member")
    card = page.locator("#member-points .standing").first
    expect(card).to_contain_text("第 1 名 / 共 4 人")
    expect(card).to_contain_text("全镇")
    expect(card).to_contain_text("苇水村")
    assert_fits(page)
    assert page.evaluate(WRAPPED, "#member-points dd") == []

    page.goto(f"{live_server.url}/points/handbook/")
    ranks = page.locator("#handbook-ranks")
    expect(ranks).to_contain_text("分层名次")
    expect(ranks).not_to_contain_text("未公示")  # every scope of the month published in one step
    # The whole table is in view (not cut off behind a scroll), and 查看 stays on one line.
    box = ranks.bounding_box()
    assert box["x"] + box["width"] <= page.viewport_size["width"]
    assert page.evaluate(WRAPPED, "form .btn") == []
    assert_fits(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_problem_ledger_keeps_codes_and_dates_on_one_line(live_server, browser):
    from tests.issues.factories import ProblemFactory

    world = build_world()
    f.UserFactory(username="office", role=Role.OFFICE, scope_node=world.t1)
    for _ in range(5):
        ProblemFactory(township=world.t1, description="长期以来理论学习不够深入系统，学用结合不紧密" * 3)
    context = browser.new_context(viewport=SIZES["desktop"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, "office")
    page.goto(f"{live_server.url}/r/problems/")
    expect(page.locator("table tbody tr")).to_have_count(5)
    assert page.evaluate(WRAPPED, "table tbody td.text-nowrap") == []
    assert page.locator("table tbody tr").first.locator("td.text-nowrap").count() >= 3  # code and two dates
    assert page.evaluate(WRAPPED, ".btn") == []
    context.close()
