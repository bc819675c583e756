"""A register list's table rows and filter drop-downs, written in Python rather than by the template
engine (``core.views.register_list``; templates/core/register_list.html places them).

Django's template engine costs some tens of microseconds per variable and tag: a list page of 50
rows × 7 columns and three drop-downs of about 130 villages and grids rendered ~46,000 template
nodes (60 % of the page's CPU). The same HTML comes from a loop here, escaped the way the
template escapes (``localize`` then ``conditional_escape``, dates by ``core.dates.label``):

- ``rows_html``: every row's cells; the detail link is reversed once per page and the row's key
  put into it (no ``{% url %}`` per row).
- ``filter_fields``: each filter's ``<select>``. The options come from the user's scope (villages,
  grids, categories ...), so they are kept in the cache per user and register for
  ``LIST_CHOICES_CACHE_SECONDS`` (60) and dropped on any write of a scoped row or an area
  (``core.dashboard.figures_changed``: the version in the key); only "selected" is per request.
"""

import html
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from core import dates

EMPTY = "没有符合条件的记录"
#: a key no row has, reversed once and replaced by each row's key
_PK = 9_876_543_210_123


def detail_link(register):
    """``link(pk)`` → the detail page's URL of the row ``pk`` (one ``reverse`` for the whole page)."""
    head, tail = reverse(register.url_name("detail"), args=[_PK]).split(str(_PK))
    return lambda pk: f"{head}{pk}{tail}"


def _cell(value, today) -> str:
    """What ``{{ value|cn_date }}`` renders: the date label, localised, escaped unless safe. Plain
    text and whole numbers (most cells) take the short way to the same HTML."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is int:
        return str(value)
    return conditional_escape(formats.localize(dates.label(value, "", today)))


def rows_html(register, objects) -> SafeString:
    """The ``<tr>`` of every row of the page: the register's columns, the link column to the detail."""
    columns = register.columns
    link = detail_link(register) if any(c.link for c in columns) else None
    today = timezone.localdate()
    opening = ['<td class="text-nowrap">' if c.no_wrap else "<td>" for c in columns]
    parts = []
    for obj in objects:
        parts.append("<tr>")
        for column, td in zip(columns, opening, strict=True):
            text = _cell(column.value(obj), today)
            if column.link:
                text = f'<a href="{escape(link(obj.pk))}">{text}</a>'
            parts.append(f"{td}{text}</td>")
        parts.append("</tr>\n")
    if not parts:
        parts.append(f'<tr><td colspan="{len(columns)}" class="text-muted">{EMPTY}</td></tr>')
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


def count_key(register, user, query) -> str:
    """What a list's row count depends on: the register, the user's scope (role, node, the user
    for the rows that name them), the filters and search of the query string (not the page or the
    sort) and the day (registers with "in force today" rows). The count's cache key
    (``core.queries.CachedCountPaginator``), so the count's SQL is not compiled to look it up."""
    params = sorted((k, v) for k, values in query.lists() if k not in ("page", "sort") for v in values)
    scope = (user.pk, user.is_superuser, user.role, user.scope_node_id)
    return f"{register.name}|{scope}|{params}|{timezone.localdate()}"


# --- filters -----------------------------------------------------------------------------------


@dataclass
class FilterField:
    html_name: str
    label: str
    options: SafeString


def _choices(field) -> list[tuple[str, str]]:
    """(value attribute, label) of each option of a filter's form field. A field without
    ``choices`` (a yes/no filter) takes its widget's 未知/是/否, 未知 being "all"."""
    choices = getattr(field.field, "choices", None)
    if choices is None:
        choices = [("" if v == "unknown" else v, t) for v, t in getattr(field.field.widget, "choices", ())]
    options = []
    for value, label in choices:
        if not value and value is not False:  # the empty choice: "<filter>：全部"
            label = f"{field.label}：全部"
        options.append(("" if value is None else str(value), label))
    return options


def _options(field) -> str:
    """A filter's ``<option>`` elements, none selected."""
    return "".join(
        f'<option value="{escape(value)}">{conditional_escape(label)}</option>' for value, label in _choices(field)
    )


def _fields(filterset) -> list[tuple[str, str, str]]:
    return [(field.html_name, str(field.label), _options(field)) for field in filterset.form]


def _cached_fields(register, filterset, user) -> list[tuple[str, str, str]]:
    """(html name, label, options) of each filter, from the cache when the same user's list was
    shown less than ``LIST_CHOICES_CACHE_SECONDS`` ago and nothing was written since."""
    seconds = settings.LIST_CHOICES_CACHE_SECONDS
    if not seconds:
        return _fields(filterset)
    from core.dashboard import version

    key = f"list-filters:{version()}:{user.pk}:{register.name}"
    fields = cache.get(key)
    if fields is None:
        fields = _fields(filterset)
        cache.set(key, fields, seconds)
    return fields


def _selected(field) -> str:
    """The request's value of a filter as its option's value attribute reads."""
    if getattr(field.field, "choices", None) is None:  # yes/no: the value as its widget writes it
        value = field.field.widget.format_value(field.value())
        return "" if value == "unknown" else value
    value = field.value()
    return "" if value is None else str(value)


def filter_fields(register, filterset, user) -> list[FilterField]:
    """The list's drop-downs, the request's choice selected. An unbound filter set (no filter in
    the query string) is not even built into a form: nothing is selected."""
    if filterset is None:
        return []
    fields = _cached_fields(register, filterset, user)
    selected = {}
    if filterset.is_bound:
        selected = {field.html_name: _selected(field) for field in filterset.form}
    result = []
    for html_name, label, options in fields:
        value = selected.get(html_name)
        if value:
            option = f'<option value="{escape(value)}">'
            options = options.replace(option, f"{option[:-1]} selected>", 1)
        result.append(FilterField(html_name, label, mark_safe(options)))  # noqa: S308 (escaped in _options)
    return result
