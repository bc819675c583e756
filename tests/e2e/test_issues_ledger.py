"""In a real browser: the office finds an overdue problem in the ledger and closes it (销号);
a secretary reads the ledger on a 375-px phone."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from issues.choices import Status
from issues.models import Problem
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from tests.issues.factories import CategoryFactory, ProblemFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _ledger():
    world = build_world()
    category = CategoryFactory(township=world.t1, name="为民服务")
    late = ProblemFactory(
        code="2025-0001",
        level="village",
        village=world.v1,
        category=category,
        status=Status.IN_PROGRESS,
        deadline=datetime.date(2025, 1, 31),
        found_on=datetime.date(2025, 1, 2),
        overdue=True,
        overdue_since=datetime.date(2025, 2, 1),
        description="苇水村路灯损坏多处",
    )
    ProblemFactory(code="2025-0002", township=world.t1, category=category, description="党委会议记录不完整",
                   deadline=datetime.date(2099, 1, 1))  # fmt: skip
    return world, late


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_office_closes_an_overdue_problem(live_server, browser_page):
    world, late = _ledger()
    f.UserFactory(username="office", full_name="党建办干事", role=Role.OFFICE, scope_node=world.t1)
    page = browser_page
    log_in(page, live_server, "office")
    expect(page.locator("#problems-panel")).to_contain_text("苇水村路灯损坏多处")

    page.goto(f"{live_server.url}/r/problems/?overdue=1")
    row = page.locator("tbody tr", has_text="2025-0001")
    expect(row.locator(".badge.text-bg-danger")).to_contain_text("逾期")
    expect(page.locator("tbody")).not_to_contain_text("2025-0002")
    row.get_by_role("link", name="2025-0001").click()
    page.get_by_role("link", name="变更整改情况").click()

    page.select_option("#id_to", Status.DONE)
    page.get_by_role("button", name="确认").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("销号须填写")
    page.fill("#id_result", "更换路灯12盏")
    page.fill("#id_verified_by", "王主任")
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#confirm-warning")).to_contain_text("销号后不能再改")  # asks first
    page.click("#confirm-button")
    expect(page.locator(".alert-success")).to_contain_text("已改为“已整改”")
    expect(page.locator("#status-actions")).to_contain_text("王主任")
    expect(page.locator("section", has_text="变更记录")).to_contain_text("整改中 → 已整改")

    late.refresh_from_db()
    assert (late.status, late.overdue, late.verified_by) == (Status.DONE, False, "王主任")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_secretary_reads_the_ledger_on_a_phone(live_server, phone_page):
    world, _ = _ledger()
    f.UserFactory(username="secretary", role=Role.SECRETARY, scope_node=world.v1)
    page = phone_page
    log_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/r/problems/")
    expect(page.locator("tbody")).to_contain_text("苇水村路灯损坏多处")
    expect(page.locator("tbody")).not_to_contain_text("党委会议记录不完整")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Problem.objects.count() == 2
