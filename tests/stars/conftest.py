"""Fixtures of the star tests, on top of the shared two-township world (tests/conftest.py):
t1 东城镇 (v1 苇水村, v2 九光村), t2 西河镇 (v3 上郊村).

``standard``: the default ten criteria for 2025 in both townships; ``opened``: t1's 2025 round opened
on TODAY (自评中); helpers fill self-assessments and reviews through the services.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stars import services
from stars.models import BranchRating, Criterion

TODAY = datetime.date(2026, 2, 10)
YEAR = 2025

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64


def upload(name="会议记录.pdf", data=PDF):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def standard(world):
    services.standard_load_defaults(world.t1, YEAR)
    services.standard_load_defaults(world.t2, YEAR)
    criteria = list(Criterion.objects.filter(township=world.t1, year=YEAR).order_by("order"))
    return SimpleNamespace(
        criteria=criteria,
        by_order={c.order: c for c in criteria},
        needs_evidence=next(c for c in criteria if c.evidence_required),
        plain=next(c for c in criteria if not c.evidence_required),
        other_township=Criterion.objects.filter(township=world.t2, year=YEAR).first(),
    )


@pytest.fixture
def opened(world, personas, standard):
    found = services.round_open(world.t1, YEAR, user=personas.office, today=TODAY)
    ratings = {r.village_id: r for r in BranchRating.objects.filter(round=found).select_related("round", "village")}
    return SimpleNamespace(round=found, v1=ratings[world.v1.pk], v2=ratings[world.v2.pk])


def self_assess_all(rating, user, criteria, met_orders):
    """Self-assess every criterion: met for ``met_orders`` (with evidence where required)."""
    for c in criteria:
        met = c.order in met_orders
        uploads = [upload()] if met and c.evidence_required else []
        services.self_assess(rating, c, met=met, uploads=uploads, user=user, today=TODAY)


def secretary_login(world, village, username):
    from accounts.roles import Role
    from tests import factories as f

    return f.UserFactory(username=username, role=Role.SECRETARY, scope_node=village)


@pytest.fixture
def scene(world, personas, standard, opened):
    """A fuller picture: v1 self-assessed with evidence and reviewed; t2's round open; secretaries of
    v1, v2 and v3 with appraisals; t1's 2026 secretary rating computed (a draft)."""
    from stars.models import MarkEvidence, Secretary, SecretaryAppraisal, SecretaryRun
    from tests import factories as f

    w = world
    sec1 = personas.secretary
    sec2 = f.UserFactory(username="secretary2", role=personas.secretary.role, scope_node=w.v2)
    self_assess_all(opened.v1, sec1, standard.criteria, met_orders={1, 2, 3, 4, 5, 6, 7})
    other_round = services.round_open(w.t2, YEAR, user=personas.office2, today=TODAY)
    people = {}
    for village, name, appointed in (
        (w.v1, "王建国", datetime.date(2016, 3, 1)),
        (w.v2, "李春华", datetime.date(2025, 9, 1)),
        (w.v3, "赵志强", datetime.date(2019, 5, 1)),
    ):
        people[village.pk] = services.secretary_save(
            Secretary(village=village, name=name, appointed_on=appointed), user=personas.office, today=TODAY
        )
    for year, result in ((2023, "excellent"), (2024, "excellent"), (2025, "competent")):
        services.appraisal_save(
            SecretaryAppraisal(secretary=people[w.v1.pk], year=year, result=result), user=personas.office, today=TODAY
        )
    run = services.secretary_run_compute(w.t1, 2026, user=personas.office, today=TODAY)
    return SimpleNamespace(
        round=opened.round,
        v1=opened.v1,
        v2=opened.v2,
        other_round=other_round,
        other_rating=other_round.ratings.get(),
        evidence=MarkEvidence.objects.filter(mark__rating=opened.v1).first(),
        sec2=sec2,
        secretaries=people,
        run=SecretaryRun.objects.get(pk=run.pk),
    )
