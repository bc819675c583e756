"""Benchmark: importing households from a spreadsheet (new rows, the same rows with a changed
phone as updates, then the same file again, whose rows change nothing and are skipped).

Run on PostgreSQL (DESIGN.md's budget: ≥ 4,000 validated household rows a second):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench \
        .venv/bin/python bench/import_households.py --rows 10000

It makes its own township "基准测试镇" (and removes it afterwards), so it can run on any database
that has been migrated. Reported separately: writing the .xlsx, reading it (openpyxl read-only),
the dry run (validation, then rollback) and the applied import, for new rows and for updates;
each with its wall time, this process's CPU time and its SQL statements (fixed whatever the row
count: tests/core/test_import_queries.py). Goal (issue 10): >= 4,000 rows/s applied, new rows and
updates, on the web path.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402, F401  (the benchmarks' environment)
import django  # noqa: E402

django.setup()

import random  # noqa: E402

import tablib  # noqa: E402
from django.db import connection  # noqa: E402

from core.demo import DemoContext  # noqa: E402
from core.imports import import_dataset  # noqa: E402
from core.registers import REGISTRY  # noqa: E402
from core.xlsx import read_dataset, write_dataset  # noqa: E402
from grids.models import Household  # noqa: E402
from grids.resources import HouseholdResource  # noqa: E402
from places.choices import AreaKind  # noqa: E402
from places.models import Area  # noqa: E402

CODE = "BENCH"


def cleanup():
    """Remove the benchmark township with raw deletes (no cascade collector needed)."""
    from django.db import transaction

    with transaction.atomic():
        township_ids = list(Area.objects.filter(code=CODE).values_list("pk", flat=True))
        Household.history.filter(township_id__in=township_ids)._raw_delete(Household.history.db)
        Household.objects.filter(township_id__in=township_ids)._raw_delete(Household.objects.db)
        Area.history.filter(code__startswith=CODE)._raw_delete(Area.history.db)
        Area.objects.filter(code__startswith=CODE)._raw_delete(Area.objects.db)


def make_township(villages=30, grids_per_village=4):
    cleanup()
    township = Area.objects.create(kind=AreaKind.TOWNSHIP, name="基准测试镇", code=CODE)
    grids = []
    for v in range(villages):
        village = Area.objects.create(kind=AreaKind.VILLAGE, name=f"基准{v}村", code=f"{CODE}V{v}", parent=township)
        for g in range(grids_per_village):
            grids.append(
                Area.objects.create(
                    kind=AreaKind.GRID, name=f"基准{v}村{g}网格", code=f"{CODE}V{v}G{g}", parent=village
                )
            )
    return township, grids


def make_rows(n, grids, seed=7):
    import datetime

    ctx = DemoContext(rng=random.Random(seed), scale="township", today=datetime.date(2026, 11, 1))
    headers = HouseholdResource().import_columns()
    dataset = tablib.Dataset(headers=headers)
    for i in range(n):
        gender = "M" if ctx.rng.random() < 0.85 else "F"
        grid = grids[i % len(grids)]
        dataset.append(
            [
                f"{CODE}-{i:07d}",
                ctx.person_name(gender),
                ctx.id_number(ctx.birth_date(25, 85), gender),
                ctx.phone(),
                f"{grid.parent.name}东街{i % 200}号",
                ctx.rng.randint(1, 6),
                "一般户",
                grid.code,
                "",
                "",
            ]
        )
    return dataset


def timed(label, func, rows=None):
    """Run ``func``, print its wall time and this process's CPU time (``time.process_time``: what
    the Python side costs whatever else runs on the machine; the database's own work is not in it),
    with the SQL statements it sent."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        result = func()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    rate = f"  {rows / elapsed:>7,.0f} 行/秒（CPU {rows / cpu:>7,.0f} 行/秒）" if rows else ""
    print(f"{label:<28} {elapsed:7.2f} s  CPU {cpu:6.2f} s{rate}  {len(queries):>3} SQL")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument(
        "--command-path", action="store_true", help="import without a user (the command's path); default: as office"
    )
    args = parser.parse_args()
    township, grids = make_township()
    user = None
    if not args.command_path:  # the web path: an office account of the township, scope checked
        from accounts.models import User
        from accounts.roles import Role

        User.objects.filter(username="bench-office").delete()
        user = User.objects.create(username="bench-office", role=Role.OFFICE, scope_node=township)
    path = "command (no user)" if user is None else "web (office account, scope checked)"
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, rows: {args.rows}, path: {path}")
    register = REGISTRY["households"]
    try:
        dataset = make_rows(args.rows, grids)
        data = timed("write xlsx", lambda: write_dataset(dataset))
        dataset = timed("read xlsx (openpyxl)", lambda: read_dataset(data), args.rows)
        changed = tablib.Dataset(headers=dataset.headers)
        phone = dataset.headers.index("联系电话")
        for row in dataset:
            row = list(row)
            row[phone] = f"166{str(row[phone])[3:]}"  # demo phones start 13, 15, 17 or 18
            changed.append(row)
        # new rows; the same rows with a changed phone (updates); the same file again (unchanged,
        # skipped: no write, no history row)
        for phase, rows, expect in (("new rows", dataset, "new"), ("updates", changed, "updated"),
                                    ("unchanged", changed, "unchanged")):  # fmt: skip
            report = timed(
                f"dry run, {phase}",
                lambda rows=rows: import_dataset(register, rows, user=user, township=township, dry_run=True),
                args.rows,
            )
            assert report.ok, report.problems[:5]
            report = timed(
                f"apply, {phase}",
                lambda rows=rows: import_dataset(register, rows, user=user, township=township, dry_run=False),
                args.rows,
            )
            assert report.applied and getattr(report, expect) == args.rows, (report.new, report.updated)
        assert Household.objects.filter(township=township).count() == args.rows
    finally:
        if user is not None:
            Household.history.filter(history_user=user).update(history_user=None)
            user.delete()
        cleanup()


if __name__ == "__main__":
    main()
