"""Pages of the progress report: generate, read with every figure linked, edit section 二, confirm
gaps, issue, re-issue, follow the rendering and download the files, and the county summary.

Every report, version and job is fetched through the access layer (``get_for_user_or_404``): outside
the user's scope it answers 404; a role that may not take an action answers 403. Writes go to
``reports.services``; rendering runs in a Celery task.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, get_for_user_or_404, require
from core import confirm
from core.files import file_response
from places.models import Area
from reports import forms, selectors, services
from reports.models import RenderJob, Report, ReportVersion
from reports.rules import PeriodKind, previous_period

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ISSUE_WARNING = (
    "出具后，报告的数字、正文和附表固定为一个新版本，不再随台账变化，并在后台生成 PDF 和 Word 文件。"
    "已出具的版本不能修改；如需更改，只能写明理由重新出具为新版本。此操作不能撤销。"
)


def _report(request, pk, action="view") -> Report:
    return get_for_user_or_404(Report.objects.select_related("township", "village"), request.user, action, pk=pk)


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


@login_required
def index(request):
    """The reports in the user's scope and the form that generates one."""
    require(request.user, "report", Report)
    last_month = previous_period(PeriodKind.MONTH, timezone.localdate())
    form = forms.ReportRequestForm(
        request.POST or None, user=request.user, initial={"date": f"{last_month.end:%Y-%m-%d}"}
    )
    if request.method == "POST":
        if form.is_valid():
            place = get_for_user_or_404(Area.objects, request.user, pk=form.cleaned_data["place"].pk)
            report = services.report_generate(place, form.cleaned_data["period"], request.user)
            return redirect("reports:detail", pk=report.pk)
        status = 400
    else:
        status = 200
    reports = selectors.reports_for(Report.objects.for_user(request.user))
    return render(request, "reports/index.html", {"form": form, "reports": reports}, status=status)


@login_required
def detail(request, pk):
    """The report as text with every figure linked to its rows; a draft reads live data, an issued
    report shows its latest frozen version."""
    report = _report(request, pk)
    version = report.versions.order_by("-number").first() if report.is_issued else None
    stored = None
    if version:
        doc = services.version_document(version)
    else:  # the stored figure set: one row, however much data (refreshed by "按最新数据刷新")
        doc, stored = services.page_document(report)
    gaps = [f for f in doc.figures.values() if f.gap]
    can_edit = can(request.user, "change", report)
    context = {
        "report": report,
        "version": version,
        "stored": stored,
        "refresh_date": f"{report.period_end:%Y-%m-%d}",
        "doc": doc,
        "blocks": doc.rendered_blocks(),
        "charts": selectors.charts_for(doc),
        "gaps": gaps,
        "open_gaps": [g for g in gaps if g.key not in report.confirmed_gaps],
        "can_edit": can_edit and not report.is_issued,
        "can_reissue": can_edit and report.is_issued,
        "form": forms.SectionTwoForm(
            initial={
                "section_two": report.section_two,
                "closing_experience": report.closing_experience,
                "closing_highlight": report.closing_highlight,
            }
        ),
        "reissue_form": forms.ReissueForm(),
        "versions": list(report.versions.select_related("issued_by").order_by("-number")),
        "job": report.jobs.filter(version__isnull=True).order_by("-created_at").first(),
        "version_job": version.jobs.order_by("-created_at").first() if version else None,
        "history": selectors.text_history(report),
    }
    return render(request, "reports/detail.html", context)


@login_required
@require_POST
def edit(request, pk):
    report = _report(request, pk, "change")
    form = forms.SectionTwoForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.report_edit(report, user=request.user, **form.cleaned_data)
        messages.success(request, "已保存“存在问题及下步计划”")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def redraft(request, pk):
    report = _report(request, pk, "change")
    try:
        services.report_redraft(report, request.user)
        messages.success(request, "已按最新数据重新起草（原文保留在修改记录中）")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def confirm_gaps(request, pk):
    report = _report(request, pk, "issue")
    keys = request.POST.getlist("key")
    try:
        if not keys:
            raise ValidationError("请勾选要确认的暂无数据项")
        services.report_confirm_gaps(report, keys, request.user)
        messages.success(request, "已确认所选暂无数据项，出具时显示为【暂无数据】")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def issue(request, pk):
    report = _report(request, pk, "issue")
    if not confirm.is_confirmed(request):
        return confirm.ask(
            request,
            title=f"出具{report}",
            warning=ISSUE_WARNING,
            button="确认出具",
            back=reverse("reports:detail", args=[report.pk]),
        )
    try:
        version = services.report_issue(report, request.user)
        messages.success(request, f"已出具第{version.number}版，数据已固定；PDF 和 Word 文件正在后台生成")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def reissue(request, pk):
    report = _report(request, pk, "issue")
    try:
        services.report_reissue_start(report, reason=request.POST.get("reason", ""), user=request.user)
        messages.success(request, "报告已重新打开，修改后再次出具即为新版本；已出具的版本保持不变")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def render_files(request, pk):
    report = _report(request, pk, "report")
    services.render_start(report, request.user)
    messages.success(request, "文件正在后台生成，本页会显示进度")
    return redirect("reports:detail", pk=report.pk)


@login_required
def job(request, pk):
    """The rendering's progress (htmx polls this fragment until the job is finished)."""
    job = get_for_user_or_404(RenderJob.objects.select_related("report", "version"), request.user, pk=pk)
    return render(request, "reports/_job.html", {"job": job})


CONTENT_TYPES = {"pdf": "application/pdf", "docx": DOCX}


@login_required
def job_file(request, pk, kind):
    if kind not in CONTENT_TYPES:
        raise Http404
    job = get_for_user_or_404(RenderJob.objects.select_related("report", "version"), request.user, pk=pk)
    name = services.file_name(job.report, job.version, kind)
    return file_response(request, job.version or job, field=kind, filename=name, content_type=CONTENT_TYPES[kind])


@login_required
def version_file(request, pk, kind):
    if kind not in CONTENT_TYPES:
        raise Http404
    version = get_for_user_or_404(ReportVersion.objects.select_related("report"), request.user, pk=pk)
    name = services.file_name(version.report, version, kind)
    return file_response(request, version, field=kind, filename=name, content_type=CONTENT_TYPES[kind])


@login_required
def version_detail(request, pk):
    """An issued version exactly as it was issued (older versions included)."""
    version = get_for_user_or_404(ReportVersion.objects.select_related("report", "issued_by"), request.user, pk=pk)
    doc = services.version_document(version)
    return render(
        request,
        "reports/version.html",
        {"version": version, "report": version.report, "doc": doc, "blocks": doc.rendered_blocks()},
    )


@login_required
def county(request):
    """Each figure per township side by side, with the sums, and each township's report. The figures
    are each township's stored figure set; POST recomputes them all in a background task."""
    require(request.user, "report", Report)
    last_month = previous_period(PeriodKind.MONTH, timezone.localdate())
    data = request.POST if request.method == "POST" else request.GET
    form = forms.CountyForm(data or {"period_kind": "month", "date": f"{last_month.end:%Y-%m-%d}"})
    if not form.is_valid():
        return render(request, "reports/county.html", {"form": form}, status=400)
    period = form.cleaned_data["period"]
    townships = list(Area.objects.for_user(request.user).townships().order_by("code"))
    if request.method == "POST":
        services.county_refresh_start([t.pk for t in townships], period)
        messages.success(
            request, f"正在后台重新汇总{len(townships)}个乡镇{period.label}的数据，进度见下方，完成后本页自动更新"
        )
        query = f"period_kind={period.kind}&date={period.end:%Y-%m-%d}"
        return redirect(f"{reverse('reports:county')}?{query}")
    progress = selectors.county_refresh_progress(townships, period)
    if request.headers.get("HX-Request") and "progress" in request.GET:
        # The progress fragment polls itself while the re-summary runs; once it is over the page
        # reloads, so the table shows the new figures.
        response = render(request, "reports/_county_progress.html", {"progress": progress, "period": period})
        if progress is None or not progress.in_progress:
            response["HX-Refresh"] = "true"
        return response
    summary = selectors.county_summary(townships, period)
    reports = selectors.reports_by_township(Report.objects.for_user(request.user), period)
    columns = [(t, reports.get(t.pk)) for t in townships]
    context = {"form": form, "period": period, "summary": summary, "columns": columns, "progress": progress}
    return render(request, "reports/county.html", context)


@login_required
def chart(request, key):
    """One of the leadership's charts (``reports.leadership``) for the user's scope node: the
    figure and the table of its figures, as a fragment the home page loads (or a page of its own).
    Who may read it is who may read the progress report (``Report``'s policy, action ``report``)."""
    from places.selectors import scope_node
    from reports import leadership

    require(request.user, "report", Report)
    spec = leadership.BY_KEY.get(key)
    node = scope_node(request)
    if spec is None or node is None:
        raise Http404("没有这个图表")
    today = timezone.localdate()
    built = spec.build(node, today)
    template = "core/_chart.html" if request.headers.get("HX-Request") else "reports/chart_page.html"
    return render(request, template, {"chart": built, "node": node, "today": today})
