"""Search by name, pinyin initials and ID tail; the three flags the office must fix."""

import io

import openpyxl
from django.urls import reverse

from accounts.models import IdRevealLog
from grids import selectors
from tests.factories import CentralHouseholdFactory, GridStaffFactory, HouseholdFactory, link


def listed(client, name, query):
    body = client.get(reverse(f"{name}_list"), {"q": query}).content.decode()
    return body


def test_search_by_name_pinyin_initials_and_id_tail(world, personas, login):
    client = login(personas.office)
    assert ">H1<" in listed(client, "households", "张三")
    assert ">H1<" in listed(client, "households", "zs")
    assert ">H1<" in listed(client, "households", "ZS")
    assert ">H2<" not in listed(client, "households", "zs")
    tail = world.h2.id_number[-4:]
    body = listed(client, "households", tail)
    assert ">H2<" in body
    assert "刘洋" in listed(client, "members", "ly")


def test_filters_narrow_the_list(world, personas, login):
    body = login(personas.office).get(reverse("households_list"), {"village": world.v2.pk}).content.decode()
    assert ">H4<" in body and ">H1<" not in body


def test_a_filter_choice_outside_scope_is_ignored_not_leaked(world, personas, login):
    body = login(personas.secretary).get(reverse("households_list"), {"village": world.v3.pk}).content.decode()
    assert ">H3<" not in body


def test_flags_find_grids_with_a_wrong_leader_no_party_group_and_idle_central_households(world, personas):
    world.v1.secretary = world.m1
    world.v1.save()
    GridStaffFactory(grid=world.g1, id_number=world.m1.id_number, role="leader", member=world.m1)
    GridStaffFactory(grid=world.g2, role="leader")  # someone other than the secretary
    idle = CentralHouseholdFactory(member=world.m1)
    busy = CentralHouseholdFactory(member=world.m2)
    link(busy, world.h4)
    flags = selectors.grid_flags(personas.office)
    assert {g.code for g in flags["bad_leader"]} == {"T1V1G2", "T1V2G1"}
    assert {g.code for g in flags["no_group"]} == {"T1V1G2", "T1V2G1"}
    assert flags["lonely_centrals"] == [idle]


def test_grid_figures_count_people_once_and_stay_in_scope(world, personas):
    world.g1.has_party_branch = True
    world.g1.save()
    GridStaffFactory(grid=world.g1, id_number=world.m1.id_number, role="leader")
    GridStaffFactory(grid=world.g2, id_number=world.m1.id_number, role="leader")
    GridStaffFactory(grid=world.g1, role="member")
    GridStaffFactory(grid=world.g1, role="assistant")
    central = CentralHouseholdFactory(member=world.m1)
    link(central, world.h1, world.h2)
    f = selectors.grid_figures(user=personas.office)
    assert (f.villages, f.grids, f.leaders, f.grid_members, f.assistants) == (2, 3, 1, 1, 1)
    assert (f.grid_branches, f.party_groups, f.central_households, f.linked_households) == (1, 1, 1, 2)
    assert selectors.grid_figures(user=personas.office2).villages == 1


def test_revealing_an_id_is_a_permission_and_is_logged(world, personas, login):
    url = reverse("households_reveal", args=[world.h1.pk])
    assert login(personas.leader).post(url).status_code == 403
    response = login(personas.office).post(url)
    assert response.content.decode() == world.h1.id_number
    log = IdRevealLog.objects.get()
    assert (log.user, log.model, log.object_id, log.via) == (personas.office, "households", world.h1.pk, "page")
    assert login(personas.office2).post(url).status_code == 404


def test_a_revealed_export_is_logged_and_refused_to_others(world, personas, login):
    assert login(personas.leader).get(reverse("members_export"), {"reveal": "1"}).status_code == 403
    asked = login(personas.office).get(reverse("members_export"), {"reveal": "1"})
    assert "本次导出会记入身份证号查看日志" in asked.content.decode() and "spreadsheetml" not in asked["Content-Type"]
    assert login(personas.office).get(reverse("members_export"), {"reveal": "1", "confirmed": "1"}).status_code == 200
    assert IdRevealLog.objects.filter(via="export", model="members", count=2).exists()


def test_detail_page_shows_history_and_masked_id(world, personas, login):
    world.h1.phone = "13900000000"
    world.h1.save()
    body = login(personas.office).get(reverse("households_detail", args=[world.h1.pk])).content.decode()
    assert world.h1.id_masked in body and world.h1.id_number not in body
    assert "联系电话" in body and "修改" in body


def test_households_of_another_township_never_show_in_the_tree(world, personas, login):
    HouseholdFactory(grid=world.g3, number="FAR")
    body = login(personas.office).get(reverse("grids:tree_node", args=[world.v1.pk])).content.decode()
    assert "FAR" not in body


def test_the_revealing_export_is_offered_only_where_there_are_id_numbers(world, personas, login):
    client = login(personas.office)
    assert "导出（含完整身份证号）" in client.get(reverse("members_list")).content.decode()
    assert "导出（含完整身份证号）" in client.get(reverse("central_households_list")).content.decode()
    assert "导出（含完整身份证号）" not in client.get(reverse("grids_list")).content.decode()
    assert "导出（含完整身份证号）" not in login(personas.leader).get(reverse("members_list")).content.decode()


def test_flags_follow_the_secretary_the_moment_it_is_set_without_reimporting_grid_staff(world, personas):
    """Reproduces the stale flags: staff imported before their member existed kept no member link,
    so every grid stayed flagged until grid staff were imported again."""
    from core import imports
    from core.registers import get_register

    leader = GridStaffFactory(grid=world.g1, id_number=world.m1.id_number, role="leader", member=None)
    assert leader.member_id is None
    assert "T1V1G1" in {g.code for g in selectors.grid_flags(personas.office)["bad_leader"]}
    villages = get_register("villages")
    exported = imports.export_bytes(villages, villages.scope_for_export(world.t1.get_descendants()), reveal=True)
    book = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("村编码")].value == "T1V1":
            row[headers.index("党支部书记身份证号")].value = world.m1.id_number
    out = io.BytesIO()
    book.save(out)
    report = imports.run_import(
        villages, out.getvalue(), "v.xlsx", user=personas.office, township=world.t1, dry_run=False
    )
    assert report.applied and report.updated == 1, [str(p) for p in report.problems]
    assert "T1V1G1" not in {g.code for g in selectors.grid_flags(personas.office)["bad_leader"]}
