"""Draft → issued: gaps need the office's confirmation, issuing freezes, re-issuing makes a new version."""

import pytest
from django.core.exceptions import ValidationError

from issues.choices import Level
from reports import services
from reports.models import RenderJob, Report, ReportStatus, ReportVersion
from tests.issues.factories import ProblemFactory
from tests.reports.conftest import D, without_meetings
from tests.reports.helpers import docx_text
from tests.reports.test_figures import october


def issue_all(report, user):
    services.report_confirm_gaps(report, [g.key for g in services.sections.gaps(services.live_figures(report))], user)
    return services.report_issue(report, user)


def test_issuing_with_unconfirmed_gaps_is_refused_and_nothing_changes(township, personas):
    without_meetings(township)
    report = october(township)
    with pytest.raises(ValidationError) as exc:
        services.report_issue(report, personas.office)
    assert "项暂无数据未确认" in exc.value.messages[0] and "党政班子会" in exc.value.messages[0]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and ReportVersion.objects.count() == 0 and RenderJob.objects.count() == 0


def test_confirming_only_some_gaps_is_still_refused(township, personas):
    without_meetings(township)
    report = october(township)
    services.report_confirm_gaps(report, ["party_meetings", "not-a-figure"], personas.office)
    report.refresh_from_db()
    assert report.confirmed_gaps == ["party_meetings"]
    with pytest.raises(ValidationError):
        services.report_issue(report, personas.office)


def test_an_issued_report_is_frozen_with_its_files(township, personas, django_capture_on_commit_callbacks):
    report = october(township)
    with django_capture_on_commit_callbacks(execute=True):
        version = issue_all(report, personas.office)
    version.refresh_from_db()
    assert version.number == 1 and version.pdf and version.docx
    assert version.figures["committee_problems"]["value"] == 2
    # Data corrected afterwards: the issued version keeps its figures, text and files; the live figures move.
    ProblemFactory(township=township.world.t1, level=Level.COMMITTEE, found_on=D(2026, 10, 20), deadline=None)
    assert services.live_figures(report)["committee_problems"].value == 3
    frozen = services.version_document(ReportVersion.objects.get(pk=version.pk))
    assert "党委2类问题2条" in "".join(frozen.lines())
    with version.docx.open("rb") as f:
        assert "党委2类问题2条" in docx_text(f.read())


def test_issuing_twice_and_editing_an_issued_report_are_refused(township, personas):
    report = october(township)
    issue_all(report, personas.office)
    report.refresh_from_db()
    before = (report.section_two, report.history.count())
    with pytest.raises(ValidationError) as exc:
        services.report_issue(report, personas.office)
    assert "已出具（第1版）" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        services.report_edit(
            report, section_two="改写", closing_experience="", closing_highlight="", user=personas.office
        )
    assert "报告已出具，不能修改" in exc.value.messages[0]
    report.refresh_from_db()
    assert (report.section_two, report.history.count()) == before and ReportVersion.objects.count() == 1


def test_a_reissue_needs_a_reason_and_makes_a_new_version(township, personas):
    report = october(township)
    first = issue_all(report, personas.office)
    with pytest.raises(ValidationError):
        services.report_reissue_start(report, reason="  ", user=personas.office)
    report.refresh_from_db()
    assert report.is_issued
    services.report_reissue_start(report, reason="补录了10月的问题", user=personas.office)
    ProblemFactory(township=township.world.t1, level=Level.COMMITTEE, found_on=D(2026, 10, 20), deadline=None)
    second = services.report_issue(report, personas.office)
    assert (second.number, second.reason) == (2, "补录了10月的问题")
    assert second.figures["committee_problems"]["value"] == 3
    first.refresh_from_db()
    assert first.figures["committee_problems"]["value"] == 2


def test_section_two_is_drafted_from_data_and_edits_are_kept(township, personas):
    report = october(township)
    assert "尚有1条问题超过整改时限未整改到位（村级党组织1条），较多的是苇水村1条" in report.section_two
    assert "还有2个网格未建立网格党小组" in report.section_two
    assert "10月有1名包联干部未达到入户走访进度" in report.section_two
    services.report_edit(
        report,
        section_two="在开展工作过程中，一些方面还需改进。\n一是网格党小组组长待遇保障不足。",
        closing_experience="东城",
        closing_highlight="网格治理",
        user=personas.office,
    )
    text = "\n".join(services.draft_document(report).lines())
    assert "一是网格党小组组长待遇保障不足。" in text
    assert "创出东城经验，干出网格治理靓点！" in text
    reasons = list(report.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["按数据起草", "修改正文"]
    with pytest.raises(ValidationError):
        services.report_edit(report, section_two=" ", closing_experience="", closing_highlight="", user=personas.office)
    report.refresh_from_db()
    assert report.section_two.startswith("在开展工作过程中")


def test_a_report_is_one_per_place_and_period(township):
    assert october(township).pk == october(township).pk
    assert Report.objects.count() == 1
