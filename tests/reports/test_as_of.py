"""The as-of rule: a report for a past period states positions as they stood at that period's end,
whatever changed since; events are counted in the period."""

import shutil
from decimal import Decimal

import pytest

from grids.choices import StaffRole
from grids.models import CentralHouseholdLink, GridStaff
from places.models import Area
from reports import render, services
from reports.models import Report
from reports.rules import period_of
from tests import factories as f
from tests.reports.conftest import SENTENCES, D
from tests.reports.helpers import pdf_text
from tests.reports.test_figures import october
from township.models import RiskReview
from township.services import FindingInput, review_save
from visits.models import QuotaSetting


def change_everything_in_november(township):
    """What the office changes after October: a new grid, a branch, a central household, staff, quotas, a colour."""
    w = township.world
    f.GridFactory(name="九光村第2网格", code="T1V2G2", parent=w.v2)
    w.g4.refresh_from_db()
    w.g4.has_party_branch = True
    w.g4.save()
    central = f.CentralHouseholdFactory(member=w.m2)
    CentralHouseholdLink.objects.create(central=central, household=w.h4)
    GridStaff.objects.get(name="郑伟").delete()
    f.GridStaffFactory(grid=w.g4, role=StaffRole.ASSISTANT, name="新辅助员")
    f.GridStaffFactory(grid=w.g4, role=StaffRole.ASSISTANT, name="又一辅助员")
    quota = QuotaSetting.objects.get(township=w.t1)
    quota.visits_per_month = 10
    quota.save()
    review_save(
        RiskReview(township=w.t1, held_on=D(2026, 11, 2), attendees="张书记"),
        [FindingInput(village=w.v1, findings="汛情", colour="red", reason="险情")],
        today=D(2026, 12, 1),
    )
    change_the_key_points_and_quizzes_in_november(w)


def change_the_key_points_and_quizzes_in_november(w):
    """(八) and the quizzes after October: 九光村's organisation publicised, money collected, a new
    village rule and duty item, a system adopted, a quiz held (all dated in November)."""
    from economy import services as economy_services
    from economy.models import ClaimDebt, DutyItem, EconomicOrganisation, SystemKind, VillageRule, VillageSystem
    from tests.reports.conftest import at
    from training import services as training_services
    from training.models import Question, Quiz

    EconomicOrganisation.objects.filter(code="N2").update(debts_surveyed=True, publicised_on=D(2026, 11, 5))
    claim = ClaimDebt.objects.get(number="ZW-001")
    economy_services.entry_add(claim, amount=Decimal("5000"), entry_on=D(2026, 11, 3), today=D(2026, 11, 3))
    VillageRule.objects.create(township=w.t1, village=w.v2, adopted_on=D(2026, 11, 10), articles=35)
    DutyItem.objects.create(
        township=w.t1, village=w.v2, kind="personalised", number=9, post="村委会主任", content="事项",
        issued_on=D(2026, 11, 2),
    )  # fmt: skip
    kind = SystemKind.objects.create(township=w.t1, name="财务公开", order=9)
    VillageSystem.objects.create(township=w.t1, village=w.v2, system=kind, adopted_on=D(2026, 11, 1))
    quiz = Quiz.objects.create(
        township=w.t1, title="十一月答题", question_count=3, opens_at=at(D(2026, 11, 10), 8),
        closes_at=at(D(2026, 11, 20), 18),
    )  # fmt: skip
    training_services.quiz_publish(quiz)
    questions = list(Question.objects.filter(township=w.t1).order_by("code"))
    answers = {q.pk: [{"B": "A", "T": "F", "F": "T"}[q.answer]] for q in questions}  # all wrong: 0 points
    training_services.sheet_submit(quiz, w.m2, answers, now=at(D(2026, 11, 11), 9))


def test_last_octobers_report_regenerated_later_gives_octobers_figures(township):
    report = october(township)
    before = {k: fig.value for k, fig in services.live_figures(report).items()}
    change_everything_in_november(township)
    report = Report.objects.get(pk=report.pk)  # the tree moved: read the township's node afresh
    after = {k: fig.value for k, fig in services.live_figures(report).items()}
    assert after == before
    text = "\n".join(services.draft_document(report).lines())
    for sentence in SENTENCES:
        assert sentence in text


def test_the_current_period_states_the_position_now(township):
    change_everything_in_november(township)
    december = services.report_for(Area.objects.get(pk=township.world.t1.pk), period_of("month", D(2026, 12, 1)))
    figures = services.live_figures(december)
    values = {k: figures[k].value for k in ("grids", "grid_branches", "central_households", "linked_households")}
    assert values == {"grids": 4, "grid_branches": 2, "central_households": 2, "linked_households": 3}
    assert (figures["assistants"].value, figures["visits_per_month"].value) == (2, 10)
    assert (figures["green"].value, figures["yellow"].value, figures["red"].value) == (0, 1, 1)


def test_octobers_key_points_and_quizzes_ignore_what_was_dated_later(township):
    w = township.world
    change_the_key_points_and_quizzes_in_november(w)
    october_figures = services.live_figures(october(township))
    keys = ["organisations_publicised", "claims_collected", "villages_with_rules", "rule_articles"]
    keys += ["personalised_items", "systems", "quizzes", "quiz_average"]
    values = {k: october_figures[k].value for k in keys}
    assert values == {
        "organisations_publicised": 1, "claims_collected": "1.24", "villages_with_rules": 2, "rule_articles": 48,
        "personalised_items": 4, "systems": ["资金往来", "合同签订", "“三重一大”", "“四议两公开”"], "quizzes": 2,
        "quiz_average": 89.0,
    }  # fmt: skip
    november = services.live_figures(services.report_for(w.t1, period_of("month", D(2026, 11, 15))))
    assert (november["organisations_publicised"].value, november["claims_collected"].value) == (2, "0.5")
    assert (november["villages_with_rules"].value, november["rule_articles"].value) == (2, 62)
    assert (november["personalised_items"].value, november["quizzes"].value, november["quiz_average"].value) == (
        5, 1, 0.0,
    )  # fmt: skip


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_the_past_periods_pdf_says_the_past_position(township, tmp_path):
    change_everything_in_november(township)
    report = Report.objects.get(pk=october(township).pk)
    text = pdf_text(render.pdf_bytes(services.draft_document(report)), tmp_path)
    assert "将2个行政村划分为3个网格" in text
    assert "网格内1名党员中心户包联2户" in text
    assert "每月至少入户6次" in text


def test_rows_without_history_count_as_they_are_for_every_past_day(world):
    """Rows loaded in bulk before history was kept (demo data) have no record: they stand as they are."""
    from grids.selectors import grid_figures

    f.GridStaffFactory(grid=world.g1, role=StaffRole.LEADER)
    GridStaff.history.all().delete()
    assert grid_figures(node=world.t1, as_of=D(2020, 1, 1)).leaders == 1
    # Areas created today (their "+" record is today) did not exist in 2020.
    assert grid_figures(node=world.t1, as_of=D(2020, 1, 1)).grids == 0
