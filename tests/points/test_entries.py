"""Recording points: scope, rule book, tiers and caps, events, reversals, and a ledger never edited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from grids.choices import MemberTier
from points import rules, services
from points.choices import EntrySource
from points.models import ENTRY_IMMUTABLE, PointEntry, PointEvent
from tests import factories as f
from tests.points.conftest import MARCH, TODAY, give, make_book


def record(user, members, item, day=MARCH, **kwargs):
    return services.entries_record(recorder=user, members=members, item=item, occurred_on=day, today=TODAY, **kwargs)


def test_a_secretary_records_points_for_a_member_of_their_village(points, personas, world):
    (entry,) = record(personas.secretary, [world.m1], points.meeting, note="3月支部党员大会")
    assert entry.points == 2 and entry.source == EntrySource.RECORD
    assert (entry.township_id, entry.village_id) == (world.t1.pk, world.v1.pk)
    assert entry.history.count() == 1 and entry.history.first().history_user == personas.secretary


def test_an_event_records_many_members_at_once_each_by_their_tier(points, personas, world):
    elder = f.MemberFactory(grid=world.g1, name="王大爷", tier=MemberTier.ELDERLY)
    cadre = f.MemberFactory(grid=world.g2, name="李书记", tier=MemberTier.CADRE)
    entries = record(personas.secretary, [world.m1, elder, cadre], points.patrol, title="3月10日森林防火巡逻")
    assert {e.member.name: e.points for e in entries} == {"刘洋": 3, "王大爷": 2, "李书记": 3}
    event = PointEvent.objects.get()
    assert event.title == "3月10日森林防火巡逻" and event.member_count == 3 and event.village_id == world.v1.pk
    assert all(e.event_id == event.pk and e.source == EntrySource.EVENT for e in entries)


def test_the_monthly_cap_is_enforced_when_an_entry_is_made(points, personas, world, counts):
    for _ in range(3):
        record(personas.secretary, [world.m1], points.meeting)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        record(personas.secretary, [world.m1], points.meeting)
    assert caught.value.messages == [
        rules.CAP_MONTH_EXCEEDED.format(member="刘洋", item="参加三会一课", used=6, points=2, cap=6)
    ]
    assert counts() == before
    # Another month has its own cap.
    record(personas.secretary, [world.m1], points.meeting, day=datetime.date(2025, 4, 2))


def test_the_yearly_cap_is_enforced(points, personas, world, counts):
    give(world.m1, points.meeting, 2, day=datetime.date(2025, 1, 5), times=19)  # 38 of 40
    record(personas.secretary, [world.m1], points.meeting)
    before = counts()
    with pytest.raises(ValidationError, match="每年上限40分"):
        record(personas.secretary, [world.m1], points.meeting)
    assert counts() == before


def test_tier_caps_differ(points, personas, world):
    elder = f.MemberFactory(grid=world.g1, name="王大爷", tier=MemberTier.ELDERLY)
    cadre = f.MemberFactory(grid=world.g1, name="李书记", tier=MemberTier.CADRE)
    record(personas.secretary, [elder], points.patrol)
    record(personas.secretary, [elder], points.patrol)  # 2 + 2 = 4, the elderly cap
    with pytest.raises(ValidationError, match="每月上限4分"):
        record(personas.secretary, [elder], points.patrol)
    for _ in range(4):  # 3 × 4 = 12, the cadre cap (ordinary members stop at 9)
        record(personas.secretary, [cadre], points.patrol)
    with pytest.raises(ValidationError, match="每月上限12分"):
        record(personas.secretary, [cadre], points.patrol)


def test_one_member_over_the_cap_refuses_the_whole_event(points, personas, world, counts):
    other = f.MemberFactory(grid=world.g2, name="周强")
    give(world.m1, points.patrol, 3, times=3)
    before = counts()
    with pytest.raises(ValidationError, match="刘洋本月“森林防火巡逻”已计9分"):
        record(personas.secretary, [other, world.m1], points.patrol)
    assert counts() == before


def test_a_secretary_cannot_record_for_a_member_of_another_village(points, personas, world, counts):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        record(personas.secretary, [world.m2], points.meeting)
    assert services.OUT_OF_SCOPE.format(member="陈静") in caught.value.messages
    assert counts() == before


def test_the_office_records_across_its_township_but_not_beyond(points, personas, world):
    book2 = make_book(world.t2, pilots=[world.v3])
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        record(personas.office, [world.m3], book2.meeting)
    (entry,) = record(personas.office2, [world.m3], book2.meeting)
    assert entry.township_id == world.t2.pk


def test_a_member_whose_village_is_not_covered_gets_no_points(points, personas, world, counts):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        record(personas.office, [world.m2], points.meeting)
    assert caught.value.messages == [services.NO_RULE_BOOK.format(member="陈静", village="九光村", date=MARCH)]
    assert counts() == before
    # Once the rule book is rolled out to every village, the same entry is accepted.
    points.book.applies_to_all = True
    points.book.all_from = datetime.date(2025, 3, 1)
    points.book.save()
    record(personas.office, [world.m2], points.meeting)


def test_an_item_of_another_year_is_not_in_the_members_rule_book(points, personas, world, counts):
    book_2024 = make_book(world.t1, year=2024, pilots=[world.v1])
    before = counts()
    with pytest.raises(ValidationError) as caught:
        record(personas.secretary, [world.m1], book_2024.meeting)
    assert caught.value.messages == [
        services.NOT_IN_RULE_BOOK.format(item="参加三会一课", member="刘洋", title=points.book.title)
    ]
    assert counts() == before


def test_points_cannot_be_recorded_for_a_future_day(points, personas, world, counts):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        record(personas.secretary, [world.m1], points.meeting, day=TODAY + datetime.timedelta(days=1))
    assert caught.value.messages == [services.FUTURE_DATE.format(date=TODAY + datetime.timedelta(days=1))]
    assert counts() == before


def test_grid_staff_and_leaders_cannot_record(points, personas, world):
    for user in (personas.grid, personas.leader, personas.member):
        with pytest.raises(ValidationError, match=services.NOT_A_RECORDER):
            record(user, [world.m1], points.meeting)


def test_a_reversal_undoes_an_entry_and_both_stay(points, personas, world):
    (entry,) = record(personas.secretary, [world.m1], points.meeting)
    reversal = services.entry_reverse(recorder=personas.secretary, entry=entry, reason="重复登记", today=TODAY)
    assert reversal.points == -2 and reversal.reverses == entry and reversal.source == EntrySource.REVERSAL
    assert reversal.occurred_on == entry.occurred_on and "重复登记" in reversal.note
    assert PointEntry.objects.filter(member=world.m1).count() == 2
    assert sum(PointEntry.objects.filter(member=world.m1).values_list("points", flat=True)) == 0
    with pytest.raises(ValidationError, match=services.ALREADY_REVERSED):
        services.entry_reverse(recorder=personas.secretary, entry=entry, reason="再撤销", today=TODAY)
    with pytest.raises(ValidationError, match=services.REVERSAL_OF_REVERSAL):
        services.entry_reverse(recorder=personas.secretary, entry=reversal, reason="撤销冲正", today=TODAY)


def test_a_reversal_frees_the_cap_it_used(points, personas, world):
    entries = [record(personas.secretary, [world.m1], points.meeting)[0] for _ in range(3)]
    services.entry_reverse(recorder=personas.secretary, entry=entries[0], reason="登记错误", today=TODAY)
    record(personas.secretary, [world.m1], points.meeting)


def test_a_reversal_needs_a_reason_and_the_scope(points, personas, world, counts):
    (entry,) = record(personas.office, [world.m1], points.meeting)
    before = counts()
    with pytest.raises(ValidationError, match=services.REASON_REQUIRED):
        services.entry_reverse(recorder=personas.secretary, entry=entry, reason=" ", today=TODAY)
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.entry_reverse(recorder=personas.office2, entry=entry, reason="错误", today=TODAY)
    assert counts() == before


def test_entries_are_never_edited_or_deleted(points, personas, world):
    (entry,) = record(personas.secretary, [world.m1], points.meeting)
    entry.points = 20
    with pytest.raises(ValidationError, match=ENTRY_IMMUTABLE):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        PointEntry.objects.filter(pk=entry.pk).update(points=20)
    with pytest.raises(ValidationError):
        PointEntry.objects.filter(pk=entry.pk).delete()
    assert PointEntry.objects.get(pk=entry.pk).points == 2


def test_the_same_member_twice_in_one_event_is_refused(points, personas, world):
    with pytest.raises(ValidationError, match=services.DUPLICATE_MEMBER):
        record(personas.secretary, [world.m1, world.m1], points.meeting)
    with pytest.raises(ValidationError, match=services.NO_MEMBERS):
        record(personas.secretary, [], points.meeting)
