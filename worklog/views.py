"""Pages of the work log beyond the registers: progress updates of a key task, attachments
(minutes, materials, photos), a decision or a finding opened as a task or a problem in one step,
my tasks and the period's timeline. Rows come through the access layer; writes through ``worklog.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404, require, requires
from core import params
from core.evidence import evidence_download
from core.files import file_response
from core.forms import add_errors, flash_errors
from core.registers import get_register
from worklog import forms, selectors, services
from worklog.models import (
    CentrePhoto,
    KeyTask,
    Meeting,
    MeetingMinutes,
    ResearchVisit,
    ServiceCentre,
    Training,
    TrainingMaterial,
)


@login_required
@require_POST
def task_progress(request, pk):
    """Record a progress update: the office, or the task's responsible person."""
    task = get_for_user_or_404(KeyTask, request.user, "act", pk=pk)
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.task_progress_add(
                task, percent=data["percent"], note=data["note"], on=data["on"], today=timezone.localdate(),
                user=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            flash_errors(request, exc, "；")
        else:
            messages.success(request, f"已记录进展：{data['percent']}%")
    else:
        flash_errors(request, form, "；")
    return redirect("tasks_detail", pk=task.pk)


def _upload(request, model, entry, redirect_name, policy=services.FILES):
    form = forms.FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                model, entry, upload=form.cleaned_data["file"], user=request.user, note=form.cleaned_data["note"],
                policy=policy,
            )  # fmt: skip
        except ValidationError as exc:
            flash_errors(request, exc, "；")
        else:
            messages.success(request, "文件已上传")
    else:
        flash_errors(request, form, "；")
    return redirect(redirect_name, pk=entry.pk)


@login_required
@require_POST
def minutes_add(request, pk):
    meeting = get_for_user_or_404(Meeting, request.user, "change", pk=pk)
    return _upload(request, MeetingMinutes, meeting, "meetings_detail")


@login_required
def minutes_file(request, pk):
    minutes = get_for_user_or_404(MeetingMinutes.objects.select_related("meeting"), request.user, pk=pk)
    return file_response(request, minutes, **evidence_download(minutes))


@login_required
@require_POST
def material_add(request, pk):
    training = get_for_user_or_404(Training, request.user, "change", pk=pk)
    return _upload(request, TrainingMaterial, training, "trainings_detail")


@login_required
def material_file(request, pk):
    material = get_for_user_or_404(TrainingMaterial.objects.select_related("training"), request.user, pk=pk)
    return file_response(request, material, **evidence_download(material))


@login_required
@require_POST
def photo_add(request, pk):
    centre = get_for_user_or_404(ServiceCentre, request.user, "change", pk=pk)
    return _upload(request, CentrePhoto, centre, "service_centres_detail", policy=services.PHOTOS)


@login_required
def photo_file(request, pk):
    photo = get_for_user_or_404(CentrePhoto.objects.select_related("centre"), request.user, pk=pk)
    return file_response(request, photo, **evidence_download(photo))


@login_required
def decision_task(request, pk, line):
    """A key task from a meeting's decision, in one step (the task form, filled from the decision)."""
    meeting = get_for_user_or_404(Meeting, request.user, "change", pk=pk)
    require(request.user, "add", KeyTask)
    try:
        text = services.decision_text(meeting, line)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    initial = {"title": text, "assigned_on": meeting.held_on, "status": "pending", "progress": 0}
    form = forms.KeyTaskForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_from_decision(meeting, form.instance, today=timezone.localdate(), user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已由会议决定生成重点任务“{task}”")
            return redirect("tasks_detail", pk=task.pk)
    return render(request, "core/register_form.html", {"register": get_register("tasks"), "form": form})


def _problem_page(request, source, form, done, title):
    if request.method == "POST" and form.is_valid():
        try:
            problem = done(form.problem_fields())
        except ValidationError as exc:
            add_errors(form, exc, {"category": "category_name"})
        else:
            messages.success(request, f"已登记整改问题“{problem}”")
            return redirect("problems_detail", pk=problem.pk)
    return render(request, "worklog/problem_open.html", {"form": form, "source": source, "title": title})


@login_required
def decision_problem(request, pk, line):
    """A rectification problem from a meeting's decision, written through issues.services."""
    meeting = get_for_user_or_404(Meeting, request.user, "change", pk=pk)
    try:
        text = services.decision_text(meeting, line)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    form = forms.ProblemOpenForm(
        request.POST or None, initial={"description": text}, user=request.user, township=meeting.township
    )

    def done(fields):
        return services.problem_from_decision(meeting, line, today=timezone.localdate(), user=request.user, **fields)

    return _problem_page(request, meeting, form, done, "由会议决定登记整改问题")


@login_required
def finding_problem(request, pk):
    """A village-level rectification problem from a research visit's finding."""
    visit = get_for_user_or_404(
        ResearchVisit.objects.select_related("village", "township"), request.user, "change", pk=pk
    )
    form = forms.ProblemOpenForm(
        request.POST or None,
        initial={"description": visit.findings, "level": "village"},
        user=request.user,
        township=visit.township,
        fixed_village=visit.village,
    )

    def done(fields):
        fields.pop("level", None)
        fields.pop("village", None)
        return services.problem_from_finding(visit, today=timezone.localdate(), user=request.user, **fields)

    return _problem_page(request, visit, form, done, "由调研发现登记整改问题")


@login_required
def my_tasks(request):
    """我的重点任务: the key tasks the user is responsible for, overdue first."""
    page = Paginator(selectors.my_tasks(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "worklog/my_tasks.html", {"page": page, "today": timezone.localdate()})


@login_required
@requires("view", Meeting)
def timeline(request):
    """The period's meetings (the weekly reviews from township/ among them), visits, trainings and tours."""
    today = timezone.localdate()
    start = params.date(request.GET, "from") or today.replace(day=1)
    end = params.date(request.GET, "to") or today
    if end < start:
        start, end = end, start
    events = selectors.timeline(request.user, start, end)
    return render(request, "worklog/timeline.html", {"events": events, "start": start, "end": end})
