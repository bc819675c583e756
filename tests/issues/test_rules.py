"""The ledger's rules as pure functions: no database."""

import datetime

import pytest

from core.evidence import EvidenceKind
from core.uploads import UploadRejected, check_file
from issues import rules
from issues.choices import Level, Status
from tests.issues.conftest import JPG, PDF, PNG, office_zip

D = datetime.date
P, W, DONE, LONG = Status.PENDING, Status.IN_PROGRESS, Status.DONE, Status.ONGOING


@pytest.mark.parametrize(("current", "target"), [(P, W), (P, DONE), (P, LONG), (W, DONE), (W, LONG), (LONG, DONE)])
def test_the_workflow_allows_forward_moves(current, target):
    assert rules.transition_error(current, target) is None
    assert target in rules.allowed_next(current)


@pytest.mark.parametrize(("current", "target"), [(W, P), (LONG, P), (LONG, W)])
def test_the_workflow_refuses_going_back(current, target):
    assert rules.transition_error(current, target) == rules.TRANSITION_REFUSED.format(
        current=Status(current).label, target=Status(target).label
    )


@pytest.mark.parametrize("target", [P, W, LONG])
def test_a_closed_problem_is_final(target):
    assert rules.transition_error(DONE, target) == rules.CLOSED_IS_FINAL
    assert rules.allowed_next(DONE) == ()


@pytest.mark.parametrize("status", [P, W, DONE, LONG])
def test_moving_to_the_same_status_is_refused(status):
    assert rules.transition_error(status, status) == rules.SAME_STATUS.format(status=Status(status).label)


def test_closing_needs_a_note_and_a_verifier():
    assert rules.closing_errors("", "") == {
        "result": rules.CLOSING_NEEDS_RESULT,
        "verified_by": rules.CLOSING_NEEDS_VERIFIER,
    }
    assert rules.closing_errors("   ", "王主任") == {"result": rules.CLOSING_NEEDS_RESULT}
    assert rules.closing_errors("已修复", "王主任") == {}


def test_status_errors_ask_closing_details_only_for_done_and_measures_for_ongoing():
    assert rules.status_errors(DONE, result="", verified_by="王", measures="x") == {
        "result": rules.CLOSING_NEEDS_RESULT
    }
    assert rules.status_errors(LONG, result="", verified_by="", measures=" ") == {
        "measures": rules.ONGOING_NEEDS_MEASURES
    }
    assert rules.status_errors(W, result="", verified_by="", measures="") == {}


def test_deadline_rules():
    found = D(2025, 3, 1)
    assert rules.deadline_errors(P, found, D(2025, 2, 28)) == {"deadline": rules.DEADLINE_BEFORE_FOUND}
    assert rules.deadline_errors(P, found, found) == {}
    assert rules.deadline_errors(W, found, None) == {"deadline": rules.DEADLINE_REQUIRED}
    assert rules.deadline_errors(LONG, found, None) == {}
    assert rules.deadline_errors(DONE, found, None) == {}


def test_closed_on_is_between_found_and_today():
    found, today = D(2025, 3, 1), D(2025, 7, 1)
    assert rules.closed_on_errors(D(2025, 2, 1), found, today) == {"closed_on": rules.CLOSED_ON_BEFORE_FOUND}
    assert rules.closed_on_errors(D(2025, 7, 2), found, today) == {"closed_on": rules.CLOSED_ON_IN_FUTURE}
    assert rules.closed_on_errors(today, found, today) == {}
    assert rules.closed_on_errors(None, found, today) == {}


def test_only_village_problems_name_a_village():
    assert rules.placement_errors(Level.VILLAGE, False) == {"village": rules.VILLAGE_REQUIRED}
    assert rules.placement_errors(Level.COMMITTEE, True) == {"village": rules.VILLAGE_NOT_ALLOWED}
    assert rules.placement_errors(Level.LEADERSHIP, False) == {}
    assert rules.placement_errors(Level.VILLAGE, True) == {}


def test_overdue_starts_the_day_after_the_deadline_and_only_for_open_problems():
    deadline = D(2025, 6, 30)
    assert not rules.is_overdue(W, deadline, deadline)
    assert rules.is_overdue(W, deadline, D(2025, 7, 1))
    assert rules.is_overdue(P, deadline, D(2025, 7, 1))
    assert not rules.is_overdue(DONE, deadline, D(2025, 7, 1))
    assert not rules.is_overdue(LONG, deadline, D(2025, 7, 1))
    assert not rules.is_overdue(W, None, D(2025, 7, 1))
    assert rules.overdue_since(deadline) == D(2025, 7, 1)
    assert rules.overdue_days(deadline, D(2025, 7, 3)) == 3
    assert rules.overdue_days(deadline, deadline) == 0


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("整改前后.png", PNG, EvidenceKind.PNG),
        ("现场.JPG", JPG, EvidenceKind.JPG),
        ("现场.jpeg", JPG, EvidenceKind.JPG),
        ("验收单.pdf", PDF, EvidenceKind.PDF),
        ("整改报告.docx", office_zip("word/"), EvidenceKind.DOCX),
        ("台账.xlsx", office_zip("xl/"), EvidenceKind.XLSX),
    ],
)
def test_safe_evidence_files_are_accepted(name, data, kind):
    assert check_file(name, data, rules.EVIDENCE, max_bytes=1024 * 1024) == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00", rules.EVIDENCE_BAD_EXTENSION),
        ("无扩展名", PDF, rules.EVIDENCE_BAD_EXTENSION),
        ("网页.html", b"<html>", rules.EVIDENCE_BAD_EXTENSION),
        ("伪装.pdf", b"MZ\x90\x00" + b"\x00" * 10, rules.EVIDENCE_BAD_CONTENT),
        ("伪装.png", JPG, rules.EVIDENCE_BAD_CONTENT),
        ("伪装.docx", b"PK\x03\x04not a zip at all", rules.EVIDENCE_BAD_CONTENT),
        ("表格冒充文档.docx", office_zip("xl/"), rules.EVIDENCE_BAD_CONTENT),
        ("空.pdf", b"", rules.EVIDENCE_EMPTY),
    ],
)
def test_unsafe_evidence_files_are_refused(name, data, message):
    with pytest.raises(UploadRejected) as exc:
        check_file(name, data, rules.EVIDENCE, max_bytes=1024 * 1024)
    assert str(exc.value) == message


def test_evidence_over_the_limit_is_refused():
    with pytest.raises(UploadRejected) as exc:
        check_file("大.pdf", PDF + b"\x00" * (2 * 1024 * 1024), rules.EVIDENCE, max_bytes=2 * 1024 * 1024)
    assert str(exc.value) == rules.EVIDENCE_TOO_LARGE.format(limit=2)
