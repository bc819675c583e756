"""The village-ledger base (core.ledgers): the three ledgers keep the same common rules, numbering
and evidence through one set of steps."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core import ledgers
from core.evidence import EvidenceKind
from core.ledgers import GridLedgerEntry, VillageLedgerEntry, ledger_errors, ledger_save
from issues.models import Problem, ProblemEvidence
from tests import factories as f
from tests.issues.factories import CategoryFactory
from township.choices import RiskCategory
from township.models import Risk
from visits.choices import DemandKind
from visits.models import Demand

D = datetime.date
TODAY = D(2025, 6, 10)


def test_the_three_ledgers_stand_on_the_base():
    assert issubclass(Risk, GridLedgerEntry) and issubclass(Demand, GridLedgerEntry)
    assert issubclass(Problem, VillageLedgerEntry) and not issubclass(Problem, GridLedgerEntry)
    for model in (Risk, Demand, Problem):
        names = {f.name for f in model._meta.get_fields()}
        assert {"township", "village", "status", "deadline", "responsible", "responsible_user", "created_at"} <= names
        assert model.objects.model is model and hasattr(model.objects, "for_user")
    assert Risk.scope_fields == Demand.scope_fields == {"township": "township", "village": "village", "grid": "grid"}
    assert Problem.scope_fields == {"township": "township", "village": "village"}


def test_common_rules_name_the_ledgers_own_fields(world):
    other_grid = world.g3  # a grid of another village
    risk = Risk(village=world.v1, grid=other_grid, found_on=D(2025, 7, 1), deadline=D(2025, 6, 1))
    ledgers.ledger_place(risk)
    assert ledger_errors(risk, today=TODAY) == {
        "grid": ledgers.GRID_OUTSIDE,
        "found_on": "发现日期不能晚于今天",
        "deadline": "整改期限不能早于发现日期",
    }
    demand = Demand(village=world.v1, raised_on=D(2025, 6, 1), deadline=D(2025, 5, 1))
    ledgers.ledger_place(demand)
    assert ledger_errors(demand, today=TODAY) == {"deadline": "办理时限不能早于提出日期"}
    problem = Problem(township=world.t1, found_on=D(2025, 6, 1), deadline=D(2025, 5, 31))
    assert ledger_errors(problem, today=TODAY) == {"deadline": "整改时限不能早于发现日期"}


def test_a_responsible_login_must_work_in_the_entrys_township(world):
    elsewhere = f.UserFactory(username="far", role="office", scope_node=world.t2)
    risk = Risk(village=world.v1, found_on=D(2025, 6, 1), responsible_user=elsewhere)
    ledgers.ledger_place(risk)
    assert ledger_errors(risk, today=TODAY) == {"responsible_user": ledgers.RESPONSIBLE_ELSEWHERE}


def test_each_ledger_numbers_by_its_own_prefix_and_date(world):
    risk = ledger_save(
        Risk(village=world.v1, title="塌方", category=RiskCategory.DISASTER, found_by="张三", found_on=D(2025, 3, 1)),
        today=TODAY,
    )
    demand = ledger_save(
        Demand(kind=DemandKind.DEMAND, village=world.v1, title="修路", raised_on=D(2024, 12, 30)), today=TODAY
    )
    category = CategoryFactory(township=world.t1, name="理论学习")
    problem = ledger_save(
        Problem(
            township=world.t1,
            level="committee",
            channel="self_check",
            category=category,
            description="学习不深入",
            responsible="书记",
            found_on=D(2025, 2, 1),
            deadline=D(2025, 3, 1),
        ),
        today=TODAY,
    )
    assert (risk.number, demand.number, problem.code) == ("FX2025-00001", "SQ2024-00001", "2025-0001")
    assert risk.township_id == demand.township_id == world.t1.pk
    again = ledger_save(
        Risk(village=world.v2, title="积水", category=RiskCategory.DISASTER, found_by="李四", found_on=D(2025, 4, 1)),
        today=TODAY,
    )
    assert again.number == "FX2025-00002"  # per township, not per village


def test_a_bad_entry_saves_nothing(world):
    before = Risk.objects.count()
    with pytest.raises(ValidationError) as exc:
        ledger_save(
            Risk(village=world.v1, title="x", category=RiskCategory.DISASTER, found_by="张三", found_on=D(2030, 1, 1)),
            today=TODAY,
        )
    assert exc.value.message_dict == {"found_on": ["发现日期不能晚于今天"]}
    assert Risk.objects.count() == before


def test_evidence_files_are_stored_under_a_random_name_of_the_township(world, settings, tmp_path):
    from core.evidence import evidence_store
    from core.uploads import CheckedUpload

    settings.MEDIA_ROOT = tmp_path
    category = CategoryFactory(township=world.t1, name="组织生活")
    problem = Problem.objects.create(
        township=world.t1, level="committee", channel="self_check", category=category, description="d", responsible="r",
        found_on=D(2025, 1, 1), deadline=D(2025, 2, 1), code="2025-0009",
    )  # fmt: skip
    (stored,) = evidence_store(
        ProblemEvidence, problem, [CheckedUpload("整改报告 (终稿).pdf", b"%PDF-1.4 x", EvidenceKind.PDF)], user=None
    )
    assert stored.file.name.startswith(f"issues/evidence/{world.t1.pk}/") and "终稿" not in stored.file.name
    assert (stored.original_name, stored.kind, stored.size) == ("整改报告 (终稿).pdf", "pdf", 10)
    assert stored.file.read() == b"%PDF-1.4 x"
