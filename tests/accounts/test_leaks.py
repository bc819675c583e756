"""Each leak issue 8 found, reproduced: these tests failed before the fix.

World (tests/conftest.py): t1 ── v1 ── g1 (h1, m1), g2 (h2); v2 ── g4 (h4, m2); t2 ── v3 ── g3 (h3, m3).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from tests import factories as f
from tests.visits.helpers import assign, visit

pytestmark = pytest.mark.django_db


# --- /visits/cadres/<pk>/ listed and counted every assignment of the cadre, unscoped -------------


@pytest.fixture
def cadre(world):
    w = world
    person = f.UserFactory(username="cadre", role=Role.OFFICE, scope_node=w.t1, full_name="包联干部")
    for household in (w.h1, w.h2, w.h4):  # g1 and g2 of 苇水村, g4 of 九光村
        assign(person, household=household)
    visit(person, w.h1, timezone.localdate())
    visit(person, w.h4, timezone.localdate())
    return person


def test_a_secretary_sees_only_their_villages_part_of_a_cadres_page(login, personas, cadre, world):
    page = login(personas.secretary).get(reverse("visits:cadre", args=[cadre.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "张三户（苇水村）" in text and "李四户（苇水村）" in text
    assert "九光村" not in text  # 王五户（九光村） is another village's household
    assert page.context["figures"].contacts == 2
    assert page.context["figures"].visits == 1


def test_a_grid_member_sees_only_their_grids_part_of_a_cadres_page(login, personas, cadre):
    page = login(personas.grid).get(reverse("visits:cadre", args=[cadre.pk]))
    assert page.status_code == 200
    assert [a.household.name for a in page.context["assignments"]] == ["张三"]
    assert page.context["figures"].contacts == 1


def test_the_office_and_the_cadre_see_every_assignment(login, personas, cadre):
    assert len(login(personas.office).get(reverse("visits:cadre", args=[cadre.pk])).context["assignments"]) == 3
    assert len(login(cadre).get(reverse("visits:me")).context["assignments"]) == 3


def test_a_cadre_with_nothing_in_the_viewers_scope_is_not_found(login, personas, cadre):
    assert login(personas.office2).get(reverse("visits:cadre", args=[cadre.pk])).status_code == 404


# --- a party member downloaded rectification evidence (scope checked, role not) -----------------


@pytest.fixture
def evidence(world, personas):
    from django.core.files.base import ContentFile

    from issues.choices import Level
    from issues.models import ProblemEvidence
    from tests.issues.factories import ProblemFactory

    problem = ProblemFactory(village=world.v1, level=Level.VILLAGE)
    item = ProblemEvidence(problem=problem, original_name="整改照片.pdf", kind="pdf", size=12)
    item.file.save("e.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=False)
    item.save()
    return item


def test_a_party_member_may_not_download_rectification_evidence(login, personas, evidence):
    response = login(personas.member).get(reverse("issues:evidence_file", args=[evidence.pk]))
    assert response.status_code in (403, 404)
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_secretary_and_the_responsible_person_download_it(login, personas, evidence):
    assert login(personas.secretary).get(reverse("issues:evidence_file", args=[evidence.pk])).status_code == 200
    responsible = f.UserFactory(username="resp", role=Role.MEMBER, scope_node=evidence.problem.village)
    evidence.problem.responsible_user = responsible
    evidence.problem.save(update_fields=["responsible_user"])
    assert login(responsible).get(reverse("issues:evidence_file", args=[evidence.pk])).status_code == 200
    assert login(personas.office2).get(reverse("issues:evidence_file", args=[evidence.pk])).status_code == 404


# --- a member's claim evidence and a ranking notice went out without the access layer -------------


def test_claim_evidence_is_served_to_its_member_and_their_secretary_only(login, personas, world):
    from django.core.files.base import ContentFile

    from points.models import PointClaim
    from tests.points.conftest import make_book

    rules = make_book(world.t1, pilots=[world.v1])
    claim = PointClaim(
        township=world.t1,
        village=world.v1,
        member=world.m1,
        item=rules.patrol,
        occurred_on=datetime.date(2025, 3, 12),
        description="巡逻",
    )
    claim.evidence.save("c.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=False)
    claim.save()
    url = reverse("points:claim_evidence", args=[claim.pk])
    assert login(personas.member).get(url).status_code == 200
    assert login(personas.secretary).get(url).status_code == 200
    other = f.UserFactory(username="member2", role=Role.MEMBER, scope_node=world.v2, member=world.m2)
    assert login(other).get(url).status_code == 404
    assert login(personas.grid).get(url).status_code == 403
    assert login(personas.office2).get(url).status_code == 404
