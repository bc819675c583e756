"""Leadership reads pictures, office staff print ledgers: in real Chromium at 1,366 px and on a
375-px phone, the home page draws every chart (SVG) with its table beside or below it, without a
CSP complaint, and prints; a register's print view is an A4 landscape PDF with the township, the
date and page numbers.

Set GUIDE_SCREENSHOTS=docs/guide/img to save the guide's screenshots (docs/guide/screenshots.sh).
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports import leadership
from tests import factories as f
from tests.e2e.conftest import log_in
from tests.reports.chart_data import chart_township

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = os.environ.get("GUIDE_SCREENSHOTS", "")
DRAWN_CHARTS = 6
WIDTHS = [1366, 375]


def shoot(page, name, **kwargs):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), **kwargs)


def new_page(browser, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 500 else 812},
        locale="zh-CN",
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    page = context.new_page()
    complaints = []
    page.on("console", lambda m: complaints.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: complaints.append(str(e)))
    return context, page, complaints


def csp(complaints) -> list[str]:
    return [c for c in complaints if "Content Security Policy" in c]


def baseline_csp(page, live_server, complaints) -> int:
    """CSP complaints on a page without charts or print view (the base layout's own, if any):
    the pages under test may add none."""
    page.goto(f"{live_server.url}/r/households/")
    page.wait_for_load_state("networkidle")
    count = len(csp(complaints))
    complaints.clear()
    return count


def pdf_text(data: bytes, tmp_path, name="out.pdf") -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return text.stdout, info.stdout


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_leader_reads_every_chart_and_its_table_and_prints_them(live_server, browser, tmp_path, width):
    chart_township(timezone.localdate())
    context, page, complaints = new_page(browser, width)
    try:
        log_in(page, live_server, "leader")
        base = baseline_csp(page, live_server, complaints)
        page.goto(f"{live_server.url}/")
        expect(page.locator("[data-chart][data-drawn] svg")).to_have_count(DRAWN_CHARTS, timeout=30000)
        assert page.locator(".chart-block").count() == len(leadership.CHARTS)
        blocks = page.locator(".chart-block", has=page.locator(".chart-canvas"))
        assert blocks.count() == DRAWN_CHARTS
        for n in range(DRAWN_CHARTS):
            block = blocks.nth(n)
            canvas, table = block.locator(".chart-canvas"), block.locator(".chart-table table")
            assert table.locator("tbody tr").count() >= 3
            assert canvas.get_attribute("role") == "img" and "表格" in canvas.get_attribute("aria-label")
            box, table_box = canvas.bounding_box(), block.locator(".chart-table").bounding_box()
            assert box["width"] > 200 and box["height"] > 150
            assert box["x"] + box["width"] <= width + 1
        # the village colours: one row per village on the board and in the table
        board = page.locator("#chart-colours")
        assert board.locator("tbody tr").count() == 8
        assert "苇水村" in board.locator("tbody").inner_text()
        if width >= 1366:
            # a chart with a short table has its table beside it
            visits = page.locator("#chart-visits_months")
            chart_box = visits.locator(".chart-canvas").bounding_box()
            table_box = visits.locator(".chart-table").bounding_box()
            assert table_box["x"] >= chart_box["x"] + chart_box["width"] - 1
        else:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.wait_for_load_state("networkidle")
        assert len(csp(complaints)) <= base, complaints
        if width >= 1366:
            shoot(page.locator(".leadership-charts"), "charts-1366.png")
        else:
            page.locator(".leadership-charts").scroll_into_view_if_needed()
            shoot(page.locator("#chart-visits_months"), "charts-375.png")
        page.locator("#chart-colours").screenshot(path=str(tmp_path / "board.png"))
        if width >= 1366:
            for key in ("colours", "visits_villages", "problems_months"):
                shoot(page.locator(f"#chart-{key}"), f"chart-{key}.png")
        # it prints: the charts are redrawn for the paper, the menu is left out
        page.emulate_media(media="print")
        page.wait_for_timeout(300)
        text, info = pdf_text(page.pdf(prefer_css_page_size=True, print_background=True), tmp_path)
        assert "三色管理：各村颜色（近12周）" in text and "各村党员积分合计" in text
        assert "打印日期" in text and "退出" not in text
        size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
        assert round(float(size[2])) == 595 and round(float(size[4])) == 842, info  # A4 portrait
    finally:
        context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_office_prints_a_filtered_register_on_a4_landscape(live_server, browser, tmp_path, width):
    township, _, _, villages = chart_township(timezone.localdate())
    for n in range(70):
        f.HouseholdFactory(grid=villages[0].get_children()[0], number=f"P{n:03d}", name=f"打印户{n}")
    context, page, complaints = new_page(browser, width)
    try:
        log_in(page, live_server, "office")
        page.goto(f"{live_server.url}/r/households/?village={villages[0].pk}&sort=-number")
        screen_first = page.locator("table tbody tr").first.locator("td").first.inner_text()
        complaints.clear()
        page.get_by_role("link", name="打印", exact=True).click()
        page.wait_for_url("**/households/print/**")
        rows = page.locator(".print-table tbody tr")
        assert rows.count() == 74  # every page of the list, not only the screen's first page
        assert rows.first.locator("td").nth(1).inner_text() == screen_first
        head = page.locator(".print-running-head").inner_text()
        today = timezone.localdate()
        assert "东城镇 · 户" in head and f"{today.year}年{today.month}月{today.day}日" in head
        assert "行政村：苇水村" in head and "排序：户号（降序）" in head
        if width < 500:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert page.locator("[data-print]").bounding_box()["height"] >= 44
        assert csp(complaints) == [], complaints  # the print view has its own layout: none at all
        shoot(page, f"print-view-{width}.png")
        text, info = pdf_text(page.pdf(prefer_css_page_size=True), tmp_path)
        if SHOTS and width >= 1366:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "out.pdf"),
                 str(Path(SHOTS) / "print-pdf-page1")],
                check=True,
            )  # fmt: skip
        size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
        assert round(float(size[2])) == 842 and round(float(size[4])) == 595, info  # A4, landscape
        pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
        assert pages >= 2
        flat = text.replace(" ", "")  # pdftotext drops the narrow spaces between the words
        assert f"第1页/共{pages}页" in flat and f"第{pages}页/共{pages}页" in flat
        assert text.count("东城镇 · 户") >= pages  # the running head on every page
        assert "打印" not in text.split("东城镇", 1)[0]  # the toolbar is not printed
    finally:
        context.close()
