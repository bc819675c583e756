"""Writes and rules of the work log and the service centres. Pages, imports, tasks and commands
call these; nothing else writes. Messages are module constants (tests assert on them)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateField, ExpressionWrapper, F, Q
from django.utils import timezone

from core.evidence import EvidenceKind, evidence_store
from core.ledgers import ledger_save
from core.numbers import allocate_number
from core.uploads import UploadPolicy, UploadRejected, check_upload, validation_error
from issues import services as issue_services
from issues.choices import Channel, Level
from places.choices import AreaKind
from worklog.choices import OPEN_TASK, CentreStatus, TaskStatus
from worklog.models import GroupMember, KeyTask, Numbered, ResearchVisit, ServiceCentre, TaskProgress

DATE_IN_FUTURE = "{label}不能晚于今天"
TOWNSHIP_REQUIRED = "请指定乡镇"
VILLAGE_OTHER_TOWNSHIP = "所选行政村不属于该乡镇"
NUMBER_TAKEN = "编号“{number}”已被使用"
VISIT_NO_MEMBERS = "请至少选择一名领导组成员"
VISIT_MEMBER_NOT_IN_GROUP = "“{name}”不是本镇领导组成员"
VISIT_MEMBER_NOT_SERVING = "“{name}”在{day}不在领导组中（{joined}—{left}）"
GROUP_LEFT_BEFORE_JOINED = "退出日期不能早于加入日期"
PROGRESS_RANGE = "进度应为 0 到 100 之间的整数"
PROGRESS_BACKWARDS = "进度不能低于上次记录的 {last}%"
PROGRESS_NOTE_REQUIRED = "请填写进展说明"
PROGRESS_TASK_DONE = "该任务已完成，不能再记录进展"
DONE_NEEDS_FULL = "状态为已完成时进度应为 100%"
DONE_ON_BEFORE = "完成日期不能早于下达日期"
CENTRE_BUILT_FUTURE_YEAR = "已建成的党群服务中心，建成年度不能晚于今年"
CENTRE_AREA_POSITIVE = "面积应大于 0"
CENTRE_TAKEN = "该村已登记党群服务中心"
ATTENDEES_NEGATIVE = "参训人数不能为负数"
ATTENDEES_FEWER = "参训人数（{count}）少于所选的参训党员（{chosen} 名）；留空则按所选人数计"
ATTENDEE_OTHER_TOWNSHIP = "参训党员不属于本乡镇：{names}"
NO_SUCH_DECISION = "会议没有这一条决定"
NO_FINDING = "该次调研没有记录发现的问题"


def _label(obj, field: str) -> str:
    return str(obj._meta.get_field(field).verbose_name)


def not_in_future(obj, field: str, today: datetime.date) -> dict:
    day = getattr(obj, field)
    return {field: DATE_IN_FUTURE.format(label=_label(obj, field))} if day and day > today else {}


def raise_errors(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def number_assign(obj: Numbered) -> None:
    """Give a new record the next number of its township (under the number lock); a number given is
    kept if no other record of the township has it."""
    model = type(obj)
    if obj.number:
        taken = model.objects.filter(township_id=obj.township_id, number=obj.number).exclude(pk=obj.pk)
        if taken.exists():
            raise ValidationError({"number": NUMBER_TAKEN.format(number=obj.number)})
        return
    day = obj.entry_date() or timezone.localdate()
    prefix = obj.number_prefix.format(year=day.year)
    obj.number = allocate_number(model, obj.township_id, prefix, width=obj.number_width)


def _save_numbered(obj, *, user=None):
    if not obj.township_id:
        raise ValidationError(TOWNSHIP_REQUIRED)
    with transaction.atomic():
        number_assign(obj)
        if user is not None:
            obj._history_user = user
            if hasattr(obj, "recorded_by_id") and obj.pk is None and not obj.recorded_by_id:
                obj.recorded_by = user
        obj.save()
    return obj


# --- leadership group --------------------------------------------------------------------------


def group_member_errors(member: GroupMember) -> dict[str, str]:
    if member.joined_on and member.left_on and member.left_on < member.joined_on:
        return {"left_on": GROUP_LEFT_BEFORE_JOINED}
    return {}


def group_member_save(member: GroupMember, *, user=None) -> GroupMember:
    """Save a member of the group; every change (a new post, leaving) stays in the history."""
    raise_errors(group_member_errors(member))
    if user is not None:
        member._history_user = user
    member.save()
    return member


def serving(member: GroupMember, day: datetime.date) -> bool:
    """Whether the person was in the group on ``day`` (rule: joined on or before, not yet left)."""
    return (member.joined_on is None or member.joined_on <= day) and (member.left_on is None or member.left_on >= day)


# --- key tasks ---------------------------------------------------------------------------------


def task_errors(task: KeyTask, *, today: datetime.date) -> dict[str, str]:
    """The key-task list's own rules (the common ledger rules are core.ledgers.ledger_errors)."""
    errors = {}
    if task.village_id and task.township_id and task.village.parent_id != task.township_id:
        errors["village"] = VILLAGE_OTHER_TOWNSHIP
    if task.progress is not None and not 0 <= task.progress <= 100:
        errors["progress"] = PROGRESS_RANGE
    if task.status == TaskStatus.DONE and task.progress != 100:
        errors["progress"] = DONE_NEEDS_FULL
    if task.done_on and task.assigned_on and task.done_on < task.assigned_on:
        errors["done_on"] = DONE_ON_BEFORE
    if task.done_on and task.done_on > today:
        errors["done_on"] = DATE_IN_FUTURE.format(label=_label(task, "done_on"))
    return errors


def overdue_state(status: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """A task is overdue when it is still open the day after its deadline (rule, no database)."""
    return status in OPEN_TASK and deadline is not None and deadline < today


def _refresh_overdue(task: KeyTask, today: datetime.date) -> None:
    late = overdue_state(task.status, task.deadline, today)
    if late and not task.overdue:
        task.overdue_since = task.deadline + datetime.timedelta(days=1)
    if not late:
        task.overdue_since = None
    task.overdue = late


def task_prepare(task: KeyTask, *, today: datetime.date) -> None:
    """What follows from a task's status: a completion date when done, the overdue flag."""
    if task.status == TaskStatus.DONE and not task.done_on:
        task.done_on = today
    if task.status != TaskStatus.DONE:
        task.done_on = None
    _refresh_overdue(task, today)


def task_save(task: KeyTask, *, today: datetime.date, user=None) -> KeyTask:
    """Create or update a key task: placed, checked, numbered (RW年份-序号), saved."""
    if not task.township_id and not task.village_id:
        raise ValidationError(TOWNSHIP_REQUIRED)
    task_prepare(task, today=today)
    if user is not None:
        task._history_user = user
    return ledger_save(task, today=today, user=user, check=task_errors)


def task_progress_add(
    task: KeyTask, *, percent: int, note: str, on: datetime.date, today: datetime.date, user=None
) -> TaskProgress:
    """Record a progress update (the timeline) and carry it onto the task: 100% completes it."""
    errors = {}
    if task.status == TaskStatus.DONE:
        raise ValidationError(PROGRESS_TASK_DONE)
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = PROGRESS_RANGE
    elif percent < task.progress:
        errors["percent"] = PROGRESS_BACKWARDS.format(last=task.progress)
    if not (note or "").strip():
        errors["note"] = PROGRESS_NOTE_REQUIRED
    if on and on > today:
        errors["on"] = DATE_IN_FUTURE.format(label="日期")
    raise_errors(errors)
    with transaction.atomic():
        update = TaskProgress.objects.create(task=task, on=on, percent=percent, note=note.strip(), recorded_by=user)
        task.progress = percent
        task.progress_note = note.strip()[:300]
        if percent == 100:
            task.status = TaskStatus.DONE
            task.done_on = on
        elif task.status == TaskStatus.PENDING:
            task.status = TaskStatus.IN_PROGRESS
        _refresh_overdue(task, today)
        if user is not None:
            task._history_user = user
        task.save()
    return update


@dataclass
class OverdueResult:
    flagged: int
    cleared: int


def tasks_mark_overdue(*, today: datetime.date) -> OverdueResult:
    """The daily beat job's work: flag open tasks past their deadline, clear the flag of the rest.
    Two UPDATE statements whatever the number of tasks; running it twice changes nothing more."""
    late = Q(status__in=OPEN_TASK, deadline__lt=today)
    since = ExpressionWrapper(F("deadline") + datetime.timedelta(days=1), output_field=DateField())
    with transaction.atomic():
        flagged = KeyTask.objects.filter(late, overdue=False).update(overdue=True, overdue_since=since)
        cleared = KeyTask.objects.filter(~late, overdue=True).update(overdue=False, overdue_since=None)
    return OverdueResult(flagged, cleared)


# --- meetings, visits, tours, trainings --------------------------------------------------------


def meeting_save(meeting, *, today: datetime.date, user=None):
    """A meeting (not in the future), numbered HY年份-序号."""
    raise_errors(not_in_future(meeting, "held_on", today))
    return _save_numbered(meeting, user=user)


def visit_errors(visit: ResearchVisit, members, *, today: datetime.date) -> dict[str, str]:
    """A visit is by members of the township's group who served on the day, to a village of the
    township, not in the future."""
    errors = not_in_future(visit, "visited_on", today)
    if visit.village_id and (visit.village.kind != AreaKind.VILLAGE or visit.village.parent_id != visit.township_id):
        errors["village"] = VILLAGE_OTHER_TOWNSHIP
    members = list(members)
    if not members:
        errors["members"] = VISIT_NO_MEMBERS
    for member in members:
        if member.township_id != visit.township_id:
            errors["members"] = VISIT_MEMBER_NOT_IN_GROUP.format(name=member.name)
            break
        if visit.visited_on and not serving(member, visit.visited_on):
            errors["members"] = VISIT_MEMBER_NOT_SERVING.format(
                name=member.name,
                day=visit.visited_on.isoformat(),
                joined=member.joined_on or "",
                left=member.left_on or "至今",
            )
            break
    return errors


def visit_save(visit: ResearchVisit, members, *, today: datetime.date, user=None) -> ResearchVisit:
    """A research or guidance visit and who went; its person-times (人次) are the number of members."""
    members = list(members)
    if visit.village_id and not visit.township_id:
        visit.township_id = visit.village.parent_id
    raise_errors(visit_errors(visit, members, today=today))
    with transaction.atomic():
        visit.person_times = len(members)
        _save_numbered(visit, user=user)
        visit.members.set(members)
    return visit


def tour_save(tour, *, today: datetime.date, user=None):
    raise_errors(not_in_future(tour, "toured_on", today))
    return _save_numbered(tour, user=user)


def training_errors(training, attendees=None, *, today: datetime.date) -> dict[str, str]:
    """A training's rules: not in the future; the chosen attendees are party members of the training's
    township; the count (others may attend who are not in the member register) is not below them."""
    errors = not_in_future(training, "held_on", today)
    count = training.attendee_count
    if count is not None and count < 0:
        errors["attendee_count"] = ATTENDEES_NEGATIVE
    attendees = list(attendees or [])
    strangers = [m.name for m in attendees if m.township_id != training.township_id]
    if strangers:
        errors["attendees"] = ATTENDEE_OTHER_TOWNSHIP.format(names="、".join(strangers[:5]))
    elif count and 0 < count < len(attendees):
        errors["attendee_count"] = ATTENDEES_FEWER.format(count=count, chosen=len(attendees))
    return errors


def training_save(training, attendees=None, *, today: datetime.date, user=None):
    """A training and, when given, the members who attended (people from the registers). The count
    stays as entered when it is at least the chosen members; blank (or 0), it is their number."""
    attendees = list(attendees) if attendees is not None else None
    raise_errors(training_errors(training, attendees, today=today))
    with transaction.atomic():
        if not training.attendee_count:
            training.attendee_count = len(attendees or [])
        _save_numbered(training, user=user)
        if attendees is not None:
            training.attendees.set(attendees)
    return training


# --- service centres ---------------------------------------------------------------------------


def centre_errors(centre: ServiceCentre, *, today: datetime.date, check_taken: bool = True) -> dict[str, str]:
    errors = {}
    if centre.status == CentreStatus.BUILT and centre.year and centre.year > today.year:
        errors["year"] = CENTRE_BUILT_FUTURE_YEAR
    if centre.floor_area is not None and centre.floor_area <= 0:
        errors["floor_area"] = CENTRE_AREA_POSITIVE
    if centre.village_id:
        if centre.village.kind != AreaKind.VILLAGE:
            errors["village"] = VILLAGE_OTHER_TOWNSHIP
        elif check_taken and ServiceCentre.objects.filter(village_id=centre.village_id).exclude(pk=centre.pk).exists():
            errors["village"] = CENTRE_TAKEN
    return errors


def centre_save(centre: ServiceCentre, *, today: datetime.date, user=None) -> ServiceCentre:
    if centre.village_id:
        centre.township_id = centre.village.parent_id
    raise_errors(centre_errors(centre, today=today))
    if user is not None:
        centre._history_user = user
    centre.save()
    return centre


# --- attachments: minutes, materials, photos --------------------------------------------------

FILES = UploadPolicy(
    noun="文件", kinds=EvidenceKind.values, bad_kind="只接受 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）文件"
)
PHOTOS = UploadPolicy(noun="照片", kinds=("jpg", "png"), by_content=True, decode_images=True)


def attachment_add(model, entry, *, upload, user, note: str = "", policy=FILES):
    """Check one upload (size, kind, magic bytes) and store it as ``model`` (an EvidenceFile) of ``entry``."""
    try:
        checked = check_upload(upload, policy)
    except UploadRejected as exc:
        raise validation_error(exc, "file") from exc
    with transaction.atomic():
        return evidence_store(model, entry, [checked], user=user, note=(note or "").strip())[0]


# --- one step from a meeting's decision or a visit's finding -----------------------------------


def decision_text(meeting, line: int) -> str:
    """The ``line``-th decision of a meeting (1-based); ValidationError when there is none."""
    lines = meeting.decision_lines
    if not 1 <= line <= len(lines):
        raise ValidationError(NO_SUCH_DECISION)
    return lines[line - 1]


def task_from_decision(meeting, task: KeyTask, *, today: datetime.date, user=None) -> KeyTask:
    """A key task opened from a meeting's decision: linked to the meeting, assigned on its day."""
    task.meeting = meeting
    task.township_id = meeting.township_id
    if not task.assigned_on:
        task.assigned_on = meeting.held_on
    return task_save(task, today=today, user=user)


def problem_from_decision(meeting, line: int, *, today: datetime.date, user, **fields):
    """A rectification problem opened from a meeting's decision, through ``issues.services``, and
    linked to the meeting. ``fields``: level, village, category_name, responsible, deadline, …"""
    text = decision_text(meeting, line)
    with transaction.atomic():
        problem = issue_services.problem_open(
            user=user,
            today=today,
            township=meeting.township,
            channel=Channel.SELF_CHECK,
            source_ref=f"{meeting.held_on:%Y-%m-%d}{meeting.get_kind_display()}（{meeting.number}）决定",
            description=fields.pop("description", "") or text,
            found_on=meeting.held_on,
            **fields,
        )
        meeting.problems.add(problem)
    return problem


def problem_from_finding(visit: ResearchVisit, *, today: datetime.date, user, **fields):
    """A village-level rectification problem opened from a research visit's finding (上级点)."""
    if not visit.findings.strip() and not fields.get("description"):
        raise ValidationError(NO_FINDING)
    with transaction.atomic():
        problem = issue_services.problem_open(
            user=user,
            today=today,
            township=visit.township,
            level=Level.VILLAGE,
            village=visit.village,
            channel=Channel.HIGHER,
            source_ref=f"{visit.visited_on:%Y-%m-%d}{visit.get_kind_display()}（{visit.number}）",
            description=fields.pop("description", "") or visit.findings.strip(),
            found_on=visit.visited_on,
            **fields,
        )
        visit.problems.add(problem)
    return problem
