import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from training import services
from training.choices import QuestionKind, QuizDraw
from training.models import Question, Quiz

NOW = timezone.now()


def question(township, code, kind, options, answer, text="题目"):
    return Question.objects.create(
        township=township, code=code, kind=kind, text=text, options=options, answer=answer, explanation=f"{code}解析"
    )


@pytest.fixture
def quiz_world(world, personas):
    t1 = world.t1
    single = question(t1, "Q1", QuestionKind.SINGLE, ["甲", "乙", "丙"], "B")
    multiple = question(t1, "Q2", QuestionKind.MULTIPLE, ["甲", "乙", "丙", "丁"], "ACD")
    judge = question(t1, "Q3", QuestionKind.JUDGE, [], "T")
    quiz = Quiz.objects.create(
        township=t1, title="应知应会答题", draw=QuizDraw.FIXED, question_count=3,
        opens_at=NOW - datetime.timedelta(hours=1), closes_at=NOW + datetime.timedelta(days=1), time_limit=20,
    )  # fmt: skip
    services.quiz_publish(quiz)
    other = Quiz.objects.create(
        township=world.t2, title="外镇答题", question_count=1, opens_at=NOW, closes_at=NOW + datetime.timedelta(days=1)
    )
    return SimpleNamespace(world=world, personas=personas, quiz=quiz, other=other, single=single, multiple=multiple,
                           judge=judge)  # fmt: skip
