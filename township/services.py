"""Writes and rules of three-colour management and the risk ledger. Views, imports and the
demo call these; nothing else writes these tables."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core.ledgers import ledger_save, ledger_validate
from township.choices import Colour, ReviewLevel, RiskStatus
from township.models import ReviewFinding, Risk, RiskReview, VillageColour
from township.rules import colour_on, split_names

COLOUR_REASON_REQUIRED = "作出颜色决定必须填写理由"
COLOUR_TOWNSHIP_ONLY = "村的颜色只能由镇级周例会研判决定"
REVIEW_IN_FUTURE = "会议日期不能晚于今天"
REVIEW_NO_ATTENDEES = "请填写参会人员"
REVIEW_DUPLICATE = "这一天已有{place}的周例会记录"
REVIEW_VILLAGE_OUTSIDE = "“{village}”不在本次会议的范围内"
REVIEW_VILLAGE_REQUIRED = "村级周例会请选择行政村"
RISK_CLOSED_NEEDS_DATE = "已销号的风险隐患请填写销号日期"
RISK_OPEN_WITH_CLOSED_DATE = "管控中的风险隐患不能有销号日期；销号请把状态改为“已销号”"
RISK_CLOSED_BEFORE_FOUND = "销号日期不能早于发现日期"
RISK_CLOSED_IN_FUTURE = "销号日期不能晚于今天"


# --- risk ledger -------------------------------------------------------------------------------


def risk_errors(risk: Risk, *, today: datetime.date) -> dict[str, str]:
    """The risk ledger's own rules (the common ones are ``core.ledgers.ledger_errors``): a closed
    risk has a closing date, not before it was found nor in the future; an open one has none."""
    errors = {}
    if risk.status == RiskStatus.CLOSED:
        if risk.closed_on is None:
            errors["closed_on"] = RISK_CLOSED_NEEDS_DATE
        elif risk.found_on and risk.closed_on < risk.found_on:
            errors["closed_on"] = RISK_CLOSED_BEFORE_FOUND
        elif risk.closed_on > today:
            errors["closed_on"] = RISK_CLOSED_IN_FUTURE
    elif risk.closed_on is not None:
        errors["closed_on"] = RISK_OPEN_WITH_CLOSED_DATE
    return errors


def risk_validate(risk: Risk, *, today: datetime.date) -> None:
    """Raise ValidationError (field → Chinese message) when the ledger row breaks a rule."""
    ledger_validate(risk, today=today, check=risk_errors)


def risk_save(risk: Risk, *, today: datetime.date, user=None) -> Risk:
    """Create or update a ledger row: placed, validated, numbered (FX年份-序号) when new."""
    return ledger_save(risk, today=today, user=user, check=risk_errors, recorded_by="reported_by")


def risk_open(*, today: datetime.date, user=None, **fields) -> Risk:
    """Open a new ledger row from ``fields`` (village, grid, household, title, category, level,
    description, found_by, found_on, deadline, …): the way other apps (a home visit) register a risk."""
    return risk_save(Risk(status=RiskStatus.OPEN, **fields), today=today, user=user)


def overdue_risks(day: datetime.date):
    """Open risks whose deadline is before ``day``, with their village (for the daily flags)."""
    return Risk.objects.filter(status=RiskStatus.OPEN, deadline__lt=day).select_related("village")


# --- colours and weekly reviews ----------------------------------------------------------------


@dataclass
class FindingInput:
    """One village's row of a review: what was found and, optionally, a colour with its reason."""

    village: object
    findings: str = ""
    colour: str = ""
    reason: str = ""

    @property
    def empty(self) -> bool:
        return not (self.findings.strip() or self.colour or self.reason.strip())


def finding_validate(item: FindingInput, *, level: str) -> dict:
    """Errors of one finding row: a colour decision needs a reason and a township-level meeting."""
    errors = {}
    if item.colour and item.colour not in Colour.values:
        errors["colour"] = "颜色无效"
    elif item.colour and not item.reason.strip():
        errors["reason"] = COLOUR_REASON_REQUIRED
    if item.colour and level != ReviewLevel.TOWNSHIP:
        errors["colour"] = COLOUR_TOWNSHIP_ONLY
    return errors


def review_validate(review: RiskReview, items: list[FindingInput], *, today: datetime.date) -> None:
    """Raise ValidationError when the meeting or one of its rows breaks a rule.

    Row errors are keyed ``finding-<village pk>-<field>`` so a form can show them on the row.
    """
    errors = {}
    if review.held_on and review.held_on > today:
        errors["held_on"] = REVIEW_IN_FUTURE
    if not split_names(review.attendees):
        errors["attendees"] = REVIEW_NO_ATTENDEES
    if review.level == ReviewLevel.VILLAGE and not review.village_id:
        errors["village"] = REVIEW_VILLAGE_REQUIRED
    if review.held_on and review.township_id:
        same_day = RiskReview.objects.filter(held_on=review.held_on, township_id=review.township_id)
        same_day = same_day.filter(village_id=review.village_id) if review.village_id else same_day.filter(village=None)
        if same_day.exclude(pk=review.pk).exists():
            place = review.village.name if review.village_id else "本镇镇级会议"
            errors["held_on"] = REVIEW_DUPLICATE.format(place=place)
    for item in items:
        if item.empty:
            continue
        outside = item.village.parent_id != review.township_id or (
            review.village_id and item.village.pk != review.village_id
        )
        if outside:
            errors[f"finding-{item.village.pk}-village"] = REVIEW_VILLAGE_OUTSIDE.format(village=item.village.name)
        for field, message in finding_validate(item, level=review.level).items():
            errors[f"finding-{item.village.pk}-{field}"] = message
    if errors:
        raise ValidationError(errors)


def review_save(review: RiskReview, items: list[FindingInput], *, today: datetime.date, user=None) -> RiskReview:
    """Record a weekly review and its findings; each colour decision takes effect from the meeting's date.

    A decision that keeps the colour the village already had on that date is recorded on the finding
    but adds no colour-history entry. Editing a review replaces its findings and their decisions.
    """
    if review.village_id:
        review.township_id = review.village.parent_id
        review.level = ReviewLevel.VILLAGE
    with transaction.atomic():
        review_validate(review, items, today=today)
        if review.pk is None and user is not None:
            review.recorded_by = user
        review.save()
        VillageColour.objects.filter(finding__review=review).delete()
        review.findings.all().delete()
        kept = [i for i in items if not i.empty]
        findings = ReviewFinding.objects.bulk_create(
            [
                ReviewFinding(
                    review=review,
                    township_id=review.township_id,
                    village=i.village,
                    findings=i.findings.strip(),
                    colour=i.colour,
                    reason=i.reason.strip(),
                )
                for i in kept
            ]
        )
        decided = [f for f in findings if f.colour]
        if decided:
            _apply_colours(review, decided, user)
    return review


def _apply_colours(review: RiskReview, findings: list[ReviewFinding], user) -> None:
    """Write the colour entries of a review's decisions (one query to read the villages' histories)."""
    history = {}
    rows = VillageColour.objects.filter(village__in=[f.village_id for f in findings]).values_list(
        "village_id", "effective_from", "colour"
    )
    for village_id, effective_from, colour in rows:
        history.setdefault(village_id, []).append((effective_from, colour))
    entries = []
    for finding in findings:
        same_day = [h for h in history.get(finding.village_id, []) if h[0] == review.held_on]
        current = colour_on(history.get(finding.village_id, []), review.held_on)
        if same_day:
            # Another record already decided this village's colour that day: the latest decision wins.
            VillageColour.objects.filter(village_id=finding.village_id, effective_from=review.held_on).delete()
        elif current == finding.colour:
            continue
        entries.append(
            VillageColour(
                township_id=review.township_id,
                village_id=finding.village_id,
                colour=finding.colour,
                effective_from=review.held_on,
                reason=finding.reason,
                finding=finding,
                decided_by=user,
            )
        )
    VillageColour.objects.bulk_create(entries)
