"""Writes and business rules of the progress report: draft, edit, confirm gaps, issue, re-issue, render.

A draft reads live data every time it is shown or rendered; issuing freezes its figures, text and
appendix into a ``ReportVersion`` whose files are rendered once and stored. Every refusal is a
``ValidationError`` with a Chinese message, raised before anything is written.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import outbox
from places.choices import AreaKind
from places.selectors import township_of
from reports import charts, render, sections, text
from reports.models import FigureSet, JobStatus, RenderJob, Report, ReportStatus, ReportVersion
from reports.rules import Period, PeriodKind, previous_period

log = logging.getLogger(__name__)

ALREADY_ISSUED = "本期报告已出具（第{number}版），不能再次出具；如需修改，请先“重新出具”并说明理由"
ISSUED_NOT_EDITABLE = "报告已出具，不能修改；如需修改，请先“重新出具”并说明理由"
NOT_ISSUED = "报告尚未出具，直接修改后出具即可"
REASON_REQUIRED = "请填写重新出具的理由（200字以内）"
UNCONFIRMED_GAPS = "还有{n}项暂无数据未确认：{labels}。请补录数据，或在“暂无数据”清单中逐项确认后再出具"
SECTION_TWO_REQUIRED = "“存在问题及下步计划”不能为空"
CLOSING_TOO_LONG = "“创出……经验”“干出……靓点”各不超过40个字"
NODE_KIND = "报告只能按乡镇或行政村生成"


# --- the figures and the document ----------------------------------------------------------------


def context_of(node, period: Period) -> sections.Context:
    """What the sections are asked for: a township (or a village) and a period."""
    return sections.Context(node=node, township=township_of(node), start=period.start, end=period.end, kind=period.kind)


def context_for(report: Report) -> sections.Context:
    node = report.node
    return sections.Context(
        node=node,
        township=report.township,
        start=report.period_start,
        end=report.period_end,
        kind=report.period_kind,
    )


def live_figures(report: Report) -> dict[str, sections.Figure]:
    """The draft's figures from today's data (positions as of the period's end)."""
    return sections.collect(context_for(report))


def _closing(report: Report) -> dict:
    return {"experience": report.closing_experience, "highlight": report.closing_highlight}


def draft_document(report: Report, figures=None, appendix=None, computed_at=None) -> render.Document:
    """The draft as a document: live figures (or those given), the office's section 二, the appendix
    from live data (or the one given)."""
    figures = figures if figures is not None else live_figures(report)
    blocks = text.build(
        figures,
        period_label=report.period.label,
        is_village=report.village_id is not None,
        section_two=report.section_two,
        closing=_closing(report),
    )
    moment = timezone.localtime(computed_at) if computed_at else timezone.localtime()
    return render.Document(
        title=report.title,
        blocks=blocks,
        figures=figures,
        appendix=appendix if appendix is not None else charts.appendix_data(context_for(report), figures),
        draft=True,
        footer=f"草稿 · 数据截至{moment:%Y年%m月%d日 %H:%M}",
        confirmed=set(report.confirmed_gaps),
    )


def page_document(report: Report) -> tuple[render.Document, FigureSet]:
    """The draft as its page shows it: from the report's stored figure set (computed now only if it
    has none yet), so the page reads one row instead of running every selector."""
    stored = stored_figures(report.node, report.period, report)
    figures = {k: sections.Figure.from_json(v) for k, v in stored.figures.items()}
    return draft_document(report, figures, stored.appendix, stored.computed_at), stored


# --- stored figure sets (what pages read) ------------------------------------------------------------


def _set_keys(node, period: Period) -> dict:
    township = township_of(node)
    village = node if node.kind == AreaKind.VILLAGE else None
    return {"township": township, "village": village, "period_kind": period.kind, "period_start": period.start}


def figures_store(node, period: Period, figures: dict, appendix: dict) -> FigureSet:
    """Keep ``figures`` (computed from live data just now) as the place's figure set for ``period``."""
    keys = _set_keys(node, period)
    values = {
        "period_end": period.end,
        "figures": {k: f.as_json() for k, f in figures.items()},
        "appendix": appendix,
        "computed_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            stored, _ = FigureSet.objects.update_or_create(**keys, defaults=values)
    except IntegrityError:  # stored at the same moment by another request or task: this one wins
        stored = FigureSet.objects.get(**keys)
        for name, value in values.items():
            setattr(stored, name, value)
        stored.save()
    return stored


def figures_refresh(node, period: Period, report: Report | None = None) -> FigureSet:
    """Compute a place's figures and chart data for ``period`` from live data and store them."""
    ctx = context_for(report) if report is not None else context_of(node, period)
    figures = sections.collect(ctx)
    return figures_store(node, period, figures, charts.appendix_data(ctx, figures))


def stored_figures(node, period: Period, report: Report | None = None) -> FigureSet:
    """The place's stored figure set for ``period``; computed and stored if there is none yet."""
    found = FigureSet.objects.filter(**_set_keys(node, period)).first()
    return found if found is not None else figures_refresh(node, period, report)


def county_refresh(township_ids, period: Period, progress=None) -> int:
    """Recompute the figure sets of these townships for ``period`` (the county summary's data), one
    township at a time, each stored as soon as it is computed. Returns how many were refreshed."""
    from places.models import Area

    townships = list(Area.objects.townships().filter(pk__in=township_ids).order_by("code"))
    for i, township in enumerate(townships, start=1):
        figures_refresh(township, period)
        if progress:
            progress(i, len(townships))
    return len(townships)


def version_document(version: ReportVersion) -> render.Document:
    """An issued version as a document: everything from its frozen JSON, nothing from live data."""
    figures = {k: sections.Figure.from_json(v) for k, v in version.figures.items()}
    return render.Document(
        title=version.report.title,
        blocks=[text.Block.from_json(b) for b in version.blocks],
        figures=figures,
        appendix=version.appendix,
        draft=False,
        footer=f"第{version.number}版 · {timezone.localtime(version.issued_at):%Y年%m月%d日}出具",
        confirmed=set(version.confirmed_gaps),
    )


def default_closing(township) -> str:
    """ "创出**经验，干出**靓点": the township's short name (北留镇 → 北留) until the office writes its own."""
    name = township.name
    return name[:-1] if len(name) > 2 and name[-1] in "镇乡" else name


# --- drafting --------------------------------------------------------------------------------------


def report_for(node, period: Period, user=None) -> Report:
    """The report of ``node`` (a township, or a village for the village version) for ``period``,
    created as a draft with section 二 drafted from the data when there is none yet."""
    if node.kind not in (AreaKind.TOWNSHIP, AreaKind.VILLAGE):
        raise ValidationError(NODE_KIND)
    township = township_of(node)
    village = node if node.kind == AreaKind.VILLAGE else None
    keys = {"township": township, "village": village, "period_kind": period.kind, "period_start": period.start}
    report = Report.objects.filter(**keys).first()
    if report is not None:
        return report
    report = Report(
        **keys,
        period_end=period.end,
        created_by=user if user and user.is_authenticated else None,
        closing_experience=default_closing(township),
        closing_highlight=default_closing(township),
    )
    report.section_two = drafted_section_two(report)
    report._change_reason = "按数据起草"
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # drafted at the same moment by another request or the beat task
        report = Report.objects.get(**keys)
    return report


def report_generate(node, period: Period, user=None) -> Report:
    """The report of ``node`` for ``period`` (drafted if there is none) with its figures computed afresh:
    what "生成报告" and "按最新数据刷新" do."""
    report = report_for(node, period, user)
    figures_refresh(report.node, report.period, report)
    return report


def drafted_section_two(report: Report) -> str:
    """Section 二's body drafted from every app's shortfalls for the report's place and period."""
    return text.section_two_draft(sections.shortfalls(context_for(report)))


def _editable(report: Report):
    if report.is_issued:
        raise ValidationError(ISSUED_NOT_EDITABLE)


def report_edit(report: Report, *, section_two: str, closing_experience: str, closing_highlight: str, user) -> Report:
    """Save the office's text of section 二 and the closing phrases (each save is kept in the history)."""
    _editable(report)
    section_two = (section_two or "").strip()
    errors = {}
    if not section_two:
        errors["section_two"] = SECTION_TWO_REQUIRED
    if len(closing_experience or "") > 40 or len(closing_highlight or "") > 40:
        errors["closing_experience"] = CLOSING_TOO_LONG
    if errors:
        raise ValidationError(errors)
    report.section_two = section_two
    report.closing_experience = (closing_experience or "").strip()
    report.closing_highlight = (closing_highlight or "").strip()
    report._change_reason = "修改正文"
    report.save()
    return report


def report_redraft(report: Report, user) -> Report:
    """Replace section 二 with a fresh draft from today's data (the old text stays in the history)."""
    _editable(report)
    report.section_two = drafted_section_two(report)
    report._change_reason = "按数据重新起草"
    report.save()
    return report


def report_confirm_gaps(report: Report, keys, user) -> Report:
    """The office confirms that these figures have no data for this period (issued as 【暂无数据】)."""
    _editable(report)
    ctx = context_for(report)
    figures = sections.collect(ctx)
    known = {f.key for f in sections.gaps(figures)}
    report.confirmed_gaps = sorted((set(report.confirmed_gaps) | set(keys)) & known)
    report._change_reason = "确认暂无数据"
    report.save()
    figures_store(report.node, report.period, figures, charts.appendix_data(ctx, figures))
    return report


# --- issuing ---------------------------------------------------------------------------------------


def report_issue(report: Report, user) -> ReportVersion:
    """Freeze the report: its figures, text and appendix go into a new version, whose PDF and .docx
    are rendered in the background once the transaction commits. Refused when the report is already
    issued or when a gap is not confirmed."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        last = report.versions.order_by("-number").first()
        if report.is_issued:
            raise ValidationError(ALREADY_ISSUED.format(number=last.number if last else 1))
        figures = live_figures(report)
        open_gaps = [f for f in sections.gaps(figures) if f.key not in report.confirmed_gaps]
        if open_gaps:
            labels = "、".join(f"（{f.section}）{f.label}" if f.section else f.label for f in open_gaps[:8])
            more = "等" if len(open_gaps) > 8 else ""
            raise ValidationError(UNCONFIRMED_GAPS.format(n=len(open_gaps), labels=labels + more))
        doc = draft_document(report, figures)
        figures_store(report.node, report.period, figures, doc.appendix)
        version = ReportVersion.objects.create(
            report=report,
            township_id=report.township_id,
            village_id=report.village_id,
            number=(last.number + 1) if last else 1,
            reason=report.reissue_reason if last else "",
            figures={k: f.as_json() for k, f in figures.items()},
            blocks=[b.as_json() for b in doc.blocks],
            appendix=doc.appendix,
            confirmed_gaps=sorted(report.confirmed_gaps),
            issued_by=user if user and user.is_authenticated else None,
        )
        report.status = ReportStatus.ISSUED
        report.reissue_reason = ""
        report._change_reason = f"出具第{version.number}版"
        report.save()
        job = RenderJob.objects.create(
            report=report,
            version=version,
            township_id=report.township_id,
            village_id=report.village_id,
            requested_by=user,
        )
        _enqueue(job)
    return version


def report_reissue_start(report: Report, *, reason: str, user) -> Report:
    """Open an issued report again for a new version; the issued versions stay as they are."""
    reason = (reason or "").strip()
    if not report.is_issued:
        raise ValidationError(NOT_ISSUED)
    if not reason or len(reason) > 200:
        raise ValidationError({"reason": REASON_REQUIRED})
    report.status = ReportStatus.DRAFT
    report.reissue_reason = reason
    report._change_reason = f"重新出具：{reason}"
    report.save()
    return report


# --- rendering in the background -------------------------------------------------------------------


def _enqueue(job: RenderJob):
    """The rendering task, in the same transaction as its job row (``core.outbox``): both or neither."""
    from reports import tasks

    outbox.enqueue(tasks.render_report, job.pk, township_id=job.township_id)


def render_start(report: Report, user) -> RenderJob:
    """Queue the rendering of the draft's PDF and .docx (or, for an issued report, of its latest version's
    files when they are missing). The page follows the job's progress."""
    version = report.versions.order_by("-number").first() if report.is_issued else None
    with transaction.atomic():
        job = RenderJob.objects.create(
            report=report,
            version=version,
            township_id=report.township_id,
            village_id=report.village_id,
            requested_by=user if user and user.is_authenticated else None,
        )
        _enqueue(job)
    return job


def _progress(job: RenderJob, progress: int, step: str):
    job.progress, job.step = progress, step
    RenderJob.objects.filter(pk=job.pk).update(progress=progress, step=step, status=JobStatus.RUNNING)


def file_name(report: Report, version: ReportVersion | None, suffix: str) -> str:
    mark = f"第{version.number}版" if version else "草稿"
    return f"{report.node.name}工作进展情况报告-{report.period.label}-{mark}.{suffix}"


def render_run(job_id: int) -> RenderJob:
    """Render a job's files (idempotent: a finished job is left alone, a rerun replaces its files)."""
    job = RenderJob.objects.select_related("report", "version", "report__township", "report__village").get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job
    report, version = job.report, job.version
    try:
        _progress(job, 10, "汇总数据")
        if version:
            doc = version_document(version)
        else:  # the draft's files from live data; the page then shows the same figures
            doc = draft_document(report)
            figures_store(report.node, report.period, doc.figures, doc.appendix)
        _progress(job, 35, "生成 PDF（含附图）")
        pdf = render.pdf_bytes(doc)
        _progress(job, 75, "生成 Word")
        docx = render.docx_bytes(doc)
        _progress(job, 95, "保存文件")
        with transaction.atomic():
            target = version or job
            if version and version.pdf and version.docx:
                pass  # an issued version's files are rendered once and never replaced
            else:
                target.pdf.save(file_name(report, version, "pdf"), ContentFile(pdf), save=False)
                target.docx.save(file_name(report, version, "docx"), ContentFile(docx), save=False)
                target.save(update_fields=["pdf", "docx"])
            job.status, job.progress, job.step = JobStatus.DONE, 100, "已完成"
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "progress", "step", "finished_at"])
    except Exception as exc:
        log.exception("rendering report job %s failed", job_id)
        RenderJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(exc)[:2000], step="生成失败", finished_at=timezone.now()
        )
        raise
    return job


def county_refresh_start(township_ids, period: Period):
    """Queue the recomputation of these townships' figure sets for ``period`` (the county summary)."""
    from reports import tasks

    with transaction.atomic():
        outbox.enqueue(tasks.refresh_county_figures, period.kind, f"{period.start:%Y-%m-%d}", sorted(township_ids))


# --- beat: draft each township's report shortly after each period ends ------------------------------


def draft_due(kind: str, today: datetime.date, townships=None) -> list[Report]:
    """Draft (and render) the report of the period of ``kind`` that ended most recently, for every
    township. A report that exists already is left as it is (a rerun drafts nothing twice)."""
    from places.models import Area

    if kind not in PeriodKind.values:
        raise ValidationError("报告周期只能是月度、季度或年度")
    period = previous_period(kind, today)
    townships = townships if townships is not None else list(Area.objects.townships().order_by("code"))
    drafted = []
    for township in townships:
        existed = Report.objects.filter(
            township=township, village__isnull=True, period_kind=kind, period_start=period.start
        ).exists()
        report = report_for(township, period)
        if not existed:
            render_start(report, None)
            drafted.append(report)
    return drafted
