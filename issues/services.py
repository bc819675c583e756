"""Writes of the rectification ledger. Views, imports and tasks call these; nothing else writes.

Every service validates with ``issues.rules`` and raises ``ValidationError`` (Chinese messages)
before anything is saved; each runs in one transaction, so a refused write changes nothing.
Dates that decide something (today, for overdue flags) are passed in, never read from the clock.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from accounts.access import in_scope
from core.evidence import evidence_store
from core.ledgers import ledger_number, ledger_place, ledger_validate
from core.locks import Lock, xact_lock
from core.uploads import CheckedUpload, UploadRejected, check_upload, validation_error
from issues import rules
from issues.choices import Level, Status
from issues.models import Problem, ProblemCategory, ProblemEvidence
from places.choices import AreaKind

CATEGORY_OTHER_TOWNSHIP = "所选问题类别不属于该乡镇"
VILLAGE_OTHER_TOWNSHIP = "所选行政村不属于该乡镇"
TOWNSHIP_REQUIRED = "请指定乡镇"
STATUS_NOT_BY_EDIT = "整改情况须通过“变更整改情况”办理，不能在编辑中直接修改"
FIXED_ON_SPOT_NEEDS_EVIDENCE = "边查边改的问题须上传至少一份整改佐证材料"
NEW_STATUS_NOT_ALLOWED = "新登记的问题只能是待整改、整改中或长期坚持；当即整改完成的请勾选“边查边改”"
LEVEL_NOT_ALLOWED = "您只能登记本村（村级党组织）的问题"
CODE_TAKEN = "问题编号“{code}”已被使用"

OUT_OF_SCOPE = "该问题不在您的管辖范围内"


def _check(problem: Problem, *, today: datetime.date) -> None:
    """Every rule a stored problem obeys, whatever wrote it: the village ledgers' common rules
    (``core.ledgers.ledger_errors``) and the rectification ledger's own (``problem_errors``)."""
    ledger_validate(problem, today=today, check=problem_errors)


def problem_errors(problem: Problem, *, today: datetime.date) -> dict[str, str]:
    """The rectification ledger's own rules: level and village agree, category of the township, a
    deadline while open, what a closed problem must say, its closing date."""
    errors = {}
    if not problem.township_id:
        errors["township"] = TOWNSHIP_REQUIRED
    errors.update(rules.placement_errors(problem.level, problem.village_id is not None))
    if problem.village_id and problem.township_id and problem.village.parent_id != problem.township_id:
        errors.setdefault("village", VILLAGE_OTHER_TOWNSHIP)
    if problem.category_id and problem.township_id and problem.category.township_id != problem.township_id:
        errors["category"] = CATEGORY_OTHER_TOWNSHIP
    errors.update(rules.deadline_errors(problem.status, problem.found_on, problem.deadline))
    errors.update(
        rules.status_errors(
            problem.status, result=problem.result, verified_by=problem.verified_by, measures=problem.measures
        )
    )
    errors.update(rules.closed_on_errors(problem.closed_on, problem.found_on, today))
    return errors


def refresh_overdue(problem: Problem, *, today: datetime.date) -> bool:
    """Set the overdue flag from status, deadline and today; True when it changed."""
    overdue = rules.is_overdue(problem.status, problem.deadline, today)
    since = rules.overdue_since(problem.deadline) if overdue else None
    changed = (problem.overdue, problem.overdue_since) != (overdue, since)
    problem.overdue, problem.overdue_since = overdue, since
    return changed


def _assign_code(problem: Problem) -> None:
    if problem.code:
        clash = Problem.objects.filter(township_id=problem.township_id, code=problem.code).exclude(pk=problem.pk)
        if clash.exists():
            raise ValidationError({"code": CODE_TAKEN.format(code=problem.code)})
        return
    ledger_number(problem)


def _place(problem: Problem) -> None:
    """The township key follows the village when there is one (``core.ledgers.ledger_place``)."""
    if problem.village_id and problem.village.kind != AreaKind.VILLAGE:
        raise ValidationError({"village": rules.VILLAGE_REQUIRED})
    ledger_place(problem)


def _read_upload(upload) -> CheckedUpload:
    """Check one uploaded evidence file, or ValidationError on ``evidence``."""
    try:
        return check_upload(upload, rules.EVIDENCE)
    except UploadRejected as exc:
        raise validation_error(exc, "evidence") from exc


def _store_evidence(problem, checked, *, user, note="") -> list[ProblemEvidence]:
    return evidence_store(ProblemEvidence, problem, checked, user=user, note=note)


def _check_scope(problem: Problem, user) -> None:
    """A user records problems only inside their scope, and only at the levels it allows."""
    if user is None or user.sees_everything:
        return
    if problem.level not in level_for_scope(user):
        raise ValidationError({"level": LEVEL_NOT_ALLOWED})
    if not in_scope(user, problem):
        raise ValidationError(OUT_OF_SCOPE)


def problem_create(problem: Problem, *, user, today: datetime.date, evidence=()) -> Problem:
    """Record a new problem. A problem fixed at once (边查边改) is recorded as 已整改 and must
    carry its closing note, verifier and at least one evidence file."""
    _place(problem)
    _check_scope(problem, user)
    if problem.fixed_on_spot:
        problem.status = Status.DONE
        problem.closed_on = problem.closed_on or problem.found_on
        if not evidence:
            raise ValidationError({"evidence": FIXED_ON_SPOT_NEEDS_EVIDENCE})
    elif problem.status == Status.DONE:
        raise ValidationError({"status": NEW_STATUS_NOT_ALLOWED})
    checked = [_read_upload(upload) for upload in evidence]
    _check(problem, today=today)
    refresh_overdue(problem, today=today)
    with transaction.atomic():
        xact_lock(Lock.NUMBERS, [problem.township_id])
        _assign_code(problem)
        problem._history_user = user
        problem._change_reason = "边查边改，登记即销号" if problem.fixed_on_spot else "登记问题"
        problem.save()
        _store_evidence(problem, checked, user=user)
    return problem


def problem_open(*, user, today: datetime.date, township, category_name: str, **fields) -> Problem:
    """Open a problem from another feature's record (a meeting's decision, a research visit's finding)
    in one step: the category by name (added to the township's list when new), then ``problem_create``'s
    rules. ``fields`` are the problem's own (level, village, channel, source_ref, description, …)."""
    name = (category_name or "").strip()[:50]
    if not name:
        raise ValidationError({"category": "请填写问题类别"})
    with transaction.atomic():
        category = ProblemCategory.objects.filter(township=township, name=name).first()
        if category is None:
            order = ProblemCategory.objects.filter(township=township).count() + 1
            category = category_save(ProblemCategory(township=township, name=name, order=order), user=user)
        return problem_create(Problem(township=township, category=category, **fields), user=user, today=today)


def problem_update(problem: Problem, *, user, today: datetime.date) -> Problem:
    """Save edits to a problem's description, measures, people and dates (not its status)."""
    stored = Problem.objects.only("status", "code").get(pk=problem.pk)
    if stored.status != problem.status:
        raise ValidationError({"status": STATUS_NOT_BY_EDIT})
    _place(problem)
    _check_scope(problem, user)
    _check(problem, today=today)
    refresh_overdue(problem, today=today)
    with transaction.atomic():
        if problem.code != stored.code:
            xact_lock(Lock.NUMBERS, [problem.township_id])
        _assign_code(problem)
        problem._history_user = user
        problem.save()
    return problem


def problem_transition(
    problem: Problem,
    *,
    to: str,
    user,
    today: datetime.date,
    result: str = "",
    verified_by: str = "",
    closed_on: datetime.date | None = None,
    note: str = "",
) -> Problem:
    """Move a problem along the workflow (see ``rules.TRANSITIONS``). Closing (已整改, 销号)
    needs the note of what was done and who verified it; the 销号 date defaults to today."""
    with transaction.atomic():
        # Work on a fresh, locked copy: a refused move leaves the caller's object untouched.
        stored = Problem.objects.select_for_update().get(pk=problem.pk)
        current = stored.status
        refused = rules.transition_error(current, to)
        if refused:
            raise ValidationError({"status": refused})
        if result.strip():
            stored.result = result.strip()
        if verified_by.strip():
            stored.verified_by = verified_by.strip()
        if to == Status.DONE:
            stored.closed_on = closed_on or today
        stored.status = to
        _check(stored, today=today)
        refresh_overdue(stored, today=today)
        stored._history_user = user
        reason = f"{rules.label(current)} → {rules.label(to)}"
        stored._change_reason = f"{reason}：{note.strip()}"[:100] if note.strip() else reason
        stored.save()
    problem.refresh_from_db()
    return problem


def evidence_add(problem: Problem, *, upload, user, note: str = "") -> ProblemEvidence:
    """Attach one evidence file after checking its size, extension and magic bytes."""
    checked = _read_upload(upload)
    with transaction.atomic():
        return _store_evidence(problem, [checked], user=user, note=note.strip()[:200])[0]


@dataclass
class OverdueResult:
    marked: int
    cleared: int


def problems_mark_overdue(*, today: datetime.date) -> OverdueResult:
    """Flag every open problem past its deadline, and unflag those no longer overdue.

    Idempotent: a second run on the same day changes nothing. Each change is written with
    history ("逾期标记") so the ledger shows when a problem went overdue.
    """
    to_mark = Problem.objects.open().filter(deadline__lt=today, overdue=False)
    to_clear = Problem.objects.filter(overdue=True).exclude(status__in=rules.OPEN, deadline__lt=today)
    stale_since = Problem.objects.open().filter(overdue=True, deadline__lt=today)
    changed_marked, changed_cleared = [], []
    with transaction.atomic():
        for problem in to_mark.select_for_update():
            refresh_overdue(problem, today=today)
            changed_marked.append(problem)
        for problem in to_clear.select_for_update():
            refresh_overdue(problem, today=today)
            changed_cleared.append(problem)
        # A deadline moved while overdue: keep the flag, correct its first day.
        fixed = [p for p in stale_since.select_for_update() if refresh_overdue(p, today=today)]
        rows = changed_marked + changed_cleared + fixed
        if rows:
            bulk_update_with_history(
                rows,
                Problem,
                fields=["overdue", "overdue_since"],
                batch_size=1000,
                default_change_reason="逾期标记",
            )
    return OverdueResult(marked=len(changed_marked), cleared=len(changed_cleared))


def category_save(category: ProblemCategory, *, user=None) -> ProblemCategory:
    category.full_clean()
    category._history_user = user
    category.save()
    return category


def level_for_scope(user) -> list[str]:
    """The levels a user may record: village scope only 村级; township scope and admins all."""
    if user.sees_everything or (user.scope_node_id and user.scope_node.kind == AreaKind.TOWNSHIP):
        return list(Level.values)
    return [Level.VILLAGE]
