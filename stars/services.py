"""Writes of the star ratings. Views, imports, tasks and the demo call these; nothing else writes.

Every service checks its rules (``stars.rules``) and raises ``ValidationError`` with a Chinese message
before anything is saved, inside one transaction, so a refused write changes nothing. Status changes
of a round and every write to its marks lock the round's row (``SELECT … FOR UPDATE``), so a
self-assessment cannot slip in while the office closes the round. Dates that decide something
(today) are passed in, never read from the clock.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.access import can
from core import dates, outbox
from core.evidence import evidence_store
from places.choices import AreaKind
from places.models import Area
from stars import rules, selectors
from stars.choices import RoundStatus, RunStatus
from stars.defaults import DEFAULT_STANDARD
from stars.models import (
    BranchRating,
    Criterion,
    CriterionMark,
    MarkEvidence,
    RatingRound,
    Secretary,
    SecretaryAppraisal,
    SecretaryRating,
    SecretaryRecord,
    SecretaryRun,
    StarSettings,
)
from stars.uploads import check_evidence

ROUND_EXISTS = "{year}年度党支部评星已经开始，不能重复发起"
NO_STANDARD = "{year}年度还没有评星标准：请先制定标准（可从上一年度复制或使用默认标准）"
NO_VILLAGES = "该乡镇还没有行政村，无法发起评星"
YEAR_IN_FUTURE = "年度不能晚于今年"
CRITERION_OUTSIDE = "“{name}”不属于{township}{year}年度的评星标准"
CRITERIA_EXIST = "{year}年度已有评星标准，不能再复制或载入"
NO_CRITERIA_TO_COPY = "{year}年度没有评星标准可复制"
STANDARD_LOCKED = "{year}年度党支部评星已经开始，不能再增加标准条目"
STANDARD_FROZEN = "{year}年度评星结果已公示，标准不能再修改"
NOT_CURRENT = "这是已被取代的旧版本，不能修改"
SECRETARY_CANNOT_REVIEW = "只有本镇办公室可以审核评星结果（村书记不能审核）"
ONLY_SECRETARY_SELF = "自评由本村党支部书记填写"
OUT_OF_SCOPE = "该村不在您的管辖范围内"
SERVING_EXISTS = "{village}已有现任书记{name}：请先填写其离任日期"
VILLAGE_REQUIRED = "请选择行政村"
RUN_PUBLISHED = "{year}年书记评星已发布，不能重新计算"
RUN_NOT_DRAFT = "书记评星已发布（冻结），不能修改"
RATING_DAY_NOT_YET = "评定日期（{day}）还没到"
ADJUST_NEEDS_REASON = "调整星级须写明理由"
STARS_OUT_OF_RANGE = "星级只能是 0（不评星）到 3"
NO_SECRETARIES = "评定日期没有在任的党支部书记，无法评星"
APPRAISAL_YEAR = "考核年度应在 1990 年到今年之间"
EVIDENCE_LEAVES_MET = "“{criterion}”自评为达标且要求佐证材料：请先改为未达标，再删除最后一份材料"


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _with_user(obj, user, reason=""):
    obj._history_user = user
    if reason:
        obj._change_reason = reason[:100]
    return obj


def may_review(user, rating) -> bool:
    """Office staff (and the administrator) of the rating's township review it."""
    return can(user, "review", rating)


def may_self_assess(user, rating) -> bool:
    """Only the village's own secretary self-assesses (the administrator may help)."""
    return can(user, "self_assess", rating)


# --- settings and the standard -----------------------------------------------------------------


def settings_save(obj: StarSettings, *, user) -> StarSettings:
    obj.full_clean()
    _with_user(obj, user).save()
    return obj


def _check_standard_open(criterion: Criterion, creating: bool) -> None:
    found = RatingRound.objects.filter(township_id=criterion.township_id, year=criterion.year).first()
    if found is None:
        return
    if found.status in rules.FROZEN_STATUSES:
        raise ValidationError(STANDARD_FROZEN.format(year=criterion.year))
    if creating:
        raise ValidationError(STANDARD_LOCKED.format(year=criterion.year))


def criterion_save(criterion: Criterion, *, user) -> Criterion:
    """Add or edit one criterion of a township's yearly standard (at most ten a year)."""
    creating = criterion.pk is None
    criterion.full_clean()
    _check_standard_open(criterion, creating)
    siblings = Criterion.objects.filter(township_id=criterion.township_id, year=criterion.year)
    if creating and siblings.count() >= rules.MAX_CRITERIA:
        raise ValidationError(rules.TOO_MANY_CRITERIA.format(limit=rules.MAX_CRITERIA))
    _with_user(criterion, user).save()
    return criterion


def _bulk_criteria(township, year, rows, user) -> list[Criterion]:
    if Criterion.objects.filter(township=township, year=year).exists():
        raise ValidationError(CRITERIA_EXIST.format(year=year))
    created = [Criterion(township=township, year=year, order=i, **row) for i, row in enumerate(rows, start=1)]
    with transaction.atomic():
        for criterion in created:
            _with_user(criterion, user, "载入评星标准").save()
    return created


def standard_load_defaults(township, year: int, *, user=None) -> list[Criterion]:
    """The default standard "五新八有十星" for a township's year (refused when it has one)."""
    return _bulk_criteria(township, year, DEFAULT_STANDARD, user)


def standard_copy(township, *, from_year: int, to_year: int, user=None) -> list[Criterion]:
    """Copy a year's standard to another year with one action (refused when the target has one)."""
    source = list(Criterion.objects.filter(township=township, year=from_year).order_by("order"))
    if not source:
        raise ValidationError(NO_CRITERIA_TO_COPY.format(year=from_year))
    fields = ("group", "name", "requirement", "evidence_expected", "evidence_required", "auto_check")
    return _bulk_criteria(township, to_year, [{f: getattr(c, f) for f in fields} for c in source], user)


# --- the branch round --------------------------------------------------------------------------


def round_open(township, year: int, *, user, today: datetime.date) -> RatingRound:
    """Start a year's round: a rating (version 1) for every village and a mark for every criterion."""
    if year > today.year:
        raise ValidationError({"year": YEAR_IN_FUTURE})
    if RatingRound.objects.filter(township=township, year=year).exists():
        raise ValidationError({"year": ROUND_EXISTS.format(year=year)})
    criteria = list(Criterion.objects.filter(township=township, year=year).order_by("order"))
    if not criteria:
        raise ValidationError({"year": NO_STANDARD.format(year=year)})
    villages = list(Area.objects.villages().filter(parent=township).order_by("code"))
    if not villages:
        raise ValidationError(NO_VILLAGES)
    options = selectors.settings_for(township, year)
    with transaction.atomic():
        found = RatingRound(
            township=township,
            year=year,
            opened_on=today,
            opened_by=user,
            publicity_days=options.publicity_days,
            honours_threshold=options.honours_threshold,
        )
        _with_user(found, user, "发起评星").save()
        ratings = BranchRating.objects.bulk_create(
            [BranchRating(round=found, township=township, village=v, created_by=user) for v in villages]
        )
        CriterionMark.objects.bulk_create(
            [
                CriterionMark(rating=r, criterion=c, township_id=r.township_id, village_id=r.village_id)
                for r in ratings
                for c in criteria
            ]
        )
    return found


def _locked_round(round_id) -> RatingRound:
    return RatingRound.objects.select_for_update().get(pk=round_id)


def _step(found: RatingRound, target: str) -> None:
    refused = rules.step_error(found.status, target)
    if refused:
        raise ValidationError(refused)


def round_close_self(found: RatingRound, *, user, today: datetime.date) -> RatingRound:
    """End self-assessment (secretaries can no longer change theirs) and start the review."""
    with transaction.atomic():
        locked = _locked_round(found.pk)
        _step(locked, RoundStatus.REVIEW)
        locked.status = RoundStatus.REVIEW
        locked.self_closed_on = today
        _with_user(locked, user, "结束自评，开始审核").save()
    found.refresh_from_db()
    return found


def round_publish(found: RatingRound, *, user, today: datetime.date) -> RatingRound:
    """Publish (公示) the reviewed results for the round's publicity days; they are frozen from now on
    and final on the day after the publicity. The 公示 PDF is rendered in the background."""
    from stars import tasks

    with transaction.atomic():
        locked = _locked_round(found.pk)
        _step(locked, RoundStatus.PUBLICITY)
        open_marks = CriterionMark.objects.filter(
            rating__round=locked, rating__is_current=True, reviewed_met__isnull=True
        )
        missing = list(open_marks.values_list("village__name", flat=True).distinct().order_by("village__name")[:6])
        if missing:
            count = open_marks.count()
            names = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
            raise ValidationError(rules.NOT_ALL_REVIEWED.format(count=count, villages=names))
        locked.status = RoundStatus.PUBLICITY
        locked.published_on = today
        locked.published_by = user
        locked.final_on = rules.final_on(today, locked.publicity_days)
        _with_user(locked, user, f"公示{locked.publicity_days}天").save()
        BranchRating.objects.filter(round=locked, is_current=True).update(effective_on=locked.final_on)
        # In the same transaction: published and its notice task, or neither (core.outbox).
        outbox.enqueue(tasks.render_round_notice, locked.pk, township_id=locked.township_id)
    found.refresh_from_db()
    return found


def rounds_finalise_due(today: datetime.date) -> list[RatingRound]:
    """Record every round whose publicity has run out as final (已定级). Idempotent."""
    done = []
    with transaction.atomic():
        for found in RatingRound.objects.select_for_update().filter(status=RoundStatus.PUBLICITY, final_on__lte=today):
            found.status = RoundStatus.FINAL
            found.finalised_at = timezone.now()
            _with_user(found, None, "公示期满，定级").save()
            done.append(found)
    return done


def _finalise_if_due(locked: RatingRound, today: datetime.date) -> None:
    """Lazily record a round final when an action finds its publicity over (the nightly task may
    not have run yet)."""
    if locked.status_on(today) == RoundStatus.FINAL and locked.status != RoundStatus.FINAL:
        locked.status = RoundStatus.FINAL
        locked.finalised_at = timezone.now()
        _with_user(locked, None, "公示期满，定级").save()


# --- marks -------------------------------------------------------------------------------------


def mark_for(rating: BranchRating, criterion: Criterion) -> CriterionMark:
    """The mark of ``criterion`` in ``rating``; refused when the criterion is not in the round's standard."""
    if criterion.township_id != rating.township_id or criterion.year != rating.round.year:
        raise ValidationError(
            {
                "criterion": CRITERION_OUTSIDE.format(
                    name=criterion.name, township=rating.township.name, year=rating.round.year
                )
            }
        )
    return CriterionMark.objects.select_for_update().get(rating=rating, criterion=criterion)


def recount(rating: BranchRating) -> BranchRating:
    """Set a rating's stars and progress from its marks (one aggregate, one update)."""
    figures = rating.marks.aggregate(
        self_stars=Count("pk", filter=Q(self_met=True)),
        stars=Count("pk", filter=Q(reviewed_met=True)),
        self_done=Count("pk", filter=Q(self_met__isnull=False)),
        reviewed_done=Count("pk", filter=Q(reviewed_met__isnull=False)),
    )
    BranchRating.objects.filter(pk=rating.pk).update(**figures)
    for key, value in figures.items():
        setattr(rating, key, value)
    return rating


def _editable(rating: BranchRating) -> RatingRound:
    locked = _locked_round(rating.round_id)
    if not BranchRating.objects.filter(pk=rating.pk, is_current=True).exists():
        raise ValidationError(NOT_CURRENT)
    return locked


def self_assess(
    rating: BranchRating, criterion: Criterion, *, met, note: str = "", uploads=(), user, today: datetime.date
) -> CriterionMark:
    """A secretary's self-assessment of one criterion (met or not, a note, evidence files). Only while
    the round is 自评中; a "met" needs evidence where the criterion requires it."""
    if not may_self_assess(user, rating):
        raise ValidationError(ONLY_SECRETARY_SELF)
    checked = [check_evidence(upload) for upload in uploads]
    with transaction.atomic():
        locked = _editable(rating)
        mark = mark_for(rating, criterion)
        refused = rules.self_assess_error(
            locked.status,
            met=met,
            criterion=criterion.name,
            evidence_required=criterion.evidence_required,
            evidence_count=mark.evidence.count() + len(checked),
        )
        if refused:
            raise ValidationError({"self_met": refused})
        mark.self_met = met
        mark.self_note = (note or "").strip()
        mark.self_by = user
        mark.self_at = timezone.now()
        _with_user(mark, user, "自评").save()
        evidence_store(MarkEvidence, mark, checked, user=user)
        recount(rating)
    return mark


def evidence_add(rating: BranchRating, criterion: Criterion, *, upload, user) -> MarkEvidence:
    """Attach one evidence file to a criterion while self-assessment is open."""
    if not may_self_assess(user, rating):
        raise ValidationError(ONLY_SECRETARY_SELF)
    checked = check_evidence(upload)
    with transaction.atomic():
        locked = _editable(rating)
        if locked.status != RoundStatus.SELF:
            raise ValidationError(rules.SELF_CLOSED.format(status=rules.status_label(locked.status)))
        mark = mark_for(rating, criterion)
        return evidence_store(MarkEvidence, mark, [checked], user=user)[0]


def evidence_remove(evidence: MarkEvidence, *, user) -> None:
    """Remove a wrongly uploaded file while self-assessment is open (not the last one of a "met"
    criterion that requires evidence)."""
    mark = evidence.mark
    rating = mark.rating
    if not may_self_assess(user, rating):
        raise ValidationError(ONLY_SECRETARY_SELF)
    with transaction.atomic():
        locked = _editable(rating)
        if locked.status != RoundStatus.SELF:
            raise ValidationError(rules.SELF_CLOSED.format(status=rules.status_label(locked.status)))
        if mark.self_met and mark.criterion.evidence_required and mark.evidence.count() <= 1:
            raise ValidationError(EVIDENCE_LEAVES_MET.format(criterion=mark.criterion.name))
        name = evidence.file.name
        evidence.delete()
        # Versions (and the demo) share stored files: delete the file with its last row.
        if not MarkEvidence.objects.filter(file=name).exists():
            evidence.file.storage.delete(name)


def review(
    rating: BranchRating,
    criterion: Criterion,
    *,
    agree: bool = False,
    met=None,
    note: str = "",
    user,
    today: datetime.date,
) -> CriterionMark:
    """The township's review of one criterion: agree with the self-assessment, or decide otherwise
    with a reason. Both stay visible."""
    if not may_review(user, rating):
        raise ValidationError(SECRETARY_CANNOT_REVIEW)
    with transaction.atomic():
        locked = _editable(rating)
        _finalise_if_due(locked, today)
        mark = mark_for(rating, criterion)
        refused = rules.review_error(locked.status, self_met=mark.self_met, reviewed_met=met, note=note, agree=agree)
        if refused:
            raise ValidationError({"reviewed_met": refused})
        mark.reviewed_met = mark.self_met if agree else met
        mark.review_note = "" if agree else (note or "").strip()
        mark.reviewed_by = user
        mark.reviewed_at = timezone.now()
        _with_user(mark, user, "同意自评" if agree else "审核").save()
        recount(rating)
    return mark


def review_agree_all(rating: BranchRating, *, user, today: datetime.date) -> int:
    """Agree with every self-assessed criterion of a village not yet reviewed; the number agreed."""
    if not may_review(user, rating):
        raise ValidationError(SECRETARY_CANNOT_REVIEW)
    with transaction.atomic():
        locked = _editable(rating)
        refused = rules.review_error(locked.status, self_met=True, reviewed_met=True, note="", agree=True)
        if refused:
            raise ValidationError(refused)
        marks = list(
            CriterionMark.objects.select_for_update().filter(
                rating=rating, self_met__isnull=False, reviewed_met__isnull=True
            )
        )
        now = timezone.now()
        for mark in marks:
            mark.reviewed_met, mark.review_note, mark.reviewed_by, mark.reviewed_at = mark.self_met, "", user, now
            _with_user(mark, user, "同意自评").save()
        recount(rating)
    return len(marks)


def rating_correct(
    rating: BranchRating,
    *,
    changes: dict[int, bool],
    reason: str,
    effective_on: datetime.date | None,
    user,
    today: datetime.date,
) -> BranchRating:
    """A change to a final rating (e.g. 降星 mid-year): a new version with the changed conclusions and
    the reason; the old version is kept, no longer current."""
    if not may_review(user, rating):
        raise ValidationError(SECRETARY_CANNOT_REVIEW)
    with transaction.atomic():
        locked = _editable(rating)
        _finalise_if_due(locked, today)
        marks = list(rating.marks.select_related("criterion").prefetch_related("evidence").order_by("criterion__order"))
        by_criterion = {m.criterion_id: m for m in marks}
        outside = [pk for pk in changes if pk not in by_criterion]
        if outside:
            names = list(Criterion.objects.filter(pk__in=outside).values_list("name", flat=True)) or [str(outside[0])]
            raise ValidationError(
                {"__all__": CRITERION_OUTSIDE.format(name=names[0], township=rating.township.name, year=locked.year)}
            )
        changed = {pk: met for pk, met in changes.items() if by_criterion[pk].reviewed_met != met}
        _raise(
            rules.correction_errors(
                locked.status,
                reason=reason,
                changed=len(changed),
                effective_on=effective_on,
                final_day=locked.final_on,
                today=today,
            )
        )
        BranchRating.objects.filter(pk=rating.pk).update(is_current=False)
        newer = BranchRating.objects.create(
            round=locked,
            township_id=rating.township_id,
            village_id=rating.village_id,
            version=rating.version + 1,
            is_current=True,
            effective_on=effective_on or today,
            reason=reason.strip(),
            supersedes=rating,
            created_by=user,
        )
        now = timezone.now()
        copies, evidence = [], []
        for mark in marks:
            copy = CriterionMark(
                rating=newer,
                criterion_id=mark.criterion_id,
                township_id=mark.township_id,
                village_id=mark.village_id,
                self_met=mark.self_met,
                self_note=mark.self_note,
                self_by_id=mark.self_by_id,
                self_at=mark.self_at,
                reviewed_met=changed.get(mark.criterion_id, mark.reviewed_met),
                review_note=reason.strip() if mark.criterion_id in changed else mark.review_note,
                reviewed_by=user if mark.criterion_id in changed else mark.reviewed_by,
                reviewed_at=now if mark.criterion_id in changed else mark.reviewed_at,
            )
            copy._files = list(mark.evidence.all())
            copies.append(copy)
        for copy in copies:
            _with_user(copy, user, f"第{newer.version}版：{reason.strip()}").save()
            for item in copy._files:
                evidence.append(
                    MarkEvidence(
                        mark=copy,
                        file=item.file.name,
                        original_name=item.original_name,
                        kind=item.kind,
                        size=item.size,
                        uploaded_by_id=item.uploaded_by_id,
                    )
                )
        MarkEvidence.objects.bulk_create(evidence)
        recount(newer)
    rating.refresh_from_db()
    return newer


def recount_ratings(rating_ids) -> None:
    """Recount the ratings whose marks an import changed."""
    for rating in BranchRating.objects.filter(pk__in=set(rating_ids)):
        recount(rating)


# --- secretaries -------------------------------------------------------------------------------


def _place_in_village(obj, village) -> None:
    if village is None or village.kind != AreaKind.VILLAGE:
        raise ValidationError({"village": VILLAGE_REQUIRED})
    obj.village = village
    obj.township_id = village.parent_id


def secretary_errors(secretary: Secretary, today: datetime.date) -> dict:
    """Appointment in the future, leaving before appointment or in the future, a second serving
    secretary in a village."""
    errors = {}
    if secretary.appointed_on and secretary.appointed_on > today:
        errors["appointed_on"] = rules.APPOINTED_IN_FUTURE
    if secretary.left_on and secretary.appointed_on and secretary.left_on < secretary.appointed_on:
        errors["left_on"] = rules.LEFT_BEFORE_APPOINTED
    elif secretary.left_on and secretary.left_on > today:
        errors["left_on"] = rules.DATE_IN_FUTURE.format(label="离任日期")
    if secretary.left_on is None and secretary.village_id:
        other = (
            Secretary.objects.filter(village_id=secretary.village_id, left_on__isnull=True)
            .exclude(pk=secretary.pk)
            .first()
        )
        if other is not None:
            errors["village"] = SERVING_EXISTS.format(village=secretary.village.name, name=other.name)
    return errors


def secretary_save(secretary: Secretary, *, user, today: datetime.date) -> Secretary:
    _place_in_village(secretary, secretary.village if secretary.village_id else None)
    _raise(secretary_errors(secretary, today))
    secretary.full_clean()
    with transaction.atomic():
        _with_user(secretary, user).save()
    return secretary


def _follow_secretary(obj) -> None:
    obj.township_id = obj.secretary.township_id
    obj.village_id = obj.secretary.village_id


def appraisal_save(appraisal: SecretaryAppraisal, *, user, today: datetime.date) -> SecretaryAppraisal:
    """A year's appraisal of a secretary; the result must be one of 优秀 / 称职 / 基本称职 / 不称职."""
    _follow_secretary(appraisal)
    if appraisal.year is not None and not 1990 <= appraisal.year <= today.year:
        raise ValidationError({"year": APPRAISAL_YEAR})
    appraisal.full_clean()
    _with_user(appraisal, user).save()
    return appraisal


def record_save(record: SecretaryRecord, *, user, today: datetime.date) -> SecretaryRecord:
    """A reward or punishment (level, date, what); the date not in the future."""
    _follow_secretary(record)
    if record.on and record.on > today:
        raise ValidationError({"on": rules.DATE_IN_FUTURE.format(label="奖惩日期")})
    record.full_clean()
    _with_user(record, user).save()
    return record


def _verdicts(township, rated_on: datetime.date, thresholds):
    """(secretary, verdict) for every secretary serving on ``rated_on``. Three queries."""
    serving = list(
        Secretary.objects.filter(township=township, appointed_on__lte=rated_on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=rated_on))
        .select_related("village")
        .order_by("village__code")
    )
    ids = [s.pk for s in serving]
    appraisals, records = {}, {}
    for a in SecretaryAppraisal.objects.filter(secretary_id__in=ids):
        appraisals.setdefault(a.secretary_id, []).append(rules.AppraisalFact(a.year, a.result))
    for r in SecretaryRecord.objects.filter(secretary_id__in=ids, on__lte=rated_on):
        records.setdefault(r.secretary_id, []).append(rules.RecordFact(r.kind, r.level, r.on, r.what))
    return [
        (
            s,
            rules.rate_secretary(
                appointed_on=s.appointed_on,
                rated_on=rated_on,
                appraisals=appraisals.get(s.pk, ()),
                records=records.get(s.pk, ()),
                thresholds=thresholds,
            ),
        )
        for s in serving
    ]


def secretary_run_compute(township, year: int, *, user=None, today: datetime.date) -> SecretaryRun:
    """Rate every serving secretary of a township on the year's rating day into a draft (replacing an
    earlier draft and its adjustments); refused once published."""
    options = selectors.settings_for(township, year)
    rated_on = options.rating_day
    if rated_on > today:
        raise ValidationError(RATING_DAY_NOT_YET.format(day=dates.label(rated_on, dates.FULL)))
    with transaction.atomic():
        run = SecretaryRun.objects.select_for_update().filter(township=township, year=year).first()
        if run is not None and run.is_published:
            raise ValidationError(RUN_PUBLISHED.format(year=year))
        verdicts = _verdicts(township, rated_on, options.thresholds)
        if not verdicts:
            raise ValidationError(NO_SECRETARIES)
        if run is None:
            run = SecretaryRun(township=township, year=year)
        run.rated_on = rated_on
        run.computed_at = timezone.now()
        run.computed_by = user
        run.base_amount = options.base_amount
        _with_user(run, user, "计算书记评星").save()
        run.ratings.all().delete()
        coefficients = options.coefficients
        SecretaryRating.objects.bulk_create(
            [
                SecretaryRating(
                    run=run,
                    secretary=s,
                    township_id=s.township_id,
                    village_id=s.village_id,
                    name=s.name,
                    appointed_on=s.appointed_on,
                    computed_stars=v.stars,
                    stars=v.stars,
                    new=v.new,
                    reasons=v.reason_text,
                    tenure_years=v.tenure_years,
                    excellent=v.excellent,
                    coefficient=rules.coefficient_for(v.stars, coefficients),
                    amount=rules.remuneration(options.base_amount, rules.coefficient_for(v.stars, coefficients)),
                )
                for s, v in verdicts
            ]
        )
    return run


def secretary_rating_adjust(rating: SecretaryRating, *, stars: int, reason: str, user) -> SecretaryRating:
    """The office settles a draft rating differently from the rule, with a reason (both are kept)."""
    if not can(user, "change", rating):
        raise ValidationError(SECRETARY_CANNOT_REVIEW)
    if stars not in (0, 1, 2, 3):
        raise ValidationError({"stars": STARS_OUT_OF_RANGE})
    with transaction.atomic():
        run = SecretaryRun.objects.select_for_update().get(pk=rating.run_id)
        if run.status != RunStatus.DRAFT:
            raise ValidationError(RUN_NOT_DRAFT)
        if stars != rating.computed_stars and not (reason or "").strip():
            raise ValidationError({"override_reason": ADJUST_NEEDS_REASON})
        options = selectors.settings_for(run.township, run.year)
        rating.stars = stars
        rating.override_reason = (reason or "").strip() if stars != rating.computed_stars else ""
        rating.coefficient = rules.coefficient_for(stars, options.coefficients)
        rating.amount = rules.remuneration(run.base_amount, rating.coefficient)
        _with_user(rating, user, "调整星级").save()
    return rating


def secretary_run_publish(run: SecretaryRun, *, user, today: datetime.date) -> SecretaryRun:
    """Publish a reviewed draft; frozen from now on. The 公示 PDF is rendered in the background."""
    from stars import tasks

    with transaction.atomic():
        locked = SecretaryRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.DRAFT:
            raise ValidationError(RUN_NOT_DRAFT)
        locked.status = RunStatus.PUBLISHED
        locked.published_on = today
        locked.published_by = user
        _with_user(locked, user, "发布书记评星").save()
        outbox.enqueue(tasks.render_run_notice, locked.pk, township_id=locked.township_id)
    run.refresh_from_db()
    return run


def secretary_runs_due(today: datetime.date) -> list[SecretaryRun]:
    """Beat: for every township whose rating day of this year has come and that has no run yet,
    compute the draft. Idempotent: an existing run (draft or published) is left alone."""
    year = today.year
    townships = list(Area.objects.townships().order_by("code"))
    saved = {s.township_id: s for s in StarSettings.objects.filter(year=year)}
    done = set(SecretaryRun.objects.filter(year=year).values_list("township_id", flat=True))
    computed = []
    for township in townships:
        options = saved.get(township.pk) or StarSettings.defaults(township, year)
        if township.pk in done or options.rating_day > today:
            continue
        if not Secretary.objects.filter(township=township).exists():
            continue
        computed.append(secretary_run_compute(township, year, user=None, today=today))
    return computed


# --- notices (公示 PDFs) ------------------------------------------------------------------------


def _store_notice(notice, pdf: bytes) -> None:
    old = notice.file.name if notice.pk and notice.file else ""
    notice.rendered_at = timezone.now()
    notice.file.save("notice.pdf", ContentFile(pdf), save=False)
    notice.save()
    if old and old != notice.file.name:
        notice.file.storage.delete(old)


def notice_render_round(round_id: int):
    """Render and store a round's 评星结果公示 (every village, its stars, the criteria it met)."""
    from stars.choices import NoticeKind
    from stars.models import StarNotice

    found = RatingRound.objects.select_related("township").get(pk=round_id)
    notice = StarNotice.objects.filter(round=found).first() or StarNotice(
        round=found, township=found.township, kind=NoticeKind.BRANCHES
    )
    return _render_notice(notice, "stars/pdf/round_notice.html", selectors.round_notice_context(found))


def notice_render_run(run_id: int):
    """Render and store a secretary run's 评星结果公示."""
    from stars.choices import NoticeKind
    from stars.models import StarNotice

    run = SecretaryRun.objects.select_related("township").get(pk=run_id)
    notice = StarNotice.objects.filter(run=run).first() or StarNotice(
        run=run, township=run.township, kind=NoticeKind.SECRETARIES
    )
    return _render_notice(notice, "stars/pdf/run_notice.html", selectors.run_notice_context(run))


def _render_notice(notice, template: str, context: dict):
    """The PDF of ``template`` with ``context`` (a title and its rows) stored as ``notice``'s file."""
    from core.pdf import render_pdf

    pdf = render_pdf(template, context)
    notice.title = context["title"]
    notice.row_count = len(context["rows"])
    _store_notice(notice, pdf)
    return notice


def notice_rerender(*, round_id=None, run_id=None, township_id=None):
    """Send a fresh rendering of a notice (through the outbox; the task replaces the stored file)."""
    from stars import tasks

    with transaction.atomic():
        if round_id:
            return outbox.enqueue(tasks.render_round_notice, round_id, township_id=township_id)
        return outbox.enqueue(tasks.render_run_notice, run_id, township_id=township_id)
