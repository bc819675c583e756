"""On a 375-px phone, a grid member finds a household by its pinyin initials and logs a visit with a photo."""

import os

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from tests.visits.helpers import assign, png_bytes
from visits.models import Visit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_grid_member_logs_a_visit_on_a_phone(live_server, phone_page):
    world = build_world()
    grid = f.UserFactory(username="grid", full_name="网格员小王", role=Role.GRID, scope_node=world.g1)
    f.HouseholdFactory(grid=world.g1, name="李明", number="H9")
    assign(grid, household=world.h1)
    page = phone_page

    log_in(page, live_server, "grid")
    page.goto(f"{live_server.url}/visits/new/")
    assert page.viewport_size["width"] == 375
    # Own households come first; the search narrows the list by pinyin initials.
    options = page.locator("#household-options label")
    expect(options.first).to_contain_text("张三")
    expect(options).to_have_count(2)
    page.fill("input[name=q]", "zs")
    expect(options).to_have_count(1)
    page.locator("#household-options label", has_text="张三").click()
    page.fill("#id_findings", "屋顶漏雨，老人行动不便")
    page.get_by_label("急难愁盼").check()
    page.set_input_files("#id_photo", files=[{"name": "roof.png", "mimeType": "image/png", "buffer": png_bytes()}])
    # Nothing on the form is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="保存走访").click()
    page.wait_for_selector("text=已登记对张三户的走访")

    visit = Visit.objects.get()
    assert (visit.household, visit.visitor, visit.tags) == (world.h1, grid, "urgent")
    assert visit.photo.name.endswith(".png")
