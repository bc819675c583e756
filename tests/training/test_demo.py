"""The quiz demo data: a bank of a few hundred questions, three quizzes, sheets from most members."""

import datetime
import random

import pytest

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
    assert Quiz.objects.filter(township=world.t1).count() == 3
    quizzes = Quiz.objects.filter(township=world.t1).order_by("opens_at")
    assert [q.items.count() for q in quizzes] == [240, 10, 240]  # random pools, the fixed 集中测试
    assert AnswerItem.objects.count() == 10 * AnswerSheet.objects.count()
    # Each sheet holds the member's own draw, as the take page would have shown it.
    for sheet in AnswerSheet.objects.select_related("quiz"):
        drawn = {q.pk for q in services.member_questions(sheet.quiz, sheet.member_id)}
        assert set(AnswerItem.objects.filter(sheet=sheet).values_list("question_id", flat=True)) == drawn
