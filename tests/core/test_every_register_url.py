"""Every register's every page answers office staff without a server error (a 500 is a bug), and
every register's export takes the same number of queries for one row as for all of them."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from core import exports
from core.registers import REGISTRY

EXPORT_QUERY_CEILING = 6


@pytest.mark.django_db
def test_every_register_url_answers_office_without_a_server_error(client, settings):
    call_command("seed_demo", "--scale", "small", "--seed", "3", "--today", "2026-11-15", stdout=io.StringIO())
    office = User.objects.get(username="office")
    client.force_login(office)
    client.raise_request_exception = False
    failures = []
    for name, reg in sorted(REGISTRY.items()):
        obj = reg.get_queryset(office).order_by("pk").first()
        urls = [("get", reverse(reg.url_name(a))) for a in ("list", "export", "template", "import", "create")]
        if obj is not None:
            urls += [("get", reverse(reg.url_name(a), args=[obj.pk])) for a in ("detail", "edit")]
            urls.append(("post", reverse(reg.url_name("reveal"), args=[obj.pk])))
        for method, url in urls:
            response = getattr(client, method)(url)
            if response.status_code >= 500:
                failures.append(f"{name} {method.upper()} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)

    growing = []
    for name, reg in sorted(REGISTRY.items()):
        if not reg.exportable:
            continue
        queryset = reg.get_queryset(office).order_by(*reg.default_ordering)
        counts = []
        for rows in (queryset[:1], queryset):
            with CaptureQueriesContext(connection) as queries:
                exports.export_bytes(reg, rows, user=office)
            counts.append(len(queries))
        # A prefetch runs only when the rows have related rows (one row may have none: one query
        # fewer); a query per row would add one for each of the other rows.
        if not 0 <= counts[1] - counts[0] <= 1 or counts[1] > EXPORT_QUERY_CEILING:
            growing.append(f"{name}: {counts[0]} queries for 1 row, {counts[1]} for {queryset.count()}")
    assert not growing, "\n".join(growing)


@pytest.mark.django_db
def test_revealing_a_record_without_an_id_number_answers_404_and_logs_nothing(personas, login, world):
    from accounts.models import IdRevealLog

    client = login(personas.office)
    assert client.post(reverse("villages_reveal", args=[world.v1.pk])).status_code == 404
    assert client.post(reverse("visits_reveal", args=[1])).status_code == 404
    assert not IdRevealLog.objects.exists()
    response = client.post(reverse("households_reveal", args=[world.h1.pk]))
    assert response.status_code == 200 and response.content.decode() == world.h1.id_number
    assert IdRevealLog.objects.count() == 1
