"""seed_demo is deterministic for a seed and realistic."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from core.identity import validate_id_number
from grids.models import CentralHouseholdLink, GridStaff, Household, Member
from places.models import Area

TODAY = "2026-11-15"


def fingerprint():
    return (
        list(Area.objects.order_by("code").values_list("code", "name", "kind", "lft", "rght")),
        list(Household.objects.order_by("number").values_list("number", "name", "id_hmac", "grid__code", "category")),
        list(Member.objects.order_by("id_hmac").values_list("id_hmac", "name", "tier", "grid__code", "joined_on")),
        list(GridStaff.objects.order_by("grid__code", "id_hmac").values_list("grid__code", "id_hmac", "role")),
        sorted(CentralHouseholdLink.objects.values_list("central__member__id_hmac", "household__number")),
    )


def seed(seed=3):
    out = io.StringIO()
    call_command("seed_demo", "--scale", "small", "--seed", str(seed), "--today", TODAY, "--reset", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_realistic_data_and_one_login_per_role():
    seed(3)
    first = fingerprint()
    output = seed(3)
    assert fingerprint() == first

    for username in ("admin", "office", "leader", "secretary", "grid", "member"):
        assert f"用户名 {username}" in output
        assert User.objects.get(username=username).check_password("demo12345")
    township = Area.objects.townships().get()
    assert township.name.endswith("镇")
    assert not Area.objects.villages().filter(secretary=None).exists()
    for household in Household.objects.all()[:20]:
        assert validate_id_number(household.id_number) == household.id_number
    assert Member.objects.filter(birth_date__gt=datetime.date(2008, 11, 15)).count() == 0
    assert Area.objects.get(pk=township.pk).get_descendant_count() == Area.objects.count() - 1


@pytest.mark.django_db
def test_it_refuses_to_overwrite_existing_data_without_reset(world):
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
