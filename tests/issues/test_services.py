"""The services enforce the rules: a refused write leaves the database unchanged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from issues import rules, services
from issues.choices import Channel, Level, Status
from issues.models import Problem, ProblemEvidence
from tests.issues.conftest import PNG, TODAY

D = datetime.date


def new_problem(world, category, **kwargs):
    values = dict(
        township=world.t1,
        level=Level.COMMITTEE,
        channel=Channel.PUBLIC,
        category=category,
        description="群众反映办事难",
        measures="设立代办窗口",
        responsible="李镇长",
        found_on=D(2025, 7, 1),
        deadline=D(2025, 8, 31),
    )
    values.update(kwargs)
    return Problem(**values)


def state(problem):
    problem.refresh_from_db()
    return (problem.status, problem.result, problem.verified_by, problem.closed_on, problem.history.count())


def test_create_numbers_problems_per_township_and_year(ledger, personas):
    first = services.problem_create(new_problem(ledger.world, ledger.theory), user=personas.office, today=TODAY)
    second = services.problem_create(new_problem(ledger.world, ledger.life), user=personas.office, today=TODAY)
    assert (first.code, second.code) == ("2025-0007", "2025-0008")
    village = new_problem(ledger.world, ledger.other, township=None, level=Level.VILLAGE, village=ledger.world.v3)
    assert services.problem_create(village, user=personas.office2, today=TODAY).code == "2025-0002"
    assert village.township == ledger.world.t2
    assert first.history.first().history_user == personas.office


def test_create_refuses_a_deadline_before_the_found_date(ledger, personas):
    before = Problem.objects.count()
    bad = new_problem(ledger.world, ledger.theory, deadline=D(2025, 6, 30))
    with pytest.raises(ValidationError) as exc:
        services.problem_create(bad, user=personas.office, today=TODAY)
    assert exc.value.message_dict == {"deadline": [rules.DEADLINE_BEFORE_FOUND]}
    assert Problem.objects.count() == before


def test_create_refuses_a_category_of_another_township(ledger, personas):
    before = Problem.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.problem_create(new_problem(ledger.world, ledger.other), user=personas.office, today=TODAY)
    assert exc.value.message_dict == {"category": [services.CATEGORY_OTHER_TOWNSHIP]}
    assert Problem.objects.count() == before


def test_a_secretary_records_only_his_own_villages_problems(ledger, personas):
    before = Problem.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.problem_create(new_problem(ledger.world, ledger.theory), user=personas.secretary, today=TODAY)
    assert exc.value.message_dict == {"level": [services.LEVEL_NOT_ALLOWED]}
    other = new_problem(ledger.world, ledger.theory, township=None, level=Level.VILLAGE, village=ledger.world.v2)
    with pytest.raises(ValidationError) as exc:
        services.problem_create(other, user=personas.secretary, today=TODAY)
    assert exc.value.messages == [services.OUT_OF_SCOPE]
    assert Problem.objects.count() == before
    own = new_problem(ledger.world, ledger.theory, township=None, level=Level.VILLAGE, village=ledger.world.v1)
    assert services.problem_create(own, user=personas.secretary, today=TODAY).pk


def test_the_workflow_runs_forward_and_records_each_step(ledger, personas):
    problem = ledger.c2
    services.problem_transition(problem, to=Status.IN_PROGRESS, user=personas.office, today=TODAY)
    services.problem_transition(
        problem, to=Status.DONE, user=personas.office, today=TODAY, result="已整改到位", verified_by="纪委书记"
    )
    problem.refresh_from_db()
    assert (problem.status, problem.closed_on, problem.verified_by) == (Status.DONE, TODAY, "纪委书记")
    reasons = list(problem.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["待整改 → 整改中", "整改中 → 已整改"]


@pytest.mark.parametrize(
    ("fixture", "target", "message"),
    [
        ("c1", Status.PENDING, rules.TRANSITION_REFUSED.format(current="整改中", target="待整改")),
        ("l1", Status.IN_PROGRESS, rules.TRANSITION_REFUSED.format(current="长期坚持", target="整改中")),
        ("v1b", Status.IN_PROGRESS, rules.CLOSED_IS_FINAL),
        ("c2", Status.PENDING, rules.SAME_STATUS.format(status="待整改")),
    ],
)
def test_refused_transitions_change_nothing(ledger, personas, fixture, target, message):
    problem = getattr(ledger, fixture)
    before = state(problem)
    with pytest.raises(ValidationError) as exc:
        services.problem_transition(problem, to=target, user=personas.office, today=TODAY)
    assert exc.value.message_dict == {"status": [message]}
    assert state(problem) == before


def test_closing_without_a_note_or_verifier_is_refused(ledger, personas):
    problem = ledger.v2
    before = state(problem)
    with pytest.raises(ValidationError) as exc:
        services.problem_transition(problem, to=Status.DONE, user=personas.office, today=TODAY, verified_by="王")
    assert exc.value.message_dict == {"result": [rules.CLOSING_NEEDS_RESULT]}
    with pytest.raises(ValidationError) as exc:
        services.problem_transition(problem, to=Status.DONE, user=personas.office, today=TODAY, result="已做")
    assert exc.value.message_dict == {"verified_by": [rules.CLOSING_NEEDS_VERIFIER]}
    assert state(problem) == before


def test_closing_clears_the_overdue_flag_at_once(ledger, personas):
    problem = ledger.c1
    assert problem.overdue
    services.problem_transition(
        problem, to=Status.DONE, user=personas.office, today=TODAY, result="补学完成", verified_by="组织委员"
    )
    problem.refresh_from_db()
    assert (problem.overdue, problem.overdue_since) == (False, None)


def test_fixed_on_the_spot_needs_evidence(ledger, personas):
    before = (Problem.objects.count(), ProblemEvidence.objects.count())
    problem = new_problem(ledger.world, ledger.theory, fixed_on_spot=True, result="当场修复", verified_by="王主任")
    with pytest.raises(ValidationError) as exc:
        services.problem_create(problem, user=personas.office, today=TODAY)
    assert exc.value.message_dict == {"evidence": [services.FIXED_ON_SPOT_NEEDS_EVIDENCE]}
    assert (Problem.objects.count(), ProblemEvidence.objects.count()) == before

    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    problem = new_problem(ledger.world, ledger.theory, fixed_on_spot=True, result="当场修复", verified_by="王主任")
    services.problem_create(problem, user=personas.office, today=TODAY, evidence=[photo])
    problem.refresh_from_db()
    assert (problem.status, problem.closed_on) == (Status.DONE, problem.found_on)
    evidence = problem.evidence.get()
    assert (evidence.original_name, evidence.kind, evidence.size) == ("现场.png", "png", len(PNG))
    assert evidence.file.read() == PNG
    assert "现场" not in evidence.file.name  # stored under a random name


def test_fixed_on_the_spot_with_a_bad_file_changes_nothing(ledger, personas):
    before = (Problem.objects.count(), ProblemEvidence.objects.count())
    fake = SimpleUploadedFile("现场.png", b"MZ\x90\x00 not an image", content_type="image/png")
    problem = new_problem(ledger.world, ledger.theory, fixed_on_spot=True, result="当场修复", verified_by="王主任")
    with pytest.raises(ValidationError) as exc:
        services.problem_create(problem, user=personas.office, today=TODAY, evidence=[fake])
    assert exc.value.message_dict == {"evidence": [rules.EVIDENCE_BAD_CONTENT]}
    assert (Problem.objects.count(), ProblemEvidence.objects.count()) == before


def test_a_new_problem_cannot_start_closed_without_being_fixed_on_the_spot(ledger, personas):
    before = Problem.objects.count()
    problem = new_problem(ledger.world, ledger.theory, status=Status.DONE, result="x", verified_by="y")
    with pytest.raises(ValidationError) as exc:
        services.problem_create(problem, user=personas.office, today=TODAY)
    assert exc.value.message_dict == {"status": [services.NEW_STATUS_NOT_ALLOWED]}
    assert Problem.objects.count() == before


def test_evidence_over_the_size_limit_is_refused(ledger, personas, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("扫描件.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(ledger.c1, upload=big, user=personas.office)
    assert exc.value.message_dict == {"evidence": [rules.EVIDENCE_TOO_LARGE.format(limit=1)]}
    assert ProblemEvidence.objects.count() == 0


def test_edit_cannot_change_the_status(ledger, personas):
    problem = Problem.objects.get(pk=ledger.c2.pk)
    problem.status = Status.DONE
    with pytest.raises(ValidationError) as exc:
        services.problem_update(problem, user=personas.office, today=TODAY)
    assert exc.value.message_dict == {"status": [services.STATUS_NOT_BY_EDIT]}
    ledger.c2.refresh_from_db()
    assert ledger.c2.status == Status.PENDING


def test_marking_overdue_is_idempotent_and_follows_deadlines(ledger, personas):
    # c2 (待整改) and v2 (整改中) have deadline 2025-06-30; c1 is already flagged.
    first = services.problems_mark_overdue(today=TODAY)
    assert (first.marked, first.cleared) == (4, 0)  # c2, v1, v2 and the other township's
    flagged = set(Problem.objects.filter(overdue=True).values_list("code", "township__code"))
    assert flagged == {("2025-0001", "T1"), ("2025-0002", "T1"), ("2025-0004", "T1"), ("2025-0006", "T1"),
                       ("2025-0001", "T2")}  # fmt: skip
    history_rows = Problem.history.count()
    second = services.problems_mark_overdue(today=TODAY)
    assert (second.marked, second.cleared) == (0, 0)
    assert Problem.history.count() == history_rows
    ledger.c2.refresh_from_db()
    assert ledger.c2.overdue_since == D(2025, 7, 1)
    assert ledger.c2.history.first().history_change_reason == "逾期标记"

    # The deadline is extended: the next run clears the flag.
    Problem.objects.filter(pk=ledger.v2.pk).update(deadline=D(2025, 9, 30))
    third = services.problems_mark_overdue(today=TODAY)
    assert (third.marked, third.cleared) == (0, 1)
    assert not Problem.objects.get(pk=ledger.v2.pk).overdue


def test_nothing_is_overdue_on_the_deadline_day(ledger):
    result = services.problems_mark_overdue(today=D(2025, 6, 30))
    # c1's deadline (5-31) has passed; every other deadline is 6-30, still in time.
    assert (result.marked, result.cleared) == (0, 0)
    assert set(Problem.objects.filter(overdue=True).values_list("code", flat=True)) == {"2025-0001"}
