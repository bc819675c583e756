"""The rankings command, the beat schedule, and one ranking through a real Celery worker."""

import datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from points import tasks
from points.choices import ScopeKind, SnapshotStatus
from points.models import RankingNotice, RankingSnapshot
from tests.points.conftest import give, make_book


def test_the_command_computes_a_period(points, world, capsys):
    give(world.m1, points.meeting, 2)
    call_command("rankings", "--period", "month", "--date", "2025-03-10", "--township", "东城镇")
    out = capsys.readouterr().out
    assert "东城镇 2025年3月月榜：已计算（第1版，草稿），参评 1 人" in out
    assert RankingSnapshot.objects.filter(township=world.t1, period_kind="month").count() == 3
    call_command("rankings", "--period", "month", "--date", "2025-03-31", "--township", "T1")
    assert "已重新计算" in capsys.readouterr().out
    assert RankingSnapshot.objects.filter(township=world.t1, period_kind="month").count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "week", "--date", "2025-03-10"], "--period 只能是 month（月榜）、quarter（季榜）或 year（年榜）"),
        (["--period", "month", "--date", "2025-13-01"], "--date 应为 YYYY-MM-DD 格式的日期"),
        (["--period", "month", "--date", "2025-03-10", "--township", "南山镇"], "找不到名为“南山镇”的乡镇"),
        (["--period", "year", "--date", "2999-01-01"], "2999年度尚未开始，不能计算排行"),
        (["--period", "month", "--date", "2025-03-10", "--township", "西河镇"], "没有计算任何排行"),
    ],
)
def test_the_command_refuses_bad_input_in_chinese(points, world, args, message, counts):
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("rankings", *args)
    assert counts() == before


def test_the_command_exits_non_zero(points, world):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "rankings", "--period", "week", "--date", "2025-03-10"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0 and "只能是 month" in result.stderr


def test_beat_ranks_every_kind_of_period_shortly_after_it_ends():
    entries = {e["args"][0]: e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].startswith("points.")}
    assert set(entries) == {"month", "quarter", "year"}
    assert all(e["task"] == "points.tasks.rankings_compute_due" for e in entries.values())
    assert entries["month"]["schedule"].day_of_month == {1}
    assert entries["quarter"]["schedule"].month_of_year == {1, 4, 7, 10}
    assert entries["year"]["schedule"].month_of_year == {1}


def test_the_beat_task_computes_the_period_that_just_ended(points, world):
    give(world.m1, points.meeting, 2)
    assert tasks.rankings_compute_due("month", today="2025-04-01") == ["东城镇:created", "西河镇:skipped"]
    assert RankingSnapshot.objects.get(township=world.t1, scope_kind=ScopeKind.OVERALL).period_start == (
        datetime.date(2025, 3, 1)
    )
    assert tasks.rankings_compute_due("month", today="2025-04-01") == ["东城镇:replaced", "西河镇:skipped"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_ranking_and_its_notice_through_a_real_worker(real_worker, world, personas):
    from tests.points.conftest import MARCH

    rules = make_book(world.t1, pilots=[world.v1])
    give(world.m1, rules.patrol, 3, times=2)
    result = tasks.rankings_compute.delay("month", MARCH.isoformat(), world.t1.pk)
    assert result.get(timeout=60) == ["东城镇:created"]
    snapshot = RankingSnapshot.objects.get(township=world.t1, scope_kind=ScopeKind.OVERALL)
    assert snapshot.status == SnapshotStatus.DRAFT and snapshot.rows.get().total == 6
    RankingSnapshot.objects.filter(pk=snapshot.pk).update(status=SnapshotStatus.PUBLISHED)
    files = tasks.ranking_notices_render.delay(snapshot.pk).get(timeout=120)
    notice = RankingNotice.objects.get(snapshot=snapshot)
    assert files == [notice.file.name] and notice.file.read().startswith(b"%PDF")
