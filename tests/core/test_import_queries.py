"""The web import (an office user, scope checked) takes a fixed number of queries whatever the
number of rows: new rows and updates, previewed and applied (issue 10: 214 queries for 200 rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import imports
from core.registers import get_register
from tests.grids.test_imports import HOUSEHOLD_HEADERS, household_row, sheet


def queries_of(rows, user, township, dry_run):
    data = sheet(HOUSEHOLD_HEADERS, rows)
    with CaptureQueriesContext(connection) as queries:
        report = imports.run_import(
            get_register("households"), data, "h.xlsx", user=user, township=township, dry_run=dry_run
        )
    assert report.ok, report.problems[:3]
    return len(queries)


@pytest.mark.parametrize("dry_run", [True, False])
def test_importing_households_as_office_takes_the_same_queries_for_5_and_50_rows(world, personas, dry_run):
    grids = ["T1V1G1", "T1V1G2", "T1V2G1"]
    counts = {}
    for size in (5, 50):
        new = [household_row(f"S{size}-{i}", grid=grids[i % 3]) for i in range(size)]
        counts[("new", size)] = queries_of(new, personas.office, world.t1, dry_run)
        if not dry_run:  # the same rows again with another phone: updates
            changed = [row[:3] + ["13900000000"] + row[4:] for row in new]
            counts[("update", size)] = queries_of(changed, personas.office, world.t1, dry_run)
    assert counts[("new", 5)] == counts[("new", 50)], counts
    if not dry_run:
        assert counts[("update", 5)] == counts[("update", 50)], counts
    assert max(counts.values()) <= 40, counts


def test_an_import_past_the_old_batch_size_writes_once(world, personas):
    """The rows are written in one go at the end, not per 2,000-row batch: 10 rows and 2,100 rows
    take the same statements, new and updated."""
    counts = {}
    for size in (10, 2100):
        new = [household_row(f"B{size}-{i}", grid="T1V1G1") for i in range(size)]
        counts[("new", size)] = queries_of(new, personas.office, world.t1, dry_run=False)
        changed = [row[:3] + ["13900000000"] + row[4:] for row in new]
        counts[("update", size)] = queries_of(changed, personas.office, world.t1, dry_run=False)
    assert counts[("new", 10)] == counts[("new", 2100)], counts
    assert counts[("update", 10)] == counts[("update", 2100)], counts
