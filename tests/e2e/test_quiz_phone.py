"""On a 375-px phone, a party member takes a random quiz (their own draw), submits it and sees the score
and the explanations; a second attempt only shows the result again."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from training import services
from training.choices import QuestionKind, QuizDraw
from training.models import AnswerSheet, Question, Quiz

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BANK = [
    ("Q1", QuestionKind.SINGLE, ["镇党委书记", "村委会主任", "网格员"], "A", "网格长一般由谁担任？"),
    ("Q2", QuestionKind.MULTIPLE, ["月榜", "季榜", "年榜", "周榜"], "ABC", "党员积分实行哪几种榜单公示？"),
    ("Q3", QuestionKind.JUDGE, [], "T", "镇村两级实行周例会风险隐患分析研判制度。"),
    ("Q4", QuestionKind.SINGLE, ["在线服务", "一线服务", "热线服务"], "B", "黄色村实行什么服务？"),
    ("Q5", QuestionKind.JUDGE, [], "F", "网格辅助员由村“两委”干部兼任。"),
    ("Q6", QuestionKind.MULTIPLE, ["合同清查", "债权债务化解", "土地确权"], "AB", "“清化收”工作包括哪些内容？"),
]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_member_takes_a_quiz_on_a_phone_and_sees_the_score(live_server, phone_page):
    world = build_world()
    user = f.UserFactory(username="dangyuan", full_name="刘洋", role=Role.MEMBER, scope_node=world.v1)
    world.m1.user = user
    world.m1.save(update_fields=["user"])
    for code, kind, options, key, text in BANK:
        Question.objects.create(
            township=world.t1, code=code, kind=kind, text=text, options=options, answer=key,
            explanation=f"{code}：答案见专项行动工作方案",
        )  # fmt: skip
    now = timezone.now()
    quiz = Quiz.objects.create(
        township=world.t1, title="应知应会在线答题", draw=QuizDraw.RANDOM, question_count=4,
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1), time_limit=20,
    )  # fmt: skip
    services.quiz_publish(quiz)
    drawn = services.member_questions(quiz, world.m1.pk)
    page = phone_page

    log_in(page, live_server, "dangyuan")
    page.goto(f"{live_server.url}/quiz/")
    page.get_by_role("link", name="开始答题").tap()
    expect(page.locator("#quiz-form fieldset")).to_have_count(4)
    assert page.viewport_size["width"] == 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    # The member's own draw, in its order; every question right but the last (a partial multiple choice
    # answer or the wrong true/false is wrong).
    legends = page.locator("#quiz-form legend").all_inner_texts()
    assert [text.split("] ", 1)[1] for text in legends] == [q.text for q in drawn]
    for n, question in enumerate(drawn):
        letters = question.answer if n < 3 else wrong(question)
        for letter in letters:
            page.locator(f"label[for=q{question.pk}{letter}]").tap()
    page.get_by_role("button", name="提交答卷").tap()

    expect(page.locator("#score")).to_contain_text("您的得分：75 分（答对 3 / 4 题）")
    expect(page.get_by_text(f"{drawn[0].code}：答案见专项行动工作方案")).to_be_visible()
    expect(page.locator(".badge", has_text="错误")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    sheet = AnswerSheet.objects.get(quiz=quiz, member=world.m1)
    assert (sheet.correct, sheet.total, sheet.score) == (3, 4, 75)

    # Each member answers once: the quiz page now shows the result.
    page.goto(f"{live_server.url}/quiz/{quiz.pk}/")
    expect(page.locator("#score")).to_contain_text("75 分")
    assert AnswerSheet.objects.filter(quiz=quiz).count() == 1


def wrong(question):
    """A wrong answer: the other true/false, another single option, or one option short of the key."""
    if question.kind == QuestionKind.JUDGE:
        return "F" if question.answer == "T" else "T"
    if question.kind == QuestionKind.SINGLE:
        return next(letter for letter in "ABC" if letter != question.answer)
    return question.answer[:-1]
