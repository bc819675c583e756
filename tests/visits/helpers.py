"""Small builders for contact-system tests (through the services, as the app writes them)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from township.choices import RiskCategory, RiskStatus
from township.models import Risk
from township.services import risk_save
from visits import services
from visits.choices import AssignmentKind, DemandKind
from visits.models import Assignment, Demand, Visit

START = datetime.date(2020, 1, 1)


def today():
    return timezone.localdate()


def assign(cadre, *, village=None, grid=None, household=None, kind=AssignmentKind.CONTACT, start_on=START):
    a = Assignment(
        cadre=cadre,
        kind=kind,
        village=village or (household.village if household else grid.parent),
        grid=grid,
        household=household,
        start_on=start_on,
    )
    return services.assignment_save(a)


def visit(visitor, household, day, findings="了解生产生活情况", tags=""):
    v = Visit(visitor=visitor, household=household, visited_on=day, findings=findings, tags=tags)
    v.place_in_grid(household.grid)
    v.save()
    return v


def risk(village, *, found_on, deadline=None, status=RiskStatus.OPEN, closed_on=None, title="河道淤堵", user=None):
    return risk_save(
        Risk(
            village=village,
            title=title,
            category=RiskCategory.DISASTER,
            found_by="张三",
            found_on=found_on,
            deadline=deadline,
            status=status,
            closed_on=closed_on,
            reported_by=user,
        ),
        today=max(found_on, closed_on or found_on, today()),
    )


def demand(village, *, kind=DemandKind.DEMAND, raised_on, resolved_on=None, title="修路灯"):
    return services.demand_save(
        Demand(kind=kind, village=village, title=title, raised_on=raised_on, resolved_on=resolved_on),
        today=max(raised_on, resolved_on or raised_on, today()),
    )


def png_bytes(size=(40, 30), noise=False) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    if noise:
        import random

        rnd = random.Random(1)
        image.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(size[0] * size[1])])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def upload(data: bytes, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)
