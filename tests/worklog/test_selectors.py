"""The report's figures of (一) and (三)'s service centres, against a hand-built township: counted by
kind and period (edges of months and quarters), visits in person-times, the latest tour, the centres as
they stood at the period's end; and the report's sentences filled from them."""

import datetime

import pytest

from reports import services as report_services
from reports.rules import period_of
from worklog import selectors
from worklog.choices import Audience, CentreStatus, GroupRole, MeetingKind, VisitKind
from worklog.models import GroupMember, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

pytestmark = pytest.mark.django_db
D = datetime.date
OCT = (D(2026, 10, 1), D(2026, 10, 31))
Q4 = (D(2026, 10, 1), D(2026, 12, 31))
ENTERED = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def meeting(township, kind, day, n=[0]):  # noqa: B006 (a counter for unique numbers)
    n[0] += 1
    return Meeting.objects.create(
        township=township, number=f"HY-{n[0]}", kind=kind, held_on=day, chair="王", attendees="王、李", topics="议题"
    )


def visit(township, village, kind, day, members, n=[0]):  # noqa: B006
    n[0] += 1
    v = ResearchVisit.objects.create(
        township=township, village=village, number=f"DY-{n[0]}", kind=kind, visited_on=day,
        person_times=len(members), purpose="调研",
    )  # fmt: skip
    v.members.set(members)
    return v


@pytest.fixture
def township(world):
    w = world
    group = [
        GroupMember.objects.create(township=w.t1, name=name, post=post, group_role=GroupRole.MEMBER)
        for name, post in (("王强", "镇党委书记"), ("李明", "镇长"), ("张华", "组织委员"))
    ]
    for day in (D(2026, 9, 30), D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1)):
        meeting(w.t1, MeetingKind.PARTY, day)
    meeting(w.t1, MeetingKind.PROGRESS, D(2026, 10, 15))
    meeting(w.t1, MeetingKind.DISPATCH, D(2026, 10, 16))
    meeting(w.t2, MeetingKind.PARTY, D(2026, 10, 10))  # another township
    visit(w.t1, w.v1, VisitKind.RESEARCH, D(2026, 10, 5), group[:2])
    visit(w.t1, w.v2, VisitKind.RESEARCH, D(2026, 10, 31), group[:1])
    visit(w.t1, w.v2, VisitKind.GUIDANCE, D(2026, 10, 6), group)
    visit(w.t1, w.v1, VisitKind.RESEARCH, D(2026, 9, 30), group[:2])  # before the period
    for i, day in enumerate((D(2026, 10, 1), D(2026, 10, 20), D(2026, 12, 31))):
        Training.objects.create(
            township=w.t1, number=f"PX-{i}", held_on=day, topic="培训", audience=Audience.CADRES, trainer="讲师",
            attendee_count=40,
        )  # fmt: skip
    for i, (day, sites) in enumerate(((D(2026, 10, 8), "后庄村"), (D(2026, 10, 22), "小召村、县老干部综治办"))):
        StudyTour.objects.create(
            township=w.t1, number=f"GM-{i}", toured_on=day, participants="党政领导、苇水村党支部书记", sites=sites
        )
    ServiceCentre.objects.create(township=w.t1, village=w.v1, status=CentreStatus.BUILT, year=2020)
    ServiceCentre.objects.create(
        township=w.t1, village=w.v2, status=CentreStatus.BUILDING, year=2026, high_standard=True, name="九光村新中心"
    )
    ServiceCentre.objects.create(township=w.t2, village=w.v3, status=CentreStatus.BUILT, year=2019)
    ServiceCentre.history.all().update(history_date=ENTERED)
    return w


def test_meetings_by_kind_in_the_month_and_the_quarter(township, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        f = selectors.worklog_figures(township.t1, *OCT)
    assert (f.party_meetings, f.progress_meetings, f.dispatch_meetings) == (2, 1, 1)  # 9-30 and 11-1 are out
    q = selectors.worklog_figures(township.t1, *Q4)
    assert q.party_meetings == 3


def test_research_visits_count_person_times_and_guidance_apart(township):
    f = selectors.worklog_figures(township.t1, *OCT)
    assert (f.research_visits, f.research_person_times) == (2, 3)
    assert (f.guidance_visits, f.guidance_person_times) == (1, 3)


def test_trainings_and_the_latest_tour(township):
    f = selectors.worklog_figures(township.t1, *OCT)
    assert (f.trainings, f.training_attendance) == (2, 80)
    assert f.tour_date == D(2026, 10, 22)
    assert f.tour_people == "党政领导、苇水村党支部书记"
    assert f.tour_sites == ["小召村", "县老干部综治办"]
    assert selectors.worklog_figures(township.t1, *Q4).trainings == 3
    november = selectors.worklog_figures(township.t1, D(2026, 11, 1), D(2026, 11, 30))
    assert november.tour_date is None and november.trainings == 0  # kept, none in November: 0, not a gap


def test_a_township_that_keeps_no_work_log_has_gaps_not_zeros(township):
    f = selectors.worklog_figures(township.t2, *OCT)
    assert f.party_meetings == 1
    assert f.research_person_times is None and f.trainings is None and f.tour_date is None


def test_the_weekly_risk_reviews_are_counted_from_township_once(township):
    from township.models import RiskReview

    RiskReview.objects.create(township=township.t1, held_on=D(2026, 10, 12), attendees="王强、李明")
    assert selectors.weekly_meetings(township.t1, *OCT) == 1
    assert Meeting.objects.filter(township=township.t1).count() == 6  # nothing copied into the work log


def test_centres_built_and_high_standard_at_the_periods_end(township, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        f = selectors.service_centre_figures(township.t1, *OCT)
    assert f.built == ["苇水村"] and f.high_standard == ["九光村新中心"] and f.centres == 2
    village = selectors.service_centre_figures(township.v2, *OCT)
    assert village.built == [] and village.high_standard == ["九光村新中心"]
    assert selectors.service_centre_figures(township.t1, D(2019, 1, 1), D(2019, 12, 31)).built is None  # none yet


def test_a_centre_built_after_the_period_does_not_count_for_it(township):
    centre = ServiceCentre.objects.get(village=township.v2)
    centre.status = CentreStatus.BUILT
    centre.save()  # a history record now (after October)
    assert selectors.service_centre_figures(township.t1, *OCT).built == ["苇水村"]


def test_the_reports_sentences_of_one_and_three_fill_from_the_log(township):
    report = report_services.report_for(township.t1, period_of("month", D(2026, 10, 15)))
    text = "\n".join(report_services.draft_document(report).lines())
    assert "组织召开党政班子会2次，专题工作推进会1次，领导组成员入村调研3人次" in text
    assert "组织党员干部培训2次" in text
    assert "10月22日，我们又组织党政领导、苇水村党支部书记赴小召村、县老干部综治办开展了观摩学习。" in text
    assert "现已建成苇水村一个党群服务中心，今年重点打造九光村新中心一个高标准党群服务中心。" in text
    figures = report_services.live_figures(report)
    assert figures["party_meetings"].url.startswith("/r/meetings/?kind=party&from=2026-10-01&to=2026-10-31")


def test_centre_shortfalls_name_the_villages_not_built_and_the_small_centres(township, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        found = selectors.centre_shortfalls(township.t1, *OCT)
    assert [s.text for s in found] == ["九光村一个村党群服务中心尚未建成。"]
    assert found[0].topic == "阵地建设" and found[0].figures == {"villages_without_centre": 1}
    ServiceCentre.objects.filter(village=township.v1).update(floor_area=150)
    ServiceCentre.history.filter(village=township.v1).update(floor_area=150)  # so since 2020
    texts = [s.text for s in selectors.centre_shortfalls(township.t1, *OCT)]
    assert texts[1] == "苇水村一个党群服务中心面积不足200平方米，服务功能有待完善。"
    assert selectors.centre_shortfalls(township.v1, *OCT)[0].figures == {"small_centres": 1, "standard_area": "200"}
    assert selectors.centre_shortfalls(township.t1, D(2019, 1, 1), D(2019, 12, 31)) == []  # none recorded yet


def test_the_drafted_section_two_lists_the_centres_not_built(township):
    report = report_services.report_for(township.t1, period_of("month", D(2026, 10, 15)))
    assert "九光村一个村党群服务中心尚未建成。" in report.section_two
