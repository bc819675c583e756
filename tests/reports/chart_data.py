"""A township whose charts have something to show: eight villages with a year of colours, visits,
problems and points, relative to a given day. For the browser tests and the guide's screenshots."""

import datetime
import random

from accounts.roles import Role
from issues.choices import Level, Status
from tests import factories as f
from tests.issues.factories import ProblemFactory
from tests.points.conftest import give, make_book
from tests.visits.helpers import assign, visit
from township.models import VillageColour

VILLAGES = ["苇水村", "九光村", "石门村", "杏林村", "大王庄村", "东坡村", "柳河村", "南岭村"]
COLOURS = ("green", "yellow", "red")


def chart_township(today: datetime.date, seed: int = 7):
    """The township, its leader (``leader``) and office (``office``) logins, and its villages."""
    rng = random.Random(seed)
    township = f.TownshipFactory(name="东城镇", code="C1")
    leader = f.UserFactory(username="leader", full_name="李镇长", role=Role.LEADER, scope_node=township)
    office = f.UserFactory(username="office", full_name="王干事", role=Role.OFFICE, scope_node=township)
    rules = make_book(township, year=today.year, applies_to_all=True)
    villages = []
    for n, name in enumerate(VILLAGES, start=1):
        village = f.VillageFactory(name=name, code=f"C1V{n}", parent=township)
        grid = f.GridFactory(name=f"{name}第1网格", code=f"C1V{n}G1", parent=village)
        village.refresh_from_db()
        grid.refresh_from_db()
        villages.append(village)
        cadre = f.UserFactory(username=f"cadre{n}", full_name=f"包联干部{n}", role=Role.GRID, scope_node=grid)
        households = [f.HouseholdFactory(grid=grid, number=f"C{n}{h:02d}", name=f"户主{n}{h}") for h in range(4)]
        for household in households:
            assign(cadre, household=household, start_on=today - datetime.timedelta(days=400))
        # colours: a decision every few weeks over the last four months
        day = today - datetime.timedelta(days=120)
        colour = rng.choice(COLOURS)
        while day <= today:
            VillageColour.objects.create(
                township=township, village=village, colour=colour, effective_from=day, reason="周例会研判"
            )
            day += datetime.timedelta(days=rng.choice((14, 21, 35)))
            colour = rng.choice(COLOURS)
        # visits: some each month for a year
        for months_back in range(12):
            year, month = divmod(today.year * 12 + today.month - 1 - months_back, 12)
            first = datetime.date(year, month + 1, 1)
            seen = set()
            for _ in range(rng.randint(2, 9)):
                when = min(first + datetime.timedelta(days=rng.randint(0, 27)), today)
                household = rng.choice(households)
                if (household.pk, when) not in seen:  # one visit per household, visitor and day
                    seen.add((household.pk, when))
                    visit(cadre, household, when)
        # problems found and rectified over the year
        for _ in range(rng.randint(2, 6)):
            found = today - datetime.timedelta(days=rng.randint(0, 330))
            closed = found + datetime.timedelta(days=rng.randint(5, 60))
            done = closed <= today and rng.random() < 0.7
            ProblemFactory(
                village=village,
                level=Level.VILLAGE,
                found_on=found,
                deadline=found + datetime.timedelta(days=90),
                status=Status.DONE if done else Status.IN_PROGRESS,
                closed_on=closed if done else None,
            )
        for _ in range(rng.randint(2, 8)):
            member = f.MemberFactory(grid=grid)
            give(member, rules.meeting, 2, day=today.replace(day=1), times=rng.randint(1, 6))
    for level in (Level.COMMITTEE, Level.LEADERSHIP):
        for _ in range(rng.randint(3, 8)):
            found = today - datetime.timedelta(days=rng.randint(0, 300))
            done = rng.random() < 0.6
            ProblemFactory(
                township=township,
                level=level,
                found_on=found,
                deadline=found + datetime.timedelta(days=90),
                status=Status.DONE if done else Status.IN_PROGRESS,
                closed_on=min(found + datetime.timedelta(days=20), today) if done else None,
            )
    return township, leader, office, villages
