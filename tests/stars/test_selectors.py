"""What the star pages and the progress report read: suggestions from other apps' data (hand-built),
section (六)'s figures as of a day, and the shortfalls."""

import datetime

import pytest

from grids.choices import StaffRole
from grids.models import GridStaff
from issues.choices import Level
from places.models import Area
from points.choices import PeriodKind, ScopeKind, SnapshotStatus
from points.models import RankingSnapshot
from stars import selectors, services
from stars.choices import Check, RunStatus
from stars.models import SecretaryRun
from tests import factories as f
from tests.issues.factories import ProblemFactory
from tests.stars.conftest import TODAY, YEAR, secretary_login, self_assess_all
from tests.visits.helpers import assign, visit
from township.models import VillageColour
from visits.models import QuotaSetting

pytestmark = pytest.mark.django_db


def test_suggestions_read_each_source_for_each_village(opened, world, personas, standard, count_queries):
    w = world
    # grids: v1 has a party group in g1 only, and its secretary leads both grids.
    secretary = f.MemberFactory(grid=w.g1, name="王书记")
    Area.objects.filter(pk=w.v1.pk).update(secretary=secretary)
    for grid in (w.g1, w.g2):
        f.GridStaffFactory(grid=grid, role=StaffRole.LEADER, member=secretary)
    # issues: one village problem of v2 still open and late at the end of 2025.
    ProblemFactory(
        level=Level.VILLAGE, village=w.v2, found_on=datetime.date(2025, 3, 1), deadline=datetime.date(2025, 9, 30)
    )
    # visits: v1 owes 1 visit a month and a cadre on 1 day a week (4 days a month).
    QuotaSetting.objects.create(township=w.t1, visits_per_month=1, days_per_week=1)
    cadre = f.UserFactory(username="cadre", role=personas.grid.role, scope_node=w.g1)
    assign(cadre, household=w.h1, start_on=datetime.date(2024, 1, 1))
    for month in range(1, 13):
        if month in (2, 7):
            continue  # two months missed: 10 of 12 met
        for day in (3, 10, 17, 24):
            visit(cadre, w.h1, datetime.date(2025, month, day))
    # points: eleven of twelve month rankings published.
    for month in range(1, 12):
        start = datetime.date(2025, month, 1)
        RankingSnapshot.objects.create(
            township=w.t1,
            period_kind=PeriodKind.MONTH,
            period_start=start,
            period_end=start,
            scope_kind=ScopeKind.OVERALL,
            status=SnapshotStatus.PUBLISHED,
        )
    # township: v1 green at the year's end, v2 red.
    VillageColour.objects.create(
        township=w.t1, village=w.v1, colour="green", effective_from=datetime.date(2025, 6, 1), reason="稳定"
    )
    VillageColour.objects.create(
        township=w.t1, village=w.v2, colour="red", effective_from=datetime.date(2025, 11, 1), reason="信访"
    )

    with count_queries() as q:
        found = selectors.suggestions(w.t1, YEAR, [w.v1.pk, w.v2.pk], set(Check.values), TODAY)
    assert len(q) <= 8
    assert found[(w.v1.pk, Check.GRID_GROUPS)].met is False  # g2 has no party group
    assert "1 个网格没有党小组" in found[(w.v1.pk, Check.GRID_GROUPS)].text
    assert found[(w.v1.pk, Check.GRID_GROUPS)].url == f"/tree/{w.v1.pk}/"
    assert found[(w.v1.pk, Check.NO_OVERDUE)].met is True
    assert (found[(w.v2.pk, Check.NO_OVERDUE)].met, found[(w.v2.pk, Check.NO_OVERDUE)].text) == (
        False,
        "年底有 1 条问题逾期未整改",
    )
    assert found[(w.v2.pk, Check.NO_OVERDUE)].url == f"/r/problems/?village={w.v2.pk}&overdue=1"
    assert found[(w.v1.pk, Check.VISIT_QUOTA)].met is True
    assert found[(w.v1.pk, Check.VISIT_QUOTA)].text == "12 个月中 10 个月完成入户走访任务（要求至少 10 个月）"
    assert found[(w.v2.pk, Check.VISIT_QUOTA)].met is False
    assert found[(w.v1.pk, Check.POINTS_PUBLISHED)].text == "12 个月中 11 个月公示了积分月榜"
    assert found[(w.v1.pk, Check.POINTS_PUBLISHED)].met is False
    assert found[(w.v1.pk, Check.COLOUR)].met is True and found[(w.v1.pk, Check.COLOUR)].text == "年底为绿色村"
    assert found[(w.v2.pk, Check.COLOUR)].met is False
    # The grid check flips once g2 gets its party group.
    f.PartyGroupFactory(parent=w.g2)
    Area.objects.rebuild()
    again = selectors.suggestions(w.t1, YEAR, [w.v1.pk], {Check.GRID_GROUPS}, TODAY)
    assert again[(w.v1.pk, Check.GRID_GROUPS)].met is True
    assert GridStaff.objects.filter(village=w.v1).count() == 2


def _final_round(opened, world, personas, standard, stars_v1, stars_v2):
    secretary = secretary_login(world, world.v1, "sec1")
    self_assess_all(opened.v1, secretary, standard.criteria, met_orders=set(range(1, stars_v1 + 2)))
    services.round_close_self(opened.round, user=personas.office, today=TODAY)
    for rating, stars in ((opened.v1, stars_v1), (opened.v2, stars_v2)):
        for c in standard.criteria:
            services.review(rating, c, met=c.order <= stars, note="核实", user=personas.office, today=TODAY)
    services.round_publish(opened.round, user=personas.office, today=TODAY)
    opened.round.refresh_from_db()
    return opened.round


def test_star_figures_as_of_a_day_with_a_correction_mid_year(opened, world, personas, standard, count_queries):
    found = _final_round(opened, world, personas, standard, stars_v1=8, stars_v2=7)
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    before_final = selectors.star_figures(world.t1, start, found.final_on - datetime.timedelta(days=1))
    assert before_final.branches is None and before_final.branch_sentence == ""  # nothing final yet
    with count_queries() as q:
        figures = selectors.star_figures(world.t1, start, end)
    assert len(q) <= 4
    assert (figures.year, figures.branches, figures.branch_levels) == (YEAR, 2, [(8, 1), (7, 1)])
    assert figures.sentences["branches"] == "2个党支部中八星级1个，七星级1个"
    assert figures.honours_eligible == 1  # 8 stars or more
    assert figures.links["branches"] == f"/stars/rounds/{found.pk}/"
    assert figures.secretaries is None and figures.secretary_sentence == ""  # no secretary rating yet

    # 降星 in June: the report for June shows 7 stars for v1, one for May still 8.
    june = datetime.date(2026, 6, 15)
    services.rating_correct(
        opened.v1,
        changes={standard.by_order[8].pk: False},
        reason="年中降星",
        effective_on=june,
        user=personas.office,
        today=june,
    )
    assert selectors.star_figures(world.t1, start, datetime.date(2026, 5, 31)).branch_levels == [(8, 1), (7, 1)]
    assert selectors.star_figures(world.t1, start, datetime.date(2026, 6, 30)).branch_levels == [(7, 2)]
    village = selectors.star_figures(world.v2, start, end)
    assert (village.branches, village.branch_sentence) == (1, "1个党支部中七星级1个")
    # Another township's figures are its own (its round is not final): none.
    assert selectors.star_figures(world.t2, start, end).branches is None


def test_secretary_figures_in_the_reports_words(scene, world, personas, count_queries):
    run = scene.run
    assert run.status == RunStatus.DRAFT
    end = datetime.date(2026, 12, 31)
    assert selectors.star_figures(world.t1, datetime.date(2026, 1, 1), end).secretaries is None  # a draft
    services.secretary_run_publish(run, user=personas.office, today=TODAY)
    figures = selectors.star_figures(world.t1, datetime.date(2026, 1, 1), end)
    # 王建国: ten years, two excellent → 三星; 李春华: appointed 2025-09 → 不满一年.
    assert (figures.secretaries, figures.three_star, figures.two_star, figures.one_star, figures.unrated_new) == (
        2,
        1,
        0,
        0,
        1,
    )
    assert figures.sentences["secretaries"] == (
        "对现任2名党支部书记进行了初次评星，界定三星级1名，二星级0名，一星级0名，任职不满一年暂时未能评星的1名"
    )
    assert figures.links["secretaries"] == f"/stars/secretary-runs/{run.pk}/"
    # As of a day before it was published, there was none.
    assert (
        selectors.star_figures(world.t1, datetime.date(2025, 1, 1), TODAY - datetime.timedelta(days=1)).secretaries
        is None
    )
    assert SecretaryRun.objects.count() == 1


def test_shortfalls_name_weak_branches_and_the_weakest_criterion(opened, world, personas, standard):
    _final_round(opened, world, personas, standard, stars_v1=8, stars_v2=5)
    shortfalls = selectors.star_shortfalls(world.t1, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert [s.text for s in shortfalls] == [
        "1个党支部评星低于六星（九光村），需加强指导",
        "“有平安稳定”“有村规民约”两项达标的党支部最少（2个中0个）",
    ]
    assert shortfalls[0].figures == {"weak": 1, "names": ["九光村"]} and shortfalls[0].url.startswith("/stars/rounds/")
