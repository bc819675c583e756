"""The history's 变更字段: every change says which fields changed from what to what, personal values
masked, also for rows that had no history before (demo data, bulk loads) and for bulk imports."""

import re

import pytest
from django.urls import reverse

from core.history import BASELINE_REASON, history_entries, mask_phone
from grids.models import Household
from tests.factories import make_id

pytestmark = pytest.mark.django_db


def _form_data(client, url):
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def _edit_household(client, household, **changes):
    url = reverse("households_edit", args=[household.pk])
    data = _form_data(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, getattr(response, "context", {}) and response.context["form"].errors
    return client.get(reverse("households_detail", args=[household.pk])).content.decode()


def _history_cells(body):
    table = body[body.index('id="history-table"') :]
    return re.sub(r"<[^>]+>", "", table[: table.index("</table>")])


def test_a_row_without_history_says_what_its_first_edit_changed(world, personas, login):
    Household.history.filter(id=world.h1.pk).delete()  # loaded in bulk before history was kept
    world.h1.refresh_from_db()
    old_phone = world.h1.phone
    body = _edit_household(login(personas.office), world.h1, phone="13911112222", address="苇水村新街8号")
    cells = _history_cells(body)
    assert "联系电话：" in cells and f"{mask_phone(old_phone) or '（空）'} → 139****2222" in cells
    assert "住址：" in cells and "→ 苇水村新街8号" in cells
    assert "13911112222" not in cells  # the history shows phone numbers masked
    assert BASELINE_REASON not in cells  # the baseline is what the change is compared with, not listed


def test_an_edit_of_the_id_number_shows_it_masked(world, personas, login):
    new_id = make_id()
    old_masked = world.h1.id_masked
    body = _edit_household(login(personas.office), world.h1, id_number_input=new_id)
    world.h1.refresh_from_db()
    cells = _history_cells(body)
    assert f"身份证号：{old_masked} → {world.h1.id_masked}" in cells
    assert new_id not in body


def test_a_moved_household_names_the_grids(world, personas, login):
    body = _edit_household(login(personas.office), world.h1, grid=world.g2.pk, party_group="")
    assert f"网格：{world.g1.name} → {world.g2.name}" in _history_cells(body)


def test_the_history_of_a_row_answers_in_a_fixed_number_of_queries(world, personas, django_assert_max_num_queries):
    for n in range(12):
        world.h1.population = n + 2
        world.h1.grid = (world.g1, world.g2)[n % 2]
        world.h1.save()
    with django_assert_max_num_queries(3):
        entries = history_entries(world.h1)
    assert len(entries) == 13
    assert {c.label for c in entries[0].changes} == {"网格", "家庭人口"}


def test_the_first_change_of_a_bulk_loaded_row_keeps_its_earlier_state_for_past_days(world):
    """The baseline is also what as_of answers for the days before the change."""
    import datetime

    from django.db.models import Q

    from core.history import as_of_rows, end_of_day

    Household.history.filter(id=world.h2.pk).delete()
    before = world.h2.population
    world.h2.population = before + 7
    world.h2.save()
    yesterday = end_of_day(datetime.date.today() - datetime.timedelta(days=1))
    rows = as_of_rows(
        Household, yesterday, current=Household.objects.filter(pk=world.h2.pk), recorded=Q(id=world.h2.pk)
    )
    assert rows.values_list("id", "population") == [(world.h2.pk, before)]
    now = as_of_rows(Household, None, current=Household.objects.filter(pk=world.h2.pk))
    assert now.values_list("id", "population") == [(world.h2.pk, before + 7)]
