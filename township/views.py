"""Township-level pages: the three-colour board, a village's colour history and risk ledger, and the
weekly risk reviews. What other apps know of a village (its demands, its contacts) they show in
their own panels (``core.dashboard``); this app imports no other feature."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import can, get_for_user_or_404, require, requires
from core import params
from core.dashboard import VILLAGE, render_panels
from core.forms import add_errors
from places.models import Area
from places.selectors import area_by_pk, scope_node, township_of, townships_for
from township import rules, selectors, services
from township.choices import COLOUR_MEANING, Colour
from township.forms import FindingForm, ReviewForm
from township.models import RiskReview, VillageColour

REVIEW_SAVED = "周例会记录已保存"


def _day(request) -> datetime.date:
    return params.date(request.GET, "date", default=timezone.localdate())


@login_required
@requires("view", VillageColour)
def board(request):
    """三色管理看板: every village by its colour on a day, with its open risks and demands."""
    node = scope_node(request)
    if node is None:
        raise Http404("没有可查看的乡镇")
    day = _day(request)
    return render(
        request,
        "township/board.html",
        {
            "node": node,
            "day": day,
            "columns": selectors.board(node, day),
            "counts": selectors.board_counts(),
            "townships": townships_for(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def village(request, pk):
    """A village: its colour and full colour history, risk ledger, review findings, and the panels
    other apps add (the contact system: open demands, leadership contacts)."""
    require(request.user, "view", VillageColour)
    today = timezone.localdate()
    place = get_for_user_or_404(Area.objects.villages().select_related("parent"), request.user, "view", pk=pk)
    history = selectors.colour_history(place)
    entries = [(h.effective_from, h.colour) for h in history]
    current = rules.colour_on(entries, today)
    periods = {start: until for start, until, _ in rules.colour_periods(entries)}
    page = Paginator(selectors.village_risks(place), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "township/village.html",
        {
            "village": place,
            "current": current,
            "meaning": COLOUR_MEANING.get(current) if current else None,
            "history": [(h, periods.get(h.effective_from)) for h in history],
            "page": page,
            "today": today,
            "findings": selectors.village_findings(place),
            "panels": render_panels(request, VILLAGE, village=place),
        },
    )


@login_required
@requires("view", RiskReview)
def reviews(request):
    """周例会 list: newest first, paginated."""
    page = Paginator(selectors.reviews_for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "township/reviews.html", {"page": page, "can_record": can(request.user, "add", RiskReview)})


@login_required
def review_detail(request, pk):
    review = get_for_user_or_404(RiskReview.objects.select_related("village", "recorded_by"), request.user, pk=pk)
    findings = list(selectors.findings_for_user(request.user, review))
    return render(
        request,
        "township/review_detail.html",
        {
            "review": review,
            "findings": findings,
            "attendees": rules.split_names(review.attendees),
            "can_edit": can(request.user, "change", review),
        },
    )


@login_required
def review_new(request):
    return _review_form(request, None)


@login_required
def review_edit(request, pk):
    review = get_for_user_or_404(RiskReview.objects.select_related("village"), request.user, "change", pk=pk)
    return _review_form(request, review)


def _review_form(request, review):
    """Record (or correct) a weekly review: the meeting, then one optional row per village."""
    user = request.user
    if review is None:
        require(user, "add", RiskReview)
    if review is not None:
        township = area_by_pk(review.township_id)
    else:
        node = scope_node(request)
        if node is None:
            raise Http404("没有可查看的乡镇")
        township = township_of(node)
    today = timezone.localdate()
    # Office staff see every village of the township; a secretary only their own.
    villages = list(selectors.villages_with_colour(township if user.sees_everything else user.scope_node, today))
    existing = {}
    if review is not None:
        existing = {f.village_id: f for f in review.findings.all()}
    form = ReviewForm(request.POST or None, instance=review, user=user, township=township)
    rows = []
    for v in villages:
        found = existing.get(v.pk)
        initial = {"findings": found.findings, "colour": found.colour, "reason": found.reason} if found else None
        rows.append(FindingForm(request.POST or None, village=v, current_colour=v.colour, initial=initial))
    if request.method == "POST" and form.is_valid() and all(r.is_valid() for r in rows):
        obj = form.instance
        try:
            services.review_save(obj, [r.to_input() for r in rows], today=today, user=user)
        except ValidationError as exc:
            by_village = {r.village.pk: r for r in rows}
            rest = {}
            for key, msgs in exc.message_dict.items():
                if key.startswith("finding-"):
                    _, village_pk, field = key.split("-", 2)
                    row = by_village.get(int(village_pk))
                    if row is not None:
                        row.add_error(field if field in row.fields else None, msgs)
                        continue
                rest[key] = msgs
            if rest:
                add_errors(form, ValidationError(rest))
        else:
            messages.success(request, REVIEW_SAVED)
            return redirect("township:review_detail", pk=obj.pk)
    return render(
        request,
        "township/review_form.html",
        {
            "form": form,
            "rows": rows,
            "review": review,
            "township": township,
            "colours": Colour,
            "has_row_errors": any(r.errors for r in rows),
        },
    )
