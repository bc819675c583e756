"""In a browser: a secretary records forest-fire duty for the whole village at once (the "select
all" button is the page's own JavaScript), and a member reads their handbook on a phone."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from points.models import PointEntry
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from tests.points.conftest import make_book

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_secretary_records_an_event_and_a_member_reads_the_handbook(live_server, browser_page, phone_page):
    world = build_world()
    make_book(world.t1, year=datetime.date.today().year, pilots=[world.v1])
    f.MemberFactory(grid=world.g2, name="周强")
    f.UserFactory(username="secretary", role=Role.SECRETARY, scope_node=world.v1)
    f.UserFactory(username="member", role=Role.MEMBER, scope_node=world.v1, member=world.m1)

    page = browser_page
    log_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/points/record/")
    page.select_option("#id_item", label=page.locator("#id_item option", has_text="森林防火巡逻").inner_text())
    page.get_by_role("button", name="全选/全不选").click()
    expect(page.locator("input[name=members]:checked")).to_have_count(2)
    page.fill("#id_title", "森林防火巡逻")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已为2名党员登记“森林防火巡逻”，每人+3分")
    assert PointEntry.objects.filter(event__title="森林防火巡逻").count() == 2

    phone = phone_page
    log_in(phone, live_server, "member")
    phone.goto(f"{live_server.url}/points/handbook/")
    expect(phone.locator("h1")).to_contain_text("积分管理手册")
    expect(phone.locator("main")).to_contain_text("森林防火巡逻")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
