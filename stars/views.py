"""Pages of the star ratings beyond the registers: the rounds, the rating board, a village's rating,
self-assessment and review, corrections, the secretary rating and the remuneration export, the
standard and the yearly settings, the 公示 PDFs and evidence files.

Every row comes through the access layer (``get_for_user_or_404``, ``for_user``, ``require``): a row
outside the user's scope answers 404, an action the role may not take 403; writes go to
``stars.services``, which check the rules again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.access import can, get_for_user_or_404, require, requires
from core import confirm, dates, outbox
from core.evidence import evidence_download
from core.files import file_response
from core.forms import add_errors, error_messages, flash_errors
from core.jobs import job_state
from places.selectors import scope_node, township_of, townships_for
from stars import exports, forms, rules, selectors, services, tasks
from stars.choices import RoundStatus
from stars.models import (
    BranchRating,
    Criterion,
    MarkEvidence,
    RatingRound,
    SecretaryRating,
    SecretaryRun,
    StarNotice,
    StarSettings,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_TOWNSHIP = "没有可查看的乡镇"
BAD_YEAR = "年度参数无效：请使用四位数年份，如 2025"


def _year(request, default: int) -> int:
    """``?year=`` as a year between 2000 and next year; anything else is a Chinese 400 message."""
    text = request.GET.get("year", "")
    if not text:
        return default
    if not text.isdigit() or not 2000 <= int(text) <= timezone.localdate().year + 1:
        raise ValidationError(BAD_YEAR)
    return int(text)


def _township(request):
    """The township a page works in: the user's, or the one an administrator or the county chose."""
    node = township_of(scope_node(request))
    if node is None:
        raise Http404(NO_TOWNSHIP)
    return node


def _bad_request(request, exc):
    return render(request, "stars/bad_request.html", {"messages_": exc.messages}, status=400)


def _say_job(request, message):
    """Tell the user plainly whether the notice task started or waits for the task queue."""
    if outbox.is_sent(message):
        messages.success(request, "公示文件正在后台生成，稍后刷新即可下载")
    else:
        messages.warning(request, f"公示文件将在后台生成。{outbox.WAITING_MESSAGE}")


# --- rounds and the board ----------------------------------------------------------------------


@login_required
@requires("view", RatingRound)
def index(request):
    """评星定级: the township's branch rounds and secretary ratings, and the office's actions."""
    today = timezone.localdate()
    township = _township(request)
    rounds = list(selectors.rounds_for(request.user).filter(township=township))
    runs = list(selectors.runs_for(request.user).filter(township=township))
    may_open = can(request.user, "add", RatingRound)
    return render(
        request,
        "stars/index.html",
        {
            "township": township,
            "townships": townships_for(request.user),
            "rounds": [(r, r.status_label_on(today)) for r in rounds],
            "runs": runs,
            "open_form": forms.YearForm(today=today) if may_open else None,
            "run_form": forms.YearForm(today=today, default=today.year)
            if can(request.user, "add", SecretaryRun)
            else None,
            "may_keep": can(request.user, "add", Criterion),
        },
    )


@login_required
@require_POST
def round_new(request):
    require(request.user, "add", RatingRound)
    township = _township(request)
    form = forms.YearForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("stars:index")
    try:
        found = services.round_open(township, form.cleaned_data["year"], user=request.user, today=timezone.localdate())
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("stars:index")
    messages.success(request, f"{found.year}年度党支部评星已发起，各村书记可以开始自评")
    return redirect("stars:board", pk=found.pk)


def _round(request, pk, action="view"):
    return get_for_user_or_404(RatingRound.objects.select_related("township"), request.user, action, pk=pk)


@login_required
def board(request, pk):
    """The rating board: villages down, the criteria across, self and reviewed marks, stars at the end."""
    found = _round(request, pk)
    today = timezone.localdate()
    sort = request.GET.get("sort", "village")
    if sort not in selectors.SORTS:
        sort = "village"
    result = selectors.board(found, request.user, today, sort=sort)
    notice = StarNotice.objects.for_user(request.user).filter(round=found).first()
    job = job_state(tasks.render_round_notice, found.pk) if found.final_on else None
    return render(
        request,
        "stars/board.html",
        {
            "board": result,
            "round": found,
            "sort": sort,
            "sorts": selectors.SORT_LABELS,
            "notice": notice,
            "job": job,
            "may_review": can(request.user, "review", found),
            "may_publish": can(request.user, "publish", found),
        },
    )


@login_required
def round_close_self(request, pk):
    """结束自评: secretaries can no longer change their answers; the review begins."""
    found = _round(request, pk, "review")
    return confirm.confirmed(
        request,
        act=lambda: services.round_close_self(found, user=request.user, today=timezone.localdate()),
        done=lambda: "自评已结束，开始镇审核",
        back=reverse("stars:board", args=[found.pk]),
        title=f"结束{found.year}年度自评",
        warning="结束后各村书记不能再修改自评和佐证材料，镇办公室开始逐项审核。此操作不能撤销。",
        button="结束自评，开始审核",
    )


@login_required
def round_publish(request, pk):
    """公示: frozen from then on, final when the publicity is over."""
    found = _round(request, pk, "publish")
    final = rules.final_on(timezone.localdate(), found.publicity_days)
    return confirm.confirmed(
        request,
        act=lambda: services.round_publish(found, user=request.user, today=timezone.localdate()),
        done=lambda: (
            f"已公示，{dates.label(found.final_on, dates.FULL)}起定级；公示文件（PDF）正在后台生成，稍后刷新即可下载"
        ),
        back=reverse("stars:board", args=[found.pk]),
        title=f"公示{found.township.name}{found.year}年度党支部评星结果",
        warning=(
            f"公示后评星结果冻结，不能再修改自评和审核；公示期 {found.publicity_days} 天，"
            f"期满后（{dates.label(final, dates.FULL)}）自动定级。定级后如需调整，只能登记新版本并写明理由。"
        ),
        button="确认公示",
    )


@login_required
@require_POST
def round_notice(request, pk):
    found = _round(request, pk, "publish")
    if found.status not in rules.FROZEN_STATUSES:
        messages.error(request, "公示后才能生成公示文件")
    else:
        _say_job(request, services.notice_rerender(round_id=found.pk, township_id=found.township_id))
    return redirect("stars:board", pk=found.pk)


@login_required
def notice(request, pk):
    item = get_for_user_or_404(StarNotice, request.user, pk=pk)
    return file_response(request, item, filename=f"{item.title}.pdf", content_type="application/pdf")


# --- a village's rating ------------------------------------------------------------------------


def _rating(request, pk, action="view"):
    return get_for_user_or_404(
        BranchRating.objects.select_related("village", "township", "round__township"), request.user, action, pk=pk
    )


@login_required
def rating(request, pk):
    """A village's rating: every criterion with its self-assessment, evidence, suggestion and review;
    the versions of the year and the village's other years."""
    item = _rating(request, pk)
    today = timezone.localdate()
    page = selectors.rating_page(item, today)
    may_self = item.is_current and page.status == RoundStatus.SELF and can(request.user, "self_assess", item)
    may_review = item.is_current and page.status == RoundStatus.REVIEW and can(request.user, "review", item)
    return render(
        request,
        "stars/rating.html",
        {
            "page": page,
            "rating": item,
            "round": item.round,
            "may_self": may_self,
            "may_review": may_review,
            "may_correct": item.is_current and page.status == RoundStatus.FINAL and can(request.user, "review", item),
            "self_form": forms.SelfAssessForm() if may_self else None,
            "review_form": forms.ReviewForm() if may_review else None,
        },
    )


def _criterion(request, item: BranchRating, raw) -> Criterion:
    """The criterion a form names, looked up in the user's scope (the service checks it belongs to
    the round's standard)."""
    found = Criterion.objects.for_user(request.user).filter(pk=raw).first() if raw else None
    if found is None:
        raise ValidationError({"criterion": forms.CRITERION_UNKNOWN})
    return found


@login_required
@require_POST
def self_assess(request, pk):
    item = _rating(request, pk, "self_assess")
    form = forms.SelfAssessForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        data = form.cleaned_data
        criterion = _criterion(request, item, data["criterion"])
        services.self_assess(
            item,
            criterion,
            met=data["met"] == "1",
            note=data["note"],
            uploads=[data["evidence"]] if data.get("evidence") else [],
            user=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"“{criterion.name}”的自评已保存")
    return redirect(reverse("stars:rating", args=[item.pk]) + f"#c{request.POST.get('criterion', '')}")


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = get_for_user_or_404(
        MarkEvidence.objects.select_related("mark__rating", "mark__criterion"), request.user, "delete", pk=pk
    )
    try:
        services.evidence_remove(evidence, user=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已删除“{evidence.original_name}”")
    return redirect("stars:rating", pk=evidence.mark.rating_id)


@login_required
def evidence(request, pk):
    item = get_for_user_or_404(MarkEvidence.objects.select_related("mark"), request.user, pk=pk)
    return file_response(request, item, **evidence_download(item))


@login_required
@require_POST
def review(request, pk):
    item = _rating(request, pk, "review")
    form = forms.ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        data = form.cleaned_data
        criterion = _criterion(request, item, data["criterion"])
        decision = data["decision"]
        services.review(
            item,
            criterion,
            agree=decision == "agree",
            met=None if decision == "agree" else decision == "1",
            note=data["note"],
            user=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"“{criterion.name}”已审核")
    return redirect(reverse("stars:rating", args=[item.pk]) + f"#c{request.POST.get('criterion', '')}")


@login_required
@require_POST
def agree_all(request, pk):
    item = _rating(request, pk, "review")
    try:
        count = services.review_agree_all(item, user=request.user, today=timezone.localdate())
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已同意{item.village.name}的 {count} 项自评")
    return redirect("stars:rating", pk=item.pk)


@login_required
def correct(request, pk):
    """登记调整: a new version of a final rating (e.g. 降星) with a reason; the old one is kept."""
    item = _rating(request, pk, "review")
    marks = list(item.marks.select_related("criterion").order_by("criterion__order"))
    form = forms.CorrectionForm(request.POST or None, marks=marks)
    if request.method == "POST" and form.is_valid():
        try:
            newer = services.rating_correct(
                item,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data["effective_on"],
                user=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已登记第{newer.version}版：{newer.stars}星（原{item.stars}星）")
            return redirect("stars:rating", pk=newer.pk)
    return render(request, "stars/correct.html", {"rating": item, "form": form})


# --- standard and settings ---------------------------------------------------------------------


@login_required
@requires("view", Criterion)
def standard(request):
    """A township's standard for a year, with copy-from-last-year and the default set."""
    today = timezone.localdate()
    township = _township(request)
    try:
        year = _year(request, today.year - 1)
    except ValidationError as exc:
        return _bad_request(request, exc)
    criteria = selectors.criteria_of(township, year)
    years = selectors.standard_years(township)
    return render(
        request,
        "stars/standard.html",
        {
            "township": township,
            "townships": townships_for(request.user),
            "year": year,
            "years": sorted(set(years) | {today.year, today.year - 1, year}, reverse=True),
            "criteria": criteria,
            "previous": year - 1 in years,
            "may_keep": can(request.user, "add", Criterion),
        },
    )


def _standard_action(request, action):
    require(request.user, "add", Criterion)
    township = _township(request)
    form = forms.YearForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("stars:standard")
    year = form.cleaned_data["year"]
    try:
        created = action(township, year)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"{year}年度评星标准已建立（{len(created)} 项），可逐项修改")
    return redirect(reverse("stars:standard") + f"?year={year}")


@login_required
@require_POST
def standard_copy(request):
    return _standard_action(
        request,
        lambda township, year: services.standard_copy(township, from_year=year - 1, to_year=year, user=request.user),
    )


@login_required
@require_POST
def standard_defaults(request):
    return _standard_action(
        request, lambda township, year: services.standard_load_defaults(township, year, user=request.user)
    )


@login_required
def settings_page(request):
    """A township's settings for a year: publicity, honours, the secretary rule, pay coefficients."""
    require(request.user, "view", StarSettings)
    today = timezone.localdate()
    township = _township(request)
    try:
        year = _year(request, today.year)
    except ValidationError as exc:
        return _bad_request(request, exc)
    instance = selectors.settings_for(township, year)
    may_change = can(request.user, "change", instance)
    form = forms.SettingsForm(request.POST if request.method == "POST" and may_change else None, instance=instance)
    if request.method == "POST":
        require(request.user, "change", instance)
        if form.is_valid():
            try:
                services.settings_save(form.instance, user=request.user)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"{year}年度评星设置已保存")
                return redirect(reverse("stars:settings") + f"?year={year}")
    return render(
        request,
        "stars/settings.html",
        {
            "form": form,
            "year": year,
            "township": township,
            "may_change": may_change,
            "years": range(today.year + 1, today.year - 5, -1),
        },
    )


# --- secretaries -------------------------------------------------------------------------------


def _run(request, pk, action="view"):
    return get_for_user_or_404(SecretaryRun.objects.select_related("township"), request.user, action, pk=pk)


@login_required
@require_POST
def run_new(request):
    require(request.user, "add", SecretaryRun)
    township = _township(request)
    form = forms.YearForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("stars:index")
    try:
        run = services.secretary_run_compute(
            township, form.cleaned_data["year"], user=request.user, today=timezone.localdate()
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("stars:index")
    messages.success(request, "书记评星草稿已生成，请逐一审核后发布")
    return redirect("stars:run", pk=run.pk)


@login_required
def run(request, pk):
    """A secretary rating: every secretary with stars and the reasons; the office adjusts a draft."""
    item = _run(request, pk)
    sort = "stars" if request.GET.get("sort") == "stars" else "village"
    rows = list(selectors.run_rows(item, request.user, sort))
    may_change = not item.is_published and can(request.user, "change", item)
    notice = StarNotice.objects.for_user(request.user).filter(run=item).first()
    job = job_state(tasks.render_run_notice, item.pk) if item.is_published else None
    return render(
        request,
        "stars/run.html",
        {
            "run": item,
            "rows": rows,
            "sort": sort,
            "summary": selectors.run_summary(item, request.user),
            "may_change": may_change,
            "may_publish": not item.is_published and can(request.user, "publish", item),
            "may_publish_notice": can(request.user, "publish", item),
            "may_export": can(request.user, "export", item),
            "notice": notice,
            "job": job,
            "adjust_form": forms.AdjustForm() if may_change else None,
        },
    )


@login_required
@require_POST
def run_recompute(request, pk):
    item = _run(request, pk, "change")
    try:
        services.secretary_run_compute(item.township, item.year, user=request.user, today=timezone.localdate())
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "已按最新的任职、考核和奖惩情况重新计算（此前的调整已清除）")
    return redirect("stars:run", pk=item.pk)


@login_required
def run_publish(request, pk):
    item = _run(request, pk, "publish")
    return confirm.confirmed(
        request,
        act=lambda: services.secretary_run_publish(item, user=request.user, today=timezone.localdate()),
        done=lambda: "书记评星已发布；公示文件（PDF）正在后台生成，稍后刷新即可下载",
        back=reverse("stars:run", args=[item.pk]),
        title=f"发布{item.township.name}{item.year}年党支部书记评星",
        warning="发布后星级冻结，不能再调整或重新计算，并据此测算报酬、生成公示文件。此操作不能撤销。",
        button="确认发布",
    )


@login_required
@require_POST
def run_notice(request, pk):
    item = _run(request, pk, "publish")
    if not item.is_published:
        messages.error(request, "发布后才能生成公示文件")
    else:
        _say_job(request, services.notice_rerender(run_id=item.pk, township_id=item.township_id))
    return redirect("stars:run", pk=item.pk)


@login_required
@require_POST
def adjust(request, pk):
    item = get_for_user_or_404(SecretaryRating.objects.select_related("run"), request.user, "change", pk=pk)
    form = forms.AdjustForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        services.secretary_rating_adjust(
            item, stars=form.cleaned_data["stars"], reason=form.cleaned_data["reason"], user=request.user
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"{item.name}：{item.label}")
    return redirect(reverse("stars:run", args=[item.run_id]) + f"#s{item.pk}")


@login_required
def remuneration(request, pk):
    """报酬测算 for the finance office: every secretary's stars, coefficient and year's pay (xlsx)."""
    item = _run(request, pk, "export")
    data = exports.remuneration_xlsx(item, selectors.remuneration_rows(item))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{item.township.name}{item.year}年书记报酬测算.xlsx"
    )
    return response
