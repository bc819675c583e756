"""Links a role may not follow are not shown (issue 11): from the home page, every same-site link a
persona is shown (menus, buttons, tables, htmx loads) opens for them, every form they are offered
takes their submission, and nothing they are offered answers 403, 404, 405 or 500.

The crawl is breadth first from ``/`` over the URL × persona table's scene (tests/access_scene.py:
one object of every kind inside 东城镇/苇水村/第1网格, owned by the member m1), one page per view
(paging and sorting variants are not followed, nor a second set of filter values or a second row's
page of the same URL pattern), at most ``MAX_PAGES`` pages per persona. Each request runs in a rolled-back transaction,
from the persona's own session, PDFs rendered by a stub (as in tests/accounts/test_access_matrix.py).

- ``<a href>``, ``hx-get`` and a GET form's ``action`` are followed with GET. A link answering 405
  is a POST-only URL offered as a plain link.
- A POST form (``action``, its hidden fields and the pressed button) and ``hx-post`` are submitted
  once each: 403 means a role that may not post was offered the form; 404 and 405 a wrong action.

A failure names the URL, its status, what offered it (link, button, form, htmx) and the page it was
found on.
"""

import os
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from tests.access_scene import build_scene
from tests.accounts.test_access_matrix import StubHTML, spread_ids

# The scene's logins for the personas of the issue.
PERSONAS = {
    "member": "member",
    "grid": "grid",
    "secretary": "sec",
    "leader": "leader",
    "county": "county",
    "office": "office",
    "admin": "admin",  # the system administrator: 整镇导入, 新建乡镇, 后台任务, /admin/ (its own pages not crawled)
}
MAX_PAGES = int(os.environ.get("LINKS_MAX_PAGES", 500))
MAX_POSTS = int(os.environ.get("LINKS_MAX_POSTS", 200))
SKIP = ("/logout/", "/static/", "/media/", "/i18n/")
VARIANTS = {"page", "sort", "o", "order"}
BAD = {403, 404, 405} | set(range(500, 600))
REDIRECTS = (301, 302, 303, 307, 308)


# --- what a page offers ------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons
    submits: bool = False  # whether the form has a submit button at all (else nothing is offered)


class Offers(HTMLParser):
    """The links (``(href, how)``) and forms of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.posts: list[tuple[str, str]] = []  # hx-post targets
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], "button" if "btn" in a.get("class", "").split() else "link"))
        if a.get("hx-get"):
            self.links.append((a["hx-get"], "htmx"))
        if a.get("hx-post"):
            self.posts.append((a["hx-post"], "htmx"))
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is not None:
            name = a.get("name")
            kind = a.get("type", "submit" if tag == "button" else "text").lower()
            if (tag == "input" and kind in ("submit", "image")) or (tag == "button" and kind == "submit"):
                self._form.submits = True
            if tag == "input" and name:
                if kind in ("submit", "image"):
                    self._form.buttons.append((name, a.get("value", "")))
                elif kind in ("checkbox", "radio"):
                    if "checked" in a:
                        self._form.fields.append((name, a.get("value", "on")))
                elif kind != "file":
                    self._form.fields.append((name, a.get("value", "")))
            elif tag == "button" and name and kind == "submit":
                self._form.buttons.append((name, a.get("value", "")))
            elif tag == "select" and name:
                self._select, self._select_value = name, None
            elif tag == "option" and self._select is not None and (self._select_value is None or "selected" in a):
                self._select_value = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self._form is not None and self._select is not None:
            if self._select_value is not None:
                self._form.fields.append((self._select, self._select_value))
            self._select = None
        if tag == "form":
            self._form = None


def offers(html: str) -> Offers:
    parser = Offers()
    parser.feed(html)
    return parser


# --- the crawl -----------------------------------------------------------------------------------


def same_site(base: str, href: str) -> str | None:
    """The same-site target of ``href`` found on ``base`` (fragment dropped), or None."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    target = urljoin(f"http://testserver{base}", href)
    parts = urlsplit(target)
    if parts.netloc != "testserver" or parts.path.startswith(SKIP):
        return None
    if parts.path.startswith("/admin/") and parts.path != "/admin/":
        return None  # Django's admin site: tests/accounts/test_access_matrix.py opens every changelist
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_key(url: str):
    """One page per view: the URL pattern (not its ids) and the names of the query's parameters (not
    their values). The scene holds one object of each kind, so a second row's page adds nothing."""
    parts = urlsplit(url)
    try:
        where = resolve(parts.path).route
    except Resolver404:
        where = parts.path
    return where, frozenset(k for k, _ in parse_qsl(parts.query, keep_blank_values=True))


def is_variant(url: str) -> bool:
    return any(k in VARIANTS for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True))


class Crawler:
    def __init__(self, client: Client, session: str):
        self.client = client
        self.session = session
        self.pages: list[str] = []
        self.bad: list[str] = []
        self.posted: set = set()
        self.post_queue: list = []
        self.left = 0
        self.answers: Counter = Counter()
        self.other: list[str] = []  # other 4xx answers (a form's 400 for the values it was sent): reported only

    def request(self, method, url, data=None):
        # Each request from the persona's own session, its writes rolled back.
        self.client.cookies.clear()
        self.client.cookies[settings.SESSION_COOKIE_NAME] = self.session
        with transaction.atomic():
            response = self.client.get(url) if method == "GET" else self.client.post(url, data or {})
            transaction.set_rollback(True)
        return response

    def run(self, start="/"):
        seen = {page_key(start)}
        queue = deque([(start, "—", "start")])
        while queue and len(self.pages) < MAX_PAGES:
            url, found_on, how = queue.popleft()
            response = self.request("GET", url)
            self.pages.append(url)
            status = response.status_code
            self.answers[f"GET {status}"] += 1
            if status in BAD:
                self.bad.append(f"GET {url} → {status} ({how} on {found_on})")
                continue
            if status >= 400:
                self.other.append(f"GET {url} → {status} ({how} on {found_on})")
            targets = []
            if status in REDIRECTS:
                location = same_site(url, response.get("Location", ""))
                if location:
                    targets.append((location, f"redirect from {url}"))
            elif status == 200 and "text/html" in response.get("Content-Type", ""):
                page = offers(response.content.decode())
                targets += [(same_site(url, href), how) for href, how in page.links]
                for form in page.forms:
                    action = same_site(url, form.action or url)
                    if action is None:
                        continue
                    if form.method == "get":
                        # The page the form asks, without the values typed into it.
                        targets.append((urlsplit(action).path, "GET form"))
                    elif form.submits:
                        self.offer_post(action, form.fields, form.buttons, url)
                for href, _how in page.posts:
                    action = same_site(url, href)
                    if action:
                        self.offer_post(action, [], [], url, how="hx-post")
            for target, how in targets:
                if target is None or is_variant(target):
                    continue
                key = page_key(target)
                if key not in seen:
                    seen.add(key)
                    queue.append((target, url, how))
        self.left = len(queue)  # pages found but not crawled (the cap)
        for action, data, found_on, how in self.post_queue[:MAX_POSTS]:
            status = self.request("POST", action, data).status_code
            self.answers[f"POST {status}"] += 1
            if status in BAD:
                self.bad.append(f"POST {action} → {status} ({how} on {found_on})")
            elif status >= 400:
                self.other.append(f"POST {action} → {status} ({how} on {found_on})")
        return self

    def offer_post(self, action, fields, buttons, found_on, how="form"):
        fields = [(k, v) for k, v in fields if k != "csrfmiddlewaretoken"]
        for button in buttons or [None]:
            data = fields + ([button] if button else [])
            key = (urlsplit(action).path, tuple(sorted(k for k, _ in data)), button)
            if key in self.posted:
                continue
            self.posted.add(key)
            self.post_queue.append((action, _multi(data), found_on, how))


def _multi(pairs):
    out: dict[str, list] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


# --- the scene ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("links_media")


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, media_root):
    """The access table's scene, built once per module inside a transaction rolled back at the end."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media_root)
    with django_db_blocker.unblock(), fast:
        spread_ids()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_scene()
            built.sessions = {}
            for persona, user in built.users.items():
                if user is not None:
                    client = Client()
                    client.force_login(user)
                    built.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _crawl_settings(settings, media_root, monkeypatch):
    settings.MEDIA_ROOT = media_root
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", StubHTML)


def crawl(scene, persona) -> Crawler:
    return Crawler(Client(), scene.sessions[PERSONAS[persona]]).run()


# --- the tests ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_nothing_a_persona_is_offered_answers_403_404_405_or_500(scene, persona):
    crawler = crawl(scene, persona)
    print(
        f"{persona}: {len(crawler.pages)} pages ({crawler.left} left at the cap), {len(crawler.post_queue)} forms,"
        f" answers {dict(sorted(crawler.answers.items()))}",
        *crawler.other,
        sep="\n  ",
    )
    assert len(crawler.pages) > 5, f"{persona}: only {crawler.pages} reached"
    told = f"{persona} is offered what they may not follow ({len(crawler.pages)} pages crawled):"
    assert not crawler.bad, "\n".join([told, *crawler.bad])


def test_the_crawler_reads_links_buttons_and_forms():
    page = offers(
        '<a href="/a/?page=2">2</a><a class="btn btn-primary" href="/b/">新增</a><div hx-get="/c/"></div>'
        '<form method="post" action="/d/"><input type="hidden" name="csrfmiddlewaretoken" value="x">'
        '<input type="hidden" name="confirmed" value="1"><select name="s"><option value="1">一</option>'
        '<option value="2" selected>二</option></select><button name="go" value="yes">好</button></form>'
        '<form><input name="q"></form><form method="post" action="/e/"><input type="checkbox" name="k"></form>'
    )
    assert page.links == [("/a/?page=2", "link"), ("/b/", "button"), ("/c/", "htmx")]
    post, get, bare = page.forms
    assert (post.action, post.method, post.fields, post.buttons) == (
        "/d/",
        "post",
        [("csrfmiddlewaretoken", "x"), ("confirmed", "1"), ("s", "2")],
        [("go", "yes")],
    )
    assert (get.method, get.action) == ("get", "")
    assert post.submits and not bare.submits  # a form with no button offers nothing
    assert is_variant("/r/households/?sort=name") and not is_variant("/r/households/?village=1")
    assert page_key("/r/x/?village=1") == page_key("/r/x/?village=2") != page_key("/r/x/")
    assert page_key("/r/households/1/") == page_key("/r/households/2/") != page_key("/r/visits/1/")
    assert same_site("/r/x/", "../y/") == "/r/y/"
    assert same_site("/", "https://example.com/") is None and same_site("/", "/logout/") is None


# --- what a role may not open says so, in Chinese ------------------------------------------------


def _get(scene, persona, url):
    return Crawler(Client(), scene.sessions[persona]).request("GET", url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "url", "names"),
    [
        ("member", "/points/rankings/", ("党员", "查看", "积分排行")),
        ("grid", "/worklog/timeline/", ("网格员", "查看")),
        ("county", "/visits/new/", ("县委组织部", "新增", "入户走访")),
        ("secretary", "/r/study_tours/new/", ("村书记", "新增")),
    ],
)
def test_what_a_role_may_not_open_answers_a_chinese_403_naming_it(scene, persona, url, names):
    response = _get(scene, PERSONAS[persona], url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html and "Forbidden" not in html
    box = html.split('alert-warning">', 1)[1].split("</div>", 1)[0]
    assert all(name in box for name in names), box


@pytest.mark.django_db
def test_a_row_outside_scope_answers_a_chinese_404(scene):
    from django.urls import reverse

    household = reverse("households_detail", args=[scene.objs["household"].pk])
    response = _get(scene, "office2", household)  # another township's office
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面或记录" in html and "不在您的管辖范围内" in html and "Not Found" not in html


@pytest.mark.django_db
def test_opens_reads_registers_and_declared_views(scene):
    from core.links import opens

    users = scene.users
    assert opens(users["office"], "/visits/new/") and not opens(users["county"], "/visits/new/")
    assert opens(users["office"], "/r/study_tours/new/?x=1") and not opens(users["sec"], "/r/study_tours/new/")
    assert opens(users["sec"], "/r/households/") and not opens(users["member"], "/r/households/")
    assert not opens(users["grid"], "/worklog/timeline/") and opens(users["leader"], "/worklog/timeline/")
    assert not opens(users["office"], "/no/such/page/") and not opens(None, "/")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_menu_entry_a_persona_is_not_shown_refuses_them_in_chinese(scene, persona):
    """The menu hides what a role may not open; typed in, such a page answers the Chinese 403 page
    naming the role and what is refused (“您的角色（党员）无权查看“积分排行””, or who may). A page the
    menu keeps to fewer roles than may read it (评星设置: the office's menu, read by leadership) opens."""
    from django.urls import reverse

    from accounts.access import role_of
    from accounts.roles import Role
    from core.registers import NAV, REGISTRY

    user = scene.users[PERSONAS[persona]]
    entries = [(item.label, reverse(item.url_name), item.shown_to(user)) for item in NAV]
    entries += [(reg.label, reverse(reg.url_name("list")), reg.can_read(user)) for reg in REGISTRY.values()]
    wrong, refused = [], 0
    for label, url, shown in entries:
        if shown or url.startswith("/admin/"):
            continue
        response = _get(scene, PERSONAS[persona], url)
        html = response.content.decode()
        if response.status_code == 403:
            refused += 1
            box = html.split('alert-warning">', 1)[-1].split("</div>", 1)[0]
            if Role(role_of(user)).label not in box and "只有" not in box:
                wrong.append(f"{label} {url}: 403 without the role or who may: {box.strip()[:80]!r}")
        elif response.status_code not in (200, 302):  # the menu may be narrower than the page (评星设置)
            wrong.append(f"{label} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    print(f"{persona}: {refused} hidden entries refused")


@pytest.mark.django_db
def test_every_page_a_report_figure_links_says_who_it_opens_for(scene):
    """A report's figures link their rows (``url``) and where a gap is entered (``entry_url``): URLs
    kept as data, shown through ``core.links.opens``. Each must be a register's page or a view
    declared with ``@requires``, so that ``opens`` decides (an undeclared view would be shown to all)."""
    from django.urls import resolve

    from reports import services

    doc, _stored = services.page_document(scene.objs["report"])
    undecided = set()
    for figure in doc.figures.values():
        for url in (figure.url, figure.entry_url):
            if not url:
                continue
            match = resolve(urlsplit(url).path)
            if not match.kwargs.get("register_name") and not hasattr(match.func, "access_requires"):
                undecided.add(f"{match.view_name} ({figure.key})")
    assert not undecided, sorted(undecided)
