"""factory_boy factories for the grid tree, people and users. IDs are valid and unique."""

import datetime
import itertools

import factory

from accounts.models import User
from accounts.roles import Role
from core.demo import id_check_digit
from grids.choices import StaffRole, StaffSource
from grids.models import CentralHousehold, CentralHouseholdLink, GridStaff, Household, Member
from places.choices import AreaKind
from places.models import Area

_serial = itertools.count(1)


def make_id(birth=datetime.date(1980, 5, 17), male=True) -> str:
    """A valid ID number, different on every call."""
    n = next(_serial)
    region = "140522" if birth.year >= 1985 else "142526"
    birth = birth + datetime.timedelta(days=n // 400)
    order = (n % 400) * 2 + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + id_check_digit(body)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    kind = AreaKind.TOWNSHIP
    name = factory.Sequence(lambda n: f"区域{n}")
    code = factory.Sequence(lambda n: f"A{n:04d}")
    parent = None


class TownshipFactory(AreaFactory):
    kind = AreaKind.TOWNSHIP
    name = factory.Sequence(lambda n: f"测试{n}镇")
    code = factory.Sequence(lambda n: f"T{n:03d}")


class VillageFactory(AreaFactory):
    kind = AreaKind.VILLAGE
    name = factory.Sequence(lambda n: f"测试{n}村")
    code = factory.Sequence(lambda n: f"V{n:04d}")
    parent = factory.SubFactory(TownshipFactory)


class GridFactory(AreaFactory):
    kind = AreaKind.GRID
    name = factory.Sequence(lambda n: f"第{n}网格")
    code = factory.Sequence(lambda n: f"G{n:04d}")
    parent = factory.SubFactory(VillageFactory)


class PartyGroupFactory(AreaFactory):
    kind = AreaKind.PARTY_GROUP
    name = factory.Sequence(lambda n: f"党小组{n}")
    code = factory.Sequence(lambda n: f"P{n:04d}")
    parent = factory.SubFactory(GridFactory)


class PlacedFactory(factory.django.DjangoModelFactory):
    """Rows placed in a grid: pass ``grid=``; the village and township keys follow."""

    grid = factory.SubFactory(GridFactory)
    village = factory.LazyAttribute(lambda o: o.grid.parent)
    township = factory.LazyAttribute(lambda o: o.grid.parent.parent)

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, id_number=None, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.set_id_number(id_number or make_id())
        obj.save()
        return obj


class HouseholdFactory(PlacedFactory):
    class Meta:
        model = Household

    number = factory.Sequence(lambda n: f"H{n:06d}")
    name = factory.Iterator(["张三", "李四", "王五", "赵六", "孙七"])
    population = 3


class MemberFactory(PlacedFactory):
    class Meta:
        model = Member

    name = factory.Iterator(["张三", "李明", "王芳", "赵强", "刘洋"])
    gender = "M"


class GridStaffFactory(PlacedFactory):
    class Meta:
        model = GridStaff

    name = factory.Iterator(["周杰", "吴敏", "郑伟"])
    role = StaffRole.MEMBER
    source = StaffSource.COMMITTEE


class CentralHouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CentralHousehold

    member = factory.SubFactory(MemberFactory)
    grid = factory.LazyAttribute(lambda o: o.member.grid)
    village = factory.LazyAttribute(lambda o: o.member.village)
    township = factory.LazyAttribute(lambda o: o.member.township)


def link(central, *households):
    CentralHouseholdLink.objects.bulk_create([CentralHouseholdLink(central=central, household=h) for h in households])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.OFFICE
    password = factory.django.Password("pw-test-123")

    @factory.post_generation
    def member(obj, create, extracted, **kwargs):
        """``UserFactory(member=m)`` links the member to this login (the link lives on ``Member.user``)."""
        if extracted is not None:
            extracted.user = obj
            if create:
                type(extracted).objects.filter(pk=extracted.pk).update(user=obj)
