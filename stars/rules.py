"""The rules of star ratings (评星定级), as pure functions: no database access.

Branches (党支部): a branch's stars are the number of criteria of the township's standard it meets
after the township's review (0–10). A round goes 自评中 → 镇审核中 → 公示中 → 已定级; the
publicity lasts N days (default 5) and the rating is final on the day after; a final rating is frozen,
and a later change is a new version with a reason.

Secretaries (党支部书记): ``rate_secretary`` turns tenure, the last appraisals and rewards and
punishments into 三星 / 二星 / 一星 / 不评星 with the reasons in Chinese. The thresholds are a
township's yearly settings (``SecretaryThresholds``; the defaults are the guide's table):

| 条件 | 结果 |
|---|---|
| 任职不满一年 | 不评星（任职不满一年，暂不评星） |
| 最近三次年度考核中有“不称职” | 不评星 |
| 任职满 5 年，且最近三次考核中至少 2 次优秀 | 三星 |
| 任职满 3 年，且至少 1 次优秀 | 二星 |
| 其余任职满一年的 | 一星 |
| 近三年受过处分，或最近三次考核中有“基本称职” | 最高一星 |
| 近三年获县级及以上表彰 | 视同一次优秀（最多计一次） |

Services call these and refuse a write when one answers with a message; the messages are module
constants that tests assert on.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core import dates
from core.figures import cn_number
from stars.choices import LEVEL_RANK, STAR_LABELS, Appraisal, RecordKind, RecordLevel, RoundStatus

# --- messages ----------------------------------------------------------------------------------

SELF_CLOSED = "本年度自评已结束（当前：{status}），不能再修改自评"
REVIEW_NOT_OPEN = "现在不能审核：请先结束自评（当前：{status}）"
FROZEN = "评星结果{status}，不能修改；定级后如需调整，请登记新版本并写明理由"
MET_NEEDS_EVIDENCE = "“{criterion}”要求上传佐证材料：请先上传至少一份佐证材料，再标记为达标"
MET_REQUIRED = "请选择“达标”或“未达标”"
OVERRULE_NEEDS_REASON = "审核结论与自评不一致时，须写明理由"
AGREE_NEEDS_SELF = "该项尚未自评，不能“同意自评”：请直接给出审核结论"
STEP_REFUSED = "不能从“{current}”进入“{target}”"
NOT_ALL_REVIEWED = "还有 {count} 项未审核（{villages}），全部审核后才能公示"
NOTHING_CHANGED = "没有改动：请至少改变一项的审核结论"
CORRECTION_NEEDS_FINAL = "只有已定级的评星结果才能登记调整（当前：{status}）"
CORRECTION_NEEDS_REASON = "请写明调整理由（如：年中降星的原因）"
CORRECTION_BEFORE_FINAL = "调整生效日期不能早于定级日期（{day}）"
DATE_IN_FUTURE = "{label}不能晚于今天"
APPOINTED_IN_FUTURE = "任职日期不能晚于今天"
LEFT_BEFORE_APPOINTED = "离任日期不能早于任职日期"
TOO_MANY_CRITERIA = "一个年度的评星标准最多 {limit} 项（“十星”）"

MAX_CRITERIA = 10
DEFAULT_PUBLICITY_DAYS = 5
DEFAULT_HONOURS_THRESHOLD = 8

NEXT_STEP = {
    RoundStatus.SELF: RoundStatus.REVIEW,
    RoundStatus.REVIEW: RoundStatus.PUBLICITY,
    RoundStatus.PUBLICITY: RoundStatus.FINAL,
}
FROZEN_STATUSES = frozenset({RoundStatus.PUBLICITY, RoundStatus.FINAL})


def status_label(status: str) -> str:
    return RoundStatus(status).label


# --- the branch round --------------------------------------------------------------------------


def branch_stars(marks: Iterable[bool | None]) -> int:
    """Stars: the number of criteria met (``None``, not decided, does not count)."""
    return sum(1 for met in marks if met)


def step_error(current: str, target: str) -> str | None:
    """Why a round may not move from ``current`` to ``target`` (None: it may)."""
    if NEXT_STEP.get(RoundStatus(current)) != target:
        return STEP_REFUSED.format(current=status_label(current), target=status_label(target))
    return None


def final_on(published_on: datetime.date, publicity_days: int) -> datetime.date:
    """The day a published rating becomes final: the publicity covers ``publicity_days`` days from
    the publishing day (5 days from 1 March: 1–5 March), final on the next day."""
    return published_on + datetime.timedelta(days=max(1, publicity_days))


def effective_status(status: str, final_day: datetime.date | None, today: datetime.date) -> str:
    """The status a reader sees today: a publicity that has run out is final even before the nightly
    task has recorded it."""
    if status == RoundStatus.PUBLICITY and final_day is not None and final_day <= today:
        return RoundStatus.FINAL
    return status


def self_assess_error(status: str, *, met, criterion: str, evidence_required: bool, evidence_count: int) -> str | None:
    """Why a secretary's self-assessment of one criterion is refused (None: accepted)."""
    if status != RoundStatus.SELF:
        return SELF_CLOSED.format(status=status_label(status))
    if met is None:
        return MET_REQUIRED
    if met and evidence_required and evidence_count == 0:
        return MET_NEEDS_EVIDENCE.format(criterion=criterion)
    return None


def review_error(status: str, *, self_met, reviewed_met, note: str, agree: bool = False) -> str | None:
    """Why the township's review of one criterion is refused. Agreeing takes the self-assessment;
    a conclusion that differs from it needs a reason."""
    if status in FROZEN_STATUSES:
        return FROZEN.format(status=status_label(status))
    if status != RoundStatus.REVIEW:
        return REVIEW_NOT_OPEN.format(status=status_label(status))
    if agree:
        return AGREE_NEEDS_SELF if self_met is None else None
    if reviewed_met is None:
        return MET_REQUIRED
    if self_met is not None and self_met != reviewed_met and not (note or "").strip():
        return OVERRULE_NEEDS_REASON
    return None


def frozen_error(status: str) -> str | None:
    return FROZEN.format(status=status_label(status)) if status in FROZEN_STATUSES else None


def correction_errors(
    status: str,
    *,
    reason: str,
    changed: int,
    effective_on: datetime.date | None,
    final_day: datetime.date | None,
    today: datetime.date,
) -> dict[str, str]:
    """What is wrong with a correction (a new version) of a final rating."""
    if status != RoundStatus.FINAL:
        return {"__all__": CORRECTION_NEEDS_FINAL.format(status=status_label(status))}
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = CORRECTION_NEEDS_REASON
    if changed == 0:
        errors["__all__"] = NOTHING_CHANGED
    if effective_on is not None:
        if effective_on > today:
            errors["effective_on"] = DATE_IN_FUTURE.format(label="生效日期")
        elif final_day is not None and effective_on < final_day:
            errors["effective_on"] = CORRECTION_BEFORE_FINAL.format(day=dates.label(final_day, dates.FULL))
    return errors


def honours_eligible(stars: int | None, threshold: int) -> bool:
    """Whether a branch may be put forward for honours (评先评优): at least ``threshold`` stars."""
    return stars is not None and stars >= threshold


def star_level_label(stars: int) -> str:
    """八星级, 七星级 … as the report writes a branch's level."""
    return f"{cn_number(stars)}星级" if stars != 2 else "二星级"


# --- suggestions: criteria that check themselves -----------------------------------------------


def suggest_grid_groups(grids: int, without_group: int, leader_not_secretary: int) -> tuple[bool | None, str]:
    if grids == 0:
        return None, "本村尚未划分网格"
    if without_group == 0 and leader_not_secretary == 0:
        return True, f"{grids} 个网格均建有党小组，网格长均由书记担任"
    parts = []
    if without_group:
        parts.append(f"{without_group} 个网格没有党小组")
    if leader_not_secretary:
        parts.append(f"{leader_not_secretary} 个网格的网格长不是书记")
    return False, f"共 {grids} 个网格：" + "，".join(parts)


def suggest_no_overdue(overdue: int) -> tuple[bool, str]:
    if overdue == 0:
        return True, "年底没有逾期未整改的问题"
    return False, f"年底有 {overdue} 条问题逾期未整改"


def suggest_visit_quota(months_met: int, months_measured: int, minimum: int = 10) -> tuple[bool | None, str]:
    if months_measured == 0:
        return None, "本年度没有走访任务数据"
    text = f"{months_measured} 个月中 {months_met} 个月完成入户走访任务（要求至少 {minimum} 个月）"
    return months_met >= min(minimum, months_measured), text


def suggest_points_published(months_published: int, months_due: int) -> tuple[bool | None, str]:
    if months_due == 0:
        return None, "本年度尚无应公示的月榜"
    if months_published >= months_due:
        return True, f"{months_due} 个月的积分月榜均已公示"
    return False, f"{months_due} 个月中 {months_published} 个月公示了积分月榜"


def suggest_colour(colour: str | None, colour_label: str = "") -> tuple[bool | None, str]:
    if not colour:
        return None, "年底尚未评定颜色"
    ok = colour in ("green", "yellow")
    return ok, f"年底为{colour_label or colour}村"


# --- secretaries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SecretaryThresholds:
    """A township's yearly thresholds of the secretary rule (defaults: the table in the module doc)."""

    three_star_years: int = 5
    three_star_excellent: int = 2
    two_star_years: int = 3
    two_star_excellent: int = 1
    appraisals_counted: int = 3  # the last N annual appraisals
    record_years: int = 3  # rewards and punishments of the last N years before the rating date
    reward_level: str = RecordLevel.COUNTY  # a reward at this level or above counts as one 优秀


DEFAULT_THRESHOLDS = SecretaryThresholds()


@dataclass(frozen=True)
class AppraisalFact:
    year: int
    result: str


@dataclass(frozen=True)
class RecordFact:
    kind: str  # RecordKind
    level: str  # RecordLevel
    on: datetime.date
    what: str = ""


@dataclass(frozen=True)
class SecretaryVerdict:
    stars: int  # 0: 不评星
    new: bool  # under one year in office: 暂不评星
    tenure_years: int
    excellent: int
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return STAR_LABELS[self.stars]

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February → 1 March in a year without it)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def full_years(start: datetime.date, on: datetime.date) -> int:
    """Whole years from ``start`` to ``on`` (a year is complete on its anniversary)."""
    years = on.year - start.year
    if years > 0 and years_later(start, years) > on:
        years -= 1
    return max(years, 0)


def rate_secretary(
    *,
    appointed_on: datetime.date,
    rated_on: datetime.date,
    appraisals: Iterable[AppraisalFact] = (),
    records: Iterable[RecordFact] = (),
    thresholds: SecretaryThresholds = DEFAULT_THRESHOLDS,
) -> SecretaryVerdict:
    """三星 / 二星 / 一星 / 不评星 for a secretary on ``rated_on``, with the reasons (see module doc)."""
    t = thresholds
    if rated_on < years_later(appointed_on, 1):
        return SecretaryVerdict(0, True, 0, 0, ("任职不满一年，暂不评星",))
    tenure = full_years(appointed_on, rated_on)
    recent = sorted((a for a in appraisals if a.year <= rated_on.year), key=lambda a: -a.year)
    recent = recent[: t.appraisals_counted]
    counts = {value: sum(1 for a in recent if a.result == value) for value in Appraisal.values}
    since = years_later(rated_on, -t.record_years)
    window = [r for r in records if since < r.on <= rated_on]
    rewards = [r for r in window if r.kind == RecordKind.REWARD]
    punishments = [r for r in window if r.kind == RecordKind.PUNISHMENT]
    counting = [r for r in rewards if LEVEL_RANK[r.level] >= LEVEL_RANK[t.reward_level]]
    excellent = counts[Appraisal.EXCELLENT] + (1 if counting else 0)
    span = f"近{cn_number(t.appraisals_counted)}年"

    reasons = [f"任职 {tenure} 年"]
    if not recent:
        reasons.append(f"{span}无考核记录")
    else:
        head = f"{span} {counts[Appraisal.EXCELLENT]} 次优秀" if counts[Appraisal.EXCELLENT] else f"{span}无优秀"
        rest = [f"{counts[v]} 次{Appraisal(v).label}" for v in (Appraisal.BASIC, Appraisal.INCOMPETENT) if counts[v]]
        reasons.append("、".join([head, *rest]))
    for level in sorted({r.level for r in rewards}, key=lambda v: -LEVEL_RANK[v]):
        n = sum(1 for r in rewards if r.level == level)
        note = "（视同 1 次优秀）" if counting and level == counting[0].level else ""
        reasons.append(f"获{RecordLevel(level).label}表彰 {n} 次{note}")
    if punishments:
        what = "、".join(r.what for r in punishments if r.what)
        reasons.append(f"受处分 {len(punishments)} 次" + (f"（{what}）" if what else "") + "，最高评一星")
    else:
        reasons.append("无处分")

    if counts[Appraisal.INCOMPETENT]:
        reasons.append("考核不称职，不评星")
        return SecretaryVerdict(0, False, tenure, excellent, tuple(reasons))
    if tenure >= t.three_star_years and excellent >= t.three_star_excellent:
        stars = 3
    elif tenure >= t.two_star_years and excellent >= t.two_star_excellent:
        stars = 2
    else:
        stars = 1
    if counts[Appraisal.BASIC] and stars > 1:
        reasons.append("考核有基本称职，最高评一星")
    if punishments or counts[Appraisal.BASIC]:
        stars = min(stars, 1)
    return SecretaryVerdict(stars, False, tenure, excellent, tuple(reasons))


# --- pay and honours ---------------------------------------------------------------------------

CENT = Decimal("0.01")


def coefficient_for(stars: int, coefficients: dict[int, Decimal]) -> Decimal:
    """The pay coefficient (报酬系数) of a star level; 不评星 (0) has its own."""
    return Decimal(coefficients.get(stars, coefficients.get(0, Decimal("1"))))


def remuneration(base: Decimal, coefficient: Decimal) -> Decimal:
    """A year's pay in 元: base × coefficient, rounded to the cent."""
    return (Decimal(base) * Decimal(coefficient)).quantize(CENT, rounding=ROUND_HALF_UP)
