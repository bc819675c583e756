"""ReliableTask: deliveries counted and capped, give-ups recorded and retried from the 后台任务 page
(office staff of the task's township, or the admin), one run at a time per lock key, and every
countdown and time limit below the broker's visibility timeout."""

import threading
import time
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from config.celery import app
from core.jobs import ReliableTask
from core.models import OutboxMessage, TaskRun, TaskRunStatus
from issues.tasks import mark_overdue_problems

TODAY = "2025-07-15"


def deliver(task, task_id, **kwargs):
    """One delivery of a message with this id, as a worker runs it (eager apply, same tracer)."""
    return task.apply(kwargs=kwargs, task_id=task_id, headers={"township_id": kwargs.pop("_township", None)})


def test_every_delivery_counts_and_the_fourth_is_given_up_not_run(world):
    task_id = str(uuid.uuid4())
    for n in (1, 2, 3):
        assert deliver(mark_overdue_problems, task_id, today=TODAY).get()["date"] == TODAY
        assert TaskRun.objects.get(task_id=task_id).deliveries == n
    assert deliver(mark_overdue_problems, task_id, today=TODAY).get() is None  # not run
    run = TaskRun.objects.get(task_id=task_id)
    assert run.status == TaskRunStatus.GAVE_UP and run.deliveries == 4
    assert "已执行 3 次仍未完成" in run.error


def give_up(world, township=None):
    task_id = str(uuid.uuid4())
    for _ in range(4):
        mark_overdue_problems.apply(kwargs={"today": TODAY}, task_id=task_id, headers={"township_id": township})
    return TaskRun.objects.get(task_id=task_id)


@pytest.mark.django_db(transaction=True)  # commits for real: the retry is relayed as in production
def test_office_staff_see_and_retry_their_townships_given_up_task(world, personas, login):
    run = give_up(world, township=world.t1.pk)
    client = login(personas.office)
    page = client.get(reverse("core:task_runs")).content.decode()
    assert "已放弃（1）" in page and "标记逾期问题" in page and "重新执行" in page
    response = client.post(reverse("core:task_run_retry", args=[run.pk]), follow=True)  # eager: runs at once
    assert "“标记逾期问题”已重新开始执行" in response.content.decode()
    run.refresh_from_db()
    again = TaskRun.objects.get(task_id=run.retried_as)
    assert again.status == TaskRunStatus.SUCCEEDED and again.deliveries == 1 and again.township_id == world.t1.pk
    assert OutboxMessage.objects.get(task_id=run.retried_as).sent_at is not None
    assert "已放弃（0）" in client.get(reverse("core:task_runs")).content.decode()


def test_another_townships_staff_neither_see_nor_retry_it(world, personas, login):
    run = give_up(world, township=world.t1.pk)
    client = login(personas.office2)
    assert "已放弃（0）" in client.get(reverse("core:task_runs")).content.decode()
    assert client.post(reverse("core:task_run_retry", args=[run.pk])).status_code == 404
    assert TaskRun.objects.get(pk=run.pk).retried_as == ""


def test_a_deployment_wide_task_is_the_admins(world, personas, login):
    give_up(world, township=None)
    assert "已放弃（0）" in login(personas.office).get(reverse("core:task_runs")).content.decode()
    assert "已放弃（1）" in login(personas.admin).get(reverse("core:task_runs")).content.decode()


@pytest.mark.parametrize("persona", ["leader", "secretary", "grid", "member"])
def test_other_roles_may_not_open_the_task_page(personas, login, persona):
    response = login(getattr(personas, persona)).get(reverse("core:task_runs"))
    assert response.status_code == 403
    assert "无权查看" in response.content.decode()


def test_the_menu_shows_the_task_page_to_office_staff_only(personas, login):
    link = f'href="{reverse("core:task_runs")}"'  # not /worklog/tasks/…, the key-task pages
    assert link in login(personas.office).get(reverse("dashboard")).content.decode()
    assert link not in login(personas.grid).get(reverse("dashboard")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_runs_with_the_same_lock_key_wait_for_each_other(world):
    """The notice task holds a lock per snapshot: while another holder has it, the task waits."""
    from points.tasks import ranking_notices_render

    task = ranking_notices_render
    keys = task.lock_keys(12345)
    db = connection.settings_dict
    holder = psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"], autocommit=True
    )
    holder.execute("SELECT pg_advisory_lock(%s, %s)", keys)
    finished = threading.Event()

    def run():
        try:  # no such snapshot: the task fails at once, as soon as it may start
            task.apply(args=[12345], task_id=str(uuid.uuid4()), throw=False)
        finally:
            finished.set()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(1.0)
    assert not finished.is_set()  # waiting for the lock
    holder.execute("SELECT pg_advisory_unlock(%s, %s)", keys)
    assert finished.wait(20)
    thread.join()
    holder.close()


def test_every_countdown_and_time_limit_is_below_the_visibility_timeout():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", settings.CELERY_VISIBILITY_TIMEOUT)
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < visibility
    app.loader.import_default_modules()
    ours = [t for name, t in app.tasks.items() if not name.startswith("celery.")]
    assert len(ours) >= 8
    for task in ours:
        if isinstance(task, ReliableTask):
            assert task.acks_late and task.reject_on_worker_lost, task.name
            assert task.retry_backoff_max < visibility, task.name
            assert task.max_retries == task.max_attempts - 1, task.name
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert "countdown" not in entry.get("options", {}) and "eta" not in entry.get("options", {})
