"""In a real browser: the office drafts October's report, edits section 二, confirms the gaps, issues it
and downloads both files."""

import io
import os

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from reports.models import ReportVersion
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from tests.reports.conftest import build_township, without_meetings

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_office_drafts_edits_issues_and_downloads_octobers_report(live_server, browser_page):
    township = build_township(build_world())
    without_meetings(township)  # a township that never recorded a meeting: gaps to confirm before issuing
    f.UserFactory(username="office", full_name="党建办干事", role=Role.OFFICE, scope_node=township.world.t1)
    page = browser_page
    log_in(page, live_server, "office")
    page.goto(f"{live_server.url}/reports/")
    page.select_option("#id_place", str(township.world.t1.pk))
    page.select_option("#id_period_kind", "month")
    page.fill("#id_date", "2026-10-31")
    page.click("#generate")
    expect(page.locator("#report-text h1")).to_have_text(
        "东城镇抓党建促基层治理能力提升专项行动工作进展情况报告（2026年10月）"
    )
    expect(page.locator("#report-text")).to_contain_text("将2个行政村划分为3个网格")
    # A figure links to the rows behind it.
    expect(page.locator('a[data-figure="committee_problems"]')).to_have_attribute(
        "href", "/r/problems/?level=committee&from=2026-10-01&to=2026-10-31"
    )

    page.fill("#id_section_two", "在开展工作过程中，一些方面还需改进。\n一是网格党小组组长待遇保障不足。")
    page.fill("#id_closing_experience", "东城")
    page.fill("#id_closing_highlight", "网格治理")
    page.click("#save-section-two")
    expect(page.locator("#report-text")).to_contain_text("一是网格党小组组长待遇保障不足。")
    expect(page.locator("#report-text")).to_contain_text("创出东城经验，干出网格治理靓点！")

    page.click("#issue")
    expect(page.locator("#confirm-warning")).to_contain_text("已出具的版本不能修改")  # asks first
    page.click("#confirm-button")
    expect(page.locator(".alert-danger")).to_contain_text("项暂无数据未确认")
    for box in page.locator("#gaps input[type=checkbox]:not([disabled])").all():
        box.check()
    page.click("#confirm-gaps")
    page.click("#issue")
    page.click("#confirm-button")
    expect(page.locator("#status")).to_have_text("已出具 第1版")
    expect(page.locator("#version-pdf")).to_be_visible()

    with page.expect_download() as pdf_download:
        page.click("#version-pdf")
    with open(pdf_download.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    with page.expect_download() as docx_download:
        page.click("#version-docx")
    import docx

    with open(docx_download.value.path(), "rb") as fh:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(fh.read())).paragraphs)
    assert "一是网格党小组组长待遇保障不足。" in text and "将2个行政村划分为3个网格" in text
    assert ReportVersion.objects.get().number == 1
