"""A real worker process (``celery worker`` in a subprocess) killed with SIGKILL in the middle of a
task: the task is redone exactly once by the next worker, with no duplicate rows and no
half-written file; a task whose pool process keeps dying is given up after its attempts.

The workers use a visibility timeout of a few seconds (production: 600 s) and a Redis key prefix
of their own, so they share nothing with other tests or workers.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from core.models import OutboxMessage, TaskRun, TaskRunStatus
from points import services
from points.choices import ScopeKind
from points.models import RankingNotice
from tests.points.conftest import MARCH, TODAY, give

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY = 6
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class Workers:
    """Start and kill ``celery worker`` processes on this test's database, media and Redis prefix."""

    def __init__(self, redis_url, media_root, tmp_path):
        self.prefix = f"killtest-{uuid.uuid4().hex[:8]}:"
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(media_root),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
            "CELERY_TASK_TIME_LIMIT": str(VISIBILITY - 1),
            "CELERY_KEY_PREFIX": self.prefix,
            "LOG_LEVEL": "INFO",
        }
        self.tmp_path = tmp_path
        self.processes = []

    def start(self):
        log = open(self.tmp_path / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{uuid.uuid4().hex[:6]}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def kill(self, process):
        os.killpg(process.pid, signal.SIGKILL)  # the main process and its pool child, no warning
        process.wait(10)

    def pool_children(self, process):
        out = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(5)

    def logs(self):
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.tmp_path.glob("worker-*.log")))


@pytest.fixture
def workers(settings, tmp_path):
    from config.celery import app

    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the worker tests need Redis (CI sets it)")
    w = Workers(url, settings.MEDIA_ROOT, tmp_path)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    # This process sends (the outbox relay) to the workers' Redis under their prefix.
    app.conf.update(
        broker_url=url,
        task_always_eager=False,
        broker_transport_options={"global_keyprefix": w.prefix, "visibility_timeout": VISIBILITY},
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield w
    w.stop_all()
    app.conf.update(saved)
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{w.prefix}*"):
        client.delete(key)


def wait_for(condition, timeout, workers, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{workers.logs()}")


@pytest.fixture
def published(points, personas, world):
    """A published per-village ranking of March 2025 in t1; its notice task sent through the outbox."""
    give(world.m1, points.patrol, 3, times=2)
    (outcome,) = services.rankings_compute(period_kind="month", on_date=MARCH, today=TODAY, townships=[world.t1])
    snapshot = next(s for s in outcome.snapshots if s.scope_kind == ScopeKind.VILLAGE)
    services.ranking_publish(snapshot=snapshot, user=personas.office, today=TODAY)  # commits, then relays
    message = OutboxMessage.objects.get(args=[snapshot.pk])
    assert message.sent_at is not None
    return snapshot, str(message.task_id)


def run_of(task_id):
    return TaskRun.objects.filter(task_id=task_id).first()


def test_a_task_whose_worker_is_killed_is_redone_exactly_once(workers, published, settings):
    snapshot, task_id = published
    first = workers.start()
    wait_for(lambda: (r := run_of(task_id)) and r.status == TaskRunStatus.RUNNING, 60, workers, "the task to start")
    workers.kill(first)  # mid-task: rendering the notice PDF
    killed_at = time.monotonic()
    assert not RankingNotice.objects.filter(snapshot=snapshot).exists()

    workers.start()
    done = wait_for(
        lambda: (r := run_of(task_id)) and r.status == TaskRunStatus.SUCCEEDED and r, 60, workers, "the redo"
    )
    redone_after = time.monotonic() - killed_at
    print(f"\nkilled task redone and finished {redone_after:.1f} s after the SIGKILL (visibility {VISIBILITY} s)")
    assert done.deliveries == 2  # the killed run and one redo
    assert redone_after < VISIBILITY + 30

    time.sleep(2)  # nothing else comes: the redo was acknowledged
    assert run_of(task_id).deliveries == 2
    notices = list(RankingNotice.objects.filter(snapshot=snapshot))
    assert len(notices) == 1  # one village in the pilot, one notice: no duplicate row
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file())
    assert [p.name for p in files if p.suffix == ".pdf"] == [Path(notices[0].file.name).name]
    assert not [p for p in files if p.suffix == ".part"]  # no half-written file anywhere
    data = notices[0].file.read()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def test_a_task_that_keeps_killing_its_pool_process_is_given_up_after_three_attempts(workers, published):
    snapshot, task_id = published
    worker = workers.start()
    for attempt in range(1, 4):
        wait_for(
            lambda a=attempt: (r := run_of(task_id)) and r.deliveries == a and r.status == TaskRunStatus.RUNNING,
            60,
            workers,
            f"delivery {attempt}",
        )
        for child in workers.pool_children(worker):
            os.kill(child, signal.SIGKILL)  # the pool process dies; the main process requeues the task
    gave_up = wait_for(
        lambda: (r := run_of(task_id)) and r.status == TaskRunStatus.GAVE_UP and r, 60, workers, "giving up"
    )
    assert gave_up.deliveries == 4  # three attempts, then the fourth delivery is refused, not run
    assert "已执行 3 次仍未完成" in gave_up.error
    time.sleep(2)
    assert run_of(task_id).deliveries == 4
    assert not RankingNotice.objects.filter(snapshot=snapshot).exists()
