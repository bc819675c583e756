"""The 后台任务 page: tasks waiting for the broker, tasks given up (with a button to run them
again) and the latest runs. Office staff see their township's tasks, the admin every task
(``core.models.TASK_POLICY`` through the access layer)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require
from core import outbox
from core.jobs import retry_run
from core.models import OutboxMessage, TaskRun, TaskRunStatus

RECENT = 30


@login_required
def task_runs(request):
    require(request.user, "view", TaskRun)
    runs = TaskRun.objects.for_user(request.user)
    return render(
        request,
        "core/task_runs.html",
        {
            "waiting": list(OutboxMessage.objects.for_user(request.user).filter(sent_at=None).order_by("created_at")),
            "gave_up": list(runs.filter(status=TaskRunStatus.GAVE_UP, retried_as="").order_by("-started_at")),
            "recent": list(runs.order_by("-started_at")[:RECENT]),
        },
    )


@login_required
@require_POST
def task_run_retry(request, pk):
    given_up = TaskRun.objects.filter(status=TaskRunStatus.GAVE_UP, retried_as="")
    run = get_for_user_or_404(given_up, request.user, "retry", pk=pk)
    message = retry_run(run)
    if outbox.is_sent(message):
        messages.success(request, f"“{run.label}”已重新开始执行")
    else:
        messages.warning(request, f"“{run.label}”已登记重新执行。{outbox.WAITING_MESSAGE}")
    return redirect("core:task_runs")
