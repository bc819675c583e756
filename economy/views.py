"""Pages of the four key points beyond the registers: the collective economy's target against
actual, the township's settings. Rows come through the access layer (``for_user``); writes go to
``economy.services``; query parameters through ``core.params``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import can, require
from core import params
from core.forms import add_errors
from economy import forms, selectors, services
from economy.models import CollectiveIncome, EconomySettings
from places.selectors import scope_node, township_of, townships_for

NO_TOWNSHIP = "没有可查看的乡镇"


def _township(request):
    """The township a page works in: the user's, or the one an administrator or the county chose."""
    node = township_of(scope_node(request))
    if node is None:
        raise Http404(NO_TOWNSHIP)
    return node


@login_required
def incomes(request):
    """集体经济目标与完成: every village's target against actual for a year, the weak ones first."""
    require(request.user, "view", CollectiveIncome)
    township = _township(request)
    today = timezone.localdate()
    year = params.year(request.GET, "year", default=today.year)
    board = selectors.income_board(request.user, township, year)
    return render(
        request,
        "economy/incomes.html",
        {
            "board": board,
            "township": township,
            "townships": townships_for(request.user),
            "year": year,
            "years": range(today.year + 1, today.year - 6, -1),
            "chart": board.chart(),
            "may_add": can(request.user, "add", CollectiveIncome),
            "may_settle": can(request.user, "change", EconomySettings),
        },
    )


@login_required
def settings_page(request):
    """The township's 薄弱村 line (the office sets it; leadership reads it)."""
    require(request.user, "view", EconomySettings)
    township = _township(request)
    found = EconomySettings.objects.for_user(request.user).filter(township=township).first()
    instance = found or EconomySettings(township=township)
    may_change = can(request.user, "change", EconomySettings)
    form = forms.SettingsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST":
        require(request.user, "change", instance)
        if form.is_valid():
            try:
                services.settings_save(form.instance)
            except services.ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"薄弱村标准已设为 {form.instance.weak_line} 万元")
                return redirect(reverse("economy:incomes") + _township_query(request, township))
    return render(
        request,
        "economy/settings.html",
        {"form": form, "township": township, "may_change": may_change, "townships": townships_for(request.user)},
    )


def _township_query(request, township) -> str:
    return f"?township={township.pk}" if request.user.sees_everything else ""
