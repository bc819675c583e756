"""The access layer (accounts.access): role and scope together, for rows, objects, templates and files.

World (tests/conftest.py): t1 ── v1 ── g1 (h1, m1), g2 (h2); v2 ── g4 (h4, m2); t2 ── v3 ── g3 (h3, m3).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory

from accounts.access import (
    NOT_FOUND,
    Policy,
    authorize,
    can,
    get_for_user_or_404,
    in_scope,
    require,
    shared_with,
)
from accounts.models import NO_SCOPE_NODE
from accounts.roles import EDIT_ROLES, READ_ROLES, RESPONSIBLE, Role
from core.files import file_response
from grids.models import Household, Member
from issues.choices import Level
from issues.models import Problem, ProblemEvidence
from places.models import Area
from points.models import RuleBook
from tests import factories as f
from tests.issues.factories import ProblemFactory
from township.models import RiskReview

D = datetime.date

# --- Policy: role sets per action (no database) --------------------------------------------------


def test_a_policy_defaults_to_read_roles_for_view_and_edit_roles_for_writes():
    policy = Policy()
    assert policy.roles("view") == READ_ROLES
    assert policy.roles("add") == policy.roles("change") == policy.roles("delete") == EDIT_ROLES
    assert policy.roles("export") == READ_ROLES  # follows view
    assert Policy(add={Role.SECRETARY}).roles("import") == {Role.SECRETARY}  # follows add
    assert policy.roles("publish") == {Role.ADMIN}  # any other action: the administrator only


def test_the_administrator_may_take_every_action_whatever_the_policy_says():
    policy = Policy(view={Role.OFFICE}, publish=set())
    assert policy.allows_role(Role.ADMIN, "view")
    assert policy.allows_role(Role.ADMIN, "publish")
    assert policy.allows_role(Role.ADMIN, "anything")


def test_the_county_reads_exports_and_reports_but_never_writes_through_read_roles():
    policy = Policy(review=READ_ROLES, add=READ_ROLES)
    for action in ("view", "export", "report"):
        assert policy.allows_role(Role.COUNTY, action)
    for action in ("add", "change", "delete", "import", "review"):
        assert not policy.allows_role(Role.COUNTY, action), action


def test_the_county_takes_another_action_only_when_a_policy_names_it():
    assert Policy(approve={Role.ADMIN, Role.COUNTY}).allows_role(Role.COUNTY, "approve")
    assert not Policy(view={Role.OFFICE}).allows_role(Role.COUNTY, "view")


def test_extend_gives_a_copy_with_actions_replaced():
    base = Policy(view={Role.OFFICE})
    extended = base.extend(review={Role.SECRETARY})
    assert extended.roles("view") == {Role.OFFICE}
    assert extended.roles("review") == {Role.SECRETARY}
    assert base.roles("review") == {Role.ADMIN}


# --- for_user: each persona gets exactly its rows -------------------------------------------------


def _names(qs):
    return sorted(h.number for h in qs)


def test_it_gives_each_role_the_households_of_its_scope(world, personas):
    p = personas
    expected = {
        "admin": ["H1", "H2", "H3", "H4"],
        "county": ["H1", "H2", "H3", "H4"],
        "office": ["H1", "H2", "H4"],
        "leader": ["H1", "H2", "H4"],
        "secretary": ["H1", "H2"],
        "grid": ["H1"],
        "member": [],  # households have no owner: a party member sees none
        "office2": ["H3"],
    }
    for name, numbers in expected.items():
        assert _names(Household.objects.for_user(getattr(p, name))) == numbers, name


def test_it_gives_nothing_to_a_signed_out_user(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Household.objects.for_user(AnonymousUser()).exists()


def test_a_party_member_sees_only_their_own_member_record(world, personas):
    assert list(Member.objects.for_user(personas.member)) == [world.m1]


def test_for_user_with_an_action_gives_only_rows_the_role_may_act_on(world, personas):
    assert _names(Household.objects.for_user(personas.office, "change")) == ["H1", "H2", "H4"]
    assert not Household.objects.for_user(personas.leader, "change").exists()
    assert not Household.objects.for_user(personas.county, "change").exists()


def test_within_gives_rows_under_a_node_without_a_user(world):
    assert _names(Household.objects.within(world.v1)) == ["H1", "H2"]
    assert _names(Household.objects.within(world.t2)) == ["H3"]
    assert not Household.objects.within(None).exists()
    assert not Household.objects.within(world.pg1).exists()  # deeper than the rows' narrowest key


def test_the_responsible_person_sees_and_acts_on_their_problem_whatever_their_scope(world, personas):
    mine = ProblemFactory(level=Level.VILLAGE, village=world.v2, responsible_user=personas.grid)
    other = ProblemFactory(level=Level.VILLAGE, village=world.v2)
    assert list(Problem.objects.for_user(personas.grid)) == [mine]
    assert can(personas.grid, "act", mine)
    assert not can(personas.grid, "change", mine)
    assert not can(personas.grid, "act", other)
    assert set(Problem.objects.for_user(personas.secretary, "act")) == set()  # v2 is not the secretary's
    assert set(Problem.objects.for_user(personas.office, "act")) == {mine, other}


def test_township_wide_documents_are_read_by_everyone_in_the_township_whose_role_reads_them(world, personas):
    book = RuleBook.objects.create(township=world.t1, year=2025, title="积分办法")
    for name in ("office", "leader", "secretary", "county", "admin"):  # a village's secretary too
        assert list(RuleBook.objects.for_user(getattr(personas, name))) == [book], name
    assert not RuleBook.objects.for_user(personas.grid).exists()  # RuleBook.policy: view=STATS_ROLES
    assert not RuleBook.objects.for_user(personas.office2).exists()


def _reviews(world):
    """A township-level 周例会 (no village) of t1, a village-level one of v1 and of v2, one of t2."""
    made = {}
    for key, township, village in (("t1", world.t1, None), ("v1", world.t1, world.v1), ("v2", world.t1, world.v2)):
        made[key] = RiskReview.objects.create(township=township, village=village, held_on=D(2026, 3, 2), attendees="甲")
    made["t2"] = RiskReview.objects.create(township=world.t2, held_on=D(2026, 3, 2), attendees="乙")
    return made


def test_township_wide_rows_of_a_placed_model_are_read_below_the_township_but_not_written(world, personas):
    r = _reviews(world)  # RiskReview declares township_wide_if_empty = "village"
    assert set(RiskReview.objects.for_user(personas.secretary)) == {r["t1"], r["v1"]}
    assert set(RiskReview.objects.for_user(personas.secretary, "export")) == {r["t1"], r["v1"]}
    assert set(RiskReview.objects.for_user(personas.secretary, "change")) == {r["v1"]}
    assert set(RiskReview.objects.for_user(personas.grid)) == {r["t1"]}  # no village row lies in a grid
    assert set(RiskReview.objects.for_user(personas.office)) == {r["t1"], r["v1"], r["v2"]}
    assert set(RiskReview.objects.for_user(personas.office2)) == {r["t2"]}
    assert not RiskReview.objects.for_user(personas.member).exists()  # the role may not read reviews
    # The rows a village reads are not the rows inside it: a village's figures count its own.
    assert set(RiskReview.objects.within(world.v1)) == {r["v1"]}
    assert not in_scope(personas.secretary, r["t1"]) and shared_with(personas.secretary, r["t1"])
    with pytest.raises(PermissionDenied, match="这是全镇的记录，您可以查看，但不能修改"):
        get_for_user_or_404(RiskReview, personas.secretary, "change", pk=r["t1"].pk)
    with pytest.raises(Http404):
        get_for_user_or_404(RiskReview, personas.secretary, "view", pk=r["v2"].pk)


def test_can_reads_township_wide_rows_without_a_query(world, personas, django_assert_num_queries):
    r = _reviews(world)
    user = personas.secretary
    user.scope_node  # noqa: B018 — loaded once per request by the middleware
    with django_assert_num_queries(0):
        assert can(user, "view", r["t1"]) and not can(user, "change", r["t1"])
        assert not can(user, "view", r["t2"]) and not can(user, "view", r["v2"])
    grid = personas.grid
    grid.scope_node  # noqa: B018
    with django_assert_num_queries(0):  # a model without township-wide rows never walks up the tree
        assert can(grid, "view", world.h1) and not can(grid, "view", world.h3)


def test_can_on_an_object_agrees_with_for_user_for_every_persona_and_row(world, personas):
    book = RuleBook.objects.create(township=world.t1, year=2025, title="积分办法")
    problem = ProblemFactory(level=Level.VILLAGE, village=world.v1, responsible_user=personas.grid)
    rows = [
        *Household.objects.all(),
        *Member.objects.all(),
        *Area.objects.all(),
        book,
        problem,
        *_reviews(world).values(),
    ]
    for name, user in vars(personas).items():
        for obj in rows:
            for action in ("view", "change", "act"):
                in_rows = type(obj).objects.for_user(user, action).filter(pk=obj.pk).exists()
                assert can(user, action, obj) == in_rows, (name, action, obj)


def test_can_on_a_model_class_asks_the_role_only(personas):
    assert can(personas.office, "add", Household)
    assert not can(personas.secretary, "add", Household)
    assert can(personas.member, "view", Member)  # own record, through owner_field
    assert not can(personas.member, "view", Household)
    assert not can(personas.county, "add", Household)


def test_can_checks_an_object_without_a_query(world, personas, django_assert_num_queries):
    user = personas.secretary
    user.scope_node  # noqa: B018 — loaded once per request by the middleware
    with django_assert_num_queries(0):
        assert can(user, "view", world.h1)
        assert not can(user, "view", world.h3)


# --- get_for_user_or_404, require, authorize -----------------------------------------------------


def test_get_for_user_or_404_fetches_a_row_in_scope(world, personas):
    assert get_for_user_or_404(Household, personas.grid, pk=world.h1.pk) == world.h1
    assert get_for_user_or_404(Household.objects.select_related("grid"), personas.grid, pk=world.h1.pk) == world.h1


def test_get_for_user_or_404_answers_404_outside_scope_or_missing(world, personas):
    for pk in (world.h2.pk, world.h3.pk, 999_999, "abc"):
        with pytest.raises(Http404) as caught:
            get_for_user_or_404(Household, personas.grid, pk=pk)
        assert str(caught.value) == NOT_FOUND


def test_get_for_user_or_404_answers_403_to_a_role_that_may_not_take_the_action(world, personas):
    with pytest.raises(PermissionDenied) as caught:
        get_for_user_or_404(Household, personas.leader, "change", pk=world.h1.pk)
    assert "镇领导" in str(caught.value) and "修改" in str(caught.value)
    with pytest.raises(PermissionDenied):
        get_for_user_or_404(Household, personas.member, pk=world.h1.pk)  # members never see households


def test_require_raises_permission_denied_in_chinese(world, personas):
    require(personas.office, "change", world.h1)
    with pytest.raises(PermissionDenied, match="县委组织部.*修改"):
        require(personas.county, "change", world.h1)
    with pytest.raises(PermissionDenied):
        require(personas.office2, "view", world.h1)


def test_authorize_tells_outside_scope_from_a_role_that_may_not(world, personas):
    authorize(personas.grid, "view", world.h1)
    with pytest.raises(Http404):
        authorize(personas.grid, "view", world.h3)
    with pytest.raises(PermissionDenied):
        authorize(personas.member, "view", world.h1)
    with pytest.raises(PermissionDenied):
        authorize(personas.leader, "change", world.h1)


# --- the county role ---------------------------------------------------------------------------


def test_a_county_account_has_no_scope_node(world):
    user = f.UserFactory.build(username="county-x", role=Role.COUNTY)
    user.clean()  # accepted without a node
    user.scope_node = world.t1
    with pytest.raises(Exception) as caught:
        user.clean()
    assert NO_SCOPE_NODE.format(role="县委组织部") in str(caught.value)


# --- templates -----------------------------------------------------------------------------------


def test_the_template_filter_and_tag_ask_the_access_layer(world, personas):
    template = Template(
        '{% load access %}{% if user|can:"change"|of:obj %}edit{% else %}read{% endif %}'
        '{% can user "view" obj as seen %}{% if seen %}+seen{% endif %}'
    )
    assert template.render(Context({"user": personas.office, "obj": world.h1})) == "edit+seen"
    assert template.render(Context({"user": personas.secretary, "obj": world.h1})) == "read+seen"
    assert template.render(Context({"user": personas.office2, "obj": world.h1})) == "read"
    assert template.render(Context({"user": personas.office, "obj": None})) == "read"


# --- files ---------------------------------------------------------------------------------------


@pytest.fixture
def evidence(world, personas):
    problem = ProblemFactory(level=Level.VILLAGE, village=world.v1, responsible_user=personas.grid)
    item = ProblemEvidence(problem=problem, original_name="整改照片.pdf", kind="pdf", size=9)
    item.file.save("x.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    item.save()
    return item


def _download(user, evidence, **kwargs):
    request = RequestFactory().get("/")
    request.user = user
    return file_response(request, evidence, filename=evidence.original_name, **kwargs)


def test_file_response_serves_a_file_to_whoever_may_see_its_row(evidence, personas):
    for user in (personas.office, personas.secretary, personas.grid, personas.county):  # grid: responsible
        response = _download(user, evidence)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.7\n"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "%E6%95%B4%E6%94%B9" in response["Content-Disposition"]  # 整改…, the Chinese name kept
        assert response["X-Content-Type-Options"] == "nosniff"


def test_file_response_answers_404_outside_scope_and_403_to_a_role_that_may_not(evidence, personas):
    with pytest.raises(Http404):
        _download(personas.office2, evidence)
    with pytest.raises(PermissionDenied):
        _download(personas.member, evidence)
    with pytest.raises(PermissionDenied):
        _download(personas.leader, evidence, action="add")


def test_file_response_answers_404_when_the_file_is_gone(evidence, personas):
    evidence.file.storage.delete(evidence.file.name)
    with pytest.raises(Http404, match="文件已不存在"):
        _download(personas.office, evidence)


def test_responsible_marker_is_not_a_role():
    assert RESPONSIBLE not in Role.values


# --- in_scope and users_within: the scope half alone ---------------------------------------------


def test_in_scope_is_the_scope_half_of_can(world, personas):
    from accounts.access import in_scope

    p = personas
    assert in_scope(p.secretary, world.h1) and in_scope(p.secretary, world.h2)
    assert not in_scope(p.secretary, world.h4)
    assert in_scope(p.grid, world.h1) and not in_scope(p.grid, world.h2)
    assert in_scope(p.member, world.m1) and not in_scope(p.member, world.m2)  # a member: their own record
    assert in_scope(p.county, world.h3) and in_scope(p.admin, world.h3)
    assert not in_scope(p.office2, world.h1)
    assert not in_scope(None, world.h1)


def test_users_within_a_node_and_users_for_a_viewer(world, personas):
    from accounts.access import users_for, users_within

    p = personas
    assert set(users_within(world.v1)) == {p.secretary, p.grid, p.member}
    assert set(users_for(p.office)) == {p.office, p.leader, p.secretary, p.grid, p.member}
    assert set(users_for(p.office2)) == {p.office2}
    assert set(users_for(p.county)) == set(users_within(None))
