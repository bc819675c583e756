"""Logging a home visit: scope, dates, photos, one-step demand and risk, and nothing saved on bad input."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from core import dates
from township.models import Risk
from visits import services
from visits.models import Demand, Visit
from visits.services import PHOTO, VISIT_DUPLICATE, VISIT_IN_FUTURE, VISIT_OUT_OF_SCOPE

from .helpers import assign, png_bytes, today, upload

LOG = reverse("visits:log")


def post(client, household, **extra):
    data = {"household": household.pk if household else "", "visited_on": today().isoformat(), "findings": "屋顶漏雨"}
    data.update(extra)
    return client.post(LOG, data)


def counts():
    return Visit.objects.count(), Demand.objects.count(), Risk.objects.count()


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_grid_member_logs_a_visit_in_their_grid(personas, login, world):
    response = post(login(personas.grid), world.h1, tags=["urgent", "policy"])
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.visitor, visit.household, visit.grid, visit.village, visit.township) == (
        personas.grid,
        world.h1,
        world.g1,
        world.v1,
        world.t1,
    )
    assert visit.visited_on == today() and visit.tag_labels == ["政策咨询", "急难愁盼"]


@pytest.mark.parametrize("household", ["h2", "h3", "h4"])
def test_a_household_outside_the_grid_is_refused_and_nothing_saved(household, personas, login, world):
    response = post(login(personas.grid), getattr(world, household))
    assert response.status_code == 200
    assert VISIT_OUT_OF_SCOPE in response.content.decode()
    assert counts() == (0, 0, 0)


def test_office_of_another_township_cannot_visit_here(personas, login, world):
    response = post(login(personas.office2), world.h1)
    assert VISIT_OUT_OF_SCOPE in response.content.decode()
    assert counts() == (0, 0, 0)


def test_a_visit_in_the_future_is_refused(personas, login, world):
    tomorrow = today() + datetime.timedelta(days=1)
    response = post(login(personas.grid), world.h1, visited_on=tomorrow.isoformat())
    assert VISIT_IN_FUTURE in response.content.decode()
    assert counts() == (0, 0, 0)


def test_no_household_chosen_is_refused(personas, login, world):
    response = post(login(personas.grid), None)
    assert services.VISIT_NO_HOUSEHOLD in response.content.decode()
    assert counts() == (0, 0, 0)


def test_an_oversized_photo_is_refused_and_not_stored(personas, login, world, settings):
    settings.UPLOAD_MAX_BYTES = 2000
    data = png_bytes((120, 120), noise=True)
    assert len(data) > 2000
    response = post(login(personas.grid), world.h1, photo=upload(data))
    assert "照片过大：最大允许 1 MB" in response.content.decode()
    assert counts() == (0, 0, 0)
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"just some text, not a picture", "photo.jpg"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "broken.jpg"),  # JPEG magic bytes, no image behind them
        (b"%PDF-1.4\n" + b"0" * 100, "scan.png"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(data, name, personas, login, world, settings):
    response = post(login(personas.grid), world.h1, photo=upload(data, name=name, content_type="image/jpeg"))
    assert PHOTO.bad_kind_message in response.content.decode()
    assert counts() == (0, 0, 0)
    assert stored_files(settings) == []


def test_a_photo_is_stored_and_served_only_within_scope(personas, login, world, settings):
    client = login(personas.grid)
    response = post(client, world.h1, photo=upload(png_bytes(), name="../../evil.png"))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.photo.name.startswith(f"visits/{today():%Y/%m}/") and visit.photo.name.endswith(".png")
    assert "evil" not in visit.photo.name
    assert len(stored_files(settings)) == 1
    photo = client.get(reverse("visits:photo", args=[visit.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert login(personas.office2).get(reverse("visits:photo", args=[visit.pk])).status_code == 404


def test_a_finding_opens_a_demand_and_a_risk_in_one_step(personas, login, world):
    due = today() + datetime.timedelta(days=30)
    response = post(
        login(personas.grid),
        world.h1,
        open_demand="on",
        demand_kind="problem",
        demand_title="自来水管冻裂",
        open_risk="on",
        risk_title="后墙开裂",
        risk_category="housing",
        risk_level="medium",
        risk_due_on=due.isoformat(),
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    demand = Demand.objects.get()
    risk = Risk.objects.get()
    assert (demand.visit, demand.household, demand.village, demand.kind) == (visit, world.h1, world.v1, "problem")
    assert demand.number == f"SQ{today():%Y}-00001" and demand.raised_by == str(personas.grid)
    assert visit.risk == risk
    assert (risk.household, risk.village, risk.grid, risk.deadline, risk.reported_by) == (
        world.h1,
        world.v1,
        world.g1,
        due,
        personas.grid,
    )
    assert risk.number == f"FX{today():%Y}-00001"


def test_a_follow_up_without_a_title_saves_nothing(personas, login, world):
    response = post(login(personas.grid), world.h1, open_demand="on", demand_title="", open_risk="on")
    body = response.content.decode()
    assert "请填写诉求的简要内容" in body and "请填写风险隐患的简要内容" in body
    assert counts() == (0, 0, 0)


def test_a_risk_deadline_before_the_visit_saves_nothing(personas, login, world):
    yesterday = today() - datetime.timedelta(days=1)
    response = post(login(personas.grid), world.h1, open_risk="on", risk_title="后墙开裂", risk_due_on=yesterday)
    assert "整改期限不能早于发现日期" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_the_same_household_twice_on_one_day_is_refused(personas, login, world):
    client = login(personas.grid)
    assert post(client, world.h1).status_code == 302
    response = post(client, world.h1)
    assert VISIT_DUPLICATE in response.content.decode()
    assert Visit.objects.count() == 1


def test_party_member_cannot_log_visits(personas, login, world):
    client = login(personas.member)
    assert client.get(LOG).status_code == 403
    assert client.get(reverse("visits:household_options"), {"q": "z"}).status_code == 403
    assert post(client, world.h1).status_code == 403
    assert Visit.objects.count() == 0


def test_own_households_come_first_and_search_by_initials(personas, login, world):
    from tests import factories as f

    f.HouseholdFactory(grid=world.g2, name="阿明", number="H0")  # sorts before 张三 by pinyin
    assign(personas.secretary, household=world.h2)
    client = login(personas.secretary)
    body = client.get(LOG).content.decode()
    assert body.index("李四") < body.index("阿明") < body.index("张三")
    options = client.get(reverse("visits:household_options"), {"q": "zs"}).content.decode()
    assert "张三" in options and "李四" not in options and "阿明" not in options
    # Only households in scope are offered.
    assert "王五" not in body


def test_the_form_defaults_the_date_to_today(personas, login, world):
    body = login(personas.grid).get(LOG).content.decode()
    # Shown in Chinese whatever the browser's language (core.forms.DateInput).
    assert f'value="{dates.label(today(), dates.FULL)}"' in body


def test_service_refuses_a_visit_older_than_a_year(personas, world):
    with pytest.raises(Exception) as exc:
        services.visit_log(
            user=personas.grid,
            household_id=world.h1.pk,
            visited_on=datetime.date(2024, 1, 1),
            findings="x",
            today=datetime.date(2025, 2, 1),
        )
    assert services.VISIT_TOO_OLD in str(exc.value)
    assert counts() == (0, 0, 0)
