"""The home page's figures come from the cache between writes (at most a minute old); a list's row
count likewise. Any save of a scoped row or an applied import drops them."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.dashboard import VERSION_KEY, cached_panels, figures_changed
from tests import factories as f


def test_the_home_page_is_computed_once_then_served_from_the_cache_until_a_write(settings, personas, login, world, rf):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.delete(VERSION_KEY)
    assert login(personas.office).get(reverse("dashboard")).status_code == 200
    request = rf.get("/")
    request.user = personas.office
    figures_changed()  # the page above filled the cache: start from a fresh version
    with CaptureQueriesContext(connection) as computed:
        first = cached_panels(request)
    assert first
    with CaptureQueriesContext(connection) as cached:  # the panels from the cache (a form panel aside)
        assert cached_panels(request) == first
    assert len(cached) < len(computed)
    f.HouseholdFactory(grid=world.g1, name="钱七", number="H9")  # a write drops the cached figures
    with CaptureQueriesContext(connection) as queries:
        cached_panels(request)
    assert len(queries) > len(cached)


def test_a_list_count_is_reused_for_the_same_query_until_a_write(settings, personas, login, world):
    settings.LIST_COUNT_CACHE_SECONDS = 60
    cache.delete(VERSION_KEY)
    client = login(personas.office)
    url = reverse("households_list")
    assert client.get(url).context["page"].paginator.count == 3
    f.HouseholdFactory(grid=world.g1, name="钱七", number="H9")
    assert client.get(url).context["page"].paginator.count == 4
