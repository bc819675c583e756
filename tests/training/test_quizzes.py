"""Quizzes: publish draws the questions, a member answers once in the window and sees the score and the
explanations, the office sees the statistics; bad input refused with nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.training.conftest import NOW
from training import selectors, services
from training.models import AnswerItem, AnswerSheet, Quiz

pytestmark = pytest.mark.django_db


def answers(q, single="B", multiple=("A", "C", "D"), judge="T"):
    return {q.single.pk: [single], q.multiple.pk: list(multiple), q.judge.pk: [judge]}


def test_publishing_draws_the_questions(quiz_world):
    assert [i.question.code for i in quiz_world.quiz.items.select_related("question")] == ["Q1", "Q2", "Q3"]
    with pytest.raises(ValidationError, match="已发布"):
        services.quiz_publish(quiz_world.quiz)
    too_many = Quiz.objects.create(
        township=quiz_world.world.t1, title="x", question_count=5, opens_at=NOW, closes_at=NOW + datetime.timedelta(1)
    )
    with pytest.raises(ValidationError, match="只有 3 道"):
        services.quiz_publish(too_many)


def test_a_sheet_is_graded_at_once_and_a_partial_answer_is_wrong(quiz_world):
    member = quiz_world.world.m1
    sheet = services.sheet_submit(quiz_world.quiz, member, answers(quiz_world, multiple=("A", "C")), now=timezone.now())
    assert (sheet.correct, sheet.total, sheet.score) == (2, 3, 67)
    assert sheet.village_id == member.village_id


def test_one_attempt_only_and_nothing_after_the_window(quiz_world):
    quiz, member = quiz_world.quiz, quiz_world.world.m1
    services.sheet_submit(quiz, member, answers(quiz_world), now=timezone.now())
    before = (AnswerSheet.objects.count(), AnswerItem.objects.count())
    with pytest.raises(ValidationError, match=services.ANSWERED):
        services.sheet_submit(quiz, member, answers(quiz_world), now=timezone.now())
    late = quiz.closes_at + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="截止"):
        services.sheet_submit(quiz, quiz_world.world.m2, answers(quiz_world), now=late)
    started = timezone.now() - datetime.timedelta(minutes=40)
    with pytest.raises(ValidationError, match="限时"):
        services.sheet_submit(quiz, quiz_world.world.m2, answers(quiz_world), now=timezone.now(), started_at=started)
    assert (AnswerSheet.objects.count(), AnswerItem.objects.count()) == before


def test_submitting_costs_a_fixed_number_of_queries(quiz_world, django_assert_max_num_queries):
    questions = services.quiz_questions(quiz_world.quiz)
    with django_assert_max_num_queries(5):
        services.sheet_submit(
            quiz_world.quiz, quiz_world.world.m1, answers(quiz_world), now=timezone.now(), pool=questions
        )


def test_a_member_takes_the_quiz_on_the_page_and_sees_score_and_explanations(quiz_world, login):
    from tests import factories as f

    user = f.UserFactory(username="m2", role="member", scope_node=quiz_world.world.v2, member=quiz_world.world.m2)
    client = login(user)
    quiz = quiz_world.quiz
    assert "应知应会答题" in client.get(reverse("training:mine")).content.decode()
    page = client.get(reverse("training:take", args=[quiz.pk])).content.decode()
    assert "提交答卷" in page
    q = quiz_world
    response = client.post(
        reverse("training:take", args=[quiz.pk]),
        {f"q{q.single.pk}": "B", f"q{q.multiple.pk}": ["A", "C", "D"], f"q{q.judge.pk}": "F"},
    )
    assert response.status_code == 302
    result = client.get(reverse("training:result", args=[quiz.pk])).content.decode()
    assert "67" in result and "Q1解析" in result
    again = client.post(reverse("training:take", args=[quiz.pk]), {f"q{q.single.pk}": "B"})
    assert again.status_code == 302 and AnswerSheet.objects.filter(member=q.world.m2).count() == 1
    assert client.get(reverse("training:take", args=[q.other.pk])).status_code == 404  # another township


def test_the_office_sees_participation_scores_hardest_questions_and_ranking(quiz_world, login, count_queries):
    q = quiz_world
    services.sheet_submit(q.quiz, q.world.m1, answers(q), now=timezone.now())
    services.sheet_submit(q.quiz, q.world.m2, answers(q, single="A"), now=timezone.now())
    stats = selectors.quiz_stats(q.quiz, q.personas.office)
    assert (stats.participants, stats.expected, stats.average) == (2, 2, 83.5)
    assert stats.hardest[0]["question__code"] == "Q1" and stats.hardest[0]["wrong"] == 1
    assert [s.member for s in stats.ranking] == [q.world.m1, q.world.m2]
    client = login(q.personas.office)
    with count_queries() as small:
        assert client.get(reverse("training:stats", args=[q.quiz.pk])).status_code == 200
    assert len(small) <= 25
    assert client.get(reverse("training:stats", args=[q.other.pk])).status_code == 404
    assert login(q.personas.member).get(reverse("training:stats", args=[q.quiz.pk])).status_code == 403


def test_the_question_bank_is_for_the_office_only(quiz_world, login):
    assert login(quiz_world.personas.office).get(reverse("questions_list")).status_code == 200
    assert login(quiz_world.personas.secretary).get(reverse("questions_list")).status_code == 403
    assert login(quiz_world.personas.member).get(reverse("questions_list")).status_code == 403


def test_the_statistics_and_the_submission_cost_the_same_queries_at_two_sizes(quiz_world, login, count_queries):
    from tests import factories as f

    q = quiz_world
    url = reverse("training:stats", args=[q.quiz.pk])
    client = login(q.personas.office)

    def measure(members):
        with count_queries() as submit:
            services.sheet_submit(q.quiz, members[-1], answers(q), now=timezone.now())
        for member in members[:-1]:
            services.sheet_submit(q.quiz, member, answers(q, single="C"), now=timezone.now())
        with count_queries() as page:
            assert client.get(url).status_code == 200
        return len(submit), len(page)

    small = measure([q.world.m1, q.world.m2])
    large = measure([f.MemberFactory(grid=q.world.g1 if n % 2 else q.world.g4) for n in range(30)])
    assert small == large and small[1] <= 25
    assert AnswerSheet.objects.filter(quiz=q.quiz).count() == 32


def test_the_villages_whose_members_seldom_answer_are_a_shortfall(quiz_world, django_assert_max_num_queries):
    q = quiz_world
    services.sheet_submit(q.quiz, q.world.m1, answers(q), now=timezone.now())  # 苇水村: 1 of 1; 九光村: 0 of 1
    day = timezone.localdate(q.quiz.closes_at)
    with django_assert_max_num_queries(3):
        found = selectors.quiz_shortfalls(q.world.t1, day, day)
    assert [s.text for s in found] == [
        "本期1次党员在线答题、集中测试应参与2人次，实际参与率50%，九光村一个村参与率低于80%。"
    ]
    assert found[0].topic == "培训答题" and found[0].figures["low_villages"] == 1
    assert selectors.quiz_shortfalls(q.world.v1, day, day) == []  # 苇水村 answered
    assert (
        selectors.quiz_shortfalls(q.world.t1, day - datetime.timedelta(days=30), day - datetime.timedelta(days=29))
        == []
    )
