"""Demo star ratings: every village of every township rated for last year (final, mostly six to
eight stars, a few self-assessments overruled by the township; the year before too when the demo's
year begins before last year's round was published), every serving secretary rated this year and the
year before (both published; a few under one year in office), and in the first township this year's
round open for self-assessment. Bulk inserts; deterministic (ctx.rng, ctx.today).
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.bulk import fast_bulk_create
from stars import rules, services
from stars.choices import Appraisal, RecordKind, RecordLevel, RoundStatus, RunStatus
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

# Stars a village ends with after review: mostly six to eight.
STAR_WEIGHTS = [(4, 1), (5, 3), (6, 10), (7, 14), (8, 10), (9, 3), (10, 1)]
# How often each criterion (by order) is the one a village falls short on: economy and premises most.
SHORT_WEIGHTS = {1: 2, 2: 3, 3: 4, 4: 10, 5: 5, 6: 7, 7: 4, 8: 3, 9: 2, 10: 4}
APPRAISAL_WEIGHTS = [
    (Appraisal.EXCELLENT, 30),
    (Appraisal.COMPETENT, 62),
    (Appraisal.BASIC, 6),
    (Appraisal.INCOMPETENT, 2),
]
OVERRULE_REASONS = [
    "佐证材料不足，会议记录缺少签到",
    "集体经济收入较上年未见增长",
    "党群服务中心开放记录不全",
    "人居环境整治检查未达标",
    "村规民约未经村民会议表决",
]
REWARDS = [
    (RecordLevel.TOWNSHIP, "年度优秀党支部书记"),
    (RecordLevel.COUNTY, "全县优秀党务工作者"),
    (RecordLevel.COUNTY, "全县乡村振兴先进个人"),
    (RecordLevel.CITY, "全市优秀共产党员"),
]
PUNISHMENTS = [(RecordLevel.COUNTY, "党内警告"), (RecordLevel.TOWNSHIP, "诫勉谈话")]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _at(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=timezone.get_current_timezone())


def _year_earlier(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _evidence_file() -> str:
    """One real PDF the demo's evidence rows share (files are served through the access layer)."""
    from core.pdf import render_pdf

    pdf = render_pdf("stars/pdf/demo_evidence.html", {"title": "评星佐证材料（演示）"})
    return default_storage.save("stars/evidence/demo/评星佐证材料示例.pdf", ContentFile(pdf))


def seed(ctx):
    rng = ctx.rng
    today = ctx.today
    last = today.year - 1
    users = ctx.data.get("users", {})
    office = users.get("office")
    villages = ctx.data["villages"]
    by_township = {}
    for v in villages:
        by_township.setdefault(v.parent_id, []).append(v)

    # Last year's round is published on 20 December. When the demo's first month ends before that, the
    # round of the year before last is there too, so every period of the demo has a branch rating.
    after_first_month = (ctx.year_ago.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    round_years = [last - 1, last] if after_first_month <= datetime.date(last, 12, 20) else [last]

    # 1. The standard "五新八有十星" for each rated year and this year, in every township.
    criteria = [
        Criterion(township=t, year=year, order=i, **row)
        for t in ctx.townships
        for year in (*round_years, today.year)
        for i, row in enumerate(DEFAULT_STANDARD, start=1)
    ]
    fast_bulk_create(Criterion, criteria)
    standard = {(c.township_id, c.year): [] for c in criteria}
    for c in criteria:
        standard[(c.township_id, c.year)].append(c)

    # 2. The rounds (last year's, and the year before's when needed): self-assessed, reviewed, published
    #    on 20 December, final five days later.
    rounds = [
        RatingRound(
            township=t,
            year=y,
            status=RoundStatus.FINAL,
            opened_on=datetime.date(y, 12, 1),
            opened_by=office,
            self_closed_on=datetime.date(y, 12, 12),
            published_on=datetime.date(y, 12, 20),
            published_by=office,
            publicity_days=rules.DEFAULT_PUBLICITY_DAYS,
            final_on=rules.final_on(datetime.date(y, 12, 20), rules.DEFAULT_PUBLICITY_DAYS),
            finalised_at=_at(y, 12, 25, 0, 40),
        )
        for y in round_years
        for t in ctx.townships
    ]
    RatingRound.objects.bulk_create(rounds)
    evidence_name = _evidence_file()
    ratings, marks, evidence = [], [], []
    for found in rounds:
        these = standard[(found.township_id, found.year)]
        for village in by_township[found.township_id]:
            stars = _pick(rng, STAR_WEIGHTS)
            short = set()
            orders = [c.order for c in these]
            while len(short) < len(these) - stars:
                short.add(rng.choices(orders, weights=[SHORT_WEIGHTS.get(o, 3) for o in orders])[0])
            overruled = rng.choice(sorted(short)) if short and rng.random() < 0.3 else None
            rating = BranchRating(
                round=found,
                township_id=found.township_id,
                village=village,
                self_stars=stars + (1 if overruled else 0),
                stars=stars,
                self_done=len(these),
                reviewed_done=len(these),
                effective_on=found.final_on,
                created_by=office,
            )
            rating._marks = []
            for c in these:
                met = c.order not in short
                self_met = met or c.order == overruled
                mark = CriterionMark(
                    rating=rating,
                    criterion=c,
                    township_id=found.township_id,
                    village_id=village.pk,
                    self_met=self_met,
                    self_note="" if self_met else "本年度未完成",
                    self_at=_at(found.year, 12, 8, 10),
                    reviewed_met=met,
                    review_note=rng.choice(OVERRULE_REASONS) if c.order == overruled else "",
                    reviewed_by=office,
                    reviewed_at=_at(found.year, 12, 16, 15),
                )
                mark._evidence = self_met and c.evidence_required
                rating._marks.append(mark)
            ratings.append(rating)
    fast_bulk_create(BranchRating, ratings)
    for rating in ratings:
        for mark in rating._marks:
            mark.rating_id = rating.pk
            marks.append(mark)
    fast_bulk_create(CriterionMark, marks)
    size = default_storage.size(evidence_name)
    for mark in marks:
        if mark._evidence:
            evidence.append(
                MarkEvidence(
                    mark_id=mark.pk,
                    file=evidence_name,
                    original_name=f"{mark.criterion.name}佐证材料.pdf",
                    kind="pdf",
                    size=size,
                )
            )
    fast_bulk_create(MarkEvidence, evidence)

    # 3. This year's round in the first township, open for self-assessment (the demo secretary's turn).
    first = ctx.townships[0]
    current = RatingRound.objects.create(township=first, year=today.year, opened_on=today - datetime.timedelta(days=7))
    fresh = BranchRating.objects.bulk_create(
        [BranchRating(round=current, township=first, village=v, created_by=office) for v in by_township[first.pk]]
    )
    these = standard[(first.pk, today.year)]
    open_marks = []
    for i, rating in enumerate(fresh):
        done = 0 if i == 0 else rng.choice((0, 0, 3, 6, 10))
        for c in these:
            mark = CriterionMark(rating=rating, criterion=c, township_id=first.pk, village_id=rating.village_id)
            if c.order <= done and not c.evidence_required:
                mark.self_met = rng.random() < 0.85
            open_marks.append(mark)
        rating.self_stars = sum(1 for m in open_marks[-len(these) :] if m.self_met)
        rating.self_done = sum(1 for m in open_marks[-len(these) :] if m.self_met is not None)
    CriterionMark.objects.bulk_create(open_marks)
    BranchRating.objects.bulk_update(fresh, ["self_stars", "self_done"])

    # 4. Secretaries (the serving ones from the village register, some predecessors), appraisals,
    #    rewards and punishments; rated this year on a day the office set, and published.
    rated_on = today - datetime.timedelta(days=20)
    year = rated_on.year
    secretaries = []
    for v in villages:
        since = v.secretary_since or (today - datetime.timedelta(days=3 * 365))
        if rng.random() < 0.3:
            start = since - datetime.timedelta(days=365 * rng.randint(3, 9))
            secretaries.append(
                Secretary(
                    township_id=v.parent_id,
                    village=v,
                    name=ctx.person_name("M"),
                    appointed_on=start,
                    left_on=since - datetime.timedelta(days=1),
                    notes="换届离任",
                )
            )
        secretaries.append(
            Secretary(
                township_id=v.parent_id,
                village=v,
                member=v.secretary,
                name=v.secretary.name if v.secretary else ctx.person_name("M"),
                appointed_on=since,
            )
        )
    fast_bulk_create(Secretary, secretaries)
    appraisals, records = [], []
    for s in secretaries:
        # One appraisal a year, from the first full year in office; the last three before leaving or rating.
        end = (s.left_on.year if s.left_on else year) - 1
        start = s.appointed_on.year + (1 if s.appointed_on.month > 6 else 0)
        for y in range(max(start, end - 2), end + 1):
            appraisals.append(
                SecretaryAppraisal(
                    secretary=s,
                    township_id=s.township_id,
                    village_id=s.village_id,
                    year=y,
                    result=_pick(rng, APPRAISAL_WEIGHTS),
                )
            )
        if s.left_on is None and rated_on - s.appointed_on > datetime.timedelta(days=400):
            roll = rng.random()
            if roll < 0.14:
                level, what = rng.choice(REWARDS)
                kind = RecordKind.REWARD
            elif roll < 0.17:
                level, what = rng.choice(PUNISHMENTS)
                kind = RecordKind.PUNISHMENT
            else:
                continue
            on = ctx.date_between(max(s.appointed_on, rated_on - datetime.timedelta(days=900)), rated_on)
            records.append(
                SecretaryRecord(
                    secretary=s,
                    township_id=s.township_id,
                    village_id=s.village_id,
                    kind=kind,
                    level=level,
                    on=on,
                    what=what,
                )
            )
    fast_bulk_create(SecretaryAppraisal, appraisals)
    fast_bulk_create(SecretaryRecord, records)
    # The year before's rating too (same day a year earlier), so that every period of the demo's year
    # has a published secretary rating in force at its end (the report's (六) is a position).
    before = _year_earlier(rated_on)
    StarSettings.objects.bulk_create(
        [
            StarSettings(township=t, year=y, secretary_rating_on=day, base_amount=Decimal("30000"))
            for t in ctx.townships
            for y, day in ((before.year, before), (year, rated_on))
        ]
    )
    earlier = [services.secretary_run_compute(t, before.year, user=office, today=today) for t in ctx.townships]
    SecretaryRun.objects.filter(pk__in=[r.pk for r in earlier]).update(
        status=RunStatus.PUBLISHED, published_on=before + datetime.timedelta(days=3), published_by=office
    )
    runs = [services.secretary_run_compute(t, year, user=office, today=today) for t in ctx.townships]
    SecretaryRun.objects.filter(pk__in=[r.pk for r in runs]).update(
        status=RunStatus.PUBLISHED, published_on=rated_on + datetime.timedelta(days=3), published_by=office
    )

    # 5. The 公示 PDFs of the first township (the others render on request).
    services.notice_render_round(next(r for r in rounds if r.year == last).pk)
    services.notice_render_run(runs[0].pk)
    ctx.data["star_rounds"] = rounds
    ctx.data["star_ratings"] = SecretaryRating.objects.filter(run__in=runs).count()
