"""The 后台任务 page: tasks waiting for the broker, tasks given up (with a button to run them
again) and the latest runs. Office staff see their township's tasks, the admin every task
(``core.models.TASK_POLICY`` through the access layer)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require
from core import imports, outbox
from core.files import file_response
from core.jobs import job_state, retry_run
from core.models import FileJob, FileJobKind, FileJobStatus, OutboxMessage, TaskRun, TaskRunStatus
from core.registers import get_register

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


# --- background imports and exports (core.FileJob) ---------------------------------------------

JOB_TASKS = {
    FileJobKind.EXPORT: "core.tasks.export_run",
    FileJobKind.PREVIEW: "core.tasks.import_preview_run",
    FileJobKind.IMPORT: "core.tasks.import_run",
}


def _file_job(request, pk):
    """The user's own job (404 for anyone else's: it may hold personal data)."""
    return get_object_or_404(FileJob.objects.for_user(request.user), pk=pk)


@login_required
def file_job(request, pk):
    """A background export or import: its progress (the section reloads itself while it runs),
    then the download link, or the import's report."""
    job = _file_job(request, pk)
    state = job_state(JOB_TASKS[job.kind], job.pk) if job.in_progress else None
    context = {"job": job, "state": state, "register": get_register(job.register)}
    if job.kind != FileJobKind.EXPORT and job.report:
        context["report"] = imports.report_from_json(job.report)
    return render(request, "core/file_job.html", context)


@login_required
def file_job_download(request, pk):
    job = _file_job(request, pk)
    if job.status != FileJobStatus.DONE or job.kind != FileJobKind.EXPORT:
        raise Http404("文件尚未生成")
    return file_response(request, job, field="file", filename=job.filename)
