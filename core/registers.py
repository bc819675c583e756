"""The register pattern: one declaration gives a register its list, detail, form, import and export.

A register (a 台账 or 名册) is declared once in its app's ``registers.py``::

    @register
    class HouseholdRegister(Register):
        name = "households"          # URL prefix and the name import_xlsx/export_xlsx take
        label = "户"                  # Chinese name shown in the UI
        model = Household
        resource_class = HouseholdResource
        form_class = HouseholdForm
        filterset_class = HouseholdFilterSet
        columns = [Column("户号", "number", sort="number", link=True), ...]
        search_fields = ["name__contains", "name_initials__startswith", "id_last4__endswith"]

Every page reaches rows through ``get_queryset(user)``, which applies the one scope helper
(``Model.objects.for_user``), so a row outside the user's scope is never listed and answers 404.
Who may open, edit and import a register is its model's ``policy`` (``accounts.access``), checked
through ``Register.allows``; a register over a model that several registers share (``places.Area``)
or one narrower than its model's policy names the sets that differ (``read_roles``, ``edit_roles``,
``import_roles``, from ``accounts.roles``). The menu and the templates ask the same question
(``menu_for``, ``{% can user "add" register %}``), so a link is shown exactly when it opens.
"""

import contextlib
import importlib
import importlib.util
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.db.models import Q

from accounts.access import Policy, policy_of, role_allows, role_of
from accounts.roles import READ_ROLES

REGISTRY: dict[str, "Register"] = {}
NAV: list["NavItem"] = []
#: Menu sections in the order the menu shows them (``nav_section``); a section not placed comes
#: after the placed feature sections and before 系统管理 (900).
SECTIONS: dict[str, int] = {}
UNPLACED = 800


@dataclass
class Column:
    """A list column: label, attribute path ("village.name") or a callable, optional sort key."""

    label: str
    accessor: object
    sort: str | None = None
    link: bool = False
    #: keep the cell on one line (a code, a number, a date); None: decided from the label and link
    nowrap: bool | None = None

    NOWRAP_LABELS = ("编号", "编码", "户号", "日期", "时间", "时限", "期间", "电话")

    @property
    def no_wrap(self) -> bool:
        if self.nowrap is not None:
            return self.nowrap
        return self.link or self.label.endswith(self.NOWRAP_LABELS)

    def __post_init__(self):
        self._path = () if callable(self.accessor) else tuple(self.accessor.split("."))

    def value(self, obj):
        if not self._path:
            return self.accessor(obj)
        value = obj
        for part in self._path:
            if value is None:
                return ""
            value = getattr(value, part)
            if callable(value):
                value = value()
        return "" if value is None else value


@dataclass
class NavItem:
    section: str
    label: str
    url_name: str
    roles: frozenset
    order: int = 100
    #: a register's entry: shown when the register allows the user to open it (its policy)
    register: "Register | None" = None

    def shown_to(self, user) -> bool:
        if self.register is not None:
            return self.register.can_read(user)
        # The roles named, and what the page itself declares it needs (``accounts.access.requires``).
        from django.urls import reverse

        from core.links import opens

        return role_of(user) in self.roles and opens(user, reverse(self.url_name))


def nav(section, label, url_name, roles=READ_ROLES, order=100):
    """Add a menu entry (apps call this from their registers.py) for a page that is not a register.

    ``roles`` are the roles that see it, exactly: an entry only for 党员 (``MEMBER_ROLES``) is not
    shown to the system administrator, whose menu lists what they may open among ``roles``. They
    must be the roles the page's own check lets in (tests/test_links.py follows every entry).
    A register's entry comes from ``@register`` and follows the register's policy.
    """
    NAV.append(NavItem(section, label, url_name, frozenset(roles), order))


def nav_section(section, order):
    """Place a menu section: the menu shows sections by ``order``, entries inside by theirs."""
    SECTIONS[section] = order


def menu_for(user) -> list[tuple[str, list[NavItem]]]:
    """The menu ``user`` sees: (section, entries) pairs, sections in ``SECTIONS`` order."""
    role = role_of(user)
    if role is None:
        return []
    sections: dict[str, list[NavItem]] = {}
    for item in sorted(NAV, key=lambda i: i.order):
        if item.shown_to(user):
            sections.setdefault(item.section, []).append(item)
    return sorted(sections.items(), key=lambda pair: SECTIONS.get(pair[0], UNPLACED))


class Register:
    name: str = ""
    label: str = ""
    section: str = ""
    model = None
    resource_class = None
    form_class = None
    filterset_class = None
    columns: list[Column] = []
    #: (label, attribute path) pairs shown on the detail page
    detail_fields: list[tuple[str, str]] = []
    search_fields: list[str] = []
    search_help = "名称"
    default_ordering: tuple[str, ...] = ("-pk",)
    select_related: tuple[str, ...] = ()
    #: the sets where this register differs from its model's policy (None: the model's own):
    #: ``read_roles`` for view (list, detail, print, export, template), ``edit_roles`` for add
    #: and change, ``import_roles`` for import (None: as the model's import, which follows add)
    read_roles: frozenset | None = None
    edit_roles: frozenset | None = None
    import_roles: frozenset | None = None
    importable = True
    creatable = True
    paginate_by = 50
    #: a date field the list can be limited to with ?from=YYYY-MM-DD&to=YYYY-MM-DD (the progress
    #: report links each figure counted in a period to exactly those rows), and its label
    period_field: str | None = None
    period_label: str = "日期"
    detail_template = "core/register_detail.html"
    nav_order = 100

    #: whether exports hold ID numbers (masked unless revealed); None: the model has an ID column
    reveals_ids: bool | None = None

    @property
    def exportable(self) -> bool:
        """Whether the register has a spreadsheet layout (export, template); else those answer 404."""
        return self.resource_class is not None

    @property
    def has_id_numbers(self) -> bool:
        if self.reveals_ids is not None:
            return self.reveals_ids
        return any(f.name == "id_hmac" for f in self.model._meta.get_fields())

    # --- reads -------------------------------------------------------------------------------

    def get_queryset(self, user):
        """The rows this user may see (the scope helper), with what the pages display joined."""
        qs = self.model.objects.for_user(user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs

    def in_period(self, queryset, date_from, date_to):
        """Rows whose ``period_field`` falls in ``date_from``..``date_to`` (either may be None)."""
        if not self.period_field:
            return queryset
        if date_from:
            queryset = queryset.filter(**{f"{self.period_field}__gte": date_from})
        if date_to:
            queryset = queryset.filter(**{f"{self.period_field}__lte": date_to})
        return queryset

    def search(self, queryset, query: str):
        query = (query or "").strip()
        if not query or not self.search_fields:
            return queryset
        condition = Q()
        for lookup in self.search_fields:
            term = query.lower() if "pinyin" in lookup or "initials" in lookup else query
            condition |= Q(**{lookup: term})
        return queryset.filter(condition)

    def export_queryset(self, queryset):
        """The export's rows with what the sheet's columns read joined, so an export takes a fixed
        number of queries whatever the row count: the relations the resource's own
        ``get_queryset`` declares (select_related and prefetch_related) added to the list's."""
        declared = self.resource_class().get_queryset()
        related = list(_related_paths(declared.query.select_related))
        if related:
            queryset = queryset.select_related(*related)
        if declared._prefetch_related_lookups:
            queryset = queryset.prefetch_related(*declared._prefetch_related_lookups)
        return queryset

    def scope_for_export(self, queryset):
        """Narrow a township's rows to this register's (e.g. the villages among all areas)."""
        return queryset

    def sort_keys(self) -> dict[str, str]:
        return {c.sort: c.sort for c in self.columns if c.sort}

    def detail_context(self, obj, user) -> dict:
        """Extra context for the detail page (related rows, flags)."""
        return {}

    # --- writes ------------------------------------------------------------------------------

    def save_form(self, form, user):
        """Save a valid form; registers whose writes have rules call their service here."""
        return form.save()

    def write_lock(self):
        """A transaction-level lock held while importing (tree writes are serialised)."""
        return contextlib.nullcontext()

    # --- permissions -------------------------------------------------------------------------

    @cached_property
    def policy(self) -> Policy:
        """The model's policy, with the register's own sets where it names them."""
        given = {}
        if self.read_roles is not None:
            given["view"] = self.read_roles
        if self.edit_roles is not None:
            given["add"] = given["change"] = self.edit_roles
        base = policy_of(self.model)
        if self.import_roles is not None:
            given["import"] = self.import_roles
        elif self.edit_roles is not None:  # the model's import, not the register's add
            given["import"] = base.roles("import")
        return base.extend(**given) if given else base

    def allows(self, user, action: str) -> bool:
        """Whether the user's role may take ``action`` on this register (``accounts.access``);
        a row's scope is the queryset's business (``get_queryset``)."""
        if action == "import" and not self.importable:
            return False
        return role_allows(user, self.ACTIONS.get(action, action), self.policy)

    #: page actions read as the policy action that governs them
    ACTIONS = {"print": "view", "export": "view", "template": "view", "edit": "change"}

    def can_read(self, user) -> bool:
        return self.allows(user, "view")

    def can_edit(self, user) -> bool:
        return self.allows(user, "change")

    def can_import(self, user) -> bool:
        return self.allows(user, "import")

    def url_name(self, action: str) -> str:
        return f"{self.name}_{action}"

    def get_urls(self):
        from django.urls import path

        from core import views

        kwargs = {"register_name": self.name}
        prefix = f"{self.name}/"
        return [
            path(prefix, views.register_list, kwargs, name=self.url_name("list")),
            path(f"{prefix}print/", views.register_print, kwargs, name=self.url_name("print")),
            path(f"{prefix}new/", views.register_form, kwargs, name=self.url_name("create")),
            path(f"{prefix}<int:pk>/", views.register_detail, kwargs, name=self.url_name("detail")),
            path(f"{prefix}<int:pk>/edit/", views.register_form, kwargs, name=self.url_name("edit")),
            path(f"{prefix}<int:pk>/reveal/", views.register_reveal_id, kwargs, name=self.url_name("reveal")),
            path(f"{prefix}import/", views.register_import, kwargs, name=self.url_name("import")),
            path(f"{prefix}export/", views.register_export, kwargs, name=self.url_name("export")),
            path(f"{prefix}template/", views.register_template, kwargs, name=self.url_name("template")),
        ]


def _related_paths(tree, prefix=""):
    """``{"secretary": {"village": {}}}`` (a query's select_related) → "secretary__village"."""
    if not isinstance(tree, dict):
        return
    for name, below in tree.items():
        if below:
            yield from _related_paths(below, f"{prefix}{name}__")
        else:
            yield f"{prefix}{name}"


def register(cls):
    """Class decorator: add a register to the registry and the menu."""
    instance = cls()
    if instance.name in REGISTRY:
        raise RuntimeError(f"register {instance.name!r} declared twice")
    REGISTRY[instance.name] = instance
    NAV.append(
        NavItem(instance.section, instance.label, instance.url_name("list"), frozenset(), instance.nav_order, instance)
    )
    return cls


def get_register(name: str) -> Register:
    return REGISTRY[name]


def autodiscover():
    """Import every app's registers.py and dashboard.py so they declare themselves."""
    for config in apps.get_app_configs():
        for module in ("registers", "dashboard"):
            with contextlib.suppress(ModuleNotFoundError):
                if importlib.util.find_spec(f"{config.name}.{module}"):
                    importlib.import_module(f"{config.name}.{module}")


def register_urls():
    from django.urls import path

    from core import views

    urls = [
        path("workbook/", views.workbook_import, name="workbook_import"),
        path("workbook/template/", views.workbook_template, name="workbook_template"),
        path("townships/new/", views.township_new, name="township_new"),
    ]
    for reg in REGISTRY.values():
        urls += reg.get_urls()
    return urls
