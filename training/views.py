"""The quiz pages: a member's quizzes, answering on a phone (graded at once, score and explanations
after submitting, once), the office's publishing, statistics and points. Rows come through the access
layer; writes through ``training.services``."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import denied_message, get_for_user_or_404
from core.forms import flash_errors
from training import rules, selectors, services
from training.choices import QuestionKind
from training.models import Quiz

NOT_A_MEMBER = "只有党员账号可以答题"
STARTED_KEY = "quiz-started-{pk}"


def _member_id(user):
    member_id = getattr(user, "member_id", None)
    if member_id is None:
        raise PermissionDenied(NOT_A_MEMBER)
    return member_id


@login_required
def mine(request):
    """我的答题: the township's published quizzes and the member's own score on each."""
    rows = selectors.quizzes_for_member(request.user)
    return render(request, "training/mine.html", {"rows": rows, "is_member": request.user.member_id is not None})


@login_required
def take(request, pk):
    """Answer a quiz (one page, 375-px friendly). Graded on submission; a second attempt is refused."""
    quiz = get_for_user_or_404(Quiz, request.user, pk=pk)
    member_id = _member_id(request.user)
    done = selectors.sheet_of(quiz, member_id)
    if done is not None:
        return redirect("training:result", pk=quiz.pk)
    now = timezone.now()
    problem = services.window_error(quiz, now)
    pool = services.quiz_questions(quiz) if problem is None else []
    questions = services.draw_for(quiz, member_id, pool)  # the member's own draw, the same on every load
    key = STARTED_KEY.format(pk=quiz.pk)
    if request.method == "POST":
        started = request.session.get(key)
        answers = {q.pk: request.POST.getlist(f"q{q.pk}") for q in questions}
        try:
            services.sheet_submit(
                quiz, request.user.member, answers, now=now, pool=pool,
                started_at=datetime.datetime.fromisoformat(started) if started else None,
            )  # fmt: skip
        except ValidationError as exc:
            flash_errors(request, exc)
            if selectors.sheet_of(quiz, member_id) is None:
                return redirect("training:mine")
        request.session.pop(key, None)
        return redirect("training:result", pk=quiz.pk)
    if problem is None:
        request.session.setdefault(key, now.isoformat())
    items = [(q, [(rules.LETTERS[i], o) for i, o in enumerate(q.options)]) for q in questions]
    return render(
        request,
        "training/take.html",
        {
            "quiz": quiz,
            "items": items,
            "problem": problem,
            "judge": QuestionKind.JUDGE,
            "multiple": QuestionKind.MULTIPLE,
        },
    )


@login_required
def result(request, pk):
    """The member's score and every question's answer and explanation, after submitting."""
    quiz = get_for_user_or_404(Quiz, request.user, pk=pk)
    sheet = selectors.sheet_of(quiz, _member_id(request.user))
    if sheet is None:
        return redirect("training:take", pk=quiz.pk)
    items = [
        (i, rules.key_label(i.question.kind, i.given) or "未作答", rules.key_label(i.question.kind, i.question.answer))
        for i in selectors.sheet_review(sheet)
    ]
    return render(request, "training/result.html", {"quiz": quiz, "sheet": sheet, "items": items})


@login_required
@require_POST
def publish(request, pk):
    quiz = get_for_user_or_404(Quiz, request.user, "publish", pk=pk)
    try:
        services.quiz_publish(quiz, user=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, services.published_message(quiz))
    return redirect("quizzes_detail", pk=quiz.pk)


@login_required
def stats(request, pk):
    """Participation by village against the members expected, score bands, hardest questions, ranking."""
    quiz = get_for_user_or_404(Quiz, request.user, "report", pk=pk)
    if not request.user.can_read_registers:
        raise PermissionDenied(denied_message(request.user, "view", what="答题统计"))
    return render(request, "training/stats.html", {"quiz": quiz, "stats": selectors.quiz_stats(quiz, request.user)})


@login_required
@require_POST
def award(request, pk):
    quiz = get_for_user_or_404(Quiz, request.user, "publish", pk=pk)
    try:
        count = services.quiz_award_points(quiz, user=request.user, today=timezone.localdate())
    except ValidationError as exc:
        flash_errors(request, exc, "；")
    else:
        messages.success(request, f"已为 {count} 名达到记分线的党员登记积分")
    return redirect("quizzes_detail", pk=quiz.pk)
