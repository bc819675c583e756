"""Fixtures of the four key points: income rows, sheets built with openpyxl (real Excel dates and
numbers), and importing through the one path the pages use."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from core.imports import run_import
from core.registers import get_register
from economy.models import CollectiveIncome

D = datetime.date


def xlsx(headers, rows) -> bytes:
    """A sheet: ``rows`` are dicts by header; values keep their type (date, float, int, text)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def importing(register, data, user, township=None, dry_run=False):
    """As the import page runs it: in the user's township (an administrator names one)."""
    township = township or (None if user.sees_everything else user.township)
    return run_import(get_register(register), data, "台账.xlsx", user=user, township=township, dry_run=dry_run)


def income(village, year=2026, **values):
    fields = {"target": Decimal("10.00"), "last_year": Decimal("8.00"), "actual": None}
    fields.update(values)
    return CollectiveIncome.objects.create(township=village.parent, village=village, year=year, **fields)


@pytest.fixture
def t1_incomes(world):
    """苇水村 strong, 九光村 weak (both in 东城镇); 上郊村 in the other township."""
    return [
        income(
            world.v1, target=Decimal("30.00"), actual=Decimal("12.50"), last_year=Decimal("25.00"), model_village=True
        ),
        income(world.v2, target=Decimal("5.00"), actual=Decimal("1.20"), last_year=Decimal("3.00"), to_lift=True),
        income(world.v3, target=Decimal("9.00"), actual=Decimal("9.00")),
    ]


def organisation(village, code=None, **values):
    from economy.models import EconomicOrganisation

    fields = {"name": f"{village.name}股份经济合作社"}
    fields.update(values)
    return EconomicOrganisation.objects.create(
        township=village.parent, village=village, code=code or f"N{village.code}", **fields
    )


def claim(org, kind="claim", amount="1000.00", arose_on=None, number=None, **values):
    from economy.models import ClaimDebt

    fields = {"party": "李四", "status": "open"}
    fields.update(values)
    serial = ClaimDebt.objects.count() + 1
    return ClaimDebt.objects.create(
        township=org.township,
        village=org.village,
        organisation=org,
        kind=kind,
        amount=Decimal(amount),
        arose_on=arose_on or D(2024, 5, 1),
        number=number or f"ZW-{serial:03d}",
        **fields,
    )


def contract(org, number, amount="12000.00", starts_on=None, **values):
    from economy.models import Contract

    fields = {"counterparty": "张三", "subject": "land"}
    fields.update(values)
    return Contract.objects.create(
        township=org.township,
        village=org.village,
        organisation=org,
        number=number,
        amount=Decimal(amount),
        starts_on=starts_on or D(2024, 1, 1),
        **fields,
    )


@pytest.fixture
def orgs(world):
    """One organisation per village: 苇水村 and 九光村 in 东城镇, 上郊村 in 西河镇."""
    from types import SimpleNamespace

    return SimpleNamespace(
        o1=organisation(world.v1, "N1"), o2=organisation(world.v2, "N2"), o3=organisation(world.v3, "N3")
    )
