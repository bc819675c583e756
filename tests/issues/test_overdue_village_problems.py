"""issues.selectors.overdue_village_problems: village problems open past their deadline on a day."""

import datetime

import pytest

from issues.choices import Level, Status
from issues.selectors import overdue_village_problems
from tests.issues.factories import ProblemFactory

pytestmark = pytest.mark.django_db
YEAR_END = datetime.date(2025, 12, 31)


def test_it_counts_what_was_open_and_late_on_the_day(world, count_queries):
    v = dict(level=Level.VILLAGE, found_on=datetime.date(2025, 3, 1))
    ProblemFactory(village=world.v1, deadline=datetime.date(2025, 6, 30), **v)  # open, late
    ProblemFactory(  # closed after the year ended: was still open and late on 31 December
        village=world.v1,
        deadline=datetime.date(2025, 6, 30),
        status=Status.DONE,
        result="已整改",
        verified_by="王",
        closed_on=datetime.date(2026, 1, 10),
        **v,
    )
    ProblemFactory(  # closed within the year
        village=world.v1,
        deadline=datetime.date(2025, 6, 30),
        status=Status.DONE,
        result="已整改",
        verified_by="王",
        closed_on=datetime.date(2025, 7, 1),
        **v,
    )
    ProblemFactory(village=world.v1, deadline=datetime.date(2026, 3, 31), **v)  # not due yet
    ProblemFactory(village=world.v1, deadline=None, status=Status.ONGOING, **v)  # 长期坚持
    ProblemFactory(village=world.v2, deadline=datetime.date(2025, 12, 31), **v)  # due on the day: in time
    ProblemFactory(township=world.t1, deadline=datetime.date(2025, 5, 1), found_on=datetime.date(2025, 3, 1))  # 党委
    ProblemFactory(village=world.v3, deadline=datetime.date(2025, 6, 30), **v)  # another township
    with count_queries() as q:
        found = overdue_village_problems(world.t1, YEAR_END)
    assert len(q) == 1
    assert found == {world.v1.pk: 2}
