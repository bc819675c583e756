"""Writes and rules of the contact system: assignments, quotas, home visits, demands and the daily
flags. Views, imports, the daily task and the demo call these; nothing else writes these tables.

Every function that depends on the date takes ``today=`` (or ``day=``) so tests pass dates in.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count

from accounts.access import can
from accounts.roles import Role
from core import dates
from core.ledgers import ledger_place, ledger_save, ledger_validate
from core.uploads import UploadPolicy, UploadRejected, check_upload
from grids.selectors import households_for_user
from places.choices import AreaKind
from places.models import Area
from township.choices import RiskCategory, RiskLevel
from township.services import overdue_risks, risk_open
from visits import rules
from visits.choices import AssignmentKind, DemandKind, DemandSource, FlagKind, VisitTag
from visits.models import Assignment, Demand, Flag, QuotaSetting, Visit

NOT_A_CADRE = "党员账号不能作为包联干部，也不能登记走访"
VISIT_NO_HOUSEHOLD = "请选择走访的户"
VISIT_OUT_OF_SCOPE = "该户不在您的管辖范围内，不能登记走访"
VISIT_IN_FUTURE = "走访日期不能晚于今天"
VISIT_TOO_OLD = "走访日期不能早于一年前"
VISIT_DUPLICATE = "这一天已登记过对该户的走访，请在原记录中补充"
VISIT_NO_FINDINGS = "请填写走访情况"
VISIT_BAD_TAG = "标签无效"
FOLLOW_UP_TITLE_REQUIRED = "请填写{what}的简要内容"
ASSIGN_TARGET_REQUIRED = "请选择包联的行政村"
ASSIGN_GRID_OUTSIDE = "网格不属于所选行政村"
ASSIGN_HOUSEHOLD_OUTSIDE = "该户不属于所选行政村或网格"
ASSIGN_LEADERSHIP_VILLAGE_ONLY = "领导班子定向包联只能包联到村"
ASSIGN_END_BEFORE_START = "结束日期不能早于开始日期"
ASSIGN_DUPLICATE = "该干部已包联此对象（时间重叠）"
ASSIGN_OUT_OF_SCOPE = "所选行政村不在您的管辖范围内"
DEMAND_IN_FUTURE = "日期不能晚于今天"
DEMAND_BEFORE_RAISED = "不能早于提出日期"
QUOTA_RANGE = "请填写 {low} 到 {high} 之间的整数"

MAX_VISIT_AGE_DAYS = 366
QUOTA_LIMITS = (("households_each", 1, 500), ("visits_per_month", 1, 200), ("days_per_week", 0, 7))


# --- quotas ------------------------------------------------------------------------------------


# A visit photo: the type comes from the content (any name), and Pillow must decode it.
PHOTO = UploadPolicy(
    noun="照片",
    kinds=("jpg", "png", "webp"),
    by_content=True,
    decode_images=True,
    too_large_hint="，请压缩后再上传",
    bad_kind="上传的文件不是图片：仅支持 JPG、PNG、WEBP 格式的照片",
    empty="照片文件为空",
)


def quota_for(township) -> QuotaSetting:
    """The township's quota row (the defaults, unsaved, until the office changes them)."""
    setting = QuotaSetting.objects.filter(township=township).first()
    return setting or QuotaSetting(township=township)


def quota_save(setting: QuotaSetting) -> QuotaSetting:
    errors = {}
    for field, low, high in QUOTA_LIMITS:
        value = getattr(setting, field)
        if value is None or not low <= value <= high:
            errors[field] = QUOTA_RANGE.format(low=low, high=high)
    if errors:
        raise ValidationError(errors)
    setting.save()
    return setting


# --- assignments -------------------------------------------------------------------------------


def is_cadre(user) -> bool:
    """A contact cadre: an active login whose role may log visits (the access layer's ``Visit`` add)."""
    return user is not None and user.is_active and can(user, "add", Visit)


def assignment_validate(a: Assignment, *, user=None) -> None:
    errors = {}
    if a.cadre_id and not is_cadre(a.cadre):
        errors["cadre"] = NOT_A_CADRE
    if a.household_id:
        household = a.household
        if not a.village_id:
            a.village_id = household.village_id
        if household.village_id != a.village_id or (a.grid_id and household.grid_id != a.grid_id):
            errors["household"] = ASSIGN_HOUSEHOLD_OUTSIDE
        else:
            a.grid_id = household.grid_id
    if not a.village_id or a.village.kind != AreaKind.VILLAGE:
        errors["village"] = ASSIGN_TARGET_REQUIRED
    elif a.grid_id and a.grid.parent_id != a.village_id:
        errors["grid"] = ASSIGN_GRID_OUTSIDE
    if a.kind == AssignmentKind.LEADERSHIP and (a.grid_id or a.household_id):
        errors["kind"] = ASSIGN_LEADERSHIP_VILLAGE_ONLY
    if a.end_on and a.start_on and a.end_on < a.start_on:
        errors["end_on"] = ASSIGN_END_BEFORE_START
    if user is not None and a.village_id and not Area.objects.for_user(user).filter(pk=a.village_id).exists():
        errors["village"] = ASSIGN_OUT_OF_SCOPE
    if not errors and a.cadre_id and a.start_on:
        overlapping = Assignment.objects.filter(
            cadre_id=a.cadre_id, village_id=a.village_id, grid_id=a.grid_id, household_id=a.household_id
        ).active_during(a.start_on, a.end_on or datetime.date.max)
        if overlapping.exclude(pk=a.pk).exists():
            errors["cadre"] = ASSIGN_DUPLICATE
    if errors:
        raise ValidationError(errors)


def assignment_save(a: Assignment, *, user=None) -> Assignment:
    """Create or change an assignment; the target's keys follow from the village (and household)."""
    assignment_validate(a, user=user)
    a.township_id = a.village.parent_id
    a.save()
    return a


# --- home visits -------------------------------------------------------------------------------


@dataclass
class FollowUp:
    """A demand or a risk opened from a visit in the same step (only ``title`` is required)."""

    title: str
    kind: str = DemandKind.PROBLEM  # demands only
    category: str = RiskCategory.OTHER  # risks only
    level: str = RiskLevel.LOW  # risks only
    deadline: datetime.date | None = None  # risks only


def visit_household(user, household_id):
    """The household a user may log a visit to, or ValidationError (outside scope → refused)."""
    if not is_cadre(user):
        raise ValidationError({"household": NOT_A_CADRE})
    if household_id in (None, ""):
        raise ValidationError({"household": VISIT_NO_HOUSEHOLD})
    try:
        return households_for_user(user).select_related("village", "grid").get(pk=household_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise ValidationError({"household": VISIT_OUT_OF_SCOPE})


def visit_validate(visit: Visit, *, today: datetime.date, check_duplicate=True) -> None:
    errors = {}
    if visit.visited_on and visit.visited_on > today:
        errors["visited_on"] = VISIT_IN_FUTURE
    elif visit.visited_on and (today - visit.visited_on).days > MAX_VISIT_AGE_DAYS:
        errors["visited_on"] = VISIT_TOO_OLD
    if not (visit.findings or "").strip():
        errors["findings"] = VISIT_NO_FINDINGS
    if any(t not in VisitTag.values for t in visit.tag_list):
        errors["tags"] = VISIT_BAD_TAG
    if check_duplicate and visit.household_id and visit.visitor_id and visit.visited_on:
        same = Visit.objects.filter(
            household_id=visit.household_id, visitor_id=visit.visitor_id, visited_on=visit.visited_on
        )
        if same.exclude(pk=visit.pk).exists():
            errors["visited_on"] = VISIT_DUPLICATE
    if errors:
        raise ValidationError(errors)


def visit_log(
    *,
    user,
    household_id,
    visited_on: datetime.date,
    findings: str,
    tags=(),
    photo=None,
    today: datetime.date,
    demand: FollowUp | None = None,
    risk: FollowUp | None = None,
) -> Visit:
    """Log a home visit, optionally opening a demand and a risk linked to the same household.

    All or nothing: a household outside the user's scope, a date in the future, a photo that is too
    big or not an image, or any other bad input raises ValidationError and saves nothing.
    """
    household = visit_household(user, household_id)
    visit = Visit(
        visitor=user,
        household=household,
        visited_on=visited_on,
        findings=(findings or "").strip(),
        tags=rules.join_tags(tags),
    )
    visit.place_in_grid(household.grid)
    errors = {}
    try:
        visit_validate(visit, today=today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if photo:
        try:
            visit._photo_ext = check_upload(photo, PHOTO).kind
        except UploadRejected as exc:
            errors["photo"] = [str(exc)]
    if demand is not None and not demand.title.strip():
        errors["demand_title"] = FOLLOW_UP_TITLE_REQUIRED.format(what="诉求")
    if risk is not None and not risk.title.strip():
        errors["risk_title"] = FOLLOW_UP_TITLE_REQUIRED.format(what="风险隐患")
    if errors:
        raise ValidationError(errors)

    stored = None
    try:
        with transaction.atomic():
            if risk is not None:
                visit.risk = risk_open(
                    village=household.village,
                    grid=household.grid,
                    household=household,
                    title=risk.title.strip(),
                    category=risk.category,
                    level=risk.level,
                    description=visit.findings,
                    found_by=str(user),
                    found_on=visited_on,
                    deadline=risk.deadline,
                    reported_by=user,
                    today=today,
                    user=user,
                )
            if photo:
                # Written through the storage API first; removed again below if anything fails.
                visit.photo.save("photo", photo, save=False)
                stored = visit.photo.name
            try:
                with transaction.atomic():
                    visit.save()
            except IntegrityError:
                raise ValidationError({"visited_on": VISIT_DUPLICATE})
            if demand is not None:
                is_problem = demand.kind == DemandKind.PROBLEM
                demand_save(
                    Demand(
                        kind=demand.kind,
                        source=DemandSource.VISIT,
                        village=household.village,
                        grid=household.grid,
                        household=household,
                        visit=visit,
                        title=demand.title.strip(),
                        details=visit.findings,
                        raised_by=str(user) if is_problem else household.name,
                        raised_on=visited_on,
                        recorded_by=user,
                    ),
                    today=today,
                )
    except Exception:
        if stored:
            visit.photo.storage.delete(stored)
        raise
    return visit


def visit_update(visit: Visit, *, today: datetime.date) -> Visit:
    """Save an edited visit (date, findings, tags); the household and visitor do not change."""
    visit_validate(visit, today=today)
    visit.save()
    return visit


# --- demands -----------------------------------------------------------------------------------


def demand_errors(d: Demand, *, today: datetime.date) -> dict[str, str]:
    """The demands' own rules (the common ones are ``core.ledgers.ledger_errors``): handed over and
    solved neither in the future nor before the demand was raised."""
    errors = {}
    for field in ("assigned_on", "resolved_on"):
        value = getattr(d, field)
        if value and value > today:
            errors[field] = DEMAND_IN_FUTURE
        elif value and d.raised_on and value < d.raised_on:
            errors[field] = DEMAND_BEFORE_RAISED
    return errors


def demand_validate(d: Demand, *, today: datetime.date) -> None:
    ledger_validate(d, today=today, check=demand_errors)


def demand_save(d: Demand, *, today: datetime.date, user=None) -> Demand:
    """Create or update a demand: placed, validated, status from its dates, numbered (SQ年份-序号)."""
    ledger_place(d)
    if d.responsible_user_id and d.assigned_on is None:
        # Handed over now, but never before it was raised nor after it was solved.
        d.assigned_on = min(today, d.resolved_on or today)
        if d.raised_on and d.assigned_on < d.raised_on:
            d.assigned_on = d.raised_on
    d.refresh_status()
    return ledger_save(d, today=today, user=user, check=demand_errors, recorded_by="recorded_by")


def cadre_month_counts(cadre_ids, start: datetime.date, end: datetime.date) -> dict:
    """For each cadre: visits, distinct households and distinct days with a visit in ``start``..``end``."""
    rows = (
        Visit.objects.filter(visitor_id__in=cadre_ids, visited_on__range=(start, end))
        .values("visitor_id")
        .annotate(
            visits=Count("pk"),
            households=Count("household_id", distinct=True),
            days=Count("visited_on", distinct=True),
        )
    )
    return {r["visitor_id"]: r for r in rows}


def flags_refresh(*, day: datetime.date) -> int:
    """Write the day's flags: cadres behind their monthly quota as of yesterday, and risks open past
    their deadline. Idempotent: the day's flags are replaced, so a second run changes nothing.

    Measured at yesterday's end because the job runs early in the morning; on the 1st of a month it
    therefore flags who missed last month's quota in full. Returns the number of flags.
    """
    measured = day - datetime.timedelta(days=1)
    start, _ = rules.month_bounds(measured)
    flags = []

    quotas = {q.township_id: q for q in QuotaSetting.objects.all()}
    active = (
        Assignment.objects.filter(kind=AssignmentKind.CONTACT)
        .active_during(start, measured)
        .values("cadre_id", "township_id")
        .distinct()
        .order_by("cadre_id", "township_id")
    )
    pairs = list(active)
    cadres = {
        u.pk: u
        for u in _user_model()
        .objects.filter(pk__in={p["cadre_id"] for p in pairs}, is_active=True)
        .exclude(role=Role.MEMBER)
        .select_related("scope_node", "scope_node__parent")
    }
    counts = cadre_month_counts(list(cadres), start, measured)
    for pair in pairs:
        cadre = cadres.get(pair["cadre_id"])
        if cadre is None:
            continue
        quota = quotas.get(pair["township_id"]) or QuotaSetting()
        targets = rules.month_targets(quota.visits_per_month, quota.days_per_week, measured)
        done = counts.get(cadre.pk, {"visits": 0, "days": 0})
        if not rules.is_behind(done["visits"], done["days"], targets):
            continue
        village_id, grid_id = _cadre_place(cadre)
        flags.append(
            Flag(
                day=day,
                kind=FlagKind.QUOTA_BEHIND,
                key=f"u{cadre.pk}-t{pair['township_id']}",
                township_id=pair["township_id"],
                village_id=village_id,
                grid_id=grid_id,
                user=cadre,
                message=(
                    f"{cadre}：截至{measured.month}月{measured.day}日本月入户走访{done['visits']}次（按进度应{targets.visits}次），"
                    f"到村{done['days']}天（按进度应{targets.days}天）"
                ),
            )
        )

    overdue = overdue_risks(day)
    for risk in overdue.order_by("pk"):
        flags.append(
            Flag(
                day=day,
                kind=FlagKind.RISK_OVERDUE,
                key=f"r{risk.pk}",
                township_id=risk.township_id,
                village_id=risk.village_id,
                grid_id=risk.grid_id,
                user_id=risk.reported_by_id,
                risk=risk,
                message=(
                    f"{risk.village.name}：风险隐患“{risk.title}”"
                    f"整改期限{dates.label(risk.deadline, dates.FULL)}已过，仍在管控中"
                ),
            )
        )

    with transaction.atomic():
        Flag.objects.filter(day=day).delete()
        Flag.objects.bulk_create(flags, batch_size=2000, ignore_conflicts=True)
    return len(flags)


def _cadre_place(cadre) -> tuple[int | None, int | None]:
    """The village and grid keys of a cadre's own flag, from their scope node (None for town cadres)."""
    node = cadre.scope_node
    if node is None:
        return None, None
    if node.kind == AreaKind.GRID:
        return node.parent_id, node.pk
    if node.kind == AreaKind.VILLAGE:
        return node.pk, None
    return None, None


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()
