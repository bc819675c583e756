"""Running an import and an export: the one path used by the web pages and the commands.

An import is all or nothing: it runs in one transaction and is rolled back when any row is bad
(or when it is only a preview). Every problem is reported with its spreadsheet row number
(the header is row 1), its column and a Chinese reason.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from core.dashboard import figures_changed
from core.resources import HeaderError
from core.xlsx import XlsxRejected, check_upload, read_dataset


@dataclass
class RowProblem:
    row: int | None
    column: str
    message: str

    def __str__(self):
        where = f"第{self.row}行" if self.row else "文件"
        column = f"“{self.column}”列" if self.column else ""
        return f"{where}{column}：{self.message}"


@dataclass
class ImportReport:
    """What an import found: counts, problems (any one refuses the file), remarks that are not
    problems (``notes``) and the first rows it adds or changes (``preview``, PreviewRow)."""

    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[RowProblem] = field(default_factory=list)
    preview: list = field(default_factory=list)
    row_kinds: dict = field(default_factory=dict)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _problems_from(result, resource) -> list[RowProblem]:
    columns = {name: f.column_name for name, f in resource.fields.items()}
    columns.update({f.attribute: f.column_name for f in resource.fields.values() if f.attribute})
    problems = []
    for error in result.base_errors:
        message = str(error.error) if isinstance(error.error, HeaderError) else f"导入失败：{error.error}"
        problems.append(RowProblem(None, "", message))
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
            for message in messages:
                problems.append(RowProblem(invalid.number + 1, column, str(message)))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(RowProblem(number + 1, "", f"无法保存：{error.error}"))
    problems.sort(key=lambda p: (p.row or 0, p.column))
    return problems


def run_import(register, data: bytes, filename: str, *, user, township, dry_run: bool, progress=None) -> ImportReport:
    """Check the file, read it and import it through the register's resource (see module doc).
    ``progress(rows)`` is told how many rows have been checked (background imports)."""
    try:
        check_upload(filename, data)
        dataset = read_dataset(data)
    except XlsxRejected as exc:
        return ImportReport(problems=[RowProblem(None, "", str(exc))])
    options = {"progress": progress} if progress else None
    return import_dataset(register, dataset, user=user, township=township, dry_run=dry_run, options=options)


def import_dataset(register, dataset, *, user, township, dry_run: bool, partial=False, options=None) -> ImportReport:
    """Import rows already read from a sheet; all or nothing.

    ``partial`` (the township workbook): rows without problems stay written in the caller's
    transaction, which the caller rolls back when any sheet has a problem, so that later sheets
    are checked against the good rows of earlier ones. ``options`` set resource attributes for
    this pass (e.g. ``defer_people``)."""
    resource = register.resource_class(user=user, township=township)
    for name, value in (options or {}).items():
        setattr(resource, name, value)
    try:
        resource.check_headers(dataset.headers or [])
    except HeaderError as exc:
        return ImportReport(problems=[RowProblem(None, "", str(exc))])
    if len(dataset) == 0:
        return ImportReport(problems=[RowProblem(None, "", "表格中没有数据行")])
    with transaction.atomic(), register.write_lock():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=not partial,
            raise_errors=False,
        )
        report = ImportReport(
            total=result.total_rows,
            new=result.totals.get("new", 0),
            updated=result.totals.get("update", 0),
            unchanged=result.totals.get("skip", 0) - resource.examples_skipped,
            problems=_problems_from(result, resource),
            notes=[RowProblem(row, column, message) for row, column, message in resource.notes],
            preview=resource.preview,
            row_kinds=resource.row_kinds,
        )
        if (report.ok or partial) and not dry_run:
            resource.after_apply()
            report.applied = report.ok
            transaction.on_commit(figures_changed)
        else:
            transaction.set_rollback(True)
    return report


def export_bytes(register, queryset, *, reveal=False, user=None) -> bytes:
    """The rows as the register's sheet (``core.exports.export_bytes``)."""
    from core.exports import export_bytes as write

    return write(register, queryset, reveal=reveal, user=user)


def template_bytes(register, *, user=None, township=None) -> bytes:
    """The register's import template: headers, an example row, the allowed values and codes,
    drop-downs (``core.sheets``)."""
    from core.sheets import template_workbook

    resource = register.resource_class(user=user, township=township)
    return template_workbook([(register.label, resource)], code_lists=resource.template_code_lists())


# --- in the background ---------------------------------------------------------------------------
#
# A file of more than IMPORT_INLINE_ROWS rows (as its sheet says, or by size when it does not) is
# previewed and applied in Celery (core.tasks.import_preview_run, import_run), each step recorded
# in a core.FileJob whose page shows the progress and then the report; the file itself waits
# encrypted in core.ImportPreview (core.previews), as it does for a small import.

BIG_FILE_BYTES = 256 * 1024  # a file whose sheet gives no row count is big from this size
IMPORT_STARTED = "文件较大（约 {rows} 行），已转到后台检查，完成后本页显示预览"
APPLY_STARTED = "已转到后台导入，完成后本页显示结果"
REPORT_PROBLEMS_KEPT = 500


def is_big(data: bytes) -> tuple[bool, int]:
    """(run in the background?, the rows the sheet says it has or 0)."""
    from django.conf import settings

    from core.xlsx import row_hint

    try:
        rows = row_hint(data)
    except XlsxRejected:
        return False, 0  # the inline path gives the message
    if rows is None:
        return len(data) > BIG_FILE_BYTES, 0
    return rows > settings.IMPORT_INLINE_ROWS, rows


def report_to_json(report: ImportReport) -> dict:
    def problem(p):
        return [p.row, p.column, p.message]

    return {
        "total": report.total,
        "new": report.new,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "applied": report.applied,
        "problem_count": len(report.problems),
        "problems": [problem(p) for p in report.problems[:REPORT_PROBLEMS_KEPT]],
        "notes": [problem(p) for p in report.notes[:REPORT_PROBLEMS_KEPT]],
        "preview": [[r.row, r.kind, r.label, [list(c) for c in r.changes]] for r in report.preview],
    }


def report_from_json(data: dict) -> ImportReport:
    from core.resources import PreviewRow

    return ImportReport(
        total=data.get("total", 0),
        new=data.get("new", 0),
        updated=data.get("updated", 0),
        unchanged=data.get("unchanged", 0),
        applied=data.get("applied", False),
        problems=[RowProblem(*p) for p in data.get("problems", [])],
        notes=[RowProblem(*p) for p in data.get("notes", [])],
        preview=[
            PreviewRow(row, kind, label, [tuple(c) for c in changes])
            for row, kind, label, changes in data.get("preview", [])
        ],
    )


def import_start(register, *, user, township, filename: str, data: bytes, rows: int):
    """Keep the uploaded file (encrypted) and enqueue its preview; return the job."""
    from core import outbox, previews
    from core.models import FileJob, FileJobKind
    from core.tasks import import_preview_run

    token = previews.preview_store(user=user, register=register.name, township=township, filename=filename, data=data)
    job = FileJob.objects.create(
        kind=FileJobKind.PREVIEW, register=register.name, user=user, township_id=township.pk, query=token,
        total=rows, filename=filename[:200],
    )  # fmt: skip
    outbox.enqueue(import_preview_run, job.pk, township_id=township.pk)
    return job


def import_confirm(register, *, user, token: str):
    """The confirmation of a preview made in the background: enqueue the import (None when the
    token is not such a preview, which the page then applies itself)."""
    from core import outbox
    from core.models import FileJob, FileJobKind, FileJobStatus
    from core.tasks import import_run

    preview = FileJob.objects.filter(
        kind=FileJobKind.PREVIEW, register=register.name, user=user, query=token or "", status=FileJobStatus.DONE
    ).first()
    if preview is None or not token:
        return None
    job = FileJob.objects.create(
        kind=FileJobKind.IMPORT, register=register.name, user=user, township_id=preview.township_id, query=token,
        total=preview.report.get("total", preview.total), filename=preview.filename,
    )  # fmt: skip
    FileJob.objects.filter(pk=preview.pk).update(query="")  # confirmed once
    outbox.enqueue(import_run, job.pk, township_id=preview.township_id)
    return job


def import_job_run(job_id: int) -> None:
    """Preview or apply a background import (the tasks' body); idempotent: a finished job is left."""
    from django.utils import timezone

    from core import previews
    from core.exports import job_progress
    from core.models import FileJob, FileJobKind, FileJobStatus
    from core.registers import get_register

    job = FileJob.objects.select_related("user").get(pk=job_id)
    if job.status in (FileJobStatus.DONE, FileJobStatus.FAILED):
        return
    FileJob.objects.filter(pk=job.pk).update(status=FileJobStatus.RUNNING, done=0)
    register = get_register(job.register)
    dry_run = job.kind == FileJobKind.PREVIEW
    held = previews.preview_read(user=job.user, register=register.name, token=job.query)
    if held is None:
        report = ImportReport(problems=[RowProblem(None, "", previews.EXPIRED)])
    else:
        data, township, filename = held
        report = run_import(
            register, data, filename, user=job.user, township=township, dry_run=dry_run,
            progress=lambda n: job_progress(job.pk, n),
        )  # fmt: skip
        if not dry_run or not report.ok:
            previews.preview_discard(user=job.user, register=register.name, token=job.query)
    FileJob.objects.filter(pk=job.pk).update(
        status=FileJobStatus.DONE, report=report_to_json(report), total=report.total or job.total,
        done=report.total, finished_at=timezone.now(), query=job.query if dry_run and report.ok else "",
    )  # fmt: skip
