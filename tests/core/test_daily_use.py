"""Daily use (issue 11): one date format, date fields in Chinese, the heartbeat for those who can act
on it, menus that fit the role, a favicon and nothing inline that the CSP blocks."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms as django_forms
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from core import dates, heartbeat, params
from core.forms import DateInput

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2026, 12, 2)


# --- dates -----------------------------------------------------------------------------------


def test_a_date_of_this_year_reads_without_the_year():
    assert dates.label(datetime.date(2026, 11, 27), today=TODAY) == "11月27日"


def test_a_date_of_another_year_carries_its_year_so_it_cannot_pass_for_a_day_to_come():
    assert dates.label(datetime.date(2025, 12, 8), today=TODAY) == "2025年12月8日"


def test_the_full_style_always_carries_the_year_and_the_month_style_is_year_and_month():
    assert dates.label(datetime.date(2026, 1, 5), dates.FULL, today=TODAY) == "2026年1月5日"
    assert dates.label(datetime.date(2026, 1, 5), dates.MONTH, today=TODAY) == "2026年1月"


def test_a_datetime_is_shown_in_local_time():
    moment = datetime.datetime(2026, 11, 27, 6, 5, tzinfo=datetime.UTC)  # 14:05 in Asia/Shanghai
    assert dates.label(moment, today=TODAY) == "11月27日 14:05"


def test_nothing_shows_nothing():
    assert dates.label(None) == "" and dates.label("") == ""


@pytest.mark.parametrize(
    "text", ["2026-11-27", "2026年11月27日", "2026/11/27", "2026.11.27", "20261127", "2026-11-27 "]
)
def test_dates_are_read_in_every_usual_way(text):
    assert dates.parse(text) == datetime.date(2026, 11, 27)
    assert params.date({"d": text}, "d") == datetime.date(2026, 11, 27)


def test_a_date_that_is_none_of_them_is_a_chinese_400():
    with pytest.raises(params.BadParameter, match="2026年1月31日"):
        params.date({"d": "27/11/2026"}, "d")


def test_the_filter_is_the_one_format_of_the_templates():
    day = timezone.localdate()
    page = Template('{% load dates %}{{ a|cn_date }}|{{ b|cn_date }}|{{ a|cn_date:"年" }}').render(
        Context({"a": day, "b": datetime.date(day.year - 1, 12, 8)})
    )
    assert page == f"{day.month}月{day.day}日|{day.year - 1}年12月8日|{day.year}年{day.month}月{day.day}日"


class _DayForm(django_forms.Form):
    day = django_forms.DateField(widget=DateInput())


def test_a_date_field_shows_chinese_and_does_not_use_the_browsers_picker():
    html = str(_DayForm(initial={"day": datetime.date(2026, 11, 27)})["day"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="2026年11月27日"' in html and "如 2026-11-27" in html


@pytest.mark.parametrize("text", ["2026年11月27日", "2026-11-27", "2026/11/27", "20261127"])
def test_a_date_field_reads_what_it_shows_and_what_people_type(text):
    form = _DayForm({"day": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 11, 27)


def test_a_date_field_refuses_nonsense_in_chinese():
    form = _DayForm({"day": "明天"})
    assert not form.is_valid()
    assert "日期" in form.errors["day"][0]


# --- heartbeat -------------------------------------------------------------------------------


@pytest.fixture
def no_beat():
    cache.delete(heartbeat.KEY)
    yield
    cache.delete(heartbeat.KEY)


@pytest.mark.parametrize("who", ["member", "grid", "secretary", "leader", "county"])
def test_the_heartbeat_is_not_shown_to_people_who_cannot_act_on_it(login, personas, no_beat, who):
    page = login(getattr(personas, who)).get(reverse("dashboard")).content.decode()
    assert "后台任务心跳" not in page


def test_office_staff_see_a_missing_heartbeat_and_whom_to_tell(login, personas, no_beat):
    page = login(personas.office).get(reverse("dashboard")).content.decode()
    assert "后台任务心跳：尚未收到" in page
    assert "请通知系统管理员检查后台任务服务" in page


def test_the_administrator_sees_a_stale_heartbeat_and_what_to_restart(login, personas, no_beat):
    heartbeat.beat(timezone.now() - datetime.timedelta(minutes=30))
    page = login(personas.admin).get(reverse("dashboard")).content.decode()
    assert "后台任务心跳：" in page and "尚未收到" not in page
    assert "重启 worker 和 beat" in page


def test_a_fresh_heartbeat_gives_no_advice(login, personas, no_beat):
    heartbeat.beat()
    status = heartbeat.status_for(personas.office)
    assert status["at"] is not None and not status["stale"] and status["advice"] == ""
    page = login(personas.office).get(reverse("dashboard")).content.decode()
    assert "通知系统管理员" not in page


# --- menus -----------------------------------------------------------------------------------


def _menu(client):
    page = client.get(reverse("dashboard")).content.decode()
    nav = page.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]
    sections = re.findall(r'data-bs-toggle="dropdown"[^>]*>([^<]+)</a>', nav)
    return nav, sections


def test_the_administrators_menu_links_the_admin_and_does_not_start_with_points(login, personas):
    nav, sections = _menu(login(personas.admin))
    assert sections[0] != "积分管理" and sections[0] == "网格治理"
    assert sections[-1] == "系统管理"
    assert 'href="/admin/"' in nav
    assert "我的积分手册" not in nav


def test_office_staff_have_no_admin_link_and_no_handbook_of_their_own(login, personas):
    nav, sections = _menu(login(personas.office))
    assert 'href="/admin/"' not in nav and "我的积分手册" not in nav
    assert "后台任务" in nav  # the task runs page is theirs to retry


def test_a_member_has_their_handbook_and_nothing_they_cannot_open(login, personas):
    nav, sections = _menu(login(personas.member))
    assert "我的积分手册" in nav
    assert "积分排行" not in nav and 'href="/admin/"' not in nav


# --- favicon and CSP -------------------------------------------------------------------------


def test_every_page_names_a_favicon_that_exists(client, personas):
    assert (ROOT / "static" / "favicon.svg").exists()
    login_page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in login_page
    assert 'rel="icon"' in (ROOT / "templates" / "error_base.html").read_text("utf-8")


def test_no_template_has_an_inline_style_or_script_the_csp_would_block():
    from django.conf import settings

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["style-src"] + directives["script-src"]
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "pdf" in path.parts or path.name.startswith("pdf"):  # WeasyPrint documents, not for a browser
            continue
        text = path.read_text("utf-8")
        if re.search(r"\sstyle=", text) or re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(str(path.relative_to(ROOT)))
        if re.search(r"\son[a-z]+=|hx-on|<style", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    page = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in page
    assert ".htmx-indicator" in (ROOT / "static" / "css" / "app.css").read_text("utf-8")
