"""Every grid page: who may open it, and 404 for a row outside one's scope."""

import pytest
from django.urls import reverse

REGISTERS = ["villages", "grids", "party_groups", "households", "members", "grid_staff", "central_households"]


@pytest.mark.parametrize("name", REGISTERS)
def test_list_pages_open_for_office_and_show_only_their_township(name, personas, login, world):
    response = login(personas.office).get(reverse(f"{name}_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "上郊" not in body and "赵六" not in body and "孙杰" not in body


@pytest.mark.parametrize("name", REGISTERS)
def test_member_role_cannot_open_registers(name, personas, login):
    assert login(personas.member).get(reverse(f"{name}_list")).status_code == 403


@pytest.mark.parametrize("name", REGISTERS)
def test_anonymous_is_sent_to_login(name, client, db):
    response = client.get(reverse(f"{name}_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_household_list_by_role(personas, login, world):
    expected = {
        "admin": {"H1", "H2", "H3", "H4"},
        "office": {"H1", "H2", "H4"},
        "leader": {"H1", "H2", "H4"},
        "secretary": {"H1", "H2"},
        "grid": {"H1"},
        "office2": {"H3"},
    }
    for role, numbers in expected.items():
        body = login(getattr(personas, role)).get(reverse("households_list")).content.decode()
        shown = {n for n in ("H1", "H2", "H3", "H4") if f">{n}<" in body}
        assert shown == numbers, role


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("office", "h4", "h3"),
        ("leader", "h4", "h3"),
        ("secretary", "h2", "h4"),
        ("grid", "h1", "h2"),
        ("office2", "h3", "h1"),
    ],
)
def test_household_detail_answers_404_outside_scope(role, visible, hidden, personas, login, world):
    client = login(getattr(personas, role))
    assert client.get(reverse("households_detail", args=[getattr(world, visible).pk])).status_code == 200
    assert client.get(reverse("households_detail", args=[getattr(world, hidden).pk])).status_code == 404
    assert client.get(reverse("households_edit", args=[getattr(world, hidden).pk])).status_code in (403, 404)


def test_leader_reads_but_cannot_edit(personas, login, world):
    client = login(personas.leader)
    assert client.get(reverse("households_detail", args=[world.h1.pk])).status_code == 200
    assert client.get(reverse("households_edit", args=[world.h1.pk])).status_code == 403
    assert client.get(reverse("households_import")).status_code == 403


def test_export_contains_only_rows_in_scope(personas, login, world):
    import io

    import openpyxl

    response = login(personas.secretary).get(reverse("households_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == {"H1", "H2"}


def test_tree_and_flags_pages(personas, login, world):
    client = login(personas.office)
    response = client.get(reverse("grids:tree"))
    assert response.status_code == 200
    assert "苇水村" in response.content.decode()
    assert client.get(reverse("grids:tree_node", args=[world.v1.pk])).status_code == 200
    assert client.get(reverse("grids:tree_node", args=[world.v3.pk])).status_code == 404
    assert client.get(reverse("grids:flags")).status_code == 200


def test_dashboard_shows_section_two_figures(personas, login, world):
    response = login(personas.office).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "将2个行政村划分为3个网格" in response.content.decode()
