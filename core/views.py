"""The home page (every app's dashboard panel) and the generic views behind every register: list,
detail, form, import (preview then apply), export.

They stay thin: rows come from ``register.get_queryset(user)`` (scope), writes from
``register.save_form`` (services), imports and exports from ``core.imports``.
"""

import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.services import id_reveal_log
from core import imports
from core.dashboard import render_panels
from core.forms import ImportForm
from core.registers import get_register
from places.selectors import area_by_pk

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OUT_OF_SCOPE = "记录不存在或不在您的管辖范围内"


@login_required
def dashboard(request):
    """The home page: each app's panel for the user's scope (``core.dashboard``)."""
    return render(
        request,
        "core/dashboard.html",
        {"panels": render_panels(request), "heartbeat": cache.get("celery-heartbeat")},
    )


def _register(name, user, need="read"):
    reg = get_register(name)
    allowed = {"read": reg.can_read, "edit": reg.can_edit, "import": reg.can_import}[need](user)
    if not allowed:
        raise PermissionDenied("您的角色无权进行此操作")
    return reg


def _period_params(request, reg):
    """``?from=`` and ``?to=`` as dates (ISO); a value that is not a date is dropped with a message."""
    days = []
    for key in ("from", "to"):
        value = request.GET.get(key, "")
        try:
            days.append(datetime.date.fromisoformat(value) if value and reg.period_field else None)
        except ValueError:
            messages.error(request, f"日期“{value}”无法识别，已忽略：请写成 2026-10-31")
            days.append(None)
    return days


def _filtered(request, reg):
    """The list's rows: scope, then filters, search and sort from the query string."""
    qs = reg.get_queryset(request.user)
    filterset = None
    if reg.filterset_class:
        filterset = reg.filterset_class(request.GET or None, queryset=qs, request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
    qs = reg.in_period(qs, *_period_params(request, reg))
    qs = reg.search(qs, request.GET.get("q", ""))
    sort = request.GET.get("sort", "")
    keys = reg.sort_keys()
    if sort.lstrip("-") in keys:
        qs = qs.order_by(("-" if sort.startswith("-") else "") + keys[sort.lstrip("-")], "pk")
    else:
        qs = qs.order_by(*reg.default_ordering)
    return qs, filterset


@login_required
def register_list(request, register_name):
    reg = _register(register_name, request.user)
    qs, filterset = _filtered(request, reg)
    page = Paginator(qs, reg.paginate_by).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    rows = [(obj, [c.value(obj) for c in reg.columns]) for obj in page.object_list]
    return render(
        request,
        "core/register_list.html",
        {
            "register": reg,
            "page": page,
            "rows": rows,
            "filterset": filterset,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": request.GET.get("sort", ""),
            "can_edit": reg.can_edit(request.user),
            "can_import": reg.can_import(request.user),
            "can_reveal": request.user.can_reveal_ids and reg.has_id_numbers,
        },
    )


def _history(obj, limit=30):
    """The record's history, newest first, each change with the fields it changed."""
    if not hasattr(obj, "history"):
        return []
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        changed = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            changed = [obj._meta.get_field(c.field).verbose_name for c in delta.changes]
        entries.append({"record": newer, "changed": changed})
    return entries[:limit]


@login_required
def register_detail(request, register_name, pk):
    reg = _register(register_name, request.user)
    obj = get_object_or_404(reg.get_queryset(request.user), pk=pk)
    fields = [(label, _value(obj, path)) for label, path in reg.detail_fields]
    context = {
        "register": reg,
        "object": obj,
        "fields": fields,
        "history": _history(obj),
        "can_edit": reg.can_edit(request.user),
        "can_reveal": request.user.can_reveal_ids and hasattr(obj, "id_encrypted"),
    }
    context.update(reg.detail_context(obj, request.user))
    return render(request, reg.detail_template, context)


def _value(obj, path):
    from core.registers import Column

    return Column("", path).value(obj)


@login_required
def register_form(request, register_name, pk=None):
    reg = _register(register_name, request.user, need="edit")
    instance = get_object_or_404(reg.get_queryset(request.user), pk=pk) if pk else None
    if instance is None and not reg.creatable:
        raise Http404
    form = reg.form_class(request.POST or None, request.FILES or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                obj = reg.save_form(form, request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"{reg.label}“{obj}”已保存")
            return redirect(reg.url_name("detail"), pk=obj.pk)
    return render(request, "core/register_form.html", {"register": reg, "form": form, "object": instance})


@login_required
@require_POST
def register_reveal_id(request, register_name, pk):
    reg = _register(register_name, request.user)
    if not request.user.can_reveal_ids:
        raise PermissionDenied("您无权查看完整身份证号")
    obj = get_object_or_404(reg.get_queryset(request.user), pk=pk)
    id_reveal_log(request.user, model=reg.name, object_id=obj.pk, via="page")
    return HttpResponse(obj.id_number, content_type="text/plain; charset=utf-8")


def _import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def register_import(request, register_name):
    """Upload → preview (a dry run, nothing saved) → apply the same file all at once."""
    reg = _register(register_name, request.user, need="import")
    session_key = f"import:{reg.name}"
    context = {"register": reg}
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(session_key)
        if not pending or pending.get("token") != request.POST.get("token"):
            messages.error(request, "导入预览已失效，请重新上传文件")
            return redirect(reg.url_name("import"))
        path = _import_dir() / f"{pending['token']}.xlsx"
        data = path.read_bytes() if path.exists() else b""
        township = _township(pending.get("township"))
        report = imports.run_import(reg, data, "upload.xlsx", user=request.user, township=township, dry_run=False)
        path.unlink(missing_ok=True)
        del request.session[session_key]
        if report.applied:
            messages.success(request, f"导入完成：新增 {report.new} 条，更新 {report.updated} 条")
            return redirect(reg.url_name("list"))
        context.update(report=report, form=ImportForm(user=request.user))
        return render(request, "core/register_import.html", context)

    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.XLSX_MAX_BYTES:
            form.add_error("file", f"文件过大：最大允许 {settings.XLSX_MAX_BYTES // (1024 * 1024)} MB")
        else:
            data = upload.read()
            township = form.cleaned_data["township"]
            report = imports.run_import(reg, data, upload.name, user=request.user, township=township, dry_run=True)
            context["report"] = report
            if report.ok:
                token = secrets.token_urlsafe(16)
                (_import_dir() / f"{token}.xlsx").write_bytes(data)
                request.session[session_key] = {"token": token, "township": township.pk}
                context["token"] = token
    context["form"] = form
    return render(request, "core/register_import.html", context)


def _township(pk):
    return area_by_pk(pk)


@login_required
def register_export(request, register_name):
    reg = _register(register_name, request.user)
    qs, _ = _filtered(request, reg)
    reveal = request.GET.get("reveal") == "1"
    if reveal and not request.user.can_reveal_ids:
        raise PermissionDenied("您无权导出完整身份证号")
    data = imports.export_bytes(reg, qs, reveal=reveal, user=request.user)
    if reveal:
        id_reveal_log(request.user, model=reg.name, count=qs.count(), via="export")
    filename = f"{reg.label}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = _attachment(filename)
    return response


@login_required
def register_template(request, register_name):
    reg = _register(register_name, request.user)
    response = HttpResponse(imports.template_bytes(reg), content_type=XLSX)
    response["Content-Disposition"] = _attachment(f"{reg.label}-导入模板.xlsx")
    return response


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
