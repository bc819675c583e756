"""Pages of the points domain beyond the two registers (point_rules, point_entries).

Views stay thin: rows come through the scope helper, writes through ``points.services``.
A row outside the user's scope answers 404; a role that may not act answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, get_for_user_or_404, require, requires
from accounts.roles import Role
from core import confirm, outbox, params
from core.files import file_response
from core.forms import add_errors, flash_errors
from core.jobs import job_state
from grids.choices import MemberTier
from grids.selectors import member_in_scope, member_of_user
from places.models import Area
from places.selectors import townships_for
from points import forms, rules, selectors, services
from points.choices import ClaimStatus, PeriodKind, PointUse, SnapshotStatus
from points.models import PointClaim, PointEntry, RankingNotice, RankingSnapshot, RuleBook

RANKING_PAGE_SIZE = 100
PUBLISH_WARNING = (
    "本期全镇、分层和各村排行一并公示：排行冻结，党员在积分手册中看到自己的名次，系统生成公示文件（PDF）。"
    "已公示的排行不会再重新计算；如需更正，只能填写更正说明生成新版本，原版本保留可查。此操作不能撤销。"
)


def _pdf_response(data: bytes, filename: str, inline=False) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename=\"document.pdf\"; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def index(request):
    if request.user.role == Role.MEMBER:
        return redirect("points:handbook")
    require(request.user, "view", RankingSnapshot)
    return redirect("points:rankings")


# --- rule books ------------------------------------------------------------------------------


@login_required
@requires("view", RuleBook)
def rulebook_list(request):
    books = (
        RuleBook.objects.for_user(request.user)
        .select_related("township")
        .annotate(item_count=Count("items", distinct=True), pilot_count=Count("pilot_villages", distinct=True))
        .order_by("-year", "township__code")
    )
    page = Paginator(books, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "points/rulebook_list.html",
        {"page": page, "can_edit": can(request.user, "add", RuleBook)},
    )


@login_required
def rulebook_form(request, pk=None):
    if pk:
        book = get_for_user_or_404(RuleBook, request.user, "change", pk=pk)
    else:
        require(request.user, "add", RuleBook)
        book = None
    form = forms.RuleBookForm(request.POST or None, instance=book, user=request.user)
    if request.method == "POST" and form.is_valid():
        book = form.save()
        messages.success(request, f"{book}已保存")
        return redirect("points:rulebook", pk=book.pk)
    return render(request, "points/rulebook_form.html", {"form": form, "book": book})


rulebook_new = login_required(requires("add", RuleBook)(rulebook_form))  # declared for links (core.links)


@login_required
def rulebook_detail(request, pk):
    book = get_for_user_or_404(RuleBook.objects.select_related("township"), request.user, "view", pk=pk)
    can_edit = can(request.user, "change", book)
    return render(
        request,
        "points/rulebook_detail.html",
        {
            "book": book,
            "categories": selectors.rule_book_contents(book),
            "pilots": book.pilot_villages.order_by("code"),
            "thresholds": book.thresholds.all(),
            "threshold_form": forms.ThresholdForm(rule_book=book) if can_edit else None,
            "can_edit": can_edit,
        },
    )


@login_required
def rulebook_pdf(request, pk):
    """The rule book as a printable PDF (a few pages: rendered at once)."""
    from core.pdf import render_pdf

    book = get_for_user_or_404(RuleBook.objects.select_related("township"), request.user, "view", pk=pk)
    context = {
        "book": book,
        "categories": selectors.rule_book_contents(book),
        "pilots": book.pilot_villages.order_by("code"),
        "thresholds": book.thresholds.all(),
    }
    return _pdf_response(render_pdf("points/pdf/rulebook.html", context), f"{book.title}（{book.year}年）.pdf")


@login_required
@require_POST
def threshold_add(request, pk):
    book = get_for_user_or_404(RuleBook, request.user, "change", pk=pk)
    form = forms.ThresholdForm(request.POST, rule_book=book)
    if form.is_valid():
        form.save()
        messages.success(request, "积分运用标准已添加")
    else:
        flash_errors(request, form)
    return redirect("points:rulebook", pk=book.pk)


@login_required
@require_POST
def threshold_delete(request, pk):
    require(request.user, "change", RuleBook)
    books = RuleBook.objects.for_user(request.user, "change")
    threshold = get_object_or_404(selectors.thresholds_in(books), pk=pk)
    services.threshold_delete(threshold)
    messages.success(request, "积分运用标准已删除")
    return redirect("points:rulebook", pk=threshold.rule_book_id)


# --- recording -------------------------------------------------------------------------------


@login_required
@requires("add", PointEntry)
def record(request):
    """Record points for one member or, as an event, for many at once."""
    today = timezone.localdate()
    village = selectors.village_for_recording(
        request.user, params.integer(request.POST, "village") or params.integer(request.GET, "village")
    )
    form = forms.RecordForm(request.POST or None, user=request.user, village=village, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entries = services.entries_record(
                recorder=request.user,
                members=list(data["members"]),
                item=data["item"],
                occurred_on=data["occurred_on"],
                today=today,
                note=data["note"],
                title=data["title"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, f"已为{len(entries)}名党员登记“{data['item'].name}”，每人{entries[0].points:+d}分"
            )
            url = reverse("points:record")
            return redirect(f"{url}?village={village.pk}" if village else url)
    villages = selectors.villages_to_record_in(request.user)
    return render(request, "points/record.html", {"form": form, "village": village, "villages": villages})


@login_required
@require_POST
def entry_reverse(request, pk):
    entry = get_for_user_or_404(PointEntry.objects.select_related("member"), request.user, "reverse", pk=pk)
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(services.REASON_REQUIRED)
        reversal = services.entry_reverse(
            recorder=request.user, entry=entry, reason=form.cleaned_data["reason"], today=timezone.localdate()
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("point_entries_detail", pk=entry.pk)
    messages.success(request, f"已撤销{entry.number}，冲正记录{reversal.number}（{reversal.points:+d}分）")
    return redirect("point_entries_detail", pk=reversal.pk)


# --- claims ----------------------------------------------------------------------------------


def _claims_for(user):
    """The claims a user sees: a 党员 their own, the leadership and secretaries their scope's."""
    require(user, "view", PointClaim)
    return PointClaim.objects.for_user(user)


@login_required
def claim_list(request):
    claims = _claims_for(request.user).select_related("member", "item", "village")
    status = params.choice(request.GET, "status", ClaimStatus.values)
    if status:
        claims = claims.filter(status=status)
    page = Paginator(claims.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "points/claim_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ClaimStatus.choices,
            "is_member": request.user.role == Role.MEMBER,
        },
    )


@login_required
def claim_new(request):
    member = member_of_user(request.user, ("village",)) if request.user.role == Role.MEMBER else None
    if member is None:
        raise PermissionDenied(services.NOT_YOUR_CLAIM)
    today = timezone.localdate()
    form = forms.ClaimForm(request.POST or None, request.FILES or None, member=member, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_submit(
                user=request.user,
                item=data["item"],
                occurred_on=data["occurred_on"],
                description=data["description"],
                evidence=data["evidence"],
                today=today,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "申报已提交，等待村党支部审核")
            return redirect("points:claims")
    return render(request, "points/claim_form.html", {"form": form})


@login_required
def claim_detail(request, pk):
    claim = get_for_user_or_404(
        PointClaim.objects.select_related("member", "item", "item__category", "decided_by", "entry"),
        request.user,
        "view",
        pk=pk,
    )
    can_decide = services.claim_may_decide(request.user, claim)
    return render(
        request,
        "points/claim_detail.html",
        {"claim": claim, "can_decide": can_decide, "reject_form": forms.ReasonForm() if can_decide else None},
    )


@login_required
def claim_evidence(request, pk):
    claim = get_for_user_or_404(PointClaim, request.user, "view", pk=pk)
    return file_response(request, claim, field="evidence")


@login_required
@require_POST
def claim_decide(request, pk):
    claim = get_for_user_or_404(PointClaim.objects.select_related("member", "item"), request.user, "decide", pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.claim_approve(approver=request.user, claim=claim, today=timezone.localdate())
            messages.success(request, f"已通过{claim.member.name}的申报并登记积分")
        else:
            services.claim_reject(approver=request.user, claim=claim, reason=request.POST.get("reason", ""))
            messages.success(request, f"已退回{claim.member.name}的申报")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("points:claim", pk=claim.pk)


# --- rankings --------------------------------------------------------------------------------


@login_required
@requires("view", RankingSnapshot)
def ranking_list(request):
    today = timezone.localdate()
    kind = params.choice(request.GET, "kind", PeriodKind.values)
    year = params.year(request.GET, "year")
    township = params.integer(request.GET, "township") if request.user.sees_everything else None
    snapshots = selectors.snapshots_for(
        request.user,
        township=township,
        period_kind=kind,
        year=year,
        status=params.choice(request.GET, "status", SnapshotStatus.values),
    )
    page = Paginator(snapshots, 60).get_page(request.GET.get("page"))
    can_compute = can(request.user, "compute", RankingSnapshot)
    return render(
        request,
        "points/ranking_list.html",
        {
            "page": page,
            "kind": kind,
            "year": year,
            "kinds": PeriodKind.choices,
            "years": range(today.year, today.year - 5, -1),
            "townships": townships_for(request.user) or None,
            "township": township,
            "compute_form": forms.ComputeForm(user=request.user, today=today) if can_compute else None,
        },
    )


@login_required
@require_POST
def ranking_compute(request):
    require(request.user, "compute", RankingSnapshot)
    today = timezone.localdate()
    form = forms.ComputeForm(request.POST, user=request.user, today=today)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("points:rankings")
    try:
        outcomes = services.rankings_compute(
            period_kind=form.cleaned_data["period_kind"],
            on_date=form.cleaned_data["on_date"],
            today=today,
            townships=form.townships(),
            user=request.user,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("points:rankings")
    for outcome in outcomes:
        messages.add_message(request, messages.SUCCESS if outcome.done else messages.WARNING, outcome.summary)
    return redirect("points:rankings")


@login_required
def ranking_detail(request, pk):
    """One snapshot: its rows (the user's scope), filters, who qualifies, versions, notices."""
    snapshot = get_for_user_or_404(
        RankingSnapshot.objects.select_related("township", "published_by"), request.user, "view", pk=pk
    )
    village = params.integer(request.GET, "village")
    tier = params.choice(request.GET, "tier", MemberTier.values)
    query = params.text(request.GET, "q")
    thresholds = selectors.thresholds_for(snapshot)
    use = params.text(request.GET, "use")
    rows = selectors.snapshot_rows(
        snapshot, request.user, village=village, tier=tier, query=query, min_total=rules.min_total_for(thresholds, use)
    )
    page = Paginator(rows, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.mark_qualifications(page.object_list, thresholds)
    page_query = request.GET.copy()
    page_query.pop("page", None)
    versions = list(selectors.snapshot_versions(snapshot))
    state = services.snapshot_state(snapshot, versions, today=timezone.localdate())
    return render(
        request,
        "points/ranking_detail.html",
        {
            "snapshot": snapshot,
            "page": page,
            "query": page_query.urlencode(),
            "village": village,
            "tier": tier,
            "q": query,
            "use": use,
            "uses": [(u, label) for u, label in PointUse.choices if any(t.use == u for t in thresholds)],
            "thresholds": thresholds,
            "villages": Area.objects.for_user(request.user)
            .villages()
            .filter(tree_id=snapshot.township.tree_id)
            .order_by("code"),
            "tiers": MemberTier.choices,
            "versions": versions,
            "notices": selectors.notices_for(snapshot, request.user),
            "notice_job": _notice_job(snapshot) if snapshot.is_published else None,
            "can_publish": can(request.user, "publish", snapshot) and state.publishable,
            "can_correct": can(request.user, "correct", snapshot) and state.correctable,
            "can_recompute": can(request.user, "compute", snapshot) and state.recomputable,
            "can_render": can(request.user, "render", snapshot) and state.renderable,
            "correction_form": forms.CorrectionForm(),
        },
    )


@login_required
@require_POST
def ranking_publish(request, pk):
    snapshot = get_for_user_or_404(RankingSnapshot.objects.select_related("township"), request.user, "publish", pk=pk)
    if not confirm.is_confirmed(request):
        return confirm.ask(
            request,
            title=f"公示{snapshot.township.name}{snapshot.period_label}{snapshot.get_period_kind_display()}",
            warning=PUBLISH_WARNING,
            button="确认公示",
            back=reverse("points:ranking", args=[snapshot.pk]),
        )
    try:
        published = services.rankings_publish(snapshot=snapshot, user=request.user, today=timezone.localdate())
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        names = "、".join(s.get_scope_kind_display() for s in published)
        _say_notice_job(
            request,
            snapshot,
            f"{snapshot.period_label}{names}已一并公示；公示文件（PDF）正在后台生成，本页会自动显示下载链接",
            f"{snapshot.period_label}{names}已一并公示",
        )
    return redirect("points:ranking", pk=snapshot.pk)


@login_required
@require_POST
def ranking_recompute(request, pk):
    snapshot = get_for_user_or_404(RankingSnapshot.objects.select_related("township"), request.user, "compute", pk=pk)
    try:
        services.rankings_compute(
            period_kind=snapshot.period_kind,
            on_date=snapshot.period_start,
            today=timezone.localdate(),
            townships=[snapshot.township],
            scope_kinds=(snapshot.scope_kind,),
            user=request.user,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "已重新计算")
    return redirect("points:ranking", pk=snapshot.pk)


@login_required
@require_POST
def ranking_correct(request, pk):
    snapshot = get_for_user_or_404(RankingSnapshot.objects.select_related("township"), request.user, "correct", pk=pk)
    form = forms.CorrectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(services.CORRECTION_NOTE_REQUIRED)
        corrected = services.ranking_correct(
            snapshot=snapshot, note=form.cleaned_data["note"], user=request.user, today=timezone.localdate()
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("points:ranking", pk=snapshot.pk)
    messages.success(request, f"已生成第{corrected.version}版（草稿），核对后请公示")
    return redirect("points:ranking", pk=corrected.pk)


@login_required
@require_POST
def ranking_render(request, pk):
    snapshot = get_for_user_or_404(RankingSnapshot, request.user, "render", pk=pk)
    if not snapshot.is_published:
        raise Http404
    services.notices_rerender(snapshot=snapshot)
    _say_notice_job(request, snapshot, "公示文件正在后台重新生成，本页会自动显示下载链接", "已要求重新生成公示文件")
    return redirect("points:ranking", pk=snapshot.pk)


def _notice_job(snapshot):
    from points import tasks

    return job_state(tasks.ranking_notices_render, snapshot.pk)


def _say_notice_job(request, snapshot, started: str, done: str) -> None:
    """Tell the user plainly whether the notice task started or waits for the task queue."""
    state = _notice_job(snapshot)
    if state is not None and state.state == "waiting":
        messages.warning(request, f"{done}。{outbox.WAITING_MESSAGE}")
    else:
        messages.success(request, started)


@login_required
def notice_download(request, pk):
    notice = get_for_user_or_404(RankingNotice, request.user, "view", pk=pk)
    return file_response(request, notice, filename=f"{notice.title}.pdf")


# --- the member's handbook -------------------------------------------------------------------


def _member_for(user, pk):
    """A member logging in sees only their own handbook; staff see members in their scope."""
    related = ("village", "township", "grid")
    if user.role == Role.MEMBER:
        member = member_of_user(user, related)
        if member is None or (pk is not None and pk != member.pk):
            raise Http404("记录不存在或不在您的管辖范围内")
        return member
    require(user, "view", PointEntry)  # a member's points: whoever reads the points ledger
    if pk is None:
        raise Http404
    return member_in_scope(user, pk, related)


def _year(request):
    today = timezone.localdate()
    year = params.year(request.GET, "year", default=today.year)
    return year if 2000 <= year <= today.year else today.year


@login_required
def handbook(request, member_pk=None):
    if member_pk is None and request.user.role != Role.MEMBER:
        return redirect("points:rankings")
    member = _member_for(request.user, member_pk)
    year = _year(request)
    today = timezone.localdate()
    return render(
        request,
        "points/handbook.html",
        {
            "book": selectors.member_handbook(member, year),
            "years": range(today.year, today.year - 4, -1),
            "is_self": member.user_id == request.user.pk,
        },
    )


@login_required
def handbook_pdf(request, member_pk=None):
    """The handbook as a PDF: one member's year, a few pages, so rendered at once."""
    from core.pdf import render_pdf

    member = _member_for(request.user, member_pk)
    year = _year(request)
    book = selectors.member_handbook(member, year)
    data = render_pdf("points/pdf/handbook.html", {"book": book, "printed_on": timezone.localdate()})
    return _pdf_response(data, f"积分管理手册-{member.name}-{year}.pdf")
