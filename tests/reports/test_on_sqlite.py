"""``make run`` keeps its data in SQLite (no server to install): the demo township's report and the
pages office staff open first must work there as on PostgreSQL. SQLite refuses some SQL that
PostgreSQL takes (an ORDER BY inside a UNION broke the report's service-centre figures)."""

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[2]

PAGES = """
from django.test import Client
from django.test.utils import override_settings
from accounts.models import User

client = Client(raise_request_exception=True)
with override_settings(ALLOWED_HOSTS=["*"]):
    for username in ("office", "leader", "secretary", "grid", "member"):
        client.force_login(User.objects.get(username=username))
        for url in ("/", "/reports/", "/worklog/timeline/", "/economy/incomes/", "/economy/cleanup/", "/r/households/"):
            response = client.get(url, follow=True)
            print("PAGE", username, url, response.status_code)
"""


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory):
    run = tmp_path_factory.mktemp("make-run")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{run / 'db.sqlite3'}",
        EMBEDDED_DIR=str(run),
        MEDIA_ROOT=str(run / "media"),
        CELERY_TASK_ALWAYS_EAGER="1",
    )
    for args in (["migrate", "--no-input", "-v0"], ["seed_demo"]):
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    return env, run


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


def test_the_demo_report_renders_on_sqlite_with_no_gap(sqlite_env):
    env, run = sqlite_env
    for out in (run / "report.pdf", run / "report.docx"):
        done = manage(env, "progress_report", "--period", "month", "--date", "2026-11-30", "--out", str(out))
        assert done.returncode == 0, done.stderr[-3000:]
    text = subprocess.run(["pdftotext", str(run / "report.pdf"), "-"], capture_output=True, text=True).stdout
    assert "工作进展情况报告（2026年11月）" in text and "党群服务中心" in text
    assert "暂无数据" not in text
    paragraphs = "\n".join(p.text for p in docx.Document(run / "report.docx").paragraphs)
    assert "党群服务中心" in paragraphs and "暂无数据" not in paragraphs


def test_the_first_pages_of_each_role_open_on_sqlite(sqlite_env):
    env, _run = sqlite_env
    done = manage(env, "shell", "--no-imports", input=PAGES)
    assert done.returncode == 0, done.stderr[-3000:]
    pages = [line.split() for line in done.stdout.splitlines() if line.startswith("PAGE ")]
    assert len(pages) == 30
    assert all(status in {"200", "403"} for *_rest, status in pages), pages
