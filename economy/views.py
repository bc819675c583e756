"""Pages of the four key points beyond the registers: the collective economy's target against
actual, the township's settings. Rows come through the access layer (``for_user``); writes go to
``economy.services``; query parameters through ``core.params``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, get_for_user_or_404, require, requires
from core import params
from core.evidence import evidence_download
from core.files import file_response
from core.forms import add_errors, flash_errors
from economy import forms, selectors, services
from economy.choices import ENTRY_LABEL
from economy.models import (
    ClaimDebt,
    ClaimEntry,
    CollectiveIncome,
    Contract,
    ContractDocument,
    EconomicOrganisation,
    EconomySettings,
    RuleDocument,
    SystemDocument,
    VillageRule,
    VillageSystem,
)
from places.selectors import scope_node, township_of, townships_for

NO_TOWNSHIP = "没有可查看的乡镇"


def _township(request):
    """The township a page works in: the user's, or the one an administrator or the county chose."""
    node = township_of(scope_node(request))
    if node is None:
        raise Http404(NO_TOWNSHIP)
    return node


@login_required
@requires("view", CollectiveIncome)
def incomes(request):
    """集体经济目标与完成: every village's target against actual for a year, the weak ones first."""
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
            "chart": selectors.income_chart(board),
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
            except ValidationError as exc:
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


@login_required
@requires("view", EconomicOrganisation)
def cleanup(request):
    """清化收汇总: every organisation's ledgers summed, rolled up by village and township, with the
    entries of a period (this year unless ``from``/``to`` say otherwise)."""
    township = _township(request)
    today = timezone.localdate()
    start = params.date(request.GET, "from", default=today.replace(month=1, day=1))
    end = params.date(request.GET, "to", default=today)
    summary = selectors.cleanup_for_user(request.user, township, start, end)
    return render(
        request,
        "economy/cleanup.html",
        {"summary": summary, "township": township, "townships": townships_for(request.user), "today": today},
    )


def _claim(request, pk) -> ClaimDebt:
    claim = get_for_user_or_404(
        ClaimDebt.objects.select_related("organisation", "village"), request.user, "change", pk=pk
    )
    require(request.user, "add", ClaimEntry)
    return claim


@login_required
@require_POST
def entry_add(request, pk):
    """Record a collection or a resolution on a claim or a debt (never more than is still owed)."""
    claim = _claim(request, pk)
    label = ENTRY_LABEL[claim.kind]
    form = forms.EntryForm(request.POST, label=label)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_add(
                claim,
                amount=data["amount"],
                entry_on=data["entry_on"],
                note=data["note"],
                today=timezone.localdate(),
                user=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc, "；")
        else:
            messages.success(request, f"已登记{label}{data['amount']}元")
    else:
        flash_errors(request, form, "；")
    return redirect("claims_and_debts_detail", pk=claim.pk)


@login_required
@require_POST
def entry_reverse(request, pk):
    """Reverse a wrong entry by a new one of the opposite amount (the original is kept)."""
    entry = get_for_user_or_404(ClaimEntry.objects.select_related("claim"), request.user, "add", pk=pk)
    claim = _claim(request, entry.claim_id)
    try:
        services.entry_reverse(
            entry, today=timezone.localdate(), note=params.text(request.POST, "note"), user=request.user
        )
    except ValidationError as exc:
        flash_errors(request, exc, "；")
    else:
        messages.success(request, f"已冲正{entry.entry_on}的{ENTRY_LABEL[claim.kind]}记录")
    return redirect("claims_and_debts_detail", pk=claim.pk)


# --- documents of contracts, systems and rules -------------------------------------------------------

#: kind in the URL -> (the row's model, its document model, the row's detail page)
DOCUMENT_KINDS = {
    "contract": (Contract, ContractDocument, "contracts_detail"),
    "system": (VillageSystem, SystemDocument, "management_systems_detail"),
    "rule": (VillageRule, RuleDocument, "village_rules_detail"),
}


def _document_add(request, kind, pk):
    """Upload a document to a row the user may change (404 outside scope, 403 for a reading role)."""
    model, document_model, detail = DOCUMENT_KINDS[kind]
    entry = get_for_user_or_404(model, request.user, "change", pk=pk)
    require(request.user, "add", document_model)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                document_model, entry, upload=form.cleaned_data["file"], user=request.user,
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            flash_errors(request, exc, "；")
        else:
            messages.success(request, f"文件“{form.cleaned_data['file'].name}”已上传")
    else:
        flash_errors(request, form, "；")
    return redirect(detail, pk=entry.pk)


def _document_file(request, kind, pk):
    """A document, for whoever may read its row (the access layer decides, through file_response)."""
    document_model = DOCUMENT_KINDS[kind][1]
    document = get_for_user_or_404(document_model.objects.select_related(kind), request.user, pk=pk)
    return file_response(request, document, **evidence_download(document))


@login_required
@require_POST
def contract_document_add(request, pk):
    return _document_add(request, "contract", pk)


@login_required
def contract_document(request, pk):
    return _document_file(request, "contract", pk)


@login_required
@require_POST
def system_document_add(request, pk):
    return _document_add(request, "system", pk)


@login_required
def system_document(request, pk):
    return _document_file(request, "system", pk)


@login_required
@require_POST
def rule_document_add(request, pk):
    return _document_add(request, "rule", pk)


@login_required
def rule_document(request, pk):
    return _document_file(request, "rule", pk)
