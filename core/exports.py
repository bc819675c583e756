"""Exports of a register: the rows a list page shows, as the register's sheet.

Small exports are written in the request. An export of more than ``EXPORT_INLINE_ROWS`` rows runs
in the background (``core.tasks.export_run`` through the outbox): the request records a
``core.FileJob`` with the list's query string and answers with the job's page, which shows the
progress and, when the file is written, a download link (``core.files.file_response``, owner
only). So no request holds a web worker for a big export, and a worker killed mid-export leaves
no half-written file (``core.storage`` links a file into place only when complete) and the task is
redone (``core.jobs.ReliableTask``).

Rows are streamed: the queryset is read in chunks (``iterator``; as ``values_list`` tuples when the
layout says how, ``RegisterResource.export_values``, else as instances with prefetches per chunk)
and the sheet's XML is written as they come (``core.xlsx.write_rows``), so memory stays flat
whatever the row count.
"""

import os
import tempfile
from types import SimpleNamespace

from django.conf import settings
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone

from core import params
from core.models import FileJob, FileJobKind, FileJobStatus
from core.xlsx import write_rows

CHUNK = 2000
PROGRESS_EVERY = 2000
EXPORT_STARTED = "导出的行数较多（{total} 行），已转到后台生成，完成后可在本页下载"


def inline_limit() -> int:
    return settings.EXPORT_INLINE_ROWS


# --- the rows of a list ------------------------------------------------------------------------


def _period(register, query, warn):
    days = []
    for key in ("from", "to"):
        try:
            days.append(params.date(query, key) if register.period_field else None)
        except params.BadParameter as exc:
            if warn:
                warn(f"{exc}，已忽略")
            days.append(None)
    return days


def register_rows(register, user, query: QueryDict, warn=None):
    """(rows, filterset): the register's rows for ``user`` (scope), filtered, searched and sorted
    by the list's query string, as the list page and its export show them. ``warn(message)`` is
    told about a parameter that was ignored."""
    qs = register.get_queryset(user)
    filterset = None
    if register.filterset_class:
        request = SimpleNamespace(user=user, GET=query)
        filterset = register.filterset_class(query or None, queryset=qs, request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
    qs = register.in_period(qs, *_period(register, query, warn))
    qs = register.search(qs, params.text(query, "q"))
    sort = params.text(query, "sort")
    keys = register.sort_keys()
    if sort.lstrip("-") in keys:
        qs = qs.order_by(("-" if sort.startswith("-") else "") + keys[sort.lstrip("-")], "pk")
    else:
        qs = qs.order_by(*register.default_ordering)
    return qs, filterset


# --- writing -----------------------------------------------------------------------------------


def _ordered(register, queryset):
    """An unordered queryset in the register's own order (ties by key): same rows, same file."""
    if queryset.ordered:
        return queryset
    ordering = tuple(register.default_ordering)
    return queryset.order_by(*ordering, *(() if {"pk", "-pk"} & set(ordering) else ("pk",)))


def export_rows(register, queryset, *, reveal=False, user=None, progress=None):
    """(headers, row iterator) of the register's sheet for ``queryset``; ``progress(n)`` is
    called every ``PROGRESS_EVERY`` rows with the number written so far.

    A layout that says how to make its row from plain values (``RegisterResource.export_values``)
    is read as tuples (``values_list``): no model instance and none of the library's per-field
    steps per cell, the costs of a big export after the writing (bench/exports.py). Any other
    layout is read as instances in chunks, each cell through ``export_field``."""
    resource = register.resource_class(user=user, reveal=reveal)
    fields = resource.get_export_fields()
    headers = [str(f.column_name) for f in fields]
    plan = resource.export_values()
    if plan is not None:
        paths, make_row = plan
        records = _ordered(register, queryset).prefetch_related(None).values_list(*paths)
        rows = (make_row(record) for record in records.iterator(chunk_size=CHUNK))
    else:
        queryset = register.export_queryset(_ordered(register, queryset))
        resource.before_export(queryset)
        export_field = resource.export_field
        rows = ([export_field(f, obj) for f in fields] for obj in queryset.iterator(chunk_size=CHUNK))
    if progress is None:
        return headers, rows
    return headers, _counted(rows, progress)


def _counted(rows, progress):
    for number, row in enumerate(rows, start=1):
        yield row
        if number % PROGRESS_EVERY == 0:
            progress(number)


def export_bytes(register, queryset, *, reveal=False, user=None) -> bytes:
    """The rows as the register's sheet, in memory (small exports, the command, tests)."""
    headers, rows = export_rows(register, queryset, reveal=reveal, user=user)
    with tempfile.TemporaryFile() as handle:
        write_rows(handle, headers, rows, title=register.label)
        handle.seek(0)
        return handle.read()


def export_filename(register) -> str:
    return f"{register.label}-{timezone.localdate():%Y%m%d}.xlsx"


# --- in the background -------------------------------------------------------------------------


def export_start(register, user, query: QueryDict, *, reveal: bool, total: int) -> FileJob:
    """Record a background export of what the list shows for ``query`` and enqueue it (after the
    caller's transaction commits, through the outbox)."""
    from core import outbox
    from core.tasks import export_run as task

    township = None if user.sees_everything else user.township
    township_id = township.pk if township is not None else None
    job = FileJob.objects.create(
        kind=FileJobKind.EXPORT,
        register=register.name,
        user=user,
        township_id=township_id,
        query=query.urlencode(),
        reveal=reveal,
        total=total,
        filename=export_filename(register),
    )
    outbox.enqueue(task, job.pk, township_id=township_id)
    return job


def job_progress(job_id: int, done: int) -> None:
    FileJob.objects.filter(pk=job_id).update(done=done)


def export_run(job_id: int) -> None:
    """Write a background export's file (the task's body). Idempotent: a job already done is left
    alone; a redelivered one starts again from the first row and replaces nothing half-written."""
    from accounts.services import id_reveal_log
    from core.registers import get_register

    job = FileJob.objects.select_related("user").get(pk=job_id)
    if job.status == FileJobStatus.DONE:
        return
    register = get_register(job.register)
    FileJob.objects.filter(pk=job.pk).update(status=FileJobStatus.RUNNING, done=0, error="")
    query = QueryDict(job.query)
    queryset, _ = register_rows(register, job.user, query)
    total = queryset.count()
    FileJob.objects.filter(pk=job.pk).update(total=total)
    headers, rows = export_rows(
        register, queryset, reveal=job.reveal, user=job.user, progress=lambda n: job_progress(job.pk, n)
    )
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        path = os.path.join(folder, "export.xlsx")
        with open(path, "wb") as handle:
            write_rows(handle, headers, rows, title=register.label)
        with open(path, "rb") as handle:
            job.file.save(f"export-{job.pk}.xlsx", File(handle), save=False)
    if job.reveal:
        id_reveal_log(job.user, model=register.name, count=total, via="export")
    FileJob.objects.filter(pk=job.pk).update(
        file=job.file.name, status=FileJobStatus.DONE, done=total, finished_at=timezone.now()
    )


def job_failed(job_id: int, error: str) -> None:
    FileJob.objects.filter(pk=job_id).exclude(status=FileJobStatus.DONE).update(
        status=FileJobStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def jobs_of(user, limit=10):
    """The user's latest background imports and exports (newest first)."""
    return list(FileJob.objects.for_user(user).order_by("-created_at", "-pk")[:limit])
