"""Bad query parameters never give a 500: every page without path arguments, read from the URL
resolver, is requested with NUL characters, impossible years and dates and non-numeric ids."""

from unittest.mock import patch

import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.params import BAD_DATE, BAD_INT, BAD_TEXT, BAD_YEAR

# The bad values of each kind of parameter; a parameter whose kind is not known gets all of them.
TEXT = ["a\x00b"]
YEAR = ["-1", "10000"]
DATE = ["9999-12-31"]
ID = ["abc", "9" * 30]
KINDS = {
    "year": YEAR, "month": ["9999-12", "0000-01"],
    "on_date": DATE, "date": DATE, "date_from": DATE, "date_to": DATE,
    "page": ID, "village": ID, "township": ID, "household": ID, "grid": ID, "member": ID, "cadre": ID,
}  # fmt: skip
EVERY_VALUE = ["abc", "-1", "9999-12-31"]
SKIPPED_NAMES = {"logout"}


def _takes_no_arguments(pattern):
    return pattern.name not in (None, *SKIPPED_NAMES) and "<" not in str(pattern.pattern)


def _list_urls(patterns=None, prefix=""):
    """Names of the URL patterns that take no path arguments (lists, dashboards, forms)."""
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _list_urls(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and _takes_no_arguments(pattern):
            names.append(f"{prefix}{pattern.name}")
    return sorted(set(names))


URL_NAMES = _list_urls()


def test_the_table_reaches_the_list_pages():
    assert {"households_list", "members_list", "grids:flags", "dashboard"} <= set(URL_NAMES)
    assert len(URL_NAMES) > 25


def parameters_read(client, url):
    """The query parameters a page reads, found by recording every key looked up in request.GET
    while the page renders (views, filter forms, helpers alike)."""
    read = set()
    original_get, original_getitem, original_getlist = QueryDict.get, QueryDict.__getitem__, QueryDict.getlist

    def get(self, key, default=None):
        read.add(key)
        return original_get(self, key, default)

    def getitem(self, key):
        read.add(key)
        return original_getitem(self, key)

    def getlist(self, key, default=None):
        read.add(key)
        return original_getlist(self, key, default)

    with (
        patch.object(QueryDict, "get", get),
        patch.object(QueryDict, "__getitem__", getitem),
        patch.object(QueryDict, "getlist", getlist),
    ):
        client.get(url, {"_probe": "1"})
    return sorted(read - {"_probe", "csrfmiddlewaretoken"})


@pytest.mark.parametrize("name", URL_NAMES)
def test_bad_query_parameters_give_a_400_or_a_page_never_a_500(name, world, personas, client):
    url = reverse(name)
    for persona, only in ((personas.office, None), (personas.admin, {"township"})):  # the admin picks a township
        client.force_login(persona)
        for parameter in parameters_read(client, url):
            if only is not None and parameter not in only:
                continue
            for value in KINDS.get(parameter, EVERY_VALUE) + TEXT:
                response = client.get(url, {parameter: value})
                assert response.status_code in (200, 302, 400, 403, 404, 405), (url, parameter, repr(value))
                if response.status_code == 400:
                    text = response.content.decode()
                    messages = (BAD_TEXT, BAD_INT, BAD_YEAR, BAD_DATE)
                    assert any(m.split("“")[0] in text for m in messages), text[:300]


def test_the_probe_finds_the_parameters_a_page_reads(world, personas, client):
    client.force_login(personas.office)
    assert {"q", "sort", "village", "grid"} <= set(parameters_read(client, reverse("households_list")))
    assert "year" in parameters_read(client, reverse("points:rankings"))


def test_a_nul_in_the_register_search_is_a_chinese_400(world, personas, client):
    client.force_login(personas.office)
    response = client.get(reverse("households_list"), {"q": "张\x00"})
    assert response.status_code == 400
    assert "不能包含空字符" in response.content.decode()


def test_a_year_out_of_range_is_a_chinese_400(world, personas, client):
    client.force_login(personas.office)
    for year in ("-1", "10000", "abc"):
        response = client.get(reverse("points:rankings"), {"year": year})
        assert response.status_code == 400, year
        assert "年份" in response.content.decode()


FORM_FIELDS = [
    "grid", "village", "household", "member", "party_group", "township", "cadre", "item", "secretary", "leader",
    "parent", "households", "members", "rule_book", "category", "visited_on", "found_on", "deadline", "points",
    "name", "number", "code", "id_number_input", "population", "year", "month", "period", "date",
]  # fmt: skip
FORM_URLS = [name for name in URL_NAMES if name.endswith(("_create", "new", "record", "log", "compute", "import"))]


@pytest.mark.parametrize("value", ["abc", "9" * 30, "-1", "a\x00b", "9999-12-31"])
def test_non_numeric_ids_and_nul_in_form_fields_give_a_form_error_or_400(value, world, personas, client):
    assert len(FORM_URLS) > 8
    client.force_login(personas.office)
    for name in FORM_URLS:
        response = client.post(reverse(name), {field: value for field in FORM_FIELDS})
        # 404: a register whose rows are not created from a form (point entries are recorded elsewhere)
        assert response.status_code in (200, 302, 400, 403, 404), (name, repr(value), response.status_code)
