"""The home page (every app's dashboard panel) and the generic views behind every register: list,
detail, form, import (preview then apply), export.

They stay thin: rows come from ``register.get_queryset(user)`` (scope), writes from
``register.save_form`` (services), imports and exports from ``core.imports``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import denied_message
from accounts.roles import EDIT_ROLES, SYSTEM_ROLES
from accounts.services import id_reveal_log
from core import confirm, dates, exports, heartbeat, imports, listing, params, previews, townships, workbook
from core.dashboard import ACTIONS, cached_panels, detail_slot, render_panels
from core.forms import ImportForm, TownshipForm
from core.history import history_entries
from core.models import IdentityMixin
from core.queries import CachedCountPaginator
from core.registers import get_register
from places.selectors import area_by_pk, townships_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OUT_OF_SCOPE = "记录不存在或不在您的管辖范围内"
NO_ID_NUMBER = "该记录没有身份证号"
REVEAL_EXPORT_WARNING = (
    "导出的文件含 {count} 条记录的完整身份证号。本次导出会记入身份证号查看日志（导出人、时间、台账和条数），"
    "系统管理员可以查阅。请妥善保管文件，不要转发，用完即删。"
)


@login_required
def dashboard(request):
    """The home page: each app's panel for the user's scope (``core.dashboard``)."""
    return render(
        request,
        "core/dashboard.html",
        {
            "actions": cached_panels(request, ACTIONS),
            "panels": cached_panels(request),
            "heartbeat": heartbeat.status_for(request.user),
        },
    )


def _register(name, user, need="view"):
    """The register, when the user's role may take ``need`` on it (its policy), else the 403 page
    naming the role and the action."""
    reg = get_register(name)
    if not reg.allows(user, need):
        raise PermissionDenied(denied_message(user, need, what=reg.label))
    return reg


def _filtered(request, reg):
    """The list's rows: scope, then filters, search and sort from the query string
    (``core.exports.register_rows``); an ignored parameter is told in a message."""
    return exports.register_rows(reg, request.user, request.GET, warn=lambda text: messages.error(request, text))


@login_required
def register_list(request, register_name):
    reg = _register(register_name, request.user)
    qs, filterset = _filtered(request, reg)
    key = listing.count_key(reg, request.user, request.GET)
    page = CachedCountPaginator(qs, reg.paginate_by, key=key).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "core/register_list.html",
        {
            "register": reg,
            "page": page,
            "rows": listing.rows_html(reg, page.object_list),
            "filters": listing.filter_fields(reg, filterset, request.user),
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": params.text(request.GET, "sort"),
            "can_edit": reg.can_edit(request.user),
            "can_import": reg.can_import(request.user),
            "can_reveal": request.user.can_reveal_ids and reg.has_id_numbers,
        },
    )


#: The most rows a print view lays out (about 120 A4 pages); beyond it the page asks for a narrower filter.
PRINT_MAX_ROWS = 3000


def _applied_filters(request, reg, filterset) -> list[tuple[str, str]]:
    """(label, value) of each filter the list applied, as the printed header names them."""
    applied = []
    query = params.text(request.GET, "q")
    if query:
        applied.append(("搜索", query))
    if filterset is not None and filterset.is_bound and filterset.is_valid():
        for field in filterset.form:
            value = filterset.form.cleaned_data.get(field.name)
            if value in (None, "", [], ()):
                continue
            raw = field.value()
            label = next(
                (str(text) for key, text in getattr(field.field, "choices", ()) if str(key) == str(raw)),
                str(value),
            )
            applied.append((str(field.label), label))
    if reg.period_field:
        day_from, day_to = (_quiet_date(request, key) for key in ("from", "to"))
        if day_from or day_to:
            shown = dates.label(day_from, dates.FULL) if day_from else "…"
            shown += f" 至 {dates.label(day_to, dates.FULL)}" if day_to else " 起"
            applied.append((reg.period_label, shown))
    sort = params.text(request.GET, "sort")
    column = next((c for c in reg.columns if c.sort and c.sort == sort.lstrip("-")), None)
    if column is not None:
        applied.append(("排序", f"{column.label}{'（降序）' if sort.startswith('-') else ''}"))
    return applied


def _quiet_date(request, key):
    try:
        return params.date(request.GET, key)
    except params.BadParameter:
        return None  # the list's own parsing has already said so


@login_required
def register_print(request, register_name):
    """The list laid out for paper (A4 landscape, township and date in the header, page numbers):
    every row the screen's filters, search and sort select, not only the screen's page."""
    reg = _register(register_name, request.user)
    qs, filterset = _filtered(request, reg)
    count = qs.count()
    too_many = count > PRINT_MAX_ROWS
    objects = [] if too_many else list(qs)
    rows = [[c.value(obj) for c in reg.columns] for obj in objects]
    township = request.user.township
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/register_print.html",
        {
            "register": reg,
            "rows": rows,
            "count": count,
            "too_many": too_many,
            "max_rows": PRINT_MAX_ROWS,
            "filters": _applied_filters(request, reg, filterset),
            "township_name": township.name if township else "全部乡镇",
            "printed_on": timezone.localdate(),
            "query": query.urlencode(),
        },
    )


def bad_request(request, exception=None):
    """The project's 400 page (handler400): the error page (templates/400.html) with the message
    of a ``core.params.BadParameter``. Rendered without context processors, like every error page."""
    message = str(exception) if isinstance(exception, params.BadParameter) else ""
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))


@login_required
def register_detail(request, register_name, pk):
    reg = _register(register_name, request.user)
    obj = get_object_or_404(reg.get_queryset(request.user), pk=pk)
    fields = [(label, _value(obj, path)) for label, path in reg.detail_fields]
    context = {
        "register": reg,
        "object": obj,
        "fields": fields,
        "history": history_entries(obj),
        "can_edit": reg.can_edit(request.user),
        "can_reveal": request.user.can_reveal_ids and hasattr(obj, "id_encrypted"),
    }
    context.update(reg.detail_context(obj, request.user))
    context["panels"] = render_panels(request, detail_slot(reg.name), obj=obj)
    return render(request, reg.detail_template, context)


def _value(obj, path):
    from core.registers import Column

    return Column("", path).value(obj)


@login_required
def register_form(request, register_name, pk=None):
    reg = _register(register_name, request.user, need="change" if pk else "add")
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
    if not issubclass(reg.model, IdentityMixin):
        raise Http404("该名册没有身份证号")
    if not request.user.can_reveal_ids:
        raise PermissionDenied("您无权查看完整身份证号")
    obj = get_object_or_404(reg.get_queryset(request.user), pk=pk)
    if not getattr(obj, "id_encrypted", ""):
        raise Http404(NO_ID_NUMBER)  # before the log row: nothing was revealed
    id_reveal_log(request.user, model=reg.name, object_id=obj.pk, via="page")
    return HttpResponse(obj.id_number, content_type="text/plain; charset=utf-8")


@login_required
def register_import(request, register_name):
    """Upload → preview (a dry run, nothing saved) → apply the same file all at once, or cancel.

    Between the two steps the file is held encrypted (``core.previews``), never as a plain file."""
    reg = _register(register_name, request.user, need="import")
    context = {"register": reg}
    if request.method == "POST" and "cancel" in request.POST:
        previews.preview_discard(user=request.user, register=reg.name, token=request.POST.get("token", ""))
        messages.info(request, "已取消导入，上传的文件已删除")
        return redirect(reg.url_name("import"))
    if request.method == "POST" and "confirm" in request.POST:
        with transaction.atomic():
            job = imports.import_confirm(reg, user=request.user, token=request.POST.get("token", ""))
        if job is not None:
            messages.info(request, imports.APPLY_STARTED)
            return redirect("core:file_job", pk=job.pk)
        taken = previews.preview_take(user=request.user, register=reg.name, token=request.POST.get("token", ""))
        if taken is None:
            messages.error(request, previews.EXPIRED)
            return redirect(reg.url_name("import"))
        data, township, filename = taken
        report = imports.run_import(reg, data, filename, user=request.user, township=township, dry_run=False)
        if report.applied:
            messages.success(
                request, f"导入完成：新增 {report.new} 条，更新 {report.updated} 条，未变 {report.unchanged} 条"
            )
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
            big, rows = imports.is_big(data)
            if big:
                with transaction.atomic():
                    job = imports.import_start(
                        reg, user=request.user, township=township, filename=upload.name, data=data, rows=rows
                    )
                messages.info(request, imports.IMPORT_STARTED.format(rows=rows or "数千"))
                return redirect("core:file_job", pk=job.pk)
            report = imports.run_import(reg, data, upload.name, user=request.user, township=township, dry_run=True)
            context["report"] = report
            if report.ok:
                context["token"] = previews.preview_store(
                    user=request.user, register=reg.name, township=township, filename=upload.name, data=data
                )
    context["form"] = form
    return render(request, "core/register_import.html", context)


def _township(pk):
    return area_by_pk(pk)


@login_required
def register_export(request, register_name):
    """The list's rows as the register's sheet: written here when small, else in the background
    (``core.exports``), answering with the job's page (progress, then the download)."""
    reg = _register(register_name, request.user)
    if not reg.exportable:
        raise Http404("该台账没有 Excel 格式")
    qs, _ = _filtered(request, reg)
    reveal = params.text(request.GET, "reveal") == "1"
    if reveal and not request.user.can_reveal_ids:
        raise PermissionDenied("您无权导出完整身份证号")
    total = qs.count()
    if reveal and not confirm.is_confirmed(request):
        return confirm.ask(
            request,
            method="get",
            title=f"导出{reg.label}（含完整身份证号）",
            warning=REVEAL_EXPORT_WARNING.format(count=total),
            button="确认导出",
            back=reverse(reg.url_name("list")),
        )
    if total > exports.inline_limit():
        with transaction.atomic():
            job = exports.export_start(reg, request.user, request.GET, reveal=reveal, total=total)
        messages.info(request, exports.EXPORT_STARTED.format(total=total))
        return redirect("core:file_job", pk=job.pk)
    data = exports.export_bytes(reg, qs, reveal=reveal, user=request.user)
    if reveal:
        id_reveal_log(request.user, model=reg.name, count=total, via="export")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = _attachment(exports.export_filename(reg))
    return response


@login_required
def register_template(request, register_name):
    reg = _register(register_name, request.user)
    if not reg.exportable:
        raise Http404("该台账没有 Excel 格式")
    township = None if request.user.sees_everything else request.user.township
    response = HttpResponse(imports.template_bytes(reg, user=request.user, township=township), content_type=XLSX)
    response["Content-Disposition"] = _attachment(f"{reg.label}-导入模板.xlsx")
    return response


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"


# --- the township workbook -------------------------------------------------------------------

WORKBOOK = "township"
WORKBOOK_ROLES = EDIT_ROLES


def _workbook_township(request, form=None):
    """The township a workbook is for: the user's own, or for an administrator the chosen one."""
    if not request.user.has_role(WORKBOOK_ROLES):
        raise PermissionDenied("只有镇办公室和系统管理员可以整镇导入")
    if not request.user.sees_everything:
        return request.user.township
    if form is not None:
        return form.cleaned_data.get("township")
    pk = params.integer(request.GET, "township")
    if pk is None:
        return None
    township = next((t for t in townships_for(request.user) if t.pk == pk), None)
    if township is None:
        raise Http404("找不到该乡镇")
    return township


@login_required
def workbook_template(request):
    """Download the township workbook: a sheet per register, examples, allowed values, drop-downs."""
    township = _workbook_township(request)
    spec = workbook.get_workbook(WORKBOOK)
    data = workbook.template_bytes(spec, user=request.user, township=township)
    response = HttpResponse(data, content_type=XLSX)
    name = f"{township.name}-" if township else ""
    response["Content-Disposition"] = _attachment(f"{name}{spec.label}.xlsx")
    return response


@login_required
def workbook_import(request):
    """Upload the filled workbook → preview every sheet (nothing saved) → apply all, or cancel."""
    _workbook_township(request)
    spec = workbook.get_workbook(WORKBOOK)
    key = f"workbook:{spec.name}"
    context = {"workbook": spec, "titles": [spec.title(n) for n in spec.sheets]}
    if request.method == "POST" and "cancel" in request.POST:
        previews.preview_discard(user=request.user, register=key, token=request.POST.get("token", ""))
        messages.info(request, "已取消导入，上传的文件已删除")
        return redirect("workbook_import")
    if request.method == "POST" and "confirm" in request.POST:
        taken = previews.preview_take(user=request.user, register=key, token=request.POST.get("token", ""))
        if taken is None:
            messages.error(request, previews.EXPIRED)
            return redirect("workbook_import")
        data, township, filename = taken
        report = workbook.import_workbook(spec, data, filename, user=request.user, township=township, dry_run=False)
        if report.applied:
            messages.success(
                request, f"整镇导入完成：新增 {report.new} 条，更新 {report.updated} 条。请查看待整改提示。"
            )
            return redirect("grids:flags")
        context.update(report=report, form=ImportForm(user=request.user))
        return render(request, "core/workbook_import.html", context)

    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.XLSX_MAX_BYTES:
            form.add_error("file", f"文件过大：最大允许 {settings.XLSX_MAX_BYTES // (1024 * 1024)} MB")
        else:
            data = upload.read()
            township = _workbook_township(request, form)
            report = workbook.import_workbook(
                spec, data, upload.name, user=request.user, township=township, dry_run=True
            )
            context["report"] = report
            if report.ok:
                context["token"] = previews.preview_store(
                    user=request.user, register=key, township=township, filename=upload.name, data=data
                )
    context["form"] = form
    return render(request, "core/workbook_import.html", context)


# --- a new township (system administrator) ---------------------------------------------------


@login_required
def township_new(request):
    """The page behind ``manage.py create_township``: a township and its first office login."""
    if not request.user.has_role(SYSTEM_ROLES):
        raise PermissionDenied("只有系统管理员可以新建乡镇")
    form = TownshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = townships.township_create(
                name=data["name"],
                code=data["code"],
                office_username=data["office"],
                password=data["password"],
                full_name=data["office_name"],
            )
        except ValidationError as exc:
            for field_name, errors in exc.message_dict.items():
                form.add_error(field_name if field_name in form.fields else None, errors)
        else:
            return render(request, "core/township_created.html", {"created": created})
    return render(request, "core/township_new.html", {"form": form})
