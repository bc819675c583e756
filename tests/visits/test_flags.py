"""The daily flags: cadres behind their monthly quota and risks open past their deadline."""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f
from visits import services
from visits.choices import FlagKind
from visits.models import Flag, QuotaSetting
from visits.tasks import refresh_flags

from .helpers import assign, risk, visit

D = datetime.date


@pytest.fixture
def cadres(world, personas):
    """Quota 8 visits a month, 2 days a week. ``steady`` is on track in mid-April, ``slow`` is not."""
    QuotaSetting.objects.create(township=world.t1, households_each=2, visits_per_month=8, days_per_week=2)
    steady = f.UserFactory(username="steady", full_name="稳步", role="office", scope_node=world.t1)
    slow = personas.grid
    assign(steady, household=world.h2)
    assign(slow, household=world.h1)
    for day in (1, 3, 8, 10):  # 4 visits on 4 days by 15 April: floor(8 × 15 / 30) = 4, floor(2 × 15 / 7) = 4
        visit(steady, world.h2, D(2024, 4, day))
    visit(slow, world.h1, D(2024, 4, 2))
    return steady, slow


def flag_set(day):
    return {(fl.kind, fl.key, fl.message) for fl in Flag.objects.filter(day=day)}


def test_a_cadre_behind_the_paced_quota_is_flagged_and_one_on_track_is_not(cadres):
    steady, slow = cadres
    services.flags_refresh(day=D(2024, 4, 16))  # measured at the end of 15 April
    flagged = {fl.user for fl in Flag.objects.filter(kind=FlagKind.QUOTA_BEHIND)}
    assert flagged == {slow}
    message = Flag.objects.get(user=slow).message
    assert "截至4月15日本月入户走访1次（按进度应4次）" in message and "到村1天（按进度应4天）" in message


def test_the_first_of_the_month_measures_the_whole_previous_month(world, cadres):
    steady, slow = cadres
    # By 30 April the steady cadre needs all 8 visits on 8 days; they made only 4.
    services.flags_refresh(day=D(2024, 5, 1))
    assert {fl.user for fl in Flag.objects.filter(kind=FlagKind.QUOTA_BEHIND)} == {steady, slow}
    for day in (15, 17, 22, 24):
        visit(steady, world.h2, D(2024, 4, day))
    services.flags_refresh(day=D(2024, 5, 1))
    assert {fl.user for fl in Flag.objects.filter(kind=FlagKind.QUOTA_BEHIND)} == {slow}
    # On 2 May nobody is expected to have visited yet in May.
    services.flags_refresh(day=D(2024, 5, 2))
    assert not Flag.objects.filter(day=D(2024, 5, 2), kind=FlagKind.QUOTA_BEHIND).exists()


def test_leap_february_month_end(world):
    QuotaSetting.objects.create(township=world.t1, visits_per_month=8, days_per_week=2)
    cadre = f.UserFactory(username="feb", role="office", scope_node=world.t1)
    assign(cadre, household=world.h1)
    for day in range(1, 8):  # 7 visits on 7 days
        visit(cadre, world.h1, D(2024, 2, day))
    services.flags_refresh(day=D(2024, 3, 1))  # measured on 29 February: the whole quota is due
    assert Flag.objects.filter(user=cadre).exists()
    visit(cadre, world.h1, D(2024, 2, 29))  # the leap day counts for February
    services.flags_refresh(day=D(2024, 3, 1))
    assert not Flag.objects.filter(user=cadre).exists()
    visit(cadre, world.h1, D(2024, 3, 1))  # March's first visit does not help February
    services.flags_refresh(day=D(2024, 3, 1))
    assert not Flag.objects.filter(user=cadre).exists()


def test_assignments_that_ended_or_not_yet_started_are_not_flagged(world):
    ended = f.UserFactory(username="ended", role="office", scope_node=world.t1)
    later = f.UserFactory(username="later", role="office", scope_node=world.t1)
    a = assign(ended, household=world.h1)
    a.end_on = D(2024, 3, 31)
    a.save()
    assign(later, household=world.h2, start_on=D(2024, 5, 1))
    services.flags_refresh(day=D(2024, 4, 20))
    assert not Flag.objects.filter(kind=FlagKind.QUOTA_BEHIND).exists()


def test_risks_open_past_their_deadline_are_flagged(world, personas):
    late = risk(world.v1, found_on=D(2024, 3, 1), deadline=D(2024, 4, 10), user=personas.secretary, title="后山塌方")
    risk(world.v1, found_on=D(2024, 3, 1), deadline=D(2024, 4, 11), title="到期当天")
    risk(world.v2, found_on=D(2024, 3, 1), deadline=D(2024, 4, 1), status="closed", closed_on=D(2024, 3, 30))
    services.flags_refresh(day=D(2024, 4, 11))
    flags = list(Flag.objects.filter(kind=FlagKind.RISK_OVERDUE))
    assert [(fl.risk, fl.user, fl.village) for fl in flags] == [(late, personas.secretary, world.v1)]
    assert "后山塌方" in flags[0].message and "2024年4月10日" in flags[0].message


def test_running_twice_the_same_day_changes_nothing(world, cadres):
    risk(world.v1, found_on=D(2024, 3, 1), deadline=D(2024, 4, 10))
    day = D(2024, 4, 16)
    first = services.flags_refresh(day=day)
    before = flag_set(day)
    assert first == 2 and len(before) == 2
    assert refresh_flags.delay(day.isoformat()).get() == 2  # the task, run eagerly here
    assert flag_set(day) == before and Flag.objects.count() == 2
    # Another day's flags are kept apart.
    services.flags_refresh(day=D(2024, 4, 17))
    assert Flag.objects.count() == 4 and flag_set(day) == before


def test_flags_show_on_the_dashboard_in_scope_and_on_the_persons_own_page(world, cadres, personas, login):
    steady, slow = cadres
    late = risk(world.v1, found_on=D(2024, 3, 1), deadline=D(2024, 4, 10), user=slow, title="后山塌方")
    services.flags_refresh(day=D(2024, 4, 16))
    office = login(personas.office).get(reverse("dashboard")).content.decode()
    assert "每日预警" in office and "后山塌方" in office and f"{slow}：截至4月15日" in office
    assert reverse("risks_detail", args=[late.pk]) in office
    other = login(personas.office2).get(reverse("dashboard")).content.decode()
    assert "后山塌方" not in other and "截至4月15日" not in other
    own = login(slow).get(reverse("visits:me")).content.decode()
    assert "走访进度落后" in own and "截至4月15日" in own and "后山塌方" in own
    assert "截至" not in login(steady).get(reverse("visits:me")).content.decode()
