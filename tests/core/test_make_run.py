"""``make run``'s wiring: ``manage.py rundev`` starts a Celery worker and beat on the embedded
broker (kombu's filesystem transport under EMBEDDED_DIR, no Redis), a task sent the way the app
sends them runs in the worker, and Ctrl+C (or the launcher dying) leaves no process behind."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from core.models import TaskRun, TaskRunStatus

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)

SENDER = """
from django.core.cache import cache
from django.db import transaction
from config.celery import app
from core import outbox

beat = app.send_task("township.tasks.heartbeat").get(timeout=60)
print("RESULT", beat, cache.get("celery-heartbeat") == beat)
with transaction.atomic():
    message = outbox.enqueue("issues.tasks.mark_overdue_problems", today="2025-07-15")
print("SENT", message.sent_at is not None, message.task_id)
"""


@pytest.fixture
def embedded_env(tmp_path, settings):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_TASK_ALWAYS_EAGER"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        EMBEDDED_DIR=str(tmp_path / "run"),
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    return env


def children_of(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by a parent that is gone) is not running.
    state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] if Path(f"/proc/{pid}/stat").exists() else "X"
    return state not in {"Z", "X"}


def start_rundev(env, tmp_path):
    log = open(tmp_path / "rundev.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "manage.py", "rundev", "--no-web"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while len(children_of(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    return process


def test_rundev_runs_tasks_in_a_worker_on_the_embedded_broker_and_stops_together(embedded_env, tmp_path):
    launcher = start_rundev(embedded_env, tmp_path)
    children = children_of(launcher.pid)
    try:
        assert len(children) == 2, (tmp_path / "rundev.log").read_text(errors="replace")
        sent = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", SENDER],
            cwd=ROOT,
            env=embedded_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        log = (tmp_path / "rundev.log").read_text(errors="replace")
        assert sent.returncode == 0, sent.stderr + log
        lines = {line.split(" ", 1)[0]: line.split(" ")[1:] for line in sent.stdout.splitlines() if " " in line}
        assert lines["RESULT"][1] == "True"  # the worker's result, and the cache the web process shares
        assert lines["SENT"][0] == "True"
        task_id = lines["SENT"][1]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            run = TaskRun.objects.filter(task_id=task_id).first()
            if run and run.status == TaskRunStatus.SUCCEEDED:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the outbox task did not run in the embedded worker\n" + log[-3000:])
        assert (Path(embedded_env["EMBEDDED_DIR"]) / "queue").is_dir()
    finally:
        os.killpg(launcher.pid, signal.SIGINT)  # what Ctrl+C in the terminal does
        launcher.wait(30)
    assert launcher.returncode == 0
    time.sleep(0.5)
    assert not [pid for pid in children if alive(pid)]


def test_the_worker_and_beat_do_not_outlive_a_killed_launcher(embedded_env, tmp_path):
    launcher = start_rundev(embedded_env, tmp_path)
    children = children_of(launcher.pid)
    assert len(children) == 2
    os.kill(launcher.pid, signal.SIGKILL)  # no chance to clean up
    launcher.wait(10)
    deadline = time.monotonic() + 20
    while [pid for pid in children if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    survivors = [pid for pid in children if alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors
