"""Pages of the work log beyond the registers: progress updates of a key task, attachments
(minutes, materials, photos). Rows come through the access layer; writes through ``worklog.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import get_for_user_or_404
from core.evidence import evidence_download
from core.files import file_response
from core.forms import flash_errors
from worklog import forms, services
from worklog.models import (
    CentrePhoto,
    KeyTask,
    Meeting,
    MeetingMinutes,
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
