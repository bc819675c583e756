"""Forms: a clear Chinese message next to the field, and nothing saved."""

from django.urls import reverse

from grids.models import CentralHouseholdLink, Household, Member
from places.models import Area
from tests.factories import CentralHouseholdFactory, link, make_id


def household_post(world, **overrides):
    data = {
        "number": "F1",
        "name": "钱七",
        "id_number_input": make_id(),
        "grid": world.g1.pk,
        "party_group": "",
        "phone": "",
        "address": "",
        "population": 2,
        "category": "ordinary",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_office_creates_a_household_with_keys_from_the_grid(world, personas, login):
    response = login(personas.office).post(reverse("households_create"), household_post(world))
    assert response.status_code == 302
    household = Household.objects.get(number="F1")
    assert (household.village, household.township, household.name_initials) == (world.v1, world.t1, "qq")
    assert household.id_encrypted and household.id_number.startswith("14")


def test_bad_input_is_refused_with_chinese_messages_and_nothing_saved(world, personas, login):
    client = login(personas.office)
    before = Household.objects.count()
    cases = [
        ({"id_number_input": "123"}, "身份证号无效"),
        ({"number": "H1"}, "该户号已存在"),
        ({"id_number_input": world.h1.id_number, "number": "F2"}, "该身份证号已登记"),
        ({"grid": world.g3.pk}, "选择一个有效的选项"),
        ({"population": "-1"}, "确保该值大于或等于0"),
    ]
    for overrides, message in cases:
        response = client.post(reverse("households_create"), household_post(world, **overrides))
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert Household.objects.count() == before


def test_a_party_group_of_another_grid_is_refused(world, personas, login):
    response = login(personas.office).post(
        reverse("households_create"), household_post(world, grid=world.g2.pk, party_group=world.pg1.pk)
    )
    assert "网格党小组不属于所选网格" in response.content.decode()
    assert not Household.objects.filter(number="F1").exists()


def test_a_secretary_cannot_place_a_member_in_another_village(world, personas, login):
    data = {
        "name": "新党员",
        "id_number_input": make_id(),
        "gender": "M",
        "grid": world.g4.pk,
        "status": "full",
        "tier": "ordinary",
    }
    response = login(personas.secretary).post(reverse("members_create"), data)
    assert response.status_code == 200
    assert not Member.objects.filter(name="新党员").exists()


def test_a_village_cannot_be_put_under_a_grid(world, personas, login):
    data = {"code": "X1", "name": "新村", "parent": world.g1.pk, "is_community": "", "notes": ""}
    response = login(personas.office).post(reverse("villages_create"), data)
    assert response.status_code == 200
    assert not Area.objects.filter(code="X1").exists()


def test_a_household_already_linked_to_another_central_household_is_refused(world, personas, login):
    other = CentralHouseholdFactory(member=world.m1)
    link(other, world.h1)
    mine = CentralHouseholdFactory(member=MemberInV1(world))
    response = login(personas.office).post(
        reverse("central_households_edit", args=[mine.pk]),
        {"member": mine.member.pk, "households": [world.h1.pk, world.h2.pk], "notes": ""},
    )
    assert "户H1已由其他党员中心户包联" in response.content.decode()
    assert CentralHouseholdLink.objects.filter(central=mine).count() == 0


def MemberInV1(world):  # noqa: N802
    from tests.factories import MemberFactory

    return MemberFactory(grid=world.g2, name="吴刚")


def test_grid_member_may_edit_households_of_their_grid_only(world, personas, login):
    client = login(personas.grid)
    data = household_post(world, number="H1", name="张三", id_number_input="", grid=world.g1.pk)
    assert client.post(reverse("households_edit", args=[world.h1.pk]), data).status_code == 302
    assert client.get(reverse("households_edit", args=[world.h2.pk])).status_code == 404
    assert client.get(reverse("villages_create")).status_code == 403
