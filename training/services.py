"""Writes and rules of the quizzes: the question bank, a quiz's window and draw, answer sheets graded on
submission, and points through the points app's own service. Messages are module constants."""

import datetime
import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from points import services as point_services
from training import rules
from training.choices import QuizDraw, QuizStatus
from training.models import AnswerItem, AnswerSheet, Question, Quiz, QuizQuestion

WINDOW_BACKWARDS = "截止时间应晚于开始时间"
TOO_FEW_QUESTIONS = "题库中符合条件的启用题目只有 {n} 道，不足 {want} 道"
COUNT_RANGE = "题目数量应为 1 到 200"
ALREADY_PUBLISHED = "该答题活动已发布，题目不能再改"
NOT_PUBLISHED = "该答题活动尚未发布"
NOT_OPEN_YET = "答题尚未开始（{at} 开始）"
CLOSED = "答题已于 {at} 截止，不能再提交"
ANSWERED = "您已参加过本次答题，每人只能答一次"
OVER_TIME = "已超过答题限时（{minutes} 分钟），答卷未被接受"
NOT_A_MEMBER = "只有党员本人可以答题"
OTHER_TOWNSHIP = "该答题活动不属于您所在的乡镇"
NO_POINTS_ITEM = "该答题活动没有设置积分项目"
POINTS_NOT_CLOSED = "答题截止后才能记分"
PUBLISHED_FIXED = "答题活动“{quiz}”已发布，共 {n} 道题，每名党员答相同的题目"
PUBLISHED_RANDOM = "答题活动“{quiz}”已发布：题库中 {pool} 道题入选，每名党员随机抽取其中 {n} 道"
GRACE = datetime.timedelta(minutes=2)  # network and clock slack on the time limit


def question_save(question: Question, *, user=None) -> Question:
    """Check and save a question: its key normalised (letters in order, T/F)."""
    key, errors = rules.question_errors(question.kind, question.text, question.options, question.answer)
    if errors:
        raise ValidationError(errors)
    question.answer = key
    question.options = [o for o in question.options if o]
    if user is not None:
        question._history_user = user
    question.save()
    return question


def quiz_errors(quiz: Quiz) -> dict:
    errors = {}
    if quiz.opens_at and quiz.closes_at and quiz.closes_at <= quiz.opens_at:
        errors["closes_at"] = WINDOW_BACKWARDS
    if not 1 <= (quiz.question_count or 0) <= 200:
        errors["question_count"] = COUNT_RANGE
    return errors


def quiz_save(quiz: Quiz, *, user=None) -> Quiz:
    errors = quiz_errors(quiz)
    if errors:
        raise ValidationError(errors)
    if quiz.pk is None and user is not None:
        quiz.created_by = user
    if user is not None:
        quiz._history_user = user
    quiz.save()
    return quiz


def quiz_publish(quiz: Quiz, *, user=None) -> Quiz:
    """Publish a quiz with its questions frozen as ``QuizQuestion`` rows. Fixed: the bank's first
    ``question_count`` by 题号, the same for everyone. Random: every eligible question of the bank (the
    pool), from which each member gets their own draw (``member_questions``)."""
    if quiz.status == QuizStatus.PUBLISHED:
        raise ValidationError(ALREADY_PUBLISHED)
    bank = Question.objects.filter(township_id=quiz.township_id, active=True)
    if quiz.topic:
        bank = bank.filter(topic=quiz.topic)
    ids = list(bank.order_by("code").values_list("pk", flat=True))
    if len(ids) < quiz.question_count:
        raise ValidationError(TOO_FEW_QUESTIONS.format(n=len(ids), want=quiz.question_count))
    if quiz.draw == QuizDraw.FIXED:
        ids = ids[: quiz.question_count]
    with transaction.atomic():
        QuizQuestion.objects.bulk_create(
            [QuizQuestion(quiz=quiz, question_id=qid, order=n) for n, qid in enumerate(ids, start=1)]
        )
        quiz.status = QuizStatus.PUBLISHED
        if user is not None:
            quiz._history_user = user
        quiz.save()
    return quiz


def published_message(quiz: Quiz) -> str:
    if quiz.draw == QuizDraw.FIXED:
        return PUBLISHED_FIXED.format(quiz=quiz, n=quiz.question_count)
    return PUBLISHED_RANDOM.format(quiz=quiz, pool=quiz.items.count(), n=quiz.question_count)


def quiz_questions(quiz: Quiz) -> list[Question]:
    """The quiz's frozen questions in order (one query): a fixed quiz's questions, a random quiz's pool."""
    return [qq.question for qq in QuizQuestion.objects.filter(quiz=quiz).select_related("question").order_by("order")]


def draw_for(quiz: Quiz, member_id: int, pool: list) -> list:
    """A member's own questions of a quiz, in the order they are shown. Fixed: the pool as it is.
    Random: ``question_count`` of the pool in a shuffled order, seeded by the quiz and the member, so
    that the draw is the member's own, the same on every page load of their attempt, and the one their
    sheet is graded against (pure: no database)."""
    if quiz.draw == QuizDraw.FIXED or len(pool) < quiz.question_count:
        return list(pool)
    return random.Random(f"quiz-{quiz.pk}-member-{member_id}").sample(list(pool), quiz.question_count)  # noqa: S311


def member_questions(quiz: Quiz, member_id: int) -> list[Question]:
    """The questions a member answers in a quiz (one query): their own draw of a random quiz."""
    return draw_for(quiz, member_id, quiz_questions(quiz))


def window_error(quiz: Quiz, now: datetime.datetime) -> str | None:
    if quiz.status != QuizStatus.PUBLISHED:
        return NOT_PUBLISHED
    if now < quiz.opens_at:
        return NOT_OPEN_YET.format(at=timezone.localtime(quiz.opens_at).strftime("%Y-%m-%d %H:%M"))
    if now > quiz.closes_at:
        return CLOSED.format(at=timezone.localtime(quiz.closes_at).strftime("%Y-%m-%d %H:%M"))
    return None


def sheet_submit(
    quiz: Quiz,
    member,
    answers: dict,
    *,
    now: datetime.datetime,
    started_at: datetime.datetime | None = None,
    pool: list[Question] | None = None,
) -> AnswerSheet:
    """Grade a member's answers (question pk → letters or T/F) against the member's own draw
    (``member_questions``) at once and keep the sheet; an answer to a question outside the draw is
    ignored. Refused outside the window, past the time limit, or a second time. A fixed number of
    queries: the quiz's questions (unless ``pool``, ``quiz_questions(quiz)``, is given), the sheet, its items."""
    if member is None:
        raise ValidationError(NOT_A_MEMBER)
    if member.township_id != quiz.township_id:
        raise ValidationError(OTHER_TOWNSHIP)
    problem = window_error(quiz, now)
    if problem:
        raise ValidationError(problem)
    if started_at is not None and now - started_at > datetime.timedelta(minutes=quiz.time_limit) + GRACE:
        raise ValidationError(OVER_TIME.format(minutes=quiz.time_limit))
    questions = draw_for(quiz, member.pk, pool if pool is not None else quiz_questions(quiz))
    items, correct = [], 0
    for question in questions:
        given = rules.given_key(question.kind, answers.get(question.pk, answers.get(str(question.pk), "")))
        right = rules.grade(question.answer, given)
        correct += right
        items.append(AnswerItem(quiz=quiz, question=question, given=given, right=right))
    sheet = AnswerSheet(
        quiz=quiz, member=member, township_id=member.township_id, village_id=member.village_id,
        started_at=started_at, submitted_at=now, correct=correct, total=len(questions),
        score=rules.score(correct, len(questions)),
    )  # fmt: skip
    try:
        with transaction.atomic():
            sheet.save()
            for item in items:
                item.sheet = sheet
            AnswerItem.objects.bulk_create(items)
    except IntegrityError as exc:
        raise ValidationError(ANSWERED) from exc
    return sheet


def quiz_award_points(quiz: Quiz, *, user, today: datetime.date) -> int:
    """After the quiz closes: the members who reached the pass mark get the quiz's points item,
    recorded by the points app's own service (``points.services.entries_record``) as one event."""
    if quiz.points_item_id is None:
        raise ValidationError(NO_POINTS_ITEM)
    if timezone.now() <= quiz.closes_at:
        raise ValidationError(POINTS_NOT_CLOSED)
    sheets = AnswerSheet.objects.filter(quiz=quiz, score__gte=quiz.points_min_percent).select_related("member")
    members = [s.member for s in sheets]
    if not members:
        return 0
    item = quiz.points_item  # the rule book's item, through the quiz's own foreign key
    point_services.entries_record(
        recorder=user, members=members, item=item, occurred_on=timezone.localdate(quiz.closes_at), today=today,
        title=f"{quiz.title}（{quiz.get_mode_display()}）",
    )  # fmt: skip
    return len(members)
