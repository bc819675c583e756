"""The county re-summary ("重新汇总全部乡镇") shows its progress: how many townships are done, which
one is being summarised, a progress bar that updates itself, and the page reloads when it is over."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.models import OutboxMessage, TaskRun, TaskRunStatus
from places.models import Area
from reports import selectors, services, tasks
from reports.models import FigureSet
from reports.rules import period_of
from tests.reports.conftest import D, build_township

OCTOBER = {"period_kind": "month", "date": "2026-10-31"}
HTMX = {"HTTP_HX_REQUEST": "true"}


def fragment(client):
    return client.get(reverse("reports:county"), {**OCTOBER, "progress": "1"}, **HTMX)


def test_the_progress_names_the_task_the_view_enqueues():
    assert tasks.refresh_county_figures.name == selectors.REFRESH_TASK


def test_the_progress_counts_the_townships_summarised_since_it_was_asked_for(
    township, personas, login, django_capture_on_commit_callbacks
):
    client = login(personas.admin)
    page = client.get(reverse("reports:county"), OCTOBER)
    assert page.context["progress"] is None and 'id="county-progress"' not in page.content.decode()
    period = period_of("month", D(2026, 10, 31))
    east = Area.objects.get(pk=township.world.t1.pk)
    services.figures_refresh(east, period)  # summarised before: not part of this run's progress
    with django_capture_on_commit_callbacks(execute=False):  # asked for; no worker has taken it yet
        client.post(reverse("reports:county"), OCTOBER)
    message = OutboxMessage.objects.get(task_name=tasks.refresh_county_figures.name)
    page = client.get(reverse("reports:county"), OCTOBER).content.decode()
    assert "已完成 <strong>0/2</strong> 个乡镇" in page and '<progress class="w-100" max="2" value="0"' in page
    assert 'hx-trigger="load delay:2s"' in page  # it polls itself

    # A worker took it and has stored the first township (by code): 1/2, the second one named.
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
    run = TaskRun.objects.create(
        task_id=str(message.task_id), task_name=message.task_name, args=message.args, status=TaskRunStatus.RUNNING,
        deliveries=1, started_at=timezone.now(),
    )  # fmt: skip
    services.figures_refresh(east, period)
    response = fragment(client)
    html = response.content.decode()
    assert "已完成 <strong>1/2</strong> 个乡镇，正在汇总西河镇" in html and 'value="1"' in html
    assert "HX-Refresh" not in response.headers

    # Finished: the fragment says so and asks the page to reload (the table then shows the new figures).
    services.county_refresh([township.world.t1.pk, township.world.t2.pk], period)
    TaskRun.objects.filter(pk=run.pk).update(status=TaskRunStatus.SUCCEEDED, finished_at=timezone.now())
    response = fragment(client)
    assert response.headers["HX-Refresh"] == "true" and "上次重新汇总已完成：2 个乡镇" in response.content.decode()
    assert "hx-get" not in response.content.decode()
    # An office sees the progress of its own township's re-summary only (the county's is another run).
    assert login(personas.office).get(reverse("reports:county"), OCTOBER).context["progress"] is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_re_summarises_the_county_and_the_page_follows_it(real_worker, client):
    from tests import factories as f
    from tests.conftest import build_world

    build_township(build_world())
    admin = f.UserFactory(username="county_admin", role=Role.ADMIN, is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(reverse("reports:county"), OCTOBER, follow=True)
    assert "进度见下方" in response.content.decode()
    seen = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        response = fragment(client)
        seen.append(response.context["progress"].done)
        if response.headers.get("HX-Refresh"):
            break
        time.sleep(0.5)
    assert response.headers.get("HX-Refresh") == "true", seen
    assert seen == sorted(seen) and seen[-1] == 2  # it only moves forward, to every township
    assert FigureSet.objects.filter(period_start=D(2026, 10, 1), village__isnull=True).count() == 2
    page = client.get(reverse("reports:county"), OCTOBER).content.decode()
    assert "上次重新汇总已完成：2 个乡镇" in page and "尚未汇总" not in page
