"""Fixed query ceilings: each page's query count does not grow with the data (two sizes)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.economy.conftest import income
from tests.factories import VillageFactory

pytestmark = pytest.mark.django_db
CEILING = 25


def grow(world, villages, start=0):
    for n in range(start, start + villages):
        village = VillageFactory(name=f"加{n}村", code=f"T1X{n:03d}", parent=world.t1)
        income(village, target=Decimal(n + 1), actual=Decimal(n) / 2, route="assets", to_lift=n % 2 == 0)


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
]


def test_the_pages_query_counts_do_not_grow_with_the_data(world, personas, login, count_queries):
    grow(world, 3)
    small = counts(login, personas.office, PAGES, count_queries)
    grow(world, 40, start=3)
    large = counts(login, personas.office, PAGES, count_queries)
    assert small == large
    assert max(large.values()) <= CEILING, large
