"""The daily overdue job: thin task over services.problems_mark_overdue, idempotent."""

import datetime

import pytest
from django.conf import settings

from issues.choices import Level, Status
from issues.models import Problem
from issues.tasks import mark_overdue_problems
from tests.issues.factories import CategoryFactory, ProblemFactory


def test_the_job_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["issues-mark-overdue-daily"]
    assert entry["task"] == "issues.tasks.mark_overdue_problems"


def test_the_job_marks_and_is_idempotent(ledger):
    first = mark_overdue_problems.delay(today="2025-07-15").get()
    assert first == {"date": "2025-07-15", "marked": 4, "cleared": 0}
    assert mark_overdue_problems.delay(today="2025-07-15").get() == {"date": "2025-07-15", "marked": 0, "cleared": 0}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_job_runs_on_a_real_worker(real_worker, world):
    category = CategoryFactory(township=world.t1, name="作风建设")
    late = ProblemFactory(
        code="2025-0100",
        level=Level.VILLAGE,
        village=world.v1,
        category=category,
        status=Status.IN_PROGRESS,
        deadline=datetime.date(2025, 6, 30),
    )
    in_time = ProblemFactory(code="2025-0101", township=world.t1, category=category, deadline=datetime.date(2025, 8, 1))
    result = mark_overdue_problems.delay(today="2025-07-02").get(timeout=30)
    assert result == {"date": "2025-07-02", "marked": 1, "cleared": 0}
    assert Problem.objects.get(pk=late.pk).overdue_since == datetime.date(2025, 7, 1)
    assert not Problem.objects.get(pk=in_time.pk).overdue
