"""What keeps the home page and the register lists cheap per request (bench/load.py --cpu), each
against what it replaces and each cache dropped on a write:

- list rows and filter drop-downs are written in Python (``core.listing``), the same HTML the
  template wrote (escaping, dates, links, the request's choice selected);
- a list's drop-down options are cached per user and dropped on any write of a scoped row or area;
- a list's count is cached under its register, user scope, filters and day (no SQL compiled);
- the home page's main actions are cached like its panels;
- the menu is rendered once per role;
- a session is written at most once a minute, not on every request.
"""

import datetime
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core import listing
from core.context_processors import menu_html
from core.dashboard import ACTIONS, cached_panels, figures_changed
from core.registers import REGISTRY, menu_for
from grids.models import Household
from places.models import Area
from tests import factories as f
from tests.access_scene import build_scene
from tests.conftest import PASSWORD

# The cells as templates/core/register_list.html wrote them before core.listing.rows_html.
TEMPLATE_ROWS = Template(
    "{% load registers dates %}{% for obj, values in rows %}<tr>{% for column in register.columns %}"
    '{% with value=values|index:forloop.counter0 %}<td{% if column.no_wrap %} class="text-nowrap"{% endif %}>'
    "{% if column.link %}<a href=\"{% url register.name|add:'_detail' obj.pk %}\">{{ value|cn_date }}</a>"
    "{% else %}{{ value|cn_date }}{% endif %}</td>{% endwith %}{% endfor %}</tr>{% empty %}"
    '<tr><td colspan="{{ register.columns|length }}" class="text-muted">没有符合条件的记录</td></tr>{% endfor %}'
)
# ... and its drop-downs' options.
TEMPLATE_OPTIONS = Template(
    "{% for value, label in field.field.choices %}<option value=\"{{ value|default_if_none:'' }}\""
    "{% if field.value|stringformat:'s' == value|stringformat:'s' %} selected{% endif %}>"
    "{% if not value and value != False %}{{ field.label }}：全部{% else %}{{ label }}{% endif %}</option>{% endfor %}"
)


def _squeeze(html) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def _options(html) -> list[tuple[str, str, bool]]:
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', str(html))
    ]


@pytest.mark.django_db
def test_the_rows_are_the_html_the_template_wrote_for_every_register():
    scene = build_scene()
    admin = scene.users["admin"]
    f.HouseholdFactory(grid=scene.world.g1, name="<b>王&五</b>", number="H<9>")  # escaped, not markup
    for name, reg in sorted(REGISTRY.items()):
        objects = list(reg.get_queryset(admin).order_by(*reg.default_ordering)[:30])
        rows = [(obj, [c.value(obj) for c in reg.columns]) for obj in objects]
        expected = TEMPLATE_ROWS.render(Context({"rows": rows, "register": reg}))
        assert _squeeze(listing.rows_html(reg, objects)) == _squeeze(expected), name
    html = listing.rows_html(REGISTRY["households"], Household.objects.filter(number="H<9>"))
    assert "&lt;b&gt;王&amp;五&lt;/b&gt;" in html and "H&lt;9&gt;" in html


@pytest.mark.django_db
def test_the_drop_downs_are_the_forms_choices_with_the_requests_choice_selected(personas, login, world):
    client = login(personas.office)
    for url, register in [
        (reverse("households_list"), "households"),
        (f"{reverse('households_list')}?village={world.v2.pk}&category=poverty", "households"),
        (f"{reverse('grids_list')}?has_party_branch=true", "grids"),
        (f"{reverse('members_list')}?grid={world.g1.pk}&sort=name_pinyin", "members"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        shown = {field.html_name: _options(field.options) for field in response.context["filters"]}
        filterset = REGISTRY[register].filterset_class(
            response.wsgi_request.GET or None,
            queryset=REGISTRY[register].get_queryset(personas.office),
            request=response.wsgi_request,
        )
        for field in filterset.form:
            if getattr(field.field, "choices", None) is None:
                continue  # yes/no: below
            expected = _options(TEMPLATE_OPTIONS.render(Context({"field": field})))
            # the empty choice's "selected" is left to the browser (it is the first option)
            expected = [(v, t, s and v != "") for v, t, s in expected]
            assert shown[field.html_name] == expected, (url, field.html_name)
    households = client.get(f"{reverse('households_list')}?village={world.v2.pk}").context["filters"]
    villages = _options(households[0].options)
    v1, v2 = str(world.v1.pk), str(world.v2.pk)
    assert villages == [("", "行政村：全部", False), (v1, "苇水村", False), (v2, "九光村", True)]
    assert str(world.v3.pk) not in households[0].options  # another township's village: not in scope
    grids = client.get(f"{reverse('grids_list')}?has_party_branch=false").context["filters"]
    branch = next(field for field in grids if field.html_name == "has_party_branch")
    expected = [("", "已建网格党支部：全部", False), ("true", "是", False), ("false", "否", True)]
    assert _options(branch.options) == expected


@pytest.mark.django_db
def test_the_drop_downs_options_are_cached_per_user_until_an_area_or_a_scoped_row_is_written(
    settings, personas, login, world
):
    settings.LIST_CHOICES_CACHE_SECONDS = 60
    figures_changed()
    url = reverse("households_list")
    client = login(personas.office)

    def villages():
        return [label for _, label, _ in _options(client.get(url).context["filters"][0].options)]

    assert villages() == ["行政村：全部", "苇水村", "九光村"]
    Area.objects.filter(pk=world.v1.pk).update(name="改名村")  # no signal: the cached options stay
    assert villages() == ["行政村：全部", "苇水村", "九光村"]
    f.VillageFactory(name="新建村", code="T1V9", parent=world.t1)  # an area saved: the options are redone
    assert villages() == ["行政村：全部", "改名村", "九光村", "新建村"]
    Area.objects.filter(pk=world.v2.pk).update(name="又改村")
    f.HouseholdFactory(grid=world.g1, name="钱七", number="H9")  # any scoped row written: redone too
    assert villages() == ["行政村：全部", "改名村", "又改村", "新建村"]
    other = login(personas.office2)  # per user: the other township's office sees its own villages
    labels = [label for _, label, _ in _options(other.get(url).context["filters"][0].options)]
    assert labels == ["行政村：全部", "上郊村"]


@pytest.mark.django_db
def test_a_cached_count_belongs_to_its_filters_and_user_and_is_dropped_on_a_write(settings, personas, login, world):
    settings.LIST_COUNT_CACHE_SECONDS = 60
    figures_changed()
    url = reverse("households_list")

    def count(user, query=""):
        return login(user).get(f"{url}{query}").context["page"].paginator.count

    assert count(personas.office) == 3
    assert count(personas.office, f"?village={world.v1.pk}") == 2
    assert count(personas.office, f"?village={world.v1.pk}&sort=-population&page=1") == 2
    assert count(personas.office, "?q=张") == 1
    assert count(personas.office2) == 1
    Household.objects.filter(pk=world.h4.pk).update(village=world.v1)  # no signal: the counts stay
    assert count(personas.office, f"?village={world.v1.pk}") == 2
    f.HouseholdFactory(grid=world.g1, name="钱七", number="H9")
    assert count(personas.office, f"?village={world.v1.pk}") == 4
    assert count(personas.office) == 4


@pytest.mark.django_db
def test_the_home_pages_main_actions_are_cached_until_a_write(settings, personas, world):
    settings.DASHBOARD_CACHE_SECONDS = 60
    figures_changed()
    request = RequestFactory().get("/")
    request.user = personas.grid  # grid staff: 登记走访 and their own households first

    def households():
        return re.findall(r'<span class="fw-semibold">([^<]*)</span>', "".join(cached_panels(request, ACTIONS)))

    assert households() == ["张三"]
    Household.objects.filter(pk=world.h1.pk).update(name="张三丰")  # no signal: from the cache
    assert households() == ["张三"]
    f.HouseholdFactory(grid=world.g1, name="钱七", number="H9")
    assert sorted(households()) == ["张三丰", "钱七"]


@pytest.mark.django_db
def test_the_menu_is_rendered_once_per_role_and_is_the_roles_own_menu(personas, login):
    for user in vars(personas).values():
        fresh = render_to_string("core/_menu.html", {"nav_sections": menu_for(user)})
        assert menu_html(user) == fresh, user.username
        page = login(user).get(reverse("dashboard")).content.decode()
        assert _squeeze(fresh) in _squeeze(page), user.username
    assert menu_html(personas.office) != menu_html(personas.member)


@pytest.mark.django_db
def test_a_session_is_written_at_most_once_a_minute_and_still_ends_when_idle(client, personas, settings):
    from django.contrib.sessions.models import Session

    from core.middleware import SessionRenewalMiddleware

    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    key = client.session.session_key

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    assert client.get(reverse("dashboard")).status_code == 200
    first = expiry()
    written = []
    with connection.execute_wrapper(lambda run, sql, *a: written.append(sql) or run(sql, *a)):
        for _ in range(3):
            assert client.get(reverse("households_list")).status_code == 200
    assert not [sql for sql in written if "django_session" in sql and not sql.startswith("SELECT")]
    assert expiry() == first  # nothing written within the minute
    session = client.session
    session[SessionRenewalMiddleware.RENEWED] -= settings.SESSION_RENEW_SECONDS  # renewed a minute ago
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=first - datetime.timedelta(minutes=1))
    assert client.get(reverse("dashboard")).status_code == 200
    assert expiry() > first  # renewed: a new idle timeout from now
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("dashboard"))  # idle past the timeout: signed out
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
