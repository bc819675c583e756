"""Every contact-system page: who may open it, what each scope sees, 404 outside scope, and a
query-count ceiling that does not grow with the data."""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f
from visits import rules
from visits.choices import AssignmentKind
from visits.models import QuotaSetting
from visits.services import QUOTA_RANGE

from .helpers import assign, demand, risk, today, visit

REGISTERS = ["visits", "demands", "assignments", "risks"]


@pytest.fixture
def data(world, personas):
    """A cadre in each township with a visit, a demand and a risk, and the grid member's own visit."""
    day = today()
    t1_cadre = f.UserFactory(username="cadre1", full_name="李干部", role="office", scope_node=world.t1)
    t2_cadre = f.UserFactory(username="cadre2", full_name="王干部", role="office", scope_node=world.t2)
    assign(t1_cadre, household=world.h4)
    assign(t2_cadre, household=world.h3)
    assign(personas.grid, household=world.h1)
    return {
        "v_t1": visit(t1_cadre, world.h4, day, findings="九光村走访"),
        "v_grid": visit(personas.grid, world.h1, day, findings="苇水村走访"),
        "v_t2": visit(t2_cadre, world.h3, day, findings="上郊村走访"),
        "d_t1": demand(world.v2, raised_on=day, title="九光村路灯"),
        "d_t2": demand(world.v3, raised_on=day, title="上郊村路灯"),
        "r_t1": risk(world.v2, found_on=day, title="九光村河道"),
        "r_t2": risk(world.v3, found_on=day, title="上郊村河道"),
        "t1_cadre": t1_cadre,
        "t2_cadre": t2_cadre,
    }


@pytest.mark.parametrize("name", REGISTERS)
def test_register_lists_show_only_the_users_township(name, personas, login, data):
    body = login(personas.office).get(reverse(f"{name}_list")).content.decode()
    assert "上郊" not in body and "王干部" not in body


@pytest.mark.parametrize("name", REGISTERS)
def test_party_member_cannot_open_these_registers(name, personas, login, data):
    assert login(personas.member).get(reverse(f"{name}_list")).status_code == 403


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("office", "v_t1", "v_t2"),
        ("grid", "v_grid", "v_t1"),
        ("secretary", "v_grid", "v_t1"),
        ("office2", "v_t2", "v_grid"),
    ],
)
def test_visit_detail_answers_404_outside_scope(role, visible, hidden, personas, login, data):
    client = login(getattr(personas, role))
    assert client.get(reverse("visits_detail", args=[data[visible].pk])).status_code == 200
    assert client.get(reverse("visits_detail", args=[data[hidden].pk])).status_code == 404


@pytest.mark.parametrize(("name", "mine", "theirs"), [("demands", "d_t1", "d_t2"), ("risks", "r_t1", "r_t2")])
def test_demand_and_risk_details_answer_404_in_another_township(name, mine, theirs, personas, login, data):
    client = login(personas.office)
    assert client.get(reverse(f"{name}_detail", args=[data[mine].pk])).status_code == 200
    assert client.get(reverse(f"{name}_detail", args=[data[theirs].pk])).status_code == 404
    assert client.get(reverse(f"{name}_edit", args=[data[theirs].pk])).status_code == 404


def test_grid_member_sees_only_their_grids_visits(personas, login, data):
    body = login(personas.grid).get(reverse("visits_list")).content.decode()
    assert "苇水村走访" in body and "九光村走访" not in body and "上郊村走访" not in body


def test_month_page_lists_cadres_of_the_scope_behind_first(personas, login, data, world):
    behind = f.UserFactory(username="slow", full_name="落后干部", role="office", scope_node=world.t1)
    assign(behind, village=world.v1)
    response = login(personas.office).get(reverse("visits:month"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "李干部" in body and "王干部" not in body
    table = body[body.index('id="cadre-table"') :]
    assert "落后干部" in table and "苇水村" in body


def test_month_page_behind_ones_come_first(personas, login, world):
    last_month = rules.previous_month(today())
    quick = f.UserFactory(username="quick", full_name="甲快", role="office", scope_node=world.t1)
    slow = f.UserFactory(username="slowx", full_name="乙慢", role="office", scope_node=world.t1)
    QuotaSetting.objects.create(township=world.t1, visits_per_month=1, days_per_week=0)
    assign(quick, household=world.h1)
    assign(slow, household=world.h2)
    visit(quick, world.h1, last_month)
    body = login(personas.office).get(reverse("visits:month"), {"month": f"{last_month:%Y-%m}"}).content.decode()
    start = body.index('id="cadre-table"')
    table = body[start : body.index("</table>", start)]
    assert table.index("乙慢") < table.index("甲快")
    assert table.count("落后") == 1


def test_month_page_roles_and_scope(personas, login, data, client):
    url = reverse("visits:month")
    for role in ("admin", "office", "leader", "secretary", "grid", "office2"):
        assert login(getattr(personas, role)).get(url).status_code == 200, role
    assert login(personas.member).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    body = login(personas.office2).get(url).content.decode()
    assert "王干部" in body and "李干部" not in body


def test_admin_chooses_the_township(personas, login, data, world):
    body = login(personas.admin).get(reverse("visits:month"), {"township": world.t2.pk}).content.decode()
    assert "王干部" in body and "李干部" not in body


def test_leadership_members_are_not_measured_against_the_visit_quota(personas, login, world):
    leader = f.UserFactory(username="ld", full_name="定向领导", role="leader", scope_node=world.t1)
    assign(leader, village=world.v1, kind=AssignmentKind.LEADERSHIP)
    body = login(personas.office).get(reverse("visits:month")).content.decode()
    assert "定向领导" not in body


def test_cadre_page_is_404_outside_scope(personas, login, data):
    url = reverse("visits:cadre", args=[data["t1_cadre"].pk])
    assert login(personas.office).get(url).status_code == 200
    assert login(personas.leader).get(url).status_code == 200
    assert login(personas.office2).get(url).status_code == 404
    assert login(personas.grid).get(url).status_code == 404
    assert login(personas.member).get(url).status_code == 403


def test_own_page_shows_own_figures_and_assignments(personas, login, data):
    body = login(personas.grid).get(reverse("visits:me")).content.decode()
    assert "我的包联" in body and "张三户" in body and "本月入户" in body
    assert login(personas.member).get(reverse("visits:me")).status_code == 403


def test_quota_is_read_by_readers_and_changed_by_the_office(personas, login, world):
    url = reverse("visits:quota")
    assert login(personas.leader).get(url).status_code == 200
    assert (
        login(personas.leader).post(url, {"households_each": 5, "visits_per_month": 4, "days_per_week": 2}).status_code
        == 403
    )
    assert not QuotaSetting.objects.exists()
    response = login(personas.office).post(url, {"households_each": 12, "visits_per_month": 6, "days_per_week": 2})
    assert response.status_code == 302
    setting = QuotaSetting.objects.get(township=world.t1)
    assert (setting.households_each, setting.visits_per_month, setting.days_per_week) == (12, 6, 2)


def test_a_bad_quota_shows_a_message_and_changes_nothing(personas, login, world):
    QuotaSetting.objects.create(township=world.t1, households_each=10, visits_per_month=8, days_per_week=2)
    response = login(personas.office).post(
        reverse("visits:quota"), {"households_each": 10, "visits_per_month": 0, "days_per_week": 9}
    )
    body = response.content.decode()
    assert QUOTA_RANGE.format(low=1, high=200) in body and QUOTA_RANGE.format(low=0, high=7) in body
    setting = QuotaSetting.objects.get(township=world.t1)
    assert (setting.visits_per_month, setting.days_per_week) == (8, 2)


def test_office_assigns_a_cadre_to_a_household(personas, login, world, data):
    client = login(personas.office)
    response = client.post(
        reverse("assignments_create"),
        {
            "cadre": data["t1_cadre"].pk,
            "kind": "contact",
            "village": world.v1.pk,
            "grid": "",
            "household_number": "H1",
            "start_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    a = data["t1_cadre"].assignments.get(household=world.h1)
    assert (a.village, a.grid, a.township) == (world.v1, world.g1, world.t1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"household_number": "H3"}, "找不到户号“H3”，或该户不在您的管辖范围内"),
        ({"household_number": "H4"}, "该户不属于所选行政村或网格"),
        ({"grid": "g4"}, "网格不属于所选行政村"),
        ({"kind": "leadership", "household_number": "H1"}, "领导班子定向包联只能包联到村"),
        ({"end_on": "2000-01-01"}, "结束日期不能早于开始日期"),
        ({"cadre": "member"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_assignment_shows_a_message_and_saves_nothing(changes, message, personas, login, world, data):
    from visits.models import Assignment

    before = Assignment.objects.count()
    form = {"cadre": data["t1_cadre"].pk, "kind": "contact", "village": world.v1.pk, "start_on": "2024-01-01"}
    for key, value in changes.items():
        form[key] = {"g4": world.g4.pk, "member": personas.member.pk}.get(value, value)
    response = login(personas.office).post(reverse("assignments_create"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Assignment.objects.count() == before


def test_the_same_assignment_twice_is_refused(personas, login, world, data):
    from visits.models import Assignment

    form = {"cadre": data["t1_cadre"].pk, "kind": "contact", "village": world.v1.pk, "start_on": "2024-01-01"}
    client = login(personas.office)
    assert client.post(reverse("assignments_create"), form).status_code == 302
    before = Assignment.objects.count()
    assert "该干部已包联此对象" in client.post(reverse("assignments_create"), form).content.decode()
    assert Assignment.objects.count() == before


def test_a_bad_demand_shows_a_message_and_saves_nothing(personas, login, world):
    from visits.models import Demand

    response = login(personas.secretary).post(
        reverse("demands_create"),
        {
            "kind": "demand",
            "source": "public",
            "village": world.v1.pk,
            "title": "修路",
            "raised_on": "2024-05-10",
            "resolved_on": "2024-05-01",
        },
    )
    assert "不能早于提出日期" in response.content.decode()
    assert Demand.objects.count() == 0


def test_secretary_records_a_demand_in_their_village_and_it_gets_a_number(personas, login, world):
    from visits.models import Demand

    response = login(personas.secretary).post(
        reverse("demands_create"),
        {"kind": "demand", "source": "public", "village": world.v1.pk, "title": "修路", "raised_on": "2024-05-10"},
    )
    assert response.status_code == 302
    d = Demand.objects.get()
    assert (d.number, d.status, d.township) == ("SQ2024-00001", "raised", world.t1)


# --- query ceilings --------------------------------------------------------------------------


def _grow(world, n, start):
    """Add ``n`` cadres, each with households, visits, demands and risks in the first township."""
    for i in range(n):
        cadre = f.UserFactory(username=f"grow{start + i}", role="grid", scope_node=world.g1)
        homes = [f.HouseholdFactory(grid=world.g1) for _ in range(2)] + [f.HouseholdFactory(grid=world.g4)]
        for h in homes:
            assign(cadre, household=h)
            visit(cadre, h, today())
        visit(cadre, homes[0], today() - datetime.timedelta(days=1), tags="urgent")
        demand(world.v1, raised_on=today(), title=f"诉求{start + i}")
        risk(world.v1, found_on=today(), deadline=today(), title=f"隐患{start + i}")


PAGES = [
    ("visits:month", {}),
    ("visits:me", {}),
    ("visits:log", {}),
    ("visits:household_options", {"q": "z"}),
    ("visits:quota", {}),
    ("visits_list", {}),
    ("demands_list", {}),
    ("assignments_list", {}),
    ("risks_list", {}),
]


@pytest.mark.parametrize(("url_name", "params"), PAGES)
def test_query_count_does_not_grow_with_the_data(url_name, params, personas, login, world, count_queries):
    client = login(personas.office)
    _grow(world, 2, 0)
    client.get(reverse(url_name), params)  # warm caches (sessions, content types)
    with count_queries() as small:
        assert client.get(reverse(url_name), params).status_code == 200
    _grow(world, 6, 100)
    with count_queries() as large:
        assert client.get(reverse(url_name), params).status_code == 200
    assert len(small) == len(large) <= 25, [q["sql"][:120] for q in large.captured_queries]


def test_detail_pages_query_count_is_fixed(personas, login, world, count_queries):
    from visits.models import Demand, Visit

    client = login(personas.office)
    _grow(world, 2, 0)
    v, d = Visit.objects.first(), Demand.objects.first()
    urls = [reverse("visits_detail", args=[v.pk]), reverse("demands_detail", args=[d.pk])]
    sizes = []
    for url in urls:
        client.get(url)
        with count_queries() as q:
            client.get(url)
        sizes.append(len(q))
    _grow(world, 5, 100)
    for url, before in zip(urls, sizes, strict=True):
        with count_queries() as q:
            client.get(url)
        assert len(q) == before <= 25


def test_office_corrects_a_visit_and_a_future_date_is_refused(personas, login, data):
    v = data["v_t1"]
    client = login(personas.office)
    url = reverse("visits_edit", args=[v.pk])
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"visited_on": tomorrow, "findings": "改过", "tags_choice": ["risk"]})
    assert "走访日期不能晚于今天" in response.content.decode()
    v.refresh_from_db()
    assert (v.findings, v.tags) == ("九光村走访", "")
    response = client.post(url, {"visited_on": v.visited_on.isoformat(), "findings": "改过", "tags_choice": ["risk"]})
    assert response.status_code == 302
    v.refresh_from_db()
    assert (v.findings, v.tags) == ("改过", "risk")
    assert v.history.count() == 2
    assert login(personas.grid).get(reverse("visits_edit", args=[data["v_grid"].pk])).status_code == 403
