"""Fixtures of the ledger tests: a hand-built ledger on top of the shared two-township world.

t1 党委:     P-C1 (理论学习, 整改中, overdue)  P-C2 (组织生活, 待整改)
t1 领导班子: P-L1 (理论学习, 长期坚持)
t1 v1 村级:  P-V1 (理论学习, 待整改, responsible: the grid persona)  P-V1b (为民服务, 已整改)
t1 v2 村级:  P-V2 (为民服务, 整改中)
t2 v3 村级:  P-T2 (other township)
"""

import datetime
import io
import zipfile
from types import SimpleNamespace

import pytest

from issues.choices import Level, Status
from tests.issues.factories import CategoryFactory, ProblemFactory

TODAY = datetime.date(2025, 7, 15)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64


def office_zip(folder: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<doc/>")
    return out.getvalue()


@pytest.fixture
def ledger(world, personas):
    w = world
    theory = CategoryFactory(township=w.t1, name="理论学习", order=1)
    life = CategoryFactory(township=w.t1, name="组织生活", order=2)
    service = CategoryFactory(township=w.t1, name="为民服务", order=3)
    other = CategoryFactory(township=w.t2, name="理论学习", order=1)
    c1 = ProblemFactory(
        code="2025-0001",
        township=w.t1,
        category=theory,
        status=Status.IN_PROGRESS,
        deadline=datetime.date(2025, 5, 31),
        overdue=True,
        overdue_since=datetime.date(2025, 6, 1),
        description="理论学习不够深入系统",
    )
    c2 = ProblemFactory(code="2025-0002", township=w.t1, category=life, description="组织生活会质量不高")
    l1 = ProblemFactory(
        code="2025-0003",
        township=w.t1,
        level=Level.LEADERSHIP,
        category=theory,
        status=Status.ONGOING,
        deadline=None,
        description="班子成员联系群众不够经常",
    )
    v1 = ProblemFactory(
        code="2025-0004",
        level=Level.VILLAGE,
        village=w.v1,
        category=theory,
        description="苇水村党员学习不经常",
        responsible_user=personas.grid,
        responsible="网格员",
    )
    v1b = ProblemFactory(
        code="2025-0005",
        level=Level.VILLAGE,
        village=w.v1,
        category=service,
        status=Status.DONE,
        result="已修好路灯",
        verified_by="王主任",
        closed_on=datetime.date(2025, 4, 1),
        description="苇水村路灯损坏",
    )
    v2 = ProblemFactory(
        code="2025-0006",
        level=Level.VILLAGE,
        village=w.v2,
        category=service,
        status=Status.IN_PROGRESS,
        description="九光村便民服务时间不固定",
    )
    t2 = ProblemFactory(
        code="2025-0001", level=Level.VILLAGE, village=w.v3, category=other, description="上郊村问题不应外泄"
    )
    return SimpleNamespace(**locals())
