"""Pages of the ledger beyond the register: status changes, evidence, my tasks and statistics.

Every problem is fetched through the access layer (``get_for_user_or_404``), so a problem outside
the user's scope answers 404 and one the user may not act on 403; writes go to ``issues.services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, get_for_user_or_404, require
from core import confirm
from core.evidence import evidence_download
from core.files import file_response
from core.forms import add_errors, flash_errors
from issues import forms, rules, selectors, services
from issues.choices import Status
from issues.models import Problem
from issues.registers import deadline_cell, status_badge
from places.choices import AreaKind

STATS_NO_SCOPE = "您的管辖范围不能查看问题统计"
CLOSE_WARNING = (
    "销号后不能再改：问题{code}将改为“已整改”，整改情况、验收人和销号日期随之固定，不能再改变状态或修改；"
    "如问题复发，只能登记为新问题。"
)


def _problem_to_act_on(request, pk) -> Problem:
    return get_for_user_or_404(Problem.objects.select_related("village", "category"), request.user, "act", pk=pk)


@login_required
def problem_status(request, pk):
    """Move a problem along 待整改 → 整改中 → 已整改 / 长期坚持; 销号 needs a note and a verifier."""
    problem = _problem_to_act_on(request, pk)
    if not rules.allowed_next(problem.status):
        messages.info(request, rules.CLOSED_IS_FINAL)
        return redirect("problems_detail", pk=problem.pk)
    form = forms.TransitionForm(request.POST or None, problem=problem)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["to"] == Status.DONE and not confirm.is_confirmed(request):
            return confirm.ask(
                request,
                title=f"销号：问题{problem.code}",
                warning=CLOSE_WARNING.format(code=problem.code),
                button="确认销号",
                back=reverse("problems_detail", args=[problem.pk]),
            )
        try:
            services.problem_transition(
                problem,
                to=data["to"],
                user=request.user,
                today=timezone.localdate(),
                result=data["result"],
                verified_by=data["verified_by"],
                closed_on=data["closed_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
            problem.refresh_from_db()
        else:
            messages.success(request, f"问题{problem.code}已改为“{problem.get_status_display()}”")
            if not request.user.can_read_registers:
                return redirect("issues:my_tasks")
            return redirect("problems_detail", pk=problem.pk)
    return render(
        request,
        "issues/problem_status.html",
        {"problem": problem, "form": form, "status_badge": status_badge(problem), "deadline": deadline_cell(problem)},
    )


@login_required
@require_POST
def evidence_add(request, pk):
    problem = _problem_to_act_on(request, pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                problem, upload=form.cleaned_data["evidence"], user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            flash_errors(request, exc, "；")
        else:
            messages.success(request, "佐证材料已上传")
    else:
        flash_errors(request, form, "；")
    return redirect("problems_detail", pk=problem.pk)


@login_required
def evidence_file(request, pk):
    """Download an evidence file, only for someone who may see its problem."""
    evidence = selectors.evidence_for_user(request.user, pk)
    if evidence is None:
        raise Http404("记录不存在或不在您的管辖范围内")
    return file_response(request, evidence, **evidence_download(evidence))


@login_required
def my_tasks(request):
    """我的整改任务: problems the user is responsible for, overdue first."""
    page = Paginator(selectors.my_problems(request.user), 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(p, deadline_cell(p, today), status_badge(p), can(request.user, "act", p)) for p in page]
    can_read = request.user.can_read_registers
    return render(request, "issues/my_tasks.html", {"page": page, "rows": rows, "can_read": can_read})


@login_required
def stats(request):
    """Section (五)'s figures for a township (or a secretary's village) and a date range."""
    user = request.user
    require(user, "stats", Problem)
    form = forms.StatsForm(request.GET or None, user=user)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    if user.sees_everything:
        node = data.get("township") or form.fields["township"].queryset.first()
    else:
        node = user.scope_node
        if node is None or node.kind not in (AreaKind.TOWNSHIP, AreaKind.VILLAGE):
            raise PermissionDenied(STATS_NO_SCOPE)
    figures = None
    if node is not None and valid:
        figures = selectors.problem_figures(node=node, date_from=data.get("date_from"), date_to=data.get("date_to"))
    return render(
        request,
        "issues/stats.html",
        {"form": form, "figures": figures, "node": node},
    )
