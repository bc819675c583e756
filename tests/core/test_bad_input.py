"""Bad query parameters never give a 500: every page without path arguments, read from the URL
resolver, is requested with NUL characters, impossible years and dates and non-numeric ids."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.params import BAD_DATE, BAD_INT, BAD_TEXT, BAD_YEAR

# Every parameter name a page reads, with the bad values of its kind; NUL goes to every one.
TEXT = ["a\x00b"]
YEAR = ["-1"]
DATE = ["9999-12-31"]
ID = ["abc"]
PARAMETERS = {
    "q": TEXT, "sort": TEXT, "status": TEXT, "kind": TEXT, "tier": TEXT, "use": TEXT, "level": TEXT,
    "channel": TEXT, "category": TEXT, "colour": TEXT, "role": TEXT, "period": TEXT,
    "year": YEAR, "month": ["9999-12"],
    "on_date": DATE, "date": DATE, "date_from": DATE, "date_to": DATE, "deadline_before": DATE,
    "found_after": DATE, "joined_after": DATE,
    "page": ID, "village": ID, "township": ID, "household": ID, "grid": ID, "member": ID, "cadre": ID,
}  # fmt: skip
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


@pytest.mark.parametrize("name", URL_NAMES)
def test_bad_query_parameters_give_a_400_or_a_page_never_a_500(name, world, personas, client):
    url = reverse(name)
    client.force_login(personas.office)
    for parameter, values in PARAMETERS.items():
        for value in values:
            response = client.get(url, {parameter: value})
            assert response.status_code in (200, 302, 400, 403, 404, 405), (url, parameter, repr(value))
            if response.status_code == 400:
                text = response.content.decode()
                assert any(m.split("“")[0] in text for m in (BAD_TEXT, BAD_INT, BAD_YEAR, BAD_DATE)), text[:300]
    client.force_login(personas.admin)  # an administrator chooses a township by id
    for value in ("\x00", "10000", "0001-01-01", "9" * 30):
        response = client.get(url, {parameter: value for parameter in PARAMETERS})
        assert response.status_code in (200, 302, 400, 403, 404, 405), (url, "all", repr(value))


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
