"""Per-member random draws: a random quiz gives each member their own questions out of the pool frozen
at publishing, the same on every load of their attempt, and grades the sheet against that draw."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.training.conftest import NOW, question
from training import services
from training.choices import QuestionKind, QuizDraw
from training.models import AnswerItem, AnswerSheet, Question, Quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def random_quiz(world):
    """A bank of 12 single-choice questions (key: B) and a random quiz of 5 drawn per member."""
    for n in range(1, 13):
        question(world.t1, f"R{n:02d}", QuestionKind.SINGLE, ["甲", "乙", "丙"], "B", text=f"随机题第{n}号")
    quiz = Quiz.objects.create(
        township=world.t1, title="随机抽题答题", draw=QuizDraw.RANDOM, question_count=5,
        opens_at=NOW - datetime.timedelta(hours=1), closes_at=NOW + datetime.timedelta(days=1), time_limit=20,
    )  # fmt: skip
    services.quiz_publish(quiz)
    return quiz


def codes(questions):
    return [q.code for q in questions]


def test_publishing_a_random_quiz_freezes_the_pool(world, random_quiz):
    assert random_quiz.items.count() == 12
    # A question added to the bank afterwards is not drawn: the pool is the one published.
    question(world.t1, "R13", QuestionKind.SINGLE, ["甲", "乙"], "A")
    assert "R13" not in codes(services.quiz_questions(random_quiz))


def test_each_member_has_their_own_draw_stable_for_their_attempt(world, random_quiz):
    others = [f.MemberFactory(grid=world.g1, name=f"党员{n}") for n in range(6)]
    draws = {m.pk: codes(services.member_questions(random_quiz, m.pk)) for m in [world.m1, world.m2, *others]}
    for drawn in draws.values():
        assert len(drawn) == 5 and len(set(drawn)) == 5 and set(drawn) <= {f"R{n:02d}" for n in range(1, 13)}
    assert len({tuple(sorted(d)) for d in draws.values()}) > 1  # not everyone the same questions
    # Reloading (a fresh read of the pool) gives the same questions in the same order.
    reloaded = Quiz.objects.get(pk=random_quiz.pk)
    assert codes(services.member_questions(reloaded, world.m1.pk)) == draws[world.m1.pk]


def test_a_sheet_is_graded_against_the_members_draw(world, random_quiz):
    mine = services.member_questions(random_quiz, world.m1.pk)
    outside = [q for q in Question.objects.filter(township=world.t1) if q.pk not in {m.pk for m in mine}]
    answers = {q.pk: ["B"] for q in mine[:3]} | {q.pk: ["A"] for q in mine[3:]}
    answers |= {q.pk: ["B"] for q in outside}  # answers to questions not drawn count for nothing
    sheet = services.sheet_submit(random_quiz, world.m1, answers, now=timezone.now())
    assert (sheet.correct, sheet.total, sheet.score) == (3, 5, 60)
    items = AnswerItem.objects.filter(sheet=sheet)
    assert {i.question_id for i in items} == {q.pk for q in mine}
    assert sorted(i.given for i in items) == ["A", "A", "B", "B", "B"]


def test_a_fixed_quiz_gives_everyone_the_same_questions(world):
    for n in range(1, 8):
        question(world.t1, f"F{n}", QuestionKind.JUDGE, [], "T")
    quiz = Quiz.objects.create(
        township=world.t1, title="固定题目", draw=QuizDraw.FIXED, question_count=4,
        opens_at=NOW - datetime.timedelta(hours=1), closes_at=NOW + datetime.timedelta(days=1),
    )  # fmt: skip
    services.quiz_publish(quiz)
    assert codes(services.member_questions(quiz, world.m1.pk)) == ["F1", "F2", "F3", "F4"]
    assert codes(services.member_questions(quiz, world.m2.pk)) == ["F1", "F2", "F3", "F4"]


def test_the_take_page_shows_the_draw_and_grades_it(world, random_quiz, login):
    user = f.UserFactory(username="m2", role="member", scope_node=world.v2, member=world.m2)
    client = login(user)
    url = reverse("training:take", args=[random_quiz.pk])
    drawn = services.member_questions(random_quiz, world.m2.pk)
    first, second = client.get(url).content.decode(), client.get(url).content.decode()
    texts = [q.text for q in Question.objects.filter(township=world.t1)]
    for page in (first, second):
        assert sorted(t for t in texts if t in page) == sorted(q.text for q in drawn)
        assert [page.index(q.text) for q in drawn] == sorted(page.index(q.text) for q in drawn)  # the draw's order
    response = client.post(url, {f"q{q.pk}": "B" for q in drawn})
    assert response.status_code == 302
    sheet = AnswerSheet.objects.get(quiz=random_quiz, member=world.m2)
    assert (sheet.correct, sheet.total, sheet.score) == (5, 5, 100)
    result = client.get(reverse("training:result", args=[random_quiz.pk])).content.decode()
    assert "100" in result and all(q.text in result for q in drawn)


def test_a_random_quiz_needs_enough_questions_for_one_draw(world):
    question(world.t1, "S1", QuestionKind.JUDGE, [], "T")
    quiz = Quiz.objects.create(
        township=world.t1, title="题量不足", draw=QuizDraw.RANDOM, question_count=3,
        opens_at=NOW, closes_at=NOW + datetime.timedelta(days=1),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="只有 1 道，不足 3 道"):
        services.quiz_publish(quiz)
    quiz.refresh_from_db()
    assert quiz.status == "draft" and not quiz.items.exists()
