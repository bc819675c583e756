"""Pages of the contact system: log a visit (phone first), this month's progress, a cadre's page,
the quota settings and a visit's photo. Views parse input and call services and selectors."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import can, get_for_user_or_404, require, requires
from core import dates, params
from core.files import file_response
from places.selectors import scope_node, township_of, townships_for
from visits import rules, selectors, services
from visits.forms import QuotaForm, VisitLogForm
from visits.models import Assignment, QuotaSetting, Visit

QUOTA_SAVED = "包联任务设置已保存"


@login_required
@requires("add", Visit)
def log_visit(request):
    """入户走访登记: own households first, date defaults to today, optional photo, one-step demand/risk."""
    today = timezone.localdate()
    form = VisitLogForm(request.POST or None, request.FILES or None, user=request.user, today=today)
    if request.method == "POST" and form.is_valid():
        visit = form.save()
        if visit is not None:
            messages.success(request, f"已登记对{visit.household.name}户的走访（{dates.label(visit.visited_on)}）")
            return redirect("visits:log")
    query = params.text(request.GET, "q")
    chosen = form.data.get("household", "") if form.is_bound else params.integer(request.GET, "household", "")
    households = selectors.households_for_visit(request.user, query, today=today)
    return render(
        request,
        "visits/log.html",
        {
            "form": form,
            "households": households,
            "query": query,
            "chosen": str(chosen),
            "photo_limit_mb": max(1, settings.UPLOAD_MAX_BYTES // (1024 * 1024)),
        },
    )


@login_required
@requires("add", Visit)
def household_options(request):
    """The household picker's list (htmx), filtered by name, pinyin initials or number."""
    query = params.text(request.GET, "q")
    households = selectors.households_for_visit(request.user, query, today=timezone.localdate())
    return render(
        request,
        "visits/_household_options.html",
        {"households": households, "chosen": str(params.integer(request.GET, "household", ""))},
    )


@login_required
@requires("view", Visit)
def month(request):
    """本月包联走访进度: cadres and villages, visits vs quota, the ones behind first."""
    node = scope_node(request)
    today = timezone.localdate()
    if node is None:
        raise Http404("没有可查看的乡镇")
    first = rules.parse_month(params.text(request.GET, "month"), today)
    frame = selectors.month_frame(township_of(node), first, today)
    page = Paginator(selectors.month_cadres(node, frame), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "visits/month.html",
        {
            "node": node,
            "frame": frame,
            "page": page,
            "rows": selectors.cadre_rows(page.object_list, frame),
            "villages": selectors.month_villages(node, frame),
            "query": query.urlencode(),
            "townships": townships_for(request.user),
            "extra_query": f"township={node.pk}" if request.user.sees_everything else "",
        },
    )


def _cadre_page(request, cadre):
    today = timezone.localdate()
    first = rules.parse_month(params.text(request.GET, "month"), today)
    township = township_of(cadre.scope_node) or township_of(scope_node(request))
    frame = selectors.month_frame(township, first, today)
    viewer = None if cadre.pk == request.user.pk else request.user  # another's page: only the viewer's scope
    context = {
        "cadre": cadre,
        "frame": frame,
        "figures": selectors.cadre_month(cadre, frame, viewer),
        "assignments": selectors.cadre_assignments(cadre, frame.measured, viewer),
        "flags": selectors.own_flags(cadre, viewer),
        "visits": selectors.recent_visits(request.user, cadre=cadre),
        "is_self": cadre.pk == request.user.pk,
        "can_log": can(request.user, "add", Visit),
    }
    return render(request, "visits/cadre.html", context)


@login_required
@requires("add", Visit)
def me(request):
    """我的包联: the signed-in person's own month, assignments, flags and recent visits."""
    return _cadre_page(request, request.user)


@login_required
def cadre(request, pk):
    """A cadre's page, for those whose scope covers one of the cadre's assignments (else 404)."""
    require(request.user, "view", Assignment)
    person = get_object_or_404(get_user_model(), pk=pk)
    if not selectors.cadre_in_scope(request.user, person):
        raise Http404("记录不存在或不在您的管辖范围内")
    return _cadre_page(request, person)


@login_required
@requires("view", QuotaSetting)
def quota(request):
    """包联任务设置: readable by every reader, changed by the township office."""
    node = scope_node(request)
    if node is None:
        raise Http404("没有可查看的乡镇")
    township = township_of(node)
    setting = services.quota_for(township)
    can_edit = can(request.user, "change", setting)
    form = QuotaForm(request.POST or None, instance=setting)
    if request.method == "POST":
        require(request.user, "change", setting)
        if form.is_valid():
            form.save()
            messages.success(request, QUOTA_SAVED)
            url = reverse("visits:quota")
            return redirect(f"{url}?township={township.pk}" if request.user.sees_everything else url)
    return render(
        request,
        "visits/quota.html",
        {"form": form, "township": township, "can_edit": can_edit, "townships": townships_for(request.user)},
    )


@login_required
def photo(request, pk):
    """A visit's photo, served through the scope check (never a public media URL)."""
    visit = get_for_user_or_404(Visit, request.user, "view", pk=pk)
    if not visit.photo:
        raise Http404("该走访没有照片")
    return file_response(request, visit, field="photo")
