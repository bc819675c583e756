"""Field staff on the home page and a household's page: 登记走访 and one's own households first; a
household's visits, demands, problems and risks newest first; a member's points and central-household
links. Each page answers in a fixed number of queries at two data sizes."""

import datetime

from django.urls import reverse

from accounts.roles import Role
from grids.models import CentralHouseholdLink
from tests import factories as f
from visits.choices import DemandKind

from .helpers import assign, demand, risk, today, visit


def grow(world, household, n, start):
    """n more visits, demands, problems and risks about ``household``, and n more households."""
    for i in range(n):
        cadre = f.UserFactory(username=f"v{start + i}", role=Role.GRID, scope_node=world.g1)
        visit(cadre, household, today() - datetime.timedelta(days=start + i + 1), findings=f"第{start + i}次走访")
        for kind in (DemandKind.DEMAND, DemandKind.PROBLEM):
            d = demand(world.v1, kind=kind, raised_on=today() - datetime.timedelta(days=i), title=f"诉求{start + i}")
            d.household, d.grid = household, household.grid  # raised on a visit: the household's grid
            d.save()
        r = risk(world.v1, found_on=today() - datetime.timedelta(days=i), title=f"隐患{start + i}")
        r.household, r.grid = household, household.grid
        r.save()
        f.HouseholdFactory(grid=world.g1)


def test_the_household_page_lists_visits_demands_problems_and_risks_newest_first(world, personas, login):
    grow(world, world.h1, 3, 0)
    body = login(personas.grid).get(reverse("households_detail", args=[world.h1.pk])).content.decode()
    assert "共 3 次" in body
    assert body.index("第0次走访") < body.index("第1次走访") < body.index("第2次走访")
    for section in ("household-visits", "household-demands", "household-problems", "household-risks"):
        assert f'id="{section}"' in body
    demands = body[body.index('id="household-demands"') : body.index('id="household-problems"')]
    assert demands.index("诉求0") < demands.index("诉求2")
    risks = body[body.index('id="household-risks"') :]
    assert risks.index("隐患0") < risks.index("隐患2")
    assert f"{reverse('visits:log')}?household={world.h1.pk}" in body


def test_the_household_page_has_a_fixed_query_ceiling(world, personas, login, count_queries):
    client = login(personas.office)
    url = reverse("households_detail", args=[world.h1.pk])
    grow(world, world.h1, 2, 0)
    client.get(url)
    with count_queries() as small:
        client.get(url)
    grow(world, world.h1, 8, 100)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large) <= 25


def test_a_grid_members_home_starts_with_log_visit_and_own_households(world, personas, login):
    assign(personas.grid, household=world.h1)
    visit(personas.grid, world.h1, today() - datetime.timedelta(days=3))
    body = login(personas.grid).get(reverse("dashboard")).content.decode()
    main = body.index('id="main-actions"')
    assert main < body.index('id="contact-panel"')  # before the statistic tiles
    assert 'id="log-visit-main"' in body and "我的联系户" in body
    own = body[body.index('id="own-households"') :]
    f.HouseholdFactory(grid=world.g1, name="艾青")  # first by pinyin, but not assigned
    body = login(personas.grid).get(reverse("dashboard")).content.decode()
    own = body[body.index('id="own-households"') :]
    assert own.index("张三") < own.index("艾青")  # the assigned household first
    assert "包联户" in own and "上次走访" in own


def test_a_contact_cadre_of_another_role_also_starts_with_log_visit(world, personas, login):
    assert 'id="main-actions"' not in login(personas.leader).get(reverse("dashboard")).content.decode()
    assign(personas.leader, household=world.h2)
    body = login(personas.leader).get(reverse("dashboard")).content.decode()
    assert 'id="main-actions"' in body and "李四" in body


def test_members_and_the_office_get_no_visit_action_without_assignments(world, personas, login):
    for user in (personas.member, personas.office):
        assert 'id="log-visit-main"' not in login(user).get(reverse("dashboard")).content.decode()


def test_the_grid_home_has_a_fixed_query_ceiling(world, personas, login, count_queries):
    client = login(personas.grid)
    assign(personas.grid, household=world.h1)
    grow(world, world.h1, 2, 0)
    client.get(reverse("dashboard"))
    with count_queries() as small:
        client.get(reverse("dashboard"))
    grow(world, world.h1, 8, 100)
    with count_queries() as large:
        client.get(reverse("dashboard"))
    assert len(small) == len(large) <= 40  # every panel of the home page together


def test_a_members_page_shows_points_and_central_household_links(world, personas, login):
    central = f.CentralHouseholdFactory(member=world.m1)
    CentralHouseholdLink.objects.create(central=central, household=world.h1)
    CentralHouseholdLink.objects.create(central=central, household=world.h2)
    world.m1.household = world.h1
    world.m1.save()
    body = login(personas.office).get(reverse("members_detail", args=[world.m1.pk])).content.decode()
    assert 'id="member-points"' in body and "本年度积分" in body
    assert "中心户包联户（2户）" in body and "H1 张三" in body and "H2 李四" in body
    assert "所在户的包联中心户" in body
    assert reverse("points:member_handbook", args=[world.m1.pk]) in body
