"""A small work log in township t1 (and one row of each kind in t2, to prove scope)."""

import datetime
from types import SimpleNamespace

import pytest

from worklog.choices import Audience, CentreStatus, Focus, GroupRole, MeetingKind, VisitKind
from worklog.models import GroupMember, KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

TODAY = datetime.date(2025, 6, 15)


def make_log(w, township, village, tag):
    head = GroupMember.objects.create(
        township=township, name=f"王{tag}", post="镇党委书记", group_role=GroupRole.HEAD, order=1
    )
    deputy = GroupMember.objects.create(
        township=township, name=f"李{tag}", post="组织委员", group_role=GroupRole.DEPUTY, order=2
    )
    meeting = Meeting.objects.create(
        township=township, number=f"HY2025-{tag}1", kind=MeetingKind.PARTY, held_on=datetime.date(2025, 3, 5),
        chair=head.name, attendees=f"{head.name}、{deputy.name}", topics="研究专项行动方案", decisions="完成网格划分",
    )  # fmt: skip
    visit = ResearchVisit.objects.create(
        township=township, village=village, number=f"DY2025-{tag}1", kind=VisitKind.RESEARCH,
        visited_on=datetime.date(2025, 3, 10), person_times=2, purpose="调研网格运行", findings="活动记录不全",
    )  # fmt: skip
    visit.members.set([head, deputy])
    training = Training.objects.create(
        township=township, number=f"PX2025-{tag}1", held_on=datetime.date(2025, 3, 12), topic="政策解读",
        audience=Audience.CADRES, trainer="党校讲师", attendee_count=60,
    )  # fmt: skip
    tour = StudyTour.objects.create(
        township=township, number=f"GM2025-{tag}1", toured_on=datetime.date(2025, 4, 2),
        participants="党政领导、苇水村党支部书记", sites="小召村、县老干部综治办",
    )  # fmt: skip
    task = KeyTask.objects.create(
        township=township, village=None, number=f"RW2025-{tag}1", title="完成三级网格队伍配备", focus=Focus.TWO,
        unit="镇党建办", responsible=head.name, assigned_on=datetime.date(2025, 1, 5),
        deadline=datetime.date(2025, 5, 31),
    )  # fmt: skip
    village_task = KeyTask.objects.create(
        township=township, village=village, number=f"RW2025-{tag}2", title="村党群服务中心提档", focus=Focus.THREE,
        unit="村党支部", responsible="书记", assigned_on=datetime.date(2025, 1, 5),
    )  # fmt: skip
    centre = ServiceCentre.objects.create(
        township=township, village=village, status=CentreStatus.BUILT, year=2022, floor_area=300
    )
    return SimpleNamespace(
        head=head, deputy=deputy, meeting=meeting, visit=visit, training=training, tour=tour, task=task,
        village_task=village_task, centre=centre,
    )  # fmt: skip


@pytest.fixture
def log(world, personas):
    one = make_log(world, world.t1, world.v1, "A")
    other_village_task = KeyTask.objects.create(
        township=world.t1, village=world.v2, number="RW2025-A3", title="九光村任务", focus=Focus.EIGHT,
        unit="村党支部", assigned_on=datetime.date(2025, 1, 5),
    )  # fmt: skip
    two = make_log(world, world.t2, world.v3, "B")
    return SimpleNamespace(world=world, personas=personas, one=one, two=two, v2_task=other_village_task)
