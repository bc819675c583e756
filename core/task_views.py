"""The 后台任务 page: tasks waiting for the broker, tasks given up (with a button to run them
again) and the latest runs. Office staff see their township's tasks, the admin every task."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import EDIT_ROLES
from core import outbox
from core.jobs import retry_run
from core.models import OutboxMessage, TaskRun, TaskRunStatus

NO_ROLE = "只有镇办公室和系统管理员可以查看和重新执行后台任务"
RECENT = 30


def _scoped(queryset, user):
    """Rows of the user's township (a task records the township it works for); all for the admin."""
    if not user.has_role(EDIT_ROLES):
        raise PermissionDenied(NO_ROLE)
    if user.sees_everything:
        return queryset
    township = user.township
    return queryset.filter(township_id=township.pk) if township else queryset.none()


@login_required
def task_runs(request):
    runs = _scoped(TaskRun.objects.all(), request.user)
    return render(
        request,
        "core/task_runs.html",
        {
            "waiting": list(_scoped(OutboxMessage.objects.filter(sent_at=None), request.user).order_by("created_at")),
            "gave_up": list(runs.filter(status=TaskRunStatus.GAVE_UP, retried_as="").order_by("-started_at")),
            "recent": list(runs.order_by("-started_at")[:RECENT]),
        },
    )


@login_required
@require_POST
def task_run_retry(request, pk):
    try:
        run = _scoped(TaskRun.objects.filter(status=TaskRunStatus.GAVE_UP, retried_as=""), request.user).get(pk=pk)
    except TaskRun.DoesNotExist as exc:
        raise Http404("记录不存在或不在您的管辖范围内") from exc
    message = retry_run(run)
    if outbox.is_sent(message):
        messages.success(request, f"“{run.label}”已重新开始执行")
    else:
        messages.warning(request, f"“{run.label}”已登记重新执行。{outbox.WAITING_MESSAGE}")
    return redirect("core:task_runs")
