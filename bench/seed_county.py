"""Time ``seed_demo --scale county --reset`` end to end (goal: < 5 minutes), per seeder as printed.

Flushes the database first, so it runs only on a database whose name contains "bench".

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/seed_county.py
"""

import os
import subprocess
import sys
import time

from _setup import ROOT, require_bench_database, setup

setup()
require_bench_database()


def main():
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, check=True)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--scale", "county", "--reset"],
        cwd=ROOT,
        env={**os.environ, "LOG_LEVEL": "INFO"},
        capture_output=True,
        text=True,
    )
    total = time.perf_counter() - start
    for line in result.stdout.splitlines() + result.stderr.splitlines():
        if "秒" in line:
            print(line)
    if result.returncode:
        print(result.stderr[-3000:])
        raise SystemExit(result.returncode)
    verdict = "达到" if total < 300 else "未达到"
    print(f"seed_demo --scale county 总用时（含进程启动）：{total:.1f} 秒；目标 < 300 秒：{verdict}")


if __name__ == "__main__":
    main()
