"""Every work-log list and detail page runs a fixed number of queries, at two data sizes (ceiling 25)."""

import datetime

import pytest
from django.urls import reverse

from worklog.choices import Audience, CentreStatus, Focus, MeetingKind, VisitKind
from worklog.models import GroupMember, KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

pytestmark = pytest.mark.django_db
CEILING = 25
D = datetime.date(2025, 3, 1)
PAGES = ["group_members", "tasks", "meetings", "research_visits", "trainings", "study_tours", "service_centres"]


def grow(log, n, tag):
    t1 = log.world.t1
    members = GroupMember.objects.bulk_create(
        [GroupMember(township=t1, name=f"成员{tag}{i}", post="干事", group_role="member") for i in range(n)]
    )
    Meeting.objects.bulk_create(
        [Meeting(township=t1, number=f"M{tag}{i}", kind=MeetingKind.PARTY, held_on=D, chair="王", attendees="王",
                 topics="议题") for i in range(n)]
    )  # fmt: skip
    visits = ResearchVisit.objects.bulk_create(
        [ResearchVisit(township=t1, village=log.world.v1, number=f"V{tag}{i}", kind=VisitKind.RESEARCH, visited_on=D,
                       person_times=2, purpose="调研") for i in range(n)]
    )  # fmt: skip
    through = ResearchVisit.members.through
    through.objects.bulk_create(
        [through(researchvisit_id=v.pk, groupmember_id=m.pk) for v in visits for m in members[:2]]
    )
    Training.objects.bulk_create(
        [Training(township=t1, number=f"T{tag}{i}", held_on=D, topic="培训", audience=Audience.CADRES, trainer="讲师")
         for i in range(n)]
    )  # fmt: skip
    StudyTour.objects.bulk_create(
        [StudyTour(township=t1, number=f"S{tag}{i}", toured_on=D, participants="领导", sites="小召村")
         for i in range(n)]
    )  # fmt: skip
    KeyTask.objects.bulk_create(
        [KeyTask(township=t1, village=log.world.v2 if i % 2 else None, number=f"K{tag}{i}", title="任务",
                 focus=Focus.ONE, unit="党建办", assigned_on=D, status="pending") for i in range(n)]
    )  # fmt: skip


def measure(client, count_queries, url):
    with count_queries() as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_list_pages_have_a_fixed_query_ceiling(log, login, count_queries):
    client = login(log.personas.office)
    grow(log, 3, "a")
    small = {name: measure(client, count_queries, reverse(f"{name}_list")) for name in PAGES}
    grow(log, 30, "b")
    ServiceCentre.objects.filter(village=log.world.v1).update(status=CentreStatus.BUILDING)
    large = {name: measure(client, count_queries, reverse(f"{name}_list")) for name in PAGES}
    assert small == large
    assert max(large.values()) <= CEILING


def test_detail_pages_and_the_timeline_have_a_fixed_query_ceiling(log, login, count_queries):
    client = login(log.personas.office)
    urls = [reverse(f"{name}_detail", args=[getattr(log.one, attr).pk]) for name, attr in (
        ("tasks", "task"), ("meetings", "meeting"), ("research_visits", "visit"), ("trainings", "training"),
        ("service_centres", "centre"),
    )] + [reverse("worklog:timeline") + "?from=2025-01-01&to=2025-12-31"]  # fmt: skip
    home = reverse("dashboard")  # every app's panel: fixed, not under this app's ceiling
    small = [measure(client, count_queries, u) for u in urls]
    small_home = measure(client, count_queries, home)
    grow(log, 20, "c")
    large = [measure(client, count_queries, u) for u in urls]
    assert small == large and small_home == measure(client, count_queries, home)
    assert max(large) <= CEILING
