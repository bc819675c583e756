"""factory_boy factories for the ledger. Rows are built directly (fixtures); tests of the rules
go through issues.services."""

import datetime

import factory

from issues.choices import Channel, Level, Status
from issues.models import Problem, ProblemCategory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemCategory
        django_get_or_create = ("township", "name")

    name = factory.Sequence(lambda n: f"类别{n}")


class ProblemFactory(factory.django.DjangoModelFactory):
    """Pass ``township`` for 党委/领导班子 problems, or ``village`` for 村级 ones."""

    class Meta:
        model = Problem

    code = factory.Sequence(lambda n: f"2025-{n + 1:04d}")
    level = Level.COMMITTEE
    village = None
    township = factory.LazyAttribute(lambda o: o.village.parent if o.village else None)
    channel = Channel.SELF_CHECK
    category = factory.LazyAttribute(lambda o: CategoryFactory(township=o.township, name="理论学习"))
    description = factory.Sequence(lambda n: f"问题描述{n}")
    measures = "制定整改措施"
    responsible = "张书记"
    found_on = datetime.date(2025, 3, 1)
    deadline = datetime.date(2025, 6, 30)
    status = Status.PENDING
