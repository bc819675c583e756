"""The demo seeder fills the work log of every township deterministically."""

import datetime
import random

import pytest

from core.demo import DemoContext
from worklog import demo
from worklog.models import (
    GroupMember,
    KeyTask,
    Meeting,
    ResearchVisit,
    ServiceCentre,
    StudyTour,
    TaskProgress,
    Training,
)

pytestmark = pytest.mark.django_db


def test_a_year_of_work_log_for_every_township(world):
    ctx = DemoContext(rng=random.Random(7), scale="township", today=datetime.date(2025, 6, 30))
    ctx.townships = [world.t1, world.t2]
    ctx.data["villages"] = [world.v1, world.v2, world.v3]
    ctx.data["members"] = [world.m1, world.m2, world.m3]
    demo.seed(ctx)
    assert GroupMember.objects.filter(township=world.t1).count() == len(demo.GROUP)
    assert Meeting.objects.filter(township=world.t1, kind="party").count() >= 15
    assert ResearchVisit.objects.filter(township=world.t1).count() > 80
    assert ResearchVisit.members.through.objects.count() >= ResearchVisit.objects.count()
    assert Training.objects.filter(township=world.t1).count() >= 20
    # The 农村党员 trainings list their attendees from the member register (the township's own members).
    picked = Training.objects.filter(township=world.t1, audience="members").exclude(attendees=None)
    assert picked.exists()
    for training in picked:
        assert set(training.attendees.all()) == {world.m1, world.m2}
        assert training.attendee_count >= 2
    assert StudyTour.objects.filter(township=world.t1).count() == 2
    assert KeyTask.objects.filter(township=world.t1).count() == sum(len(t) for t in demo.TASKS.values())
    assert TaskProgress.objects.exists()
    assert ServiceCentre.objects.count() == 3  # one per village
    numbers = list(Meeting.objects.filter(township=world.t1).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
