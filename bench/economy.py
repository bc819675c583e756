"""The four key points (四个重点) at size: register imports, the income page and the ledger lists.

Goals: a contract sheet of 5,000 rows previewed and imported at ≥ 1,000 rows a second (each row
resolves its organisation, parses two dates and an amount in 元 or 万元, and is checked against
the ledger's rules and the other rows); each register's own export re-imported (every row an
unchanged update); the income page, the 清化收 page and every ledger list at a fixed query count
(≤ 25) in < 200 ms, for the demo office (one township) and for the administrator (the whole county,
e.g. 15 townships × 30 villages × about 27 contracts).

It reads the demo data already in the database (``seed_demo``, any scale) and writes nothing that
stays: each import runs in a transaction rolled back at the end. Times are wall-clock and CPU
(``time.process_time``: on a shared machine the wall time mostly measures the queue for a core),
the median of a few runs; the query count of each page is read once after a warm-up.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/economy.py [--rows 5000]
"""

import argparse
import datetime
import io
import statistics
import time
import warnings

from _setup import setup

setup()
warnings.filterwarnings("ignore", message="No directory at")

import openpyxl  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from core.imports import export_bytes, run_import  # noqa: E402
from core.registers import get_register  # noqa: E402
from economy.models import Contract, EconomicOrganisation  # noqa: E402

CONTRACT_HEADERS = ["组织编码", "合同编号", "承包（租赁）方", "标的类别", "标的名称", "面积（亩）", "合同金额（元）",
                    "起始日期", "到期日期", "清查结果", "发现问题"]  # fmt: skip
SUBJECTS = ("土地", "房屋", "林地", "水面", "设备", "其他")
STATUSES = ("规范", "规范", "规范", "需整改", "已整改", "已终止")
LISTS = ("contracts", "claims_and_debts", "assets", "economic_organisations", "collective_incomes",
         "management_systems", "duty_lists", "village_rules")  # fmt: skip
REPEAT = 5


class Rollback(Exception):
    pass


def measured(func, repeat=1):
    """(median wall seconds, median CPU seconds, the last result)."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def contract_sheet(orgs, rows: int) -> bytes:
    """``rows`` new contracts over the township's organisations, dates written three ways."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(CONTRACT_HEADERS)
    for n in range(rows):
        org = orgs[n % len(orgs)]
        start = datetime.date(2015 + n % 10, 1 + n % 12, 1 + n % 28)
        starts = (start, f"{start.year}.{start.month}.{start.day}", f"{start.year}年{start.month}月{start.day}日")[
            n % 3
        ]
        status = STATUSES[n % len(STATUSES)]
        sheet.append(
            [org.code, f"BENCH-{n + 1:05d}", f"承包户{n % 997}", SUBJECTS[n % len(SUBJECTS)], "村东耕地",
             round(1 + (n % 500) / 10, 1), 1000 + (n % 3000) * 10 + (n % 100) / 100, starts,
             datetime.date(start.year + 5, start.month, start.day), status,
             "承包费偏低" if status in ("需整改", "已整改") else ""]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rolled_back(func):
    """Run ``func`` in a transaction that is always rolled back (nothing the import wrote stays)."""
    holder = {}

    def run():
        try:
            with transaction.atomic():
                holder["result"] = func()
                raise Rollback
        except Rollback:
            pass
        return holder["result"]

    return run


def bench_imports(office, rows: int):
    township = office.scope_node
    orgs = list(EconomicOrganisation.objects.filter(township=township).order_by("code"))
    if not orgs:
        raise SystemExit("库中没有集体经济组织：请先运行 seed_demo")
    register = get_register("contracts")
    data = contract_sheet(orgs, rows)
    print(f"导入（{township.name}，{len(orgs)}个集体经济组织；每次在回滚的事务里运行）")
    for label, dry in (("预览（全部校验，不写库）", True), ("正式导入", False)):

        def once(dry=dry):
            report = run_import(register, data, "合同台账.xlsx", user=office, township=township, dry_run=dry)
            assert report.ok, [str(p) for p in report.problems[:5]]
            return report

        wall, cpu, report = measured(rolled_back(once), repeat=3)
        print(
            f"  合同台账 {rows:,} 行新增 {label:14s} 中位 {wall:6.2f} s（CPU {cpu:5.2f} s）"
            f" {rows / wall:7,.0f} 行/秒（按 CPU {rows / cpu:6,.0f} 行/秒）"
        )
    for name in ("collective_incomes", "economic_organisations", "contracts", "claims_and_debts", "assets",
                 "management_systems", "duty_lists", "village_rules"):  # fmt: skip
        reg = get_register(name)
        queryset = reg.get_queryset(office)
        exported = export_bytes(reg, queryset, user=office)
        count = queryset.count()

        def again(reg=reg, exported=exported):
            report = run_import(reg, exported, f"{reg.name}.xlsx", user=office, township=township, dry_run=False)
            assert report.ok, [str(p) for p in report.problems[:5]]
            return report

        wall, cpu, _ = measured(rolled_back(again), repeat=3)
        rate = f"{count / wall:7,.0f} 行/秒" if count else ""
        print(f"  {reg.label:10s} 导出再导入（{count:,} 行未变化）  中位 {wall:6.2f} s（CPU {cpu:5.2f} s） {rate}")


def bench_pages(user, label, township_query=""):
    client = Client()
    client.force_login(user)
    cases = [
        ("集体经济目标与完成", reverse("economy:incomes") + township_query),
        ("清化收汇总", reverse("economy:cleanup") + township_query),
    ]
    cases += [(get_register(name).label, reverse(f"{name}_list")) for name in LISTS]
    first = Contract.objects.for_user(user).order_by("pk").first()
    if first is not None:
        cases.append(("合同详情（含文件）", reverse("contracts_detail", args=[first.pk])))
    print(label)
    for name, url in cases:
        response = client.get(url)  # warm up
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries)  # read now: the captured list is a slice of the live query log
        wall, cpu, _ = measured(lambda u=url: client.get(u), repeat=REPEAT)
        flag = "" if count <= 25 else "  超过 25 条"
        print(f"  {name:12s} {count:3d} 次查询  中位 {wall * 1000:7.1f} ms（CPU {cpu * 1000:6.1f} ms）{flag}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="合同台账新增的行数（默认 5000）")
    parser.add_argument("--skip-imports", action="store_true", help="只测页面")
    args = parser.parse_args()
    office = User.objects.get(username="office")
    admin = User.objects.get(username="admin")
    contracts = Contract.objects.count()
    townships = EconomicOrganisation.objects.values("township").distinct().count()
    print(f"库中：{townships}个乡镇有集体经济组织，合同 {contracts:,} 份")
    if not args.skip_imports:
        bench_imports(office, args.rows)
    bench_pages(office, f"页面（镇办公室：{office.scope_node.name}）")
    bench_pages(admin, "页面（系统管理员：全县）", f"?township={office.scope_node.pk}")


if __name__ == "__main__":
    main()
