"""The work log's rules: the overdue job, a decision or a finding opened in one step, bad input refused
with nothing saved, the timeline and the user's own tasks."""

import datetime

import pytest
from django.urls import reverse

from issues.models import Problem
from tests.worklog.conftest import TODAY
from worklog import services
from worklog.models import GroupMember, KeyTask, Meeting, ResearchVisit
from worklog.tasks import mark_overdue_tasks

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_overdue_job_flags_open_tasks_past_their_deadline_and_is_idempotent(log):
    task = log.one.task  # deadline 2025-05-31, open
    assert mark_overdue_tasks(today="2025-06-01") == {"date": "2025-06-01", "flagged": 2, "cleared": 0}
    task.refresh_from_db()
    assert task.overdue and task.overdue_since == D(2025, 6, 1)
    assert mark_overdue_tasks(today="2025-06-01")["flagged"] == 0  # the second run changes nothing
    services.task_progress_add(task, percent=100, note="完成", on=D(2025, 6, 2), today=D(2025, 6, 2))
    task.refresh_from_db()
    assert task.status == "done" and not task.overdue
    assert not KeyTask.objects.get(pk=log.one.village_task.pk).overdue  # no deadline


def test_the_overdue_task_shows_on_the_dashboard_and_the_responsible_persons_page(log, login):
    task = log.one.task
    task.responsible_user = log.personas.grid
    task.save()
    mark_overdue_tasks(today="2025-06-01")
    home = login(log.personas.office).get(reverse("dashboard")).content.decode()
    assert "重点任务清单" in home and "逾期 1 项" in home and task.number in home
    mine = login(log.personas.grid).get(reverse("worklog:my_tasks")).content.decode()
    assert task.number in mine and "已逾期" in mine


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_overdue_job_runs_on_a_real_worker(real_worker, world):
    task = KeyTask.objects.create(
        township=world.t1, number="RW2025-0100", title="任务", focus="1", unit="镇党建办",
        assigned_on=D(2025, 1, 1), deadline=D(2025, 6, 30),
    )  # fmt: skip
    result = mark_overdue_tasks.delay(today="2025-07-02").get(timeout=30)
    assert result == {"date": "2025-07-02", "flagged": 1, "cleared": 0}
    assert KeyTask.objects.get(pk=task.pk).overdue_since == D(2025, 7, 1)


def test_a_decision_opens_a_key_task_in_one_step(log, login):
    client = login(log.personas.office)
    url = reverse("worklog:decision_task", args=[log.one.meeting.pk, 1])
    page = client.get(url).content.decode()
    assert "完成网格划分" in page
    response = client.post(
        url,
        {
            "title": "完成网格划分", "focus": "2", "unit": "镇综治办", "responsible": "李A",
            "assigned_on": "2025-03-05", "deadline": "2025-04-30", "status": "pending", "progress": 0,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    task = KeyTask.objects.get(title="完成网格划分")
    assert task.meeting == log.one.meeting and task.township == log.world.t1
    assert client.get(reverse("worklog:decision_task", args=[log.one.meeting.pk, 9])).status_code == 404
    other = reverse("worklog:decision_task", args=[log.two.meeting.pk, 1])
    assert client.get(other).status_code == 404


def test_a_decision_opens_a_rectification_problem_through_issues(log, login):
    client = login(log.personas.office)
    response = client.post(
        reverse("worklog:decision_problem", args=[log.one.meeting.pk, 1]),
        {
            "level": "committee",
            "category_name": "组织建设",
            "description": "网格划分滞后",
            "responsible": "王A",
            "deadline": "2025-09-30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    problem = Problem.objects.get(description="网格划分滞后")
    assert problem.channel == "self_check" and problem.found_on == D(2025, 3, 5) and problem.code
    assert "HY2025-A1" in problem.source_ref
    assert list(log.one.meeting.problems.all()) == [problem]


def test_a_finding_opens_a_village_problem(log, login):
    client = login(log.personas.office)
    response = client.post(
        reverse("worklog:finding_problem", args=[log.one.visit.pk]),
        {
            "level": "village",
            "category_name": "阵地建设",
            "description": "活动记录不全",
            "responsible": "村书记",
            "deadline": "2025-09-30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    problem = Problem.objects.get(description="活动记录不全")
    assert problem.village == log.world.v1 and problem.level == "village" and problem.channel == "higher"
    assert (
        login(log.personas.secretary).get(reverse("worklog:finding_problem", args=[log.one.visit.pk])).status_code
        == 403
    )


def counts():
    return (Meeting.objects.count(), ResearchVisit.objects.count(), Meeting.history.count(), KeyTask.objects.count())


def test_a_meeting_in_the_future_is_refused_and_nothing_saved(log, login):
    before = counts()
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()  # noqa: DTZ011
    response = login(log.personas.office).post(
        reverse("meetings_create"),
        {"kind": "party", "held_on": future, "chair": "王A", "attendees": "王A", "topics": "议题"},
    )
    assert response.status_code == 200 and "会议日期不能晚于今天" in response.content.decode()
    assert counts() == before


def test_a_visit_by_someone_not_in_the_group_is_refused(log):
    before = counts()
    stranger = GroupMember.objects.get(pk=log.two.head.pk)  # the other township's group
    visit = ResearchVisit(township=log.world.t1, village=log.world.v1, visited_on=TODAY, purpose="调研")
    with pytest.raises(Exception) as exc:
        services.visit_save(visit, [stranger], today=TODAY)
    assert "不是本镇领导组成员" in str(exc.value)
    assert counts() == before


def test_a_visit_by_a_member_who_had_left_is_refused(log):
    head = log.one.head
    head.joined_on, head.left_on = D(2024, 1, 1), D(2025, 1, 31)
    head.save()
    visit = ResearchVisit(township=log.world.t1, village=log.world.v1, visited_on=D(2025, 3, 1), purpose="调研")
    with pytest.raises(Exception) as exc:
        services.visit_save(visit, [head], today=TODAY)
    assert "不在领导组中" in str(exc.value)


def test_progress_may_not_go_backwards_or_beyond_100(log):
    task = log.one.task
    services.task_progress_add(task, percent=50, note="过半", on=TODAY, today=TODAY)
    with pytest.raises(Exception) as exc:
        services.task_progress_add(task, percent=40, note="倒退", on=TODAY, today=TODAY)
    assert "不能低于上次记录的 50%" in str(exc.value)
    assert task.updates.count() == 1


def test_the_timeline_lists_the_periods_meetings_visits_trainings_and_tours(log, login):
    from township.models import RiskReview

    RiskReview.objects.create(township=log.world.t1, held_on=D(2025, 3, 20), attendees="王A")
    page = login(log.personas.office).get(reverse("worklog:timeline") + "?from=2025-03-01&to=2025-04-30")
    text = page.content.decode()
    assert page.status_code == 200
    for word in ("党政班子会", "入村调研", "培训", "观摩学习", "周例会"):
        assert word in text
    assert login(log.personas.office).get(reverse("worklog:timeline") + "?from=bad").status_code == 400
    assert login(log.personas.member).get(reverse("worklog:timeline")).status_code == 403
