"""The home page's figures come from the cache between writes (at most a minute old); a list's row
count likewise. Any save of a scoped row or an applied import drops them."""

from django.core.cache import cache
from django.urls import reverse

from core.dashboard import VERSION_KEY
from tests import factories as f


def test_the_home_page_is_computed_once_then_served_from_the_cache_until_a_write(
    settings, personas, login, world, django_assert_max_num_queries
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.delete(VERSION_KEY)
    client = login(personas.office)
    first = client.get(reverse("dashboard"))
    assert first.status_code == 200
    with django_assert_max_num_queries(4):  # session, user, scope node; the panels from the cache
        again = client.get(reverse("dashboard"))
    assert again.status_code == 200 and again.context["panels"] == first.context["panels"]
    f.HouseholdFactory(grid=world.g1, name="钱七", number="H9")  # a write drops the cached figures
    with django_assert_max_num_queries(100) as queries:
        client.get(reverse("dashboard"))
    assert len(queries) > 4


def test_a_list_count_is_reused_for_the_same_query_until_a_write(settings, personas, login, world):
    settings.LIST_COUNT_CACHE_SECONDS = 60
    cache.delete(VERSION_KEY)
    client = login(personas.office)
    url = reverse("households_list")
    assert client.get(url).context["page"].paginator.count == 3
    f.HouseholdFactory(grid=world.g1, name="钱七", number="H9")
    assert client.get(url).context["page"].paginator.count == 4
