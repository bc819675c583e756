"""Reads of the quizzes: a member's quizzes, the statistics page (participation by village against the
members expected, the score distribution, the hardest questions, a ranking) and the report's figures.
Each a fixed number of queries: grading 1,500 sheets for the statistics is one grouped query."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from core.figures import Shortfall, names_and_count
from grids import selectors as grid_selectors
from training.choices import QuizStatus
from training.models import AnswerItem, AnswerSheet, Quiz

# A village whose members answered less than this share of the period's quizzes is listed in the
# report's 存在问题 (培训答题).
PARTICIPATION_LINE = 0.8

BANDS = ((90, 101, "90–100分"), (80, 90, "80–89分"), (60, 80, "60–79分"), (0, 60, "60分以下"))


def quizzes_for_member(user, now=None):
    """The published quizzes of the member's township, newest first, with the member's own sheet."""
    now = now or timezone.now()
    member_id = getattr(user, "member_id", None)
    quizzes = Quiz.objects.for_user(user).filter(status=QuizStatus.PUBLISHED).order_by("-opens_at")
    sheets = {s.quiz_id: s for s in AnswerSheet.objects.filter(member_id=member_id)} if member_id else {}
    return [(q, sheets.get(q.pk), q.opens_at <= now <= q.closes_at) for q in quizzes[:50]]


def sheet_of(quiz, member_id):
    return AnswerSheet.objects.filter(quiz=quiz, member_id=member_id).first() if member_id else None


def sheet_review(sheet) -> list:
    """A submitted sheet's items with their questions (to show the explanations)."""
    return list(sheet.items.select_related("question").order_by("pk"))


@dataclass
class QuizStats:
    participants: int
    expected: int
    average: float | None
    by_village: list  # (village name, answered, expected)
    bands: list  # (label, count)
    hardest: list  # (question, wrong, answered)
    ranking: list  # sheets, best first


def quiz_stats(quiz, user, top: int = 20) -> QuizStats:
    """The office's statistics of a quiz for the user's scope. Five queries whatever the number of sheets."""
    sheets = AnswerSheet.objects.for_user(user).filter(quiz=quiz)
    overall = sheets.aggregate(
        n=Count("pk"),
        avg=Avg("score"),
        **{f"band{i}": Count("pk", filter=Q(score__gte=lo, score__lt=hi)) for i, (lo, hi, _) in enumerate(BANDS)},
    )
    answered = dict(sheets.values_list("village_id").annotate(n=Count("pk")).order_by())
    members = grid_selectors.members_for_user(user).filter(township_id=quiz.township_id)
    expected_rows = list(
        members.values_list("village_id", "village__name", "village__code")
        .annotate(n=Count("pk"))
        .order_by("village__code")
    )
    by_village = [(name, answered.get(vid, 0), n) for vid, name, _code, n in expected_rows]
    items = AnswerItem.objects.filter(quiz=quiz, sheet__in=sheets)
    hardest = list(
        items.values("question_id", "question__code", "question__text")
        .annotate(wrong=Count("pk", filter=Q(right=False)), answered=Count("pk"))
        # Random quizzes give each member their own draw: a question is as hard as its share of wrong answers.
        .annotate(rate=Cast(F("wrong"), FloatField()) / F("answered"))
        .order_by("-rate", "-wrong", "question__code")[:10]
    )
    ranking = list(sheets.select_related("member", "village").order_by("-score", "submitted_at", "pk")[:top])
    return QuizStats(
        participants=overall["n"],
        expected=sum(n for *_rest, n in expected_rows),
        average=round(overall["avg"], 1) if overall["avg"] is not None else None,
        by_village=by_village,
        bands=[(label, overall[f"band{i}"]) for i, (_lo, _hi, label) in enumerate(BANDS)],
        hardest=hardest,
        ranking=ranking,
    )


@dataclass
class QuizFigures:
    quizzes: int | None
    sheets: int | None
    average: float | None


def quiz_figures(node, start: datetime.date, end: datetime.date) -> QuizFigures:
    """For the report (开展了党员在线答题、集中测试答题): quizzes that closed in the period under the
    node's township, the sheets submitted, the average score. None when no quiz was ever held."""
    township = node if node.kind == "township" else node.township_node
    quizzes = Quiz.objects.within(township).filter(status=QuizStatus.PUBLISHED)
    held = quizzes.filter(closes_at__date__gte=start, closes_at__date__lte=end)
    row = AnswerSheet.objects.filter(quiz__in=held).aggregate(n=Count("pk"), avg=Avg("score"))
    if not quizzes.exists():
        return QuizFigures(None, None, None)
    return QuizFigures(held.count(), row["n"], round(row["avg"], 1) if row["avg"] is not None else None)


def quiz_shortfalls(node, start: datetime.date, end: datetime.date) -> list[Shortfall]:
    """Facts for the drafted "二、存在问题及下步计划" (培训答题): the villages under ``node`` whose
    members handed in fewer than ``PARTICIPATION_LINE`` of the sheets the period's quizzes expected
    (members × quizzes that closed in the period; members as registered today). Nothing when no quiz
    closed in the period. Three queries."""
    township = node if node.kind == "township" else node.township_node
    held = Quiz.objects.within(township).filter(
        status=QuizStatus.PUBLISHED, closes_at__date__gte=start, closes_at__date__lte=end
    )
    quizzes = held.count()
    if not quizzes:
        return []
    answered = dict(
        AnswerSheet.objects.within(node)
        .filter(quiz__in=held)
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    members = (
        grid_selectors.members_for_node(node)
        .values_list("village_id", "village__name", "village__code")
        .annotate(n=Count("pk"))
        .order_by("village__code")
    )
    expected = {vid: (name, n * quizzes) for vid, name, _code, n in members}
    total = sum(n for _name, n in expected.values())
    if not total:
        return []
    low = [name for vid, (name, n) in expected.items() if answered.get(vid, 0) < PARTICIPATION_LINE * n]
    if not low:
        return []
    rate = round(100 * sum(answered.get(vid, 0) for vid in expected) / total)
    line = round(100 * PARTICIPATION_LINE)
    return [
        Shortfall(
            "培训答题",
            f"本期{quizzes}次党员在线答题、集中测试应参与{total}人次，实际参与率{rate}%，"
            f"{names_and_count(low, unit='个村')}参与率低于{line}%。",
            {"quizzes": quizzes, "expected": total, "rate": rate, "low_villages": len(low)},
            reverse("quizzes_list"),
        )
    ]
