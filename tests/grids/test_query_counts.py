"""A page's query count does not grow with the data: the same ceiling at two data sizes."""

import pytest
from django.urls import reverse

from tests.factories import (
    CentralHouseholdFactory,
    GridFactory,
    GridStaffFactory,
    HouseholdFactory,
    MemberFactory,
    PartyGroupFactory,
    VillageFactory,
    link,
)

CEILING = 25
# The dashboard gathers one panel per app (each a few aggregate queries); fixed, but higher.
DASHBOARD_CEILING = 40


def grow(world, n):
    """Add n more of everything to township t1 (and to the secretary's village v1)."""
    for _ in range(n):
        GridStaffFactory(grid=world.g1)
        link(CentralHouseholdFactory(member=MemberFactory(grid=world.g2)), HouseholdFactory(grid=world.g2))
        village = VillageFactory(parent=world.t1)
        grid = GridFactory(parent=village)
        PartyGroupFactory(parent=grid)
        household = HouseholdFactory(grid=grid)
        member = MemberFactory(grid=grid)
        GridStaffFactory(grid=grid)
        link(CentralHouseholdFactory(member=member), household)
        HouseholdFactory(grid=world.g1)


def pages(world):
    yield reverse("dashboard")
    yield reverse("grids:tree")
    yield reverse("grids:tree_node", args=[world.v1.pk])
    yield reverse("grids:tree_node", args=[world.g1.pk])
    yield reverse("grids:flags")
    for name in ("villages", "grids", "party_groups", "households", "members", "grid_staff", "central_households"):
        yield reverse(f"{name}_list")
        yield reverse(f"{name}_list") + "?sort=-pk"
    yield reverse("households_list") + "?q=zs"
    yield reverse("members_list") + "?q=l"
    yield reverse("villages_detail", args=[world.v1.pk])
    yield reverse("grids_detail", args=[world.g1.pk])
    yield reverse("households_detail", args=[world.h1.pk])
    yield reverse("members_detail", args=[world.m1.pk])
    yield reverse("households_edit", args=[world.h1.pk])
    yield reverse("households_export")


def counts(client, world, count_queries):
    result = {}
    for url in pages(world):
        with count_queries() as q:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(q)
    return result


@pytest.mark.parametrize("role", ["office", "secretary"])
def test_query_counts_are_fixed_and_under_the_ceiling(role, world, personas, login, count_queries):
    client = login(getattr(personas, role))
    grow(world, 1)  # at least one row of every kind, so both sizes render full pages
    small = counts(client, world, count_queries)
    grow(world, 8)
    large = counts(client, world, count_queries)
    for url, n in large.items():
        assert n <= (DASHBOARD_CEILING if url == reverse("dashboard") else CEILING), (url, n)
        assert n == small[url], (url, small[url], n)
