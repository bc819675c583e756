"""township.selectors.colours_on: every village's colour on a day (None when not yet rated)."""

import datetime

import pytest

from township.models import VillageColour
from township.selectors import colours_on

pytestmark = pytest.mark.django_db


def colour(village, colour, day):
    VillageColour.objects.create(
        township=village.parent, village=village, colour=colour, effective_from=day, reason="周例会研判"
    )


def test_the_latest_entry_on_or_before_the_day(world, count_queries):
    colour(world.v1, "red", datetime.date(2025, 3, 1))
    colour(world.v1, "green", datetime.date(2025, 12, 31))
    colour(world.v2, "yellow", datetime.date(2026, 1, 5))
    with count_queries() as q:
        found = colours_on(world.t1, datetime.date(2025, 12, 31))
    assert len(q) == 1
    assert found == {world.v1.pk: "green", world.v2.pk: None}
    assert colours_on(world.t1, datetime.date(2025, 12, 30)) == {world.v1.pk: "red", world.v2.pk: None}
