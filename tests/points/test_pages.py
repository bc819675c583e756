"""Points pages: who may open them, 404 outside scope, bad input refused, fixed query counts."""

import datetime

import pytest
from django.urls import reverse

from grids.choices import MemberTier
from points import services
from points.choices import ScopeKind
from points.models import PointEntry, RankingSnapshot
from tests import factories as f
from tests.points.conftest import MARCH, give, make_book


@pytest.fixture
def ranked(points, world):
    """March 2025 ranked in t1 (pilot v1: m1 plus a few) and in t2."""
    for n in range(3):
        give(f.MemberFactory(grid=world.g1, name=f"甲{n}"), points.meeting, 2, times=n + 1)
    give(world.m1, points.patrol, 3, times=2)
    book2 = make_book(world.t2, pilots=[world.v3])
    give(world.m3, book2.meeting, 2)
    services.rankings_compute(period_kind="month", on_date=MARCH, today=datetime.date(2025, 7, 15))
    return {s.township_id: s for s in RankingSnapshot.objects.filter(scope_kind=ScopeKind.OVERALL)}


def test_ranking_page_by_role(ranked, personas, login, world):
    snapshot = ranked[world.t1.pk]
    url = reverse("points:ranking", args=[snapshot.pk])
    body = login(personas.office).get(url).content.decode()
    assert "东城镇党员积分月榜（2025年3月）" in body and "刘洋" in body and "孙杰" not in body
    assert login(personas.leader).get(url).status_code == 200
    assert login(personas.secretary).get(url).status_code == 200
    assert login(personas.office2).get(url).status_code == 404
    assert login(personas.grid).get(url).status_code == 403
    assert login(personas.member).get(url).status_code == 403


def test_a_secretary_sees_only_their_villages_rows(points, personas, login, world):
    points.book.applies_to_all = True
    points.book.save()
    give(world.m2, points.meeting, 2)
    services.rankings_compute(
        period_kind="month", on_date=MARCH, today=datetime.date(2025, 7, 15), townships=[world.t1]
    )
    snapshot = RankingSnapshot.objects.get(scope_kind=ScopeKind.OVERALL)
    body = login(personas.secretary).get(reverse("points:ranking", args=[snapshot.pk])).content.decode()
    assert "刘洋" in body and "陈静" not in body
    assert "陈静" in login(personas.office).get(reverse("points:ranking", args=[snapshot.pk])).content.decode()


def test_ranking_list_and_the_compute_button(ranked, personas, login, world):
    client = login(personas.office)
    assert client.get(reverse("points:rankings")).status_code == 200
    response = client.post(reverse("points:ranking_compute"), {"period_kind": "quarter", "on_date": "2025-03-01"})
    assert response.status_code == 302
    assert RankingSnapshot.objects.filter(township=world.t1, period_kind="quarter").count() == 3
    assert not RankingSnapshot.objects.filter(township=world.t2, period_kind="quarter").exists()
    assert login(personas.secretary).post(reverse("points:ranking_compute"), {}).status_code == 403


def test_the_compute_button_refuses_a_future_period(ranked, personas, login, counts):
    before = counts()
    future = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
    response = login(personas.office).post(
        reverse("points:ranking_compute"), {"period_kind": "month", "on_date": future}, follow=True
    )
    assert "尚未开始，不能计算排行" in response.content.decode()
    assert counts() == before


def test_publish_and_correct_through_the_page(ranked, personas, login, world, django_capture_on_commit_callbacks):
    snapshot = ranked[world.t1.pk]
    client = login(personas.office)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("points:ranking_publish", args=[snapshot.pk]), {"confirmed": "1"})
    snapshot.refresh_from_db()
    assert snapshot.is_published
    response = client.post(reverse("points:ranking_correct", args=[snapshot.pk]), {"note": ""}, follow=True)
    assert services.CORRECTION_NOTE_REQUIRED in response.content.decode()
    client.post(reverse("points:ranking_correct", args=[snapshot.pk]), {"note": "补录"})
    assert RankingSnapshot.objects.filter(township=world.t1, scope_kind=ScopeKind.OVERALL).count() == 2
    assert login(personas.leader).post(reverse("points:ranking_publish", args=[snapshot.pk])).status_code == 403


def test_ranking_page_queries_do_not_grow_with_members(points, personas, login, world, count_queries):
    def page_queries(extra):
        for n in range(extra):
            give(f.MemberFactory(grid=world.g1, name=f"丙{n}", tier=MemberTier.ELDERLY), points.meeting, 2)
        services.rankings_compute(
            period_kind="month", on_date=MARCH, today=datetime.date(2025, 7, 15), townships=[world.t1]
        )
        snapshot = RankingSnapshot.objects.get(scope_kind=ScopeKind.TIER)
        client = login(personas.office)
        with count_queries() as queries:
            assert client.get(reverse("points:ranking", args=[snapshot.pk]) + "?use=credit").status_code == 200
        return len(queries)

    small = page_queries(2)
    large = page_queries(60)
    assert 0 < small == large <= 25


def test_the_member_sees_only_their_own_handbook(points, personas, login, world):
    give(world.m1, points.meeting, 2)
    client = login(personas.member)
    body = client.get(reverse("points:handbook") + "?year=2025").content.decode()
    assert "积分管理手册" in body and "刘洋" in body and "参加三会一课" in body
    assert client.get(reverse("points:member_handbook", args=[world.m1.pk])).status_code == 200
    assert client.get(reverse("points:member_handbook", args=[world.m2.pk])).status_code == 404
    assert client.get(reverse("points:handbook_pdf", args=[world.m2.pk])).status_code == 404


def test_staff_open_handbooks_within_their_scope(points, personas, login, world):
    assert login(personas.secretary).get(reverse("points:member_handbook", args=[world.m1.pk])).status_code == 200
    assert login(personas.secretary).get(reverse("points:member_handbook", args=[world.m2.pk])).status_code == 404
    assert login(personas.office).get(reverse("points:member_handbook", args=[world.m2.pk])).status_code == 200
    assert login(personas.office2).get(reverse("points:member_handbook", args=[world.m1.pk])).status_code == 404
    assert login(personas.grid).get(reverse("points:member_handbook", args=[world.m1.pk])).status_code == 403


def test_handbook_queries_do_not_grow_with_entries(points, personas, login, world, count_queries):
    def page_queries(times):
        give(world.m1, points.meeting, 2, times=times)
        client = login(personas.member)
        with count_queries() as queries:
            assert client.get(reverse("points:handbook") + "?year=2025").status_code == 200
        return len(queries)

    assert 0 < page_queries(1) == page_queries(40) <= 25


def test_record_page_records_an_event(points, personas, login, world):
    other = f.MemberFactory(grid=world.g2, name="周强")
    client = login(personas.secretary)
    assert client.get(reverse("points:record")).status_code == 200
    response = client.post(
        reverse("points:record"),
        {
            "item": points.patrol.pk,
            "occurred_on": "2025-03-10",
            "members": [world.m1.pk, other.pk],
            "title": "3月10日森林防火巡逻",
        },
    )
    assert response.status_code == 302
    assert PointEntry.objects.filter(event__title="3月10日森林防火巡逻").count() == 2


def test_record_page_refuses_bad_input_and_saves_nothing(points, personas, login, world, counts):
    give(world.m1, points.patrol, 3, times=3)
    client = login(personas.secretary)
    before = counts()
    response = client.post(
        reverse("points:record"), {"item": points.patrol.pk, "occurred_on": "2025-03-10", "members": [world.m1.pk]}
    )
    assert response.status_code == 200 and "每月上限9分" in response.content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("points:record"), {"item": points.meeting.pk, "occurred_on": future, "members": [world.m1.pk]}
    )
    assert "不能登记未来日期" in response.content.decode()
    # A member of another village is not even a choice for the secretary.
    response = client.post(
        reverse("points:record"), {"item": points.meeting.pk, "occurred_on": "2025-03-10", "members": [world.m2.pk]}
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert counts() == before


def test_the_office_picks_a_village_to_record(points, personas, login, world):
    client = login(personas.office)
    body = client.get(reverse("points:record") + f"?village={world.v1.pk}").content.decode()
    assert "刘洋" in body
    assert client.get(reverse("points:record") + f"?village={world.v3.pk}").status_code == 404


def test_entry_detail_shows_the_original_and_its_reversal(points, personas, login, world):
    (entry,) = services.entries_record(
        recorder=personas.secretary, members=[world.m1], item=points.meeting, occurred_on=MARCH, today=MARCH
    )
    client = login(personas.secretary)
    response = client.post(reverse("points:entry_reverse", args=[entry.pk]), {"reason": "重复登记"})
    reversal = PointEntry.objects.get(reverses=entry)
    assert response.status_code == 302
    body = client.get(reverse("point_entries_detail", args=[entry.pk])).content.decode()
    assert "本记录已于" in body and reversal.number in body
    body = client.get(reverse("point_entries_detail", args=[reversal.pk])).content.decode()
    assert entry.number in body and "撤销冲正" in body
    assert client.get(reverse("point_entries_edit", args=[entry.pk])).status_code == 403
    assert login(personas.office2).get(reverse("point_entries_detail", args=[entry.pk])).status_code == 404


def test_entry_list_by_role_and_query_count(points, personas, login, world, count_queries):
    def list_queries(times):
        give(world.m1, points.meeting, 2, times=times)
        client = login(personas.secretary)
        with count_queries() as queries:
            assert client.get(reverse("point_entries_list")).status_code == 200
        return len(queries)

    assert 0 < list_queries(1) == list_queries(60) <= 25
    assert login(personas.member).get(reverse("point_entries_list")).status_code == 403
    assert login(personas.grid).get(reverse("point_entries_list")).status_code == 403


def test_rule_book_pages(points, personas, login, world):
    client = login(personas.office)
    assert client.get(reverse("points:rulebooks")).status_code == 200
    body = client.get(reverse("points:rulebook", args=[points.book.pk])).content.decode()
    assert "森林防火巡逻" in body and "年老体弱党员" in body and "苇水村" in body
    assert login(personas.secretary).get(reverse("points:rulebook", args=[points.book.pk])).status_code == 200
    assert login(personas.office2).get(reverse("points:rulebook", args=[points.book.pk])).status_code == 404
    assert login(personas.secretary).get(reverse("points:rulebook_new")).status_code == 403
    assert client.get(reverse("point_rules_list")).status_code == 200


def test_rule_book_form_refuses_a_second_book_for_the_same_year(points, personas, login, world):
    client = login(personas.office)
    response = client.post(
        reverse("points:rulebook_new"), {"year": 2025, "title": "重复的办法", "pilot_villages": [world.v1.pk]}
    )
    assert response.status_code == 200 and "本镇2025年的积分制管理办法已存在" in response.content.decode()
    response = client.post(
        reverse("points:rulebook_new"),
        {"year": 2026, "title": "东城镇农村党员干部积分制管理办法", "pilot_villages": [world.v1.pk, world.v2.pk]},
    )
    assert response.status_code == 302


def test_rule_item_form_saves_tier_overrides(points, personas, login, world):
    response = login(personas.office).post(
        reverse("point_rules_create"),
        {
            "rule_book": points.book.pk,
            "category_name": "志愿服务",
            "code": "ZY01",
            "name": "参加志愿服务活动",
            "points": 2,
            "cap_month": 8,
            "order": 1,
            "tier_elderly_points": 3,
            "tier_migrant_cap_month": 4,
        },
    )
    assert response.status_code == 302
    item = points.book.items.get(code="ZY01")
    assert item.category.name == "志愿服务"
    assert {t.tier: (t.points, t.cap_month) for t in item.tiers.all()} == {"elderly": (3, None), "migrant": (None, 4)}


def test_rule_item_form_refuses_zero_points(points, personas, login, world):
    before = points.book.items.count()
    response = login(personas.office).post(
        reverse("point_rules_create"),
        {"rule_book": points.book.pk, "category_name": "志愿服务", "code": "ZY9", "name": "x", "points": 0, "order": 1},
    )
    assert "分值不能为0" in response.content.decode()
    assert points.book.items.count() == before


def test_thresholds_are_kept_by_the_office(points, personas, login, world):
    client = login(personas.office)
    client.post(
        reverse("points:threshold_add", args=[points.book.pk]),
        {"use": "cooperative", "label": "优先领办", "period_kind": "year", "min_total": 50},
    )
    assert points.book.thresholds.filter(label="优先领办").exists()
    assert login(personas.secretary).post(reverse("points:threshold_add", args=[points.book.pk]), {}).status_code == 403


def test_dashboard_panels(points, personas, login, world):
    give(world.m1, points.meeting, 2, day=datetime.date.today())
    assert "党员积分管理" in login(personas.office).get(reverse("dashboard")).content.decode()
    assert "我的积分" in login(personas.member).get(reverse("dashboard")).content.decode()
