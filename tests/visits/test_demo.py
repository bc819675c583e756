"""Demo data of the contact system and three-colour management, at the small scale."""

import datetime
import importlib
import random

from core.demo import DemoContext
from places.models import Area
from township import selectors as colour_selectors
from township.models import ReviewFinding, Risk, RiskReview, VillageColour
from visits import selectors
from visits.models import Assignment, Demand, Flag, QuotaSetting, Visit

TODAY = datetime.date(2025, 3, 15)


def seed(seed=1):
    ctx = DemoContext(rng=random.Random(seed), scale="small", today=TODAY)
    for app in ("grids", "accounts", "township", "visits"):
        importlib.import_module(f"{app}.demo").seed(ctx)
    return ctx


def snapshot():
    return (
        list(Visit.objects.order_by("pk").values_list("household__number", "visitor__username", "visited_on", "tags")),
        list(Demand.objects.order_by("pk").values_list("number", "kind", "raised_on", "resolved_on")),
        list(VillageColour.objects.order_by("pk").values_list("village__code", "colour", "effective_from")),
    )


def test_a_year_of_visits_colours_reviews_risks_and_demands(db):
    ctx = seed()
    township = ctx.townships[0]
    villages = Area.objects.villages().count()
    assert QuotaSetting.objects.count() == 1
    assert (
        Assignment.objects.filter(kind="leadership").exists()
        and Assignment.objects.filter(household__isnull=False).exists()
    )
    first, last = Visit.objects.order_by("visited_on").values_list("visited_on", flat=True)[
        :: Visit.objects.count() - 1
    ]
    assert first >= ctx.year_ago and last <= TODAY and (last - first).days > 330
    assert Visit.objects.count() > 1000 and not Visit.objects.filter(visited_on__gt=TODAY).exists()
    # Every village was rated at the first weekly review and keeps a risk ledger.
    assert VillageColour.objects.values("village").distinct().count() == villages
    assert Risk.objects.values("village").distinct().count() == villages
    assert RiskReview.objects.filter(level="township").count() >= 50
    assert not ReviewFinding.objects.exclude(colour="").filter(reason="").exists()
    assert Demand.objects.filter(kind="problem", visit__isnull=False).exists()
    assert Demand.objects.filter(status="resolved").count() > Demand.objects.exclude(status="resolved").count()
    assert Flag.objects.filter(day=TODAY).exists()
    # The pages' figures have something to show.
    figures = colour_selectors.three_colour_figures(township, TODAY.replace(month=1, day=1), TODAY)
    by_colour = selectors.demand_colour_figures(township, TODAY.replace(month=1, day=1), TODAY)
    assert figures.villages_with_ledger == villages
    assert by_colour["demands_resolved_green"] + by_colour["problems_found_yellow"] > 0
    frame = selectors.month_frame(township, TODAY.replace(day=1), TODAY)
    rows = selectors.cadre_rows(selectors.month_cadres(township, frame), frame)
    assert rows and any(r.behind for r in rows) and not all(r.behind for r in rows)
    assert rows[0].behind


def test_the_same_seed_gives_the_same_data(db):
    seed()
    first = snapshot()
    for model in (Flag, Demand, Visit, Assignment, QuotaSetting, VillageColour, ReviewFinding, RiskReview, Risk):
        model.objects.all().delete()
    from accounts.models import User
    from grids.models import CentralHousehold, GridStaff, Household, Member

    User.objects.all().delete()
    for model in (CentralHousehold, GridStaff, Member, Household):
        model.objects.all().delete()
    Area.objects.all().update(secretary=None, leader=None)
    Area.objects.filter(level=3).delete()
    Area.objects.filter(level=2).delete()
    Area.objects.filter(level=1).delete()
    Area.objects.all().delete()
    seed()
    assert snapshot() == first
