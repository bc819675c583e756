"""The rules of the rectification ledger, as pure functions (no database access).

- Status workflow: 待整改 → 整改中 → 已整改, or 长期坚持 for what is kept up over time.
  已整改 (销号) is final: a problem that comes back is recorded as a new problem.
- Closing (销号) needs a note of what was done and the name of who verified it.
- The deadline is not before the found date; open problems need one.
- A village-level problem names its village; a committee or leadership-team problem does not.
- Overdue: open (待整改 or 整改中) and past its deadline.
- Problem codes (问题编号) generated as ``YYYY-NNNN``, numbered per township and year.
- Evidence files: size limit, safe types by extension and by magic bytes.

Services call these and refuse a write when one answers with a message; the messages are
module constants that tests assert on.
"""

import datetime

from core.evidence import EvidenceKind
from core.uploads import UploadPolicy
from issues.choices import Level, Status

OPEN = frozenset({Status.PENDING, Status.IN_PROGRESS})

# Which status may follow which. Anything else is refused.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.PENDING: (Status.IN_PROGRESS, Status.DONE, Status.ONGOING),
    Status.IN_PROGRESS: (Status.DONE, Status.ONGOING),
    Status.ONGOING: (Status.DONE,),
    Status.DONE: (),
}

SAME_STATUS = "问题已经是“{status}”状态"
TRANSITION_REFUSED = "不能从“{current}”改为“{target}”"
CLOSED_IS_FINAL = "问题已销号（已整改），不能再改变状态；如问题复发，请登记为新问题"
CLOSING_NEEDS_RESULT = "销号须填写整改情况说明（做了什么）"
CLOSING_NEEDS_VERIFIER = "销号须填写验收人（谁核实的）"
ONGOING_NEEDS_MEASURES = "长期坚持的问题须写明整改措施"
DEADLINE_BEFORE_FOUND = "整改时限不能早于发现日期"
DEADLINE_REQUIRED = "待整改、整改中的问题须填写整改时限"
VILLAGE_REQUIRED = "村级党组织的问题须选择所属行政村"
VILLAGE_NOT_ALLOWED = "党委、领导班子的问题不属于某个村，请不要选择行政村"
CLOSED_ON_BEFORE_FOUND = "销号日期不能早于发现日期"
CLOSED_ON_IN_FUTURE = "销号日期不能晚于今天"

EVIDENCE_EMPTY = "文件为空"
EVIDENCE_TOO_LARGE = "文件过大：最大允许 {limit} MB"
EVIDENCE_BAD_EXTENSION = "只能上传 PDF、JPG、PNG 图片、Word（.docx）或 Excel（.xlsx）文件"
EVIDENCE_BAD_CONTENT = "文件内容与扩展名不符或已损坏，已拒绝"


# An evidence file: the extension decides the kind and the first bytes must agree (core.uploads).
EVIDENCE = UploadPolicy(noun="文件", kinds=EvidenceKind.values, bad_kind=EVIDENCE_BAD_EXTENSION)


def label(status: str) -> str:
    return Status(status).label


# --- workflow ----------------------------------------------------------------------------------


def allowed_next(status: str) -> tuple[str, ...]:
    """The statuses a problem in ``status`` may move to."""
    return TRANSITIONS[Status(status)]


def transition_error(current: str, target: str) -> str | None:
    """Why a move from ``current`` to ``target`` is refused, or None when it is allowed."""
    if current == target:
        return SAME_STATUS.format(status=label(current))
    if current == Status.DONE:
        return CLOSED_IS_FINAL
    if target not in allowed_next(current):
        return TRANSITION_REFUSED.format(current=label(current), target=label(target))
    return None


def closing_errors(result: str, verified_by: str) -> dict[str, str]:
    """What is missing to close (销号) a problem: the note and the verifier."""
    errors = {}
    if not (result or "").strip():
        errors["result"] = CLOSING_NEEDS_RESULT
    if not (verified_by or "").strip():
        errors["verified_by"] = CLOSING_NEEDS_VERIFIER
    return errors


def status_errors(status: str, *, result: str, verified_by: str, measures: str) -> dict[str, str]:
    """What a problem in ``status`` must carry (closing note, verifier, measures)."""
    if status == Status.DONE:
        return closing_errors(result, verified_by)
    if status == Status.ONGOING and not (measures or "").strip():
        return {"measures": ONGOING_NEEDS_MEASURES}
    return {}


def deadline_errors(status: str, found_on: datetime.date | None, deadline: datetime.date | None) -> dict[str, str]:
    if deadline is None:
        return {"deadline": DEADLINE_REQUIRED} if status in OPEN else {}
    if found_on is not None and deadline < found_on:
        return {"deadline": DEADLINE_BEFORE_FOUND}
    return {}


def closed_on_errors(
    closed_on: datetime.date | None, found_on: datetime.date | None, today: datetime.date
) -> dict[str, str]:
    if closed_on is None:
        return {}
    if found_on is not None and closed_on < found_on:
        return {"closed_on": CLOSED_ON_BEFORE_FOUND}
    if closed_on > today:
        return {"closed_on": CLOSED_ON_IN_FUTURE}
    return {}


def placement_errors(level: str, has_village: bool) -> dict[str, str]:
    """A village-level problem names a village; the others do not."""
    if level == Level.VILLAGE and not has_village:
        return {"village": VILLAGE_REQUIRED}
    if level != Level.VILLAGE and has_village:
        return {"village": VILLAGE_NOT_ALLOWED}
    return {}


# --- overdue -----------------------------------------------------------------------------------


def is_overdue(status: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """Open and past its deadline (the deadline day itself is still in time)."""
    return status in OPEN and deadline is not None and deadline < today


def overdue_since(deadline: datetime.date) -> datetime.date:
    """The first day a problem is overdue: the day after its deadline."""
    return deadline + datetime.timedelta(days=1)


def overdue_days(deadline: datetime.date | None, today: datetime.date) -> int:
    if deadline is None or deadline >= today:
        return 0
    return (today - deadline).days
