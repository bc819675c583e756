"""Benchmark: a whole township from one workbook (create_township, then import_workbook).

A township of the demo's size: 30 villages, 100 grids, 100 party groups, 10,000 households,
1,500 members (each village's secretary among them), 300 grid staff, 100 central households.
Everything runs inside one transaction that is rolled back, so the database is left as it was.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/import_workbook.py
"""

import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from core import workbook  # noqa: E402
from core.demo import DemoContext  # noqa: E402
from core.townships import township_create  # noqa: E402


def build(villages=30, grids_per_village=(3, 4), households=10_000, members=1_500, seed=11) -> bytes:
    ctx = DemoContext(rng=random.Random(seed), scale="township", today=datetime.date(2026, 12, 1))
    rng = ctx.rng
    book = openpyxl.Workbook(write_only=True)
    sheets = {}
    for title, headers in (
        ("行政村", ["村编码", "村名称", "是否社区", "党支部书记身份证号", "书记任职日期", "备注"]),
        ("网格", ["网格编码", "网格名称", "所属村编码", "已建网格党支部", "备注"]),
        ("网格党小组", ["党小组编码", "党小组名称", "所属网格编码", "组长身份证号", "备注"]),
        ("户", ["户号", "户主姓名", "户主身份证号", "联系电话", "住址", "家庭人口", "户类别", "所属网格编码",
               "网格党小组编码", "备注"]),
        ("党员", ["身份证号", "姓名", "联系电话", "入党日期", "党员类别", "积分分层", "所属网格编码", "网格党小组编码",
                "户号", "备注"]),
        ("网格员", ["身份证号", "姓名", "网格职务", "人员来源", "联系电话", "所属网格编码"]),
        ("党员中心户", ["中心户党员身份证号", "党员姓名", "包联户号", "备注"]),
    ):  # fmt: skip
        sheets[title] = book.create_sheet(title)
        sheets[title].append(headers)
    grids = []
    village_rows = []
    for v in range(villages):
        code = f"B{v:02d}"
        village_rows.append([code, f"基准{v}村"])
        for g in range(rng.choice(grids_per_village) if len(grids) < 100 - (villages - v - 1) * 3 else 3):
            grids.append((f"{code}G{g}", code))
    grids = grids[:100]
    for code, village in grids:
        sheets["网格"].append([code, f"{village}村{code[-2:]}网格", village, "是", ""])
        sheets["网格党小组"].append([f"{code}P1", f"{code}党小组", code, "", ""])
    people = []
    for i in range(households):
        grid, _village = grids[i % len(grids)]
        gender = "M" if rng.random() < 0.8 else "F"
        name, number = ctx.person_name(gender), ctx.id_number(ctx.birth_date(25, 90), gender)
        people.append((name, number, grid, f"H{i:05d}"))
        sheets["户"].append(
            [f"H{i:05d}", name, number, ctx.phone(), "东街", rng.randint(1, 6), "一般户", grid, f"{grid}P1", ""]
        )
    chosen = people[:members]
    secretaries = {}
    for name, number, grid, household in chosen:
        joined = ctx.date_between(datetime.date(1970, 1, 1), datetime.date(2024, 1, 1))
        sheets["党员"].append([number, name, "", joined, "正式党员", "普通农村党员", grid, f"{grid}P1", household, ""])
        village = grid.split("G")[0]
        secretaries.setdefault(village, (name, number))
    for code, name in village_rows:
        secretary = secretaries.get(code, ("", ""))
        sheets["行政村"].append([code, name, "否", secretary[1], "2021年1月1日", ""])
    for grid, village in grids:
        name, number = secretaries[village]
        sheets["网格员"].append([number, name, "网格长", "支部书记", "", grid])
    for k, (name, number, grid, _household) in enumerate(chosen[100:300]):
        sheets["网格员"].append([number, name, "全科网格员" if k % 2 else "网格辅助员", "党员代表", "", grid])
    linked = iter(people[members:])
    for name, number, _grid, _household in chosen[300:400]:
        numbers = "、".join(next(linked)[3] for _ in range(5))
        sheets["党员中心户"].append([number, name, numbers, ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(label, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<34} {time.perf_counter() - start:7.2f} s")
    return result


class Rollback(Exception):
    pass


STEPS = []


def _timing(original):
    def wrapper(register, dataset, **kwargs):
        start = time.perf_counter()
        try:
            return original(register, dataset, **kwargs)
        finally:
            STEPS.append((register.label, len(dataset), time.perf_counter() - start))

    return wrapper


def steps(label):
    print("    " + "，".join(f"{title} {rows} 行 {seconds:.2f} s" for title, rows, seconds in STEPS))
    STEPS.clear()


def main():
    from core import imports

    workbook.imports.import_dataset = _timing(imports.import_dataset)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    data = timed("write the workbook (openpyxl)", build)
    spec = workbook.get_workbook("township")
    try:
        with transaction.atomic():
            created = township_create(
                name="基准工作簿镇", code="BENCHWB", office_username="bench_wb", password="Bench-2026-wb!"
            )
            township = created.township
            preview = timed("preview (every sheet, rolled back)", lambda: workbook.import_workbook(
                spec, data, "b.xlsx", user=created.office, township=township, dry_run=True))  # fmt: skip
            assert preview.ok, preview.problems[:5]
            steps("preview")
            report = timed("apply", lambda: workbook.import_workbook(
                spec, data, "b.xlsx", user=created.office, township=township, dry_run=False))  # fmt: skip
            assert report.applied, report.problems[:5]
            steps("apply")
            for sheet in report.sheets:
                print(f"  {sheet.title}: {sheet.report.new} 新增")
            again = timed("the same workbook again (unchanged)", lambda: workbook.import_workbook(
                spec, data, "b.xlsx", user=created.office, township=township, dry_run=False))  # fmt: skip
            assert again.applied and again.new == again.updated == 0
            steps("again")
            raise Rollback
    except Rollback:
        print("rolled back: the database is as it was")


if __name__ == "__main__":
    main()
