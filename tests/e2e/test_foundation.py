"""Office staff in real Chromium: log in, browse the tree, preview an import."""

import pytest
import tablib

from core.xlsx import write_dataset
from grids.models import Household
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from tests.factories import UserFactory, make_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_logs_in_opens_the_tree_and_previews_an_import(live_server, browser_page, tmp_path):
    world = build_world()
    UserFactory(username="office", role="office", scope_node=world.t1)
    page = browser_page
    log_in(page, live_server, "office")
    assert "工作台" in page.inner_text("h1")
    assert "将2个行政村划分为3个网格" in page.content()

    page.goto(f"{live_server.url}/tree/")
    page.click("text=苇水村")
    assert "苇水村第1网格" in page.inner_text("#tree-children")

    headers = [
        "户号",
        "户主姓名",
        "户主身份证号",
        "联系电话",
        "住址",
        "家庭人口",
        "户类别",
        "所属网格编码",
        "网格党小组编码",
        "备注",
    ]
    rows = [["E1", "钱多多", make_id(), "", "", 3, "一般户", "T1V1G1", "", ""]]
    path = tmp_path / "households.xlsx"
    path.write_bytes(write_dataset(tablib.Dataset(*rows, headers=headers)))
    page.goto(f"{live_server.url}/r/households/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并预览")
    assert "预览通过" in page.inner_text("#import-preview")
    assert not Household.objects.filter(number="E1").exists()
    page.click("text=确认导入")
    page.wait_for_url(f"{live_server.url}/r/households/")
    assert "导入完成：新增 1 条" in page.content()
    assert Household.objects.filter(number="E1", village=world.v1).exists()
    page.screenshot(path=str(tmp_path / "households.png"), full_page=True)


def test_the_menu_works_on_a_phone(live_server, phone_page):
    world = build_world()
    UserFactory(username="grid", role="grid", scope_node=world.g1)
    page = phone_page
    log_in(page, live_server, "grid")
    page.click("button.navbar-toggler")
    page.click("text=网格治理")
    page.click("a.dropdown-item:has-text('户')")
    assert "H1" in page.content() and "H2" not in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
