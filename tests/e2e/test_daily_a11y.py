"""Daily use in real Chromium (issue 11), at 375 px and 1,366 px: axe (axe-playwright-python, the
axe-core engine) finds no serious or critical accessibility problem on the login page, each role's
home, a register list, a register form and the visit form; no page reports a console error (a CSP
violation is one) or a failed request; a member who opens a ranking page reads a Chinese page
saying what their role may not do; date fields read Chinese in an English (en-US) browser.
(销号 asking first is tests/e2e/test_issues_ledger.py.)"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.roles import Role
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from tests.visits.helpers import assign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["375px", "1366px"])
ROLES = {
    "admin": {"role": Role.ADMIN, "is_superuser": True, "is_staff": True},
    "office": {"role": Role.OFFICE, "node": "t1"},
    "leader": {"role": Role.LEADER, "node": "t1"},
    "secretary": {"role": Role.SECRETARY, "node": "v1"},
    "grid": {"role": Role.GRID, "node": "g1"},
    "member": {"role": Role.MEMBER, "node": "v1", "member": "m1"},
    "county": {"role": Role.COUNTY},
}
SERIOUS = ("serious", "critical")


@pytest.fixture
def people(db):
    world = build_world()
    world.users = {}
    for username, spec in ROLES.items():
        spec = dict(spec)
        node = getattr(world, spec.pop("node")) if "node" in spec else None
        member = getattr(world, spec.pop("member")) if "member" in spec else None
        world.users[username] = f.UserFactory(
            username=username, full_name=f"{username}用户", scope_node=node, member=member, **spec
        )
    assign(world.users["grid"], household=world.h1)
    return world


def _context(browser, size, locale="zh-CN"):
    phone = size is PHONE
    return browser.new_context(viewport=size, locale=locale, is_mobile=phone, has_touch=phone)


def _watch(page):
    """Console errors (a CSP violation is one) and responses of 400 and more, as they happen."""
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text} ({page.url})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    return problems


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@SIZES
def test_axe_finds_nothing_serious_on_the_pages_of_a_day(live_server, browser, people, size):
    context = _context(browser, size)
    page = context.new_page()
    found = {}
    try:
        page.goto(f"{live_server.url}/login/")
        found["登录"] = serious_violations(page)
        for username in ROLES:
            context.clear_cookies()
            log_in(page, live_server, username)
            found[f"{username} 首页"] = serious_violations(page)
        context.clear_cookies()
        log_in(page, live_server, "office")
        for label, path in [("户名册", "/r/households/"), ("新增户", "/r/households/new/")]:
            page.goto(f"{live_server.url}{path}")
            found[label] = serious_violations(page)
        context.clear_cookies()
        log_in(page, live_server, "grid")
        page.goto(f"{live_server.url}/visits/new/")
        expect(page.locator("h1")).to_contain_text("走访")
        found["登记走访"] = serious_violations(page)
    finally:
        context.close()
    failing = {page: lines for page, lines in found.items() if lines}
    assert failing == {}, "\n".join(f"{page}: {line}" for page, lines in failing.items() for line in lines)


def test_the_axe_check_sees_a_serious_violation_when_there_is_one(live_server, browser, people):
    """The check is not blind: an unlabelled field and an image without alt text are reported."""
    context = _context(browser, DESKTOP)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.evaluate("document.querySelector('label[for=id_username]').remove()")
        page.evaluate("document.querySelector('#id_username').removeAttribute('placeholder')")
        page.evaluate("document.querySelector('#id_username').removeAttribute('aria-label')")
        lines = serious_violations(page)
    finally:
        context.close()
    assert any(line.startswith("label ") for line in lines), lines


@SIZES
def test_no_page_reports_a_console_error_or_a_failed_request(live_server, browser, people, size):
    context = _context(browser, size)
    page = context.new_page()
    problems = _watch(page)
    try:
        page.goto(f"{live_server.url}/login/")
        for username in ("office", "leader", "grid", "member"):
            context.clear_cookies()
            log_in(page, live_server, username)
            page.wait_for_load_state("networkidle")
        context.clear_cookies()
        log_in(page, live_server, "office")
        for path in ("/r/households/", "/r/households/new/", "/r/problems/"):
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
        icon = page.locator("link[rel=icon]").get_attribute("href")
        assert page.request.get(f"{live_server.url}{icon}").status == 200
    finally:
        context.close()
    assert problems == []


@SIZES
def test_a_member_opening_a_ranking_page_reads_in_chinese_what_their_role_may_not_do(
    live_server, browser, people, size
):
    context = _context(browser, size)
    page = context.new_page()
    try:
        log_in(page, live_server, "member")
        assert page.locator("a[href='/points/rankings/']").count() == 0  # not offered
        response = page.goto(f"{live_server.url}/points/rankings/")
        assert response.status == 403
        expect(page.locator("h1")).to_contain_text("没有权限进行这项操作")
        expect(page.locator("body")).to_contain_text("党员")
        assert "Forbidden" not in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert serious_violations(page) == []
    finally:
        context.close()


@SIZES
def test_date_fields_read_chinese_in_an_english_browser(live_server, browser, people, size):
    from tests.issues.factories import ProblemFactory

    problem = ProblemFactory(village=people.v1, level="village")
    context = _context(browser, size, locale="en-US")
    page = context.new_page()
    try:
        log_in(page, live_server, "office")
        page.goto(f"{live_server.url}/r/problems/{problem.pk}/edit/")
        found_on = page.locator("#id_found_on")
        assert found_on.get_attribute("type") == "text"
        expect(found_on).to_have_value("2025年3月1日")
        assert "2026-11-27" in found_on.get_attribute("placeholder")
        assert page.evaluate("navigator.language") == "en-US"
    finally:
        context.close()
