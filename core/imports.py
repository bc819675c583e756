"""Running an import and an export: the one path used by the web pages and the commands.

An import is all or nothing: it runs in one transaction and is rolled back when any row is bad
(or when it is only a preview). Every problem is reported with its spreadsheet row number
(the header is row 1), its column and a Chinese reason.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from core.resources import HeaderError
from core.xlsx import XlsxRejected, check_upload, read_dataset, write_dataset


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
    total: int = 0
    new: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
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


def run_import(register, data: bytes, filename: str, *, user, township, dry_run: bool) -> ImportReport:
    """Check the file, read it and import it through the register's resource (see module doc)."""
    try:
        check_upload(filename, data)
        dataset = read_dataset(data)
    except XlsxRejected as exc:
        return ImportReport(problems=[RowProblem(None, "", str(exc))])
    return import_dataset(register, dataset, user=user, township=township, dry_run=dry_run)


def import_dataset(register, dataset, *, user, township, dry_run: bool) -> ImportReport:
    """Import rows already read from a sheet; all or nothing."""
    resource = register.resource_class(user=user, township=township)
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
            rollback_on_validation_errors=True,
            raise_errors=False,
        )
        report = ImportReport(
            total=result.total_rows,
            new=result.totals.get("new", 0),
            updated=result.totals.get("update", 0),
            problems=_problems_from(result, resource),
        )
        if report.ok and not dry_run:
            resource.after_apply()
            report.applied = True
        else:
            transaction.set_rollback(True)
    return report


def export_bytes(register, queryset, *, reveal=False, user=None) -> bytes:
    """The rows as the register's sheet. An unordered queryset is exported in the register's own
    order (ties by key), so the same rows always give the same file."""
    if not queryset.ordered:
        ordering = tuple(register.default_ordering)
        queryset = queryset.order_by(*ordering, *(() if {"pk", "-pk"} & set(ordering) else ("pk",)))
    resource = register.resource_class(user=user, reveal=reveal)
    dataset = resource.export(queryset=queryset)
    return write_dataset(dataset, title=register.label)


def template_bytes(register) -> bytes:
    import tablib

    resource = register.resource_class()
    return write_dataset(tablib.Dataset(headers=resource.import_columns()), title=register.label)
