"""The dashboard panels of the contact system and three-colour management."""

import datetime

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests import factories as f
from township import dashboard as township_dashboard
from visits import dashboard, services

from .helpers import assign, demand, risk, today, visit


def render_panels(user):
    request = RequestFactory().get("/")
    request.user = user
    html = []
    for panel in (dashboard.contact_month, township_dashboard.three_colours):
        result = panel(request)
        if result:
            html.append(render_to_string(result[0], result[1], request=request))
    return "".join(html)


def grow(world, n, start):
    for i in range(n):
        cadre = f.UserFactory(username=f"d{start + i}", role="grid", scope_node=world.g1)
        h = f.HouseholdFactory(grid=world.g1)
        assign(cadre, household=h)
        visit(cadre, h, today())
        demand(world.v1, raised_on=today())
        risk(world.v1, found_on=today() - datetime.timedelta(days=5), deadline=today() - datetime.timedelta(days=1))
    services.flags_refresh(day=today())


def test_panels_run_a_fixed_number_of_queries(personas, world, count_queries):
    grow(world, 2, 0)
    render_panels(personas.office)
    with count_queries() as small:
        render_panels(personas.office)
    grow(world, 6, 100)
    with count_queries() as large:
        html = render_panels(personas.office)
    assert len(small) == len(large) <= 25
    assert "包联走访" in html and "三色管理" in html


def test_panels_follow_the_role(personas, world, login):
    grow(world, 1, 0)
    assert render_panels(personas.member) == ""
    grid = render_panels(personas.grid)
    assert "包联走访" in grid and "三色管理看板" not in grid  # a grid has no villages to colour
    office = login(personas.office).get(reverse("dashboard")).content.decode()
    assert 'id="contact-panel"' in office and 'id="colour-panel"' in office
