"""grids.selectors.village_grid_checks: per village, grids without a party group and grids whose
网格长 is not the village's branch secretary (read by the star ratings)."""

import pytest

from grids.choices import StaffRole
from grids.models import GridStaff
from grids.selectors import village_grid_checks
from places.models import Area
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_counts_grids_without_a_group_and_grids_not_led_by_the_secretary(world, count_queries):
    w = world
    secretary = f.MemberFactory(grid=w.g1, name="王书记")
    Area.objects.filter(pk=w.v1.pk).update(secretary=secretary)
    f.GridStaffFactory(grid=w.g1, name="王书记", role=StaffRole.LEADER, member=secretary)
    f.GridStaffFactory(grid=w.g2, name="别人", role=StaffRole.LEADER)  # g2: someone else leads, no group
    with count_queries() as q:
        checks = village_grid_checks(w.t1)
    assert len(q) == 1
    v1, v2 = checks[w.v1.pk], checks[w.v2.pk]
    assert (v1.grids, v1.without_group, v1.leader_not_secretary, v1.ok) == (2, 1, 1, False)
    assert (v2.grids, v2.without_group, v2.leader_not_secretary, v2.ok) == (1, 1, 1, False)
    assert w.v3.pk not in checks  # another township
    f.PartyGroupFactory(parent=w.g2)
    f.PartyGroupFactory(parent=w.g4)
    GridStaff.objects.filter(grid=w.g2).update(member=secretary)
    Area.objects.rebuild()
    assert village_grid_checks(w.v1)[w.v1.pk].ok
