"""A new township in real Chromium: the administrator creates it, its office downloads the
workbook, uploads it filled in, confirms the preview and lands on the flags."""

import pytest

from grids.models import Member
from tests.core.test_onboarding import SECRETARY_1, office_workbook
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_township_is_created_and_brought_in_from_one_workbook(live_server, browser_page, tmp_path):
    UserFactory(username="root", role="admin", is_superuser=True, is_staff=True)
    page = browser_page
    log_in(page, live_server, "root")
    page.goto(f"{live_server.url}/r/townships/new/")
    page.fill("input[name=name]", "凤城镇")
    page.fill("input[name=code]", "FC")
    page.fill("input[name=office]", "fc_office")
    page.fill("input[name=password]", "Fc-2026-strong!")
    page.fill("input[name=password2]", "Fc-2026-strong!")
    page.click("text=建立乡镇和账号")
    assert "已建立乡镇“凤城镇”（编码 FC）" in page.inner_text("#township-created")
    page.context.clear_cookies()  # log out

    log_in(page, live_server, "fc_office", password="Fc-2026-strong!")
    page.goto(f"{live_server.url}/r/workbook/")
    with page.expect_download() as download:
        page.click("#workbook-template")
    assert download.value.suggested_filename.endswith("整镇导入工作簿.xlsx")
    path = tmp_path / "凤城镇.xlsx"
    path.write_bytes(office_workbook())
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并预览")
    text = page.inner_text("main")
    assert "预览通过" in text and "王建国" in text and SECRETARY_1 not in text
    assert Member.objects.count() == 0
    page.screenshot(path=str(tmp_path / "workbook-preview.png"), full_page=True)
    if __import__("os").environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=__import__("os").environ["E2E_SCREENSHOTS"] + "/workbook-preview.png", full_page=True)
    page.click("text=确认导入全部 7 张表")
    page.wait_for_url(f"{live_server.url}/tree/flags/")
    assert "整镇导入完成：新增 21 条" in page.content()
    assert "WS02" in page.content() or "苇水村第2网格" in page.content()
    assert Member.objects.count() == 4
