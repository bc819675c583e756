"""The report pages: generate, read with linked figures, edit, issue; role × scope; bad input."""

import pytest
from django.urls import reverse

from reports import services
from reports.models import RenderJob, Report, ReportVersion
from tests import factories as f
from tests.reports.conftest import without_meetings
from tests.reports.test_figures import october
from tests.reports.test_workflow import issue_all

INDEX = reverse("reports:index")


def generate(client, place, kind="month", date="2026-10-31"):
    return client.post(INDEX, {"place": place.pk, "period_kind": kind, "date": date})


def test_the_office_generates_a_report_and_reads_it_with_every_figure_linked(township, personas, login):
    without_meetings(township)  # no meeting ever recorded: a gap, not 0
    client = login(personas.office)
    response = generate(client, township.world.t1, date="2026年10月15日")
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:detail", args=[report.pk])
    page = client.get(response.url).content.decode()
    assert "将<a" in page and 'data-figure="villages"' in page
    assert 'href="/r/problems/?level=committee&amp;from=2026-10-01&amp;to=2026-10-31"' in page
    assert "【暂无数据】" in page and 'id="gap-party_meetings"' in page
    # The linked list shows exactly the rows counted: the two committee problems of October.
    listing = client.get("/r/problems/?level=committee&from=2026-10-01&to=2026-10-31").content.decode()
    assert "共 2 条" in listing


@pytest.mark.parametrize(
    ("date", "message"),
    [("2027-01-05", "尚未开始，不能生成报告"), ("10月31日", "无法识别"), ("2026-13-01", "无法识别")],
)
def test_a_future_period_or_a_bad_date_is_refused_in_chinese_and_nothing_is_saved(
    township, personas, login, date, message
):
    response = generate(login(personas.office), township.world.t1, date=date)
    assert response.status_code == 400 and message in response.content.decode()
    assert Report.objects.count() == 0


def test_a_place_outside_the_scope_is_refused(township, personas, login):
    response = generate(login(personas.office), township.world.t2)
    assert response.status_code == 400 and "请选择乡镇或行政村" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_secretary_generates_the_village_version_only(township, personas, login):
    client = login(personas.secretary)
    assert generate(client, township.world.t1).status_code == 400
    assert generate(client, township.world.v2).status_code == 400
    response = generate(client, township.world.v1)
    report = Report.objects.get()
    assert report.village == township.world.v1
    text = "\n".join(services.draft_document(report).lines())
    assert "苇水村抓党建促基层治理能力提升专项行动工作进展情况报告（2026年10月）" in text
    assert "全村划分为2个网格" in text and "我村紧盯目标任务" in text
    assert "（一）聚焦网格治理，构建融合框架。" in text
    assert "共梳理1类问题2条" in text
    assert response.status_code == 302


def test_role_and_scope_on_every_report_url(township, personas, login):
    from django.test import Client

    report = october(township)
    version = issue_all(report, personas.office)
    job = RenderJob.objects.filter(version=version).get()
    services.render_run(job.pk)
    urls = [
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:version", args=[version.pk]),
        reverse("reports:version_file", args=[version.pk, "pdf"]),
        reverse("reports:job", args=[job.pk]),
        reverse("reports:job_file", args=[job.pk, "docx"]),
    ]
    for url in urls:
        assert Client().get(url).status_code == 302  # anonymous: to the login page
        assert login(personas.office).get(url).status_code == 200
        assert login(personas.leader).get(url).status_code == 200
        assert login(personas.office2).get(url).status_code == 404
        assert login(personas.secretary).get(url).status_code == 404  # a township report, not the village's
        assert login(personas.grid).get(url).status_code == 403
        assert login(personas.member).get(url).status_code == 403
        assert login(personas.admin).get(url).status_code == 200
        assert login(personas.county).get(url).status_code == 200  # read-only over every township
    for name in ("edit", "redraft", "confirm_gaps", "issue", "reissue"):
        url = reverse(f"reports:{name}", args=[report.pk])
        assert login(personas.leader).post(url).status_code == 403
        assert login(personas.county).post(url).status_code == 403
        assert login(personas.office2).post(url).status_code == 404
    assert ReportVersion.objects.count() == 1


def test_editing_and_issuing_through_the_pages(township, personas, login, django_capture_on_commit_callbacks):
    without_meetings(township)  # gaps to confirm before issuing
    report = october(township)
    client = login(personas.office)
    url = reverse("reports:detail", args=[report.pk])
    asked = client.post(reverse("reports:issue", args=[report.pk])).content.decode()  # asks first
    assert "已出具的版本不能修改" in asked and not ReportVersion.objects.exists()
    response = client.post(reverse("reports:issue", args=[report.pk]), {"confirmed": "1"}, follow=True)
    assert "项暂无数据未确认" in response.content.decode()
    client.post(
        reverse("reports:edit", args=[report.pk]),
        {"section_two": "一是网格员待遇低。", "closing_experience": "东城", "closing_highlight": "东城"},
    )
    keys = [g.key for g in services.sections.gaps(services.live_figures(report))]
    client.post(reverse("reports:confirm_gaps", args=[report.pk]), {"key": keys})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:issue", args=[report.pk]), {"confirmed": "1"}, follow=True)
    assert "已出具第1版" in response.content.decode()
    page = client.get(url).content.decode()
    assert "已出具 第1版" in page and "一是网格员待遇低。" in page and 'id="version-pdf"' in page
    response = client.post(reverse("reports:issue", args=[report.pk]), {"confirmed": "1"}, follow=True)
    assert "不能再次出具" in response.content.decode()
    response = client.post(reverse("reports:reissue", args=[report.pk]), {"reason": ""}, follow=True)
    assert "请填写重新出具的理由" in response.content.decode()
    assert ReportVersion.objects.count() == 1


def test_the_county_summary_sets_townships_side_by_side(township, personas, login, django_capture_on_commit_callbacks):
    f.GridStaffFactory(grid=township.world.g3, role="member", name="外镇网格员")
    october_ = {"period_kind": "month", "date": "2026-10-31"}
    page = login(personas.admin).get(reverse("reports:county"), october_)
    assert [t.name for t in page.context["summary"]["missing"]] == ["东城镇", "西河镇"]  # nothing computed yet
    assert "2个乡镇本期尚未汇总" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas.admin).post(reverse("reports:county"), october_, follow=True)
    assert "正在后台重新汇总2个乡镇2026年10月的数据" in response.content.decode()
    page = login(personas.admin).get(reverse("reports:county"), october_)
    html = page.content.decode()
    assert not page.context["summary"]["missing"]
    assert page.status_code == 200 and "东城镇" in html and "西河镇" in html
    summary = page.context["summary"]
    grids = next(r for r in summary["rows"] if r.key == "grids")
    assert grids.values == [3, 1] and grids.total == 4
    quota = next(r for r in summary["rows"] if r.key == "visits_per_month")
    assert quota.total is None
    bad = login(personas.admin).get(reverse("reports:county"), {"period_kind": "month", "date": "2099-01-01"})
    assert bad.status_code == 400 and "尚未开始" in bad.content.decode()
    bad = login(personas.admin).post(reverse("reports:county"), {"period_kind": "month", "date": "十月"})
    assert bad.status_code == 400 and "无法识别" in bad.content.decode()
    assert login(personas.grid).post(reverse("reports:county"), october_).status_code == 403
    county = login(personas.county).get(reverse("reports:county"), {"period_kind": "month", "date": "2026-10-31"})
    assert [t.name for t in county.context["summary"]["townships"]] == ["东城镇", "西河镇"]
    # An office sees only its own township in the summary.
    office = login(personas.office).get(reverse("reports:county"), {"period_kind": "month", "date": "2026-10-31"})
    assert [t.name for t in office.context["summary"]["townships"]] == ["东城镇"]
