"""The quiz demo data: a bank of a few hundred questions, a quiz a month and one open, sheets from most
members of every township."""

import datetime
import random

import pytest
from django.utils import timezone

from core.demo import DemoContext
from training import demo, services
from training.models import AnswerItem, AnswerSheet, Question, Quiz

pytestmark = pytest.mark.django_db


def test_a_bank_quizzes_and_sheets(world):
    ctx = DemoContext(rng=random.Random(3), scale="township", today=datetime.date(2025, 6, 30))
    ctx.townships = [world.t1, world.t2]
    ctx.data["members"] = [world.m1, world.m2, world.m3] * 1
    demo.seed(ctx)
    assert Question.objects.filter(township=world.t1).count() == 240
    # A quiz closed in every month of the demo's year (June 2024 to June 2025), and one open now.
    quizzes = list(Quiz.objects.filter(township=world.t1).order_by("opens_at"))
    assert len(quizzes) == 14 and Quiz.objects.filter(township=world.t2).count() == 14
    closed = [timezone.localtime(q.closes_at).date() for q in quizzes[:-1]]
    assert [(d.year, d.month) for d in closed] == [(2024, m) for m in range(6, 13)] + [(2025, m) for m in range(1, 7)]
    assert (
        timezone.localtime(quizzes[-1].opens_at).date() < ctx.today < timezone.localtime(quizzes[-1].closes_at).date()
    )
    assert [q.items.count() for q in quizzes] == [240, 10] * 6 + [240, 240]  # random pools, the fixed 集中测试
    # Every township's members answered (not only the first township's).
    assert {s.township_id for s in AnswerSheet.objects.all()} == {world.t1.pk, world.t2.pk}
    assert AnswerItem.objects.count() == 10 * AnswerSheet.objects.count()
    # Each sheet holds the member's own draw, as the take page would have shown it.
    for sheet in AnswerSheet.objects.select_related("quiz"):
        drawn = {q.pk for q in services.member_questions(sheet.quiz, sheet.member_id)}
        assert set(AnswerItem.objects.filter(sheet=sheet).values_list("question_id", flat=True)) == drawn
