"""Fixed query ceilings: each page's query count does not grow with the data (two sizes)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from economy import services
from tests.economy.conftest import claim, contract, income, organisation
from tests.factories import VillageFactory

pytestmark = pytest.mark.django_db
CEILING = 25


def grow(world, villages, start=0):
    for n in range(start, start + villages):
        village = VillageFactory(name=f"加{n}村", code=f"T1X{n:03d}", parent=world.t1)
        income(village, target=Decimal(n + 1), actual=Decimal(n) / 2, route="assets", to_lift=n % 2 == 0)
        org = organisation(village, f"N{n}", contracts_checked=True)
        contract(org, f"HT{n}")
        owed = claim(org, number=f"ZW{n}", kind="debt" if n % 2 else "claim")
        services.entry_add(owed, amount=Decimal("10"), entry_on=owed.arose_on, today=owed.arose_on)


def counts(login, user, urls, count_queries):
    result = {}
    client = login(user)
    for url in urls:
        client.get(url)  # warm the session and caches
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        result[url] = len(queries)
    return result


PAGES = [
    reverse("economy:incomes") + "?year=2026",
    reverse("collective_incomes_list"),
    reverse("economy:settings"),
    reverse("economy:cleanup"),
    reverse("economic_organisations_list"),
    reverse("contracts_list"),
    reverse("claims_and_debts_list"),
    reverse("assets_list"),
]


def test_a_claims_page_with_many_entries_keeps_its_query_count(world, personas, login, count_queries):
    org = organisation(world.v1, "NQ")
    owed = claim(org, amount="100000.00")
    url = reverse("claims_and_debts_detail", args=[owed.pk])
    sizes = []
    for _ in range(2):
        for _n in range(10):
            services.entry_add(owed, amount=Decimal("1"), entry_on=owed.arose_on, today=owed.arose_on)
        sizes.append(counts(login, personas.office, [url], count_queries)[url])
    assert sizes[0] == sizes[1] <= CEILING


def test_the_pages_query_counts_do_not_grow_with_the_data(world, personas, login, count_queries):
    grow(world, 3)
    small = counts(login, personas.office, PAGES, count_queries)
    grow(world, 40, start=3)
    large = counts(login, personas.office, PAGES, count_queries)
    assert small == large
    assert max(large.values()) <= CEILING, large
