"""Run every benchmark in turn (make bench). Reseeds the county demo only with --seed.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/run_all.py [--seed]
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "rankings.py",
    "ranking_page.py",
    "notice_pdf.py",
    "import_households.py",
    "import_workbook.py",
    "id_numbers.py",
    "report.py",
    "stars_pages.py",
    "worklog.py",
    "economy.py",
]


def main():
    scripts = (["seed_county.py"] if "--seed" in sys.argv else []) + SCRIPTS
    failed = []
    for script in scripts:
        print(f"==> bench/{script}", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)]).returncode:
            failed.append(script)
    if failed:
        raise SystemExit(f"失败：{'、'.join(failed)}")


if __name__ == "__main__":
    main()
