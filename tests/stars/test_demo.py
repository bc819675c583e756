"""seed_demo's star ratings are realistic and obey the app's rules: every village rated for last year
(final, mostly six to eight stars), every serving secretary rated this year and the year before (a few
under one year)."""

import datetime
import random
from collections import Counter

import pytest
from django.db.models import Count, Q

from core.demo import DemoContext
from places.models import Area
from stars import rules, selectors
from stars.choices import RoundStatus, RunStatus
from stars.models import BranchRating, CriterionMark, MarkEvidence, RatingRound, Secretary, SecretaryRating, StarNotice

TODAY = datetime.date(2026, 11, 15)


@pytest.fixture
def demo(db, settings, tmp_path):
    from accounts import demo as accounts_demo
    from grids import demo as grids_demo
    from stars import demo as stars_demo

    ctx = DemoContext(rng=random.Random(5), scale="township", today=TODAY)
    grids_demo.seed(ctx)
    accounts_demo.seed(ctx)
    stars_demo.seed(ctx)
    return ctx


def test_every_village_is_rated_for_last_year_mostly_six_to_eight_stars(demo):
    township = Area.objects.get(pk=demo.townships[0].pk)  # the tree was rebuilt after the bulk insert
    found = RatingRound.objects.get(township=township, year=2025)
    assert found.status == RoundStatus.FINAL and found.final_on == datetime.date(2025, 12, 25)
    ratings = list(BranchRating.objects.filter(round=found))
    assert len(ratings) == 30
    stars = Counter(r.stars for r in ratings)
    assert sum(stars[s] for s in (6, 7, 8)) >= 0.6 * len(ratings)
    assert min(stars) >= 4 and max(stars) <= 10
    # The stored counts are the marks' counts; self-assessed never below reviewed (overrules go down).
    counted = BranchRating.objects.filter(round=found).annotate(
        met=Count("marks", filter=Q(marks__reviewed_met=True)), self_met=Count("marks", filter=Q(marks__self_met=True))
    )
    for rating in counted:
        assert (rating.stars, rating.self_stars) == (rating.met, rating.self_met)
        assert rating.self_stars >= rating.stars
    overruled = CriterionMark.objects.filter(rating__round=found, self_met=True, reviewed_met=False)
    assert overruled.exists() and not overruled.filter(review_note="").exists()
    # A met criterion that requires evidence has some.
    bare = CriterionMark.objects.filter(
        rating__round=found, self_met=True, criterion__evidence_required=True, evidence=None
    )
    assert not bare.exists() and MarkEvidence.objects.exists()
    figures = selectors.star_figures(township, datetime.date(2026, 1, 1), TODAY)
    assert figures.branches == 30 and figures.branch_sentence.startswith("30个党支部中")
    assert StarNotice.objects.filter(round=found).exists()


def test_every_serving_secretary_is_rated_and_a_few_are_new(demo):
    township = Area.objects.get(pk=demo.townships[0].pk)  # the tree was rebuilt after the bulk insert
    serving = Secretary.objects.filter(township=township, left_on__isnull=True)
    assert serving.count() == 30
    ratings = SecretaryRating.objects.filter(run__township=township, run__year=2026, run__status=RunStatus.PUBLISHED)
    assert ratings.count() == 30 and set(ratings.values_list("secretary", flat=True)) == set(
        serving.values_list("pk", flat=True)
    )
    new = ratings.filter(new=True).count()
    assert 1 <= new <= 8
    assert set(ratings.values_list("stars", flat=True)) >= {1, 2}
    assert all(r.reasons for r in ratings)
    # Each result is the rule's for the facts stored.
    for rating in ratings.select_related("secretary", "run")[:10]:
        s = rating.secretary
        verdict = rules.rate_secretary(
            appointed_on=s.appointed_on,
            rated_on=rating.run.rated_on,
            appraisals=[rules.AppraisalFact(a.year, a.result) for a in s.appraisals.all()],
            records=[rules.RecordFact(r.kind, r.level, r.on, r.what) for r in s.records.all()],
        )
        assert (verdict.stars, verdict.reason_text) == (rating.stars, rating.reasons)
    figures = selectors.star_figures(township, datetime.date(2026, 1, 1), TODAY)
    assert figures.secretaries == 30 and figures.unrated_new == new


def test_last_years_secretary_rating_is_published_so_every_period_of_the_demo_has_one(demo):
    township = Area.objects.get(pk=demo.townships[0].pk)
    from stars.models import SecretaryRun

    earlier = SecretaryRun.objects.get(township=township, year=2025)
    assert (earlier.status, earlier.rated_on, earlier.published_on) == (
        RunStatus.PUBLISHED,
        datetime.date(2025, 10, 26),
        datetime.date(2025, 10, 29),
    )
    assert earlier.ratings.count() > 0
    for start, end in (
        (datetime.date(2025, 12, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)),
    ):
        figures = selectors.star_figures(township, start, end)
        assert figures.secretaries == earlier.ratings.count() and figures.secretary_year == 2025


def test_this_years_round_is_open_for_the_demo_secretary(demo):
    township = Area.objects.get(pk=demo.townships[0].pk)  # the tree was rebuilt after the bulk insert
    current = RatingRound.objects.get(township=township, year=2026)
    assert current.status == RoundStatus.SELF
    secretary = demo.data["users"]["secretary"]
    own = BranchRating.objects.get(round=current, village=secretary.scope_node)
    assert own.self_done == 0  # left for the demo secretary to try
