"""One workbook for a whole township: a sheet per register, imported in one step.

A feature declares the workbook (which registers, in which sheet order, and the import steps in
dependency order) with ``register_workbook``; this module writes its template and imports it.
The import is all or nothing: every step runs in one transaction, rows without problems stay
written while later sheets are checked (so a grid naming a village defined in the same workbook
resolves, and one bad village does not make every row below it fail), and the whole is rolled
back when any sheet has a problem or when it is only a preview. Problems carry the sheet name:
"“网格”表第5行“所属村编码”列：找不到编码为“V09”的行政村".

``import_workbook_file(path, user)`` is the entry point a Celery task can call.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from core import imports
from core.imports import ImportReport, RowProblem
from core.registers import get_register
from core.resources import HeaderError
from core.xlsx import XlsxRejected, check_upload, read_datasets

WORKBOOKS: dict[str, "WorkbookSpec"] = {}
NOT_A_WORKBOOK = "这不是整镇导入工作簿：找不到名为{titles}的表，请下载工作簿模板后填写"
NOTHING_TO_IMPORT = "工作簿中没有要导入的数据行"


@dataclass(frozen=True)
class Step:
    """One pass over one sheet; ``options`` are resource attributes for the pass."""

    register: str
    options: dict = field(default_factory=dict)


@dataclass
class WorkbookSpec:
    """A workbook: its sheets (register names, in sheet order) and its import steps.

    ``code_columns``: {area kind: register name} — the sheet whose first column holds the codes of
    that kind, so the other sheets' code columns offer them as drop-downs."""

    name: str
    label: str
    sheets: list[str]
    steps: list[Step]
    code_columns: dict = field(default_factory=dict)

    def title(self, register_name: str) -> str:
        return get_register(register_name).label


def register_workbook(spec: WorkbookSpec) -> WorkbookSpec:
    WORKBOOKS[spec.name] = spec
    return spec


def get_workbook(name: str) -> WorkbookSpec:
    return WORKBOOKS[name]


@dataclass
class SheetReport:
    title: str
    report: ImportReport


@dataclass
class WorkbookReport:
    """What a workbook import found, sheet by sheet; ``problems`` carry the sheet's name."""

    sheets: list[SheetReport] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def problems(self) -> list[str]:
        found = list(self.file_problems)
        for sheet in self.sheets:
            found += [_prefixed(sheet.title, p) for p in sheet.report.problems]
        return found

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def new(self) -> int:
        return sum(s.report.new for s in self.sheets)

    @property
    def updated(self) -> int:
        return sum(s.report.updated for s in self.sheets)


def _prefixed(title: str, problem: RowProblem) -> str:
    return f"“{title}”表{problem}" if problem.row else f"“{title}”表：{problem.message}"


def template_bytes(spec: WorkbookSpec, *, user=None, township=None) -> bytes:
    """The workbook to fill in: each sheet with its example row, drop-downs, the codes sheet."""
    from core.sheets import template_workbook

    sheets = []
    for name in spec.sheets:
        register = get_register(name)
        sheets.append((register.label, register.resource_class(user=user, township=township)))
    sources = {kind: (get_register(name).label, "A") for kind, name in spec.code_columns.items()}
    return template_workbook(sheets, code_sources=sources)


def _merge(into: ImportReport | None, report: ImportReport) -> ImportReport:
    """Two passes over one sheet (e.g. villages, then their secretaries) as one sheet's report."""
    if into is None:
        return report
    seen = {str(p) for p in into.problems}
    into.problems += [p for p in report.problems if str(p) not in seen]
    seen = {str(n) for n in into.notes}
    into.notes += [n for n in report.notes if str(n) not in seen]
    rank = {"unchanged": 0, "update": 1, "new": 2}
    for row, kind in report.row_kinds.items():
        if rank[kind] > rank.get(into.row_kinds.get(row, "unchanged"), 0):
            into.row_kinds[row] = kind
    kinds = list(into.row_kinds.values())
    into.new, into.updated, into.unchanged = kinds.count("new"), kinds.count("update"), kinds.count("unchanged")
    by_row = {row.row: row for row in into.preview}
    for row in report.preview:
        if row.row in by_row:
            first = by_row[row.row]
            columns = {c for c, _old, _new in first.changes}
            first.changes += [(c, "" if first.kind == "new" else o, n) for c, o, n in row.changes if c not in columns]
        else:
            into.preview.append(row)
    into.preview.sort(key=lambda r: r.row)
    return into


def _refresh_tree(user, township):
    """Re-read the tree bounds (lft/rght) that earlier steps moved: the township and the user's
    scope node, which scope checks compare against."""
    for node in (township, getattr(user, "scope_node", None)):
        if node is not None and node.pk:
            node.refresh_from_db(fields=["lft", "rght", "tree_id", "level"])


def import_workbook(spec: WorkbookSpec, data: bytes, filename: str, *, user, township, dry_run: bool):
    """Check, read and import a filled workbook (see the module docstring). All or nothing."""
    try:
        check_upload(filename, data)
        titles = [spec.title(name) for name in spec.sheets]
        datasets = read_datasets(data, titles)
    except XlsxRejected as exc:
        return WorkbookReport(file_problems=[str(exc)])
    if not datasets:
        return WorkbookReport(file_problems=[NOT_A_WORKBOOK.format(titles="、".join(f"“{t}”" for t in titles))])
    report = WorkbookReport()
    sheet_reports: dict[str, ImportReport] = {}
    for name in spec.sheets:  # headers first: a sheet whose layout is wrong is not imported at all
        title = spec.title(name)
        dataset = datasets.get(title)
        if dataset is None or not dataset.headers:
            continue
        try:
            get_register(name).resource_class(user=user, township=township).check_headers(dataset.headers)
        except HeaderError as exc:
            sheet_reports[title] = ImportReport(problems=[RowProblem(None, "", str(exc))])
    with transaction.atomic():
        for step in spec.steps:
            register = get_register(step.register)
            title = register.label
            dataset = datasets.get(title)
            if dataset is None or len(dataset) == 0 or (title in sheet_reports and not sheet_reports[title].total):
                continue
            _refresh_tree(user, township)
            result = imports.import_dataset(
                register, dataset, user=user, township=township, dry_run=False, partial=True, options=step.options
            )
            sheet_reports[title] = _merge(sheet_reports.get(title), result)
        for name in spec.sheets:
            title = spec.title(name)
            if title in sheet_reports:
                report.sheets.append(SheetReport(title, sheet_reports[title]))
        if not report.sheets and not report.problems:
            report.file_problems.append(NOTHING_TO_IMPORT)
        if report.ok and not dry_run:
            report.applied = True
        else:
            transaction.set_rollback(True)
    return report


def import_workbook_file(path, user, *, township=None, dry_run=False, name="township") -> WorkbookReport:
    """Import a workbook from a file path (the call a Celery task makes for a large workbook).

    ``township`` defaults to the user's own township."""
    path = Path(path)
    township = township if township is not None else getattr(user, "township", None)
    return import_workbook(
        get_workbook(name), path.read_bytes(), path.name, user=user, township=township, dry_run=dry_run
    )
