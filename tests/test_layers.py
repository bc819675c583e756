"""The layer rules (docs/decisions/0006-places-and-layers.md), read from the source with ``ast``.

Every import of every module of every app counts, function-level imports included:

    accounts → places → core → features (grids, visits, township, issues, stars, points, …) → reports

(a) no import cycle between apps;
(b) the foundation imports only what is below it: accounts nothing of the project, places only
    accounts, core only accounts and places; no feature imports reports;
(c) no module imports another app's ``views``, nor another feature's ``forms``, ``resources`` or
    ``registers`` (the foundation's ``core.forms``, ``core.resources`` and ``core.registers`` are
    the register kit every feature builds on);
(d) a feature (or reports) imports another feature only from its ``selectors``, ``services`` or
    ``choices``; another feature's ``models`` only inside a ``models`` module (for foreign keys;
    prefer string references such as ``"grids.Household"``);
(e) a views module reaches rows only through the access layer: every ``X.objects`` is followed
    by ``.for_user(`` or sits inside the first argument of ``get_for_user_or_404``.

A new app is a feature unless it is listed below. Exceptions are listed in ALLOWED with a reason;
keep the list tiny.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOUNDATION = ("accounts", "places", "core")  # in order: each may import only those before it
TOP = ("reports",)
PRIVATE_MODULES = ("views", "forms", "resources", "registers")
PUBLIC_MODULES = ("selectors", "services", "choices")
SCOPED_HELPERS = {"get_for_user_or_404"}

# (importing module, imported module) pairs allowed against a rule, each with its reason.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "visits.services"
    target: str  # the imported module, e.g. "township.services"
    line: int

    @property
    def app(self):
        return self.module.split(".")[0]

    @property
    def target_app(self):
        return self.target.split(".")[0]

    @property
    def target_part(self):
        parts = self.target.split(".")
        return parts[1] if len(parts) > 1 else ""

    def __str__(self):
        return f"{self.module.replace('.', '/')}.py:{self.line} imports {self.target}"


def project_apps() -> list[str]:
    return sorted(p.parent.name for p in ROOT.glob("*/apps.py"))


def app_modules():
    """(dotted module name, path) of every module of every app, migrations left out."""
    for app in project_apps():
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def imports_of(module: str, tree: ast.AST, apps) -> list[Import]:
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            base = node.module
            # "from grids import selectors": the imported names are submodules.
            targets = [f"{base}.{alias.name}" for alias in node.names] if base in apps else [base]
        for target in targets:
            if target.split(".")[0] in apps:
                found.append(Import(module, target, node.lineno))
    return found


def all_imports() -> list[Import]:
    apps = set(project_apps())
    result = []
    for module, path in app_modules():
        result += imports_of(module, ast.parse(path.read_text(), str(path)), apps)
    return [i for i in result if i.app != i.target_app and (i.module, i.target) not in ALLOWED]


def layer(app: str) -> int:
    if app in FOUNDATION:
        return FOUNDATION.index(app)
    if app in TOP:
        return len(FOUNDATION) + 1
    return len(FOUNDATION)  # a feature


def is_feature(app: str) -> bool:
    return app not in FOUNDATION and app not in TOP


def is_models_module(module: str) -> bool:
    parts = module.split(".")
    return len(parts) > 1 and parts[1] == "models"


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one app (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return result


# --- the rules ---------------------------------------------------------------------------------


def test_every_app_is_in_a_layer():
    apps = project_apps()
    for app in FOUNDATION + TOP:
        assert app in apps, f"{app} is named in the layers but is not an app"


def test_a_no_import_cycle_between_apps():
    edges: dict[str, set[str]] = {}
    for i in all_imports():
        edges.setdefault(i.app, set()).add(i.target_app)
    found = cycles(edges)
    detail = []
    for component in found:
        detail += [str(i) for i in all_imports() if i.app in component and i.target_app in component]
    assert not found, (
        "import cycles between apps: " + "; ".join(" ↔ ".join(c) for c in found) + "\n" + "\n".join(detail)
    )


def test_b_lower_layers_never_import_higher_ones():
    wrong = [
        str(i)
        for i in all_imports()
        if layer(i.target_app) > layer(i.app)
        or (i.app in FOUNDATION and layer(i.target_app) == layer(i.app))  # the foundation is strictly ordered
    ]
    assert not wrong, "an app imports a layer above it:\n" + "\n".join(wrong)


def test_c_no_app_imports_another_apps_views_or_another_features_forms_resources_registers():
    wrong = [
        str(i)
        for i in all_imports()
        if i.target_part == "views" or (i.target_part in PRIVATE_MODULES and i.target_app not in FOUNDATION)
    ]
    assert not wrong, "private modules of another app imported:\n" + "\n".join(wrong)


def test_d_features_read_each_other_through_selectors_services_and_choices():
    wrong = []
    for i in all_imports():
        if i.app in FOUNDATION or not is_feature(i.target_app):
            continue
        if i.target_part in PUBLIC_MODULES:
            continue
        if i.target_part == "models" and is_models_module(i.module):
            continue
        wrong.append(str(i))
    assert not wrong, (
        "a feature imports another feature other than through its selectors, services or choices "
        "(models only in models.py):\n" + "\n".join(wrong)
    )


def _parents(tree):
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    return parents


def _inside_scoped_helper(tree) -> set[int]:
    """ids of every node inside the first argument of a scoped helper call."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in SCOPED_HELPERS:
                inside |= {id(n) for n in ast.walk(node.args[0])}
    return inside


def test_e_views_reach_rows_only_through_the_access_layer():
    wrong = []
    for module, path in app_modules():
        if module.split(".")[-1] != "views" and ".views." not in f"{module}.":
            continue
        tree = ast.parse(path.read_text(), str(path))
        parents = _parents(tree)
        scoped = _inside_scoped_helper(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr == "objects"):
                continue
            parent = parents.get(node)
            followed_by_for_user = (
                isinstance(parent, ast.Attribute)
                and parent.attr == "for_user"
                and isinstance(parents.get(parent), ast.Call)
            )
            if followed_by_for_user or id(node) in scoped:
                continue
            wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(parent or node)}")
    assert not wrong, (
        "views reach rows other than through .objects.for_user(...) or a scoped helper "
        "(move the query into a selector or service):\n" + "\n".join(wrong)
    )


# --- the checker itself ------------------------------------------------------------------------


def test_the_checker_sees_function_level_imports_and_cycles():
    tree = ast.parse("def f():\n    from visits.views import month\n    import township.forms\n")
    found = imports_of("grids.services", tree, {"visits", "township", "grids"})
    assert [(i.target, i.line) for i in found] == [("visits.views", 2), ("township.forms", 3)]
    tree = ast.parse("from grids import selectors, views\n")
    assert [i.target_part for i in imports_of("visits.services", tree, {"grids", "visits"})] == ["selectors", "views"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# --- each helper has one home --------------------------------------------------------------------


def _sources():
    for module, path in app_modules():
        yield module, path, path.read_text()


def test_role_sets_live_only_in_accounts_roles():
    """A set of several roles written anywhere but accounts/roles.py is a second copy of a rule."""
    wrong = []
    for module, path, text in _sources():
        if module == "accounts.roles":
            continue
        for node in ast.walk(ast.parse(text)):
            elements = node.elts if isinstance(node, ast.Set | ast.List | ast.Tuple) else []
            roles = [e for e in elements if isinstance(e, ast.Attribute) and ast.unparse(e).startswith("Role.")]
            if len(roles) > 1:  # one role ({Role.MEMBER}) names that role; several are a rule
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    assert not wrong, "role sets outside accounts/roles.py:\n" + "\n".join(wrong)


def test_advisory_locks_and_file_signatures_have_one_home():
    homes = {
        "pg_advisory": "core.locks",  # every lock and its key: core/locks.py
        "%PDF-": "core.uploads",  # file signatures: core/uploads.py
        "\\xff\\xd8\\xff": "core.uploads",
    }
    wrong = [
        f"{path.relative_to(ROOT)} contains {needle!r} (belongs in {home})"
        for module, path, text in _sources()
        for needle, home in homes.items()
        if needle in text and module != home
    ]
    assert not wrong, "\n".join(wrong)


# --- (f) nothing outside accounts/ scopes rows by hand ---------------------------------------------

SCOPE_KEYWORD = re.compile(r"^(township|village|grid)(_id)?(__in)?$|scope_node")
USER_SCOPE_VALUE = re.compile(r"\buser\b.*\.(township|scope_node|scope_node_id|township_id)$")
# (path, line text fragment) allowed against (f), each with its reason.
HAND_SCOPE_ALLOWED: dict[tuple[str, str], str] = {
    ("places/widgets.py", "scope_node"): "area_in_scope: the import's in-memory check on cached nodes (0006)",
}


def hand_scope_filters(module: str, tree: ast.AST) -> list[tuple[int, str]]:
    """Calls that filter rows by a user's scope by hand: a ``scope_node__…`` lookup, or a
    ``township=``/``village=``/``grid=`` (``_id``, ``__in``) keyword whose value is the user's
    township or scope node (``user.township``, ``request.user.scope_node_id``)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg is None:
                continue
            value = ast.unparse(keyword.value)
            if "scope_node__" in keyword.arg or (SCOPE_KEYWORD.match(keyword.arg) and USER_SCOPE_VALUE.search(value)):
                found.append((node.lineno, f"{keyword.arg}={value}"))
    return found


def test_f_no_module_outside_accounts_scopes_rows_by_hand():
    """The access layer (``for_user``, ``within``, ``in_scope``, ``users_within``) is the one scope rule."""
    wrong = []
    for module, path in app_modules():
        if module.split(".")[0] == "accounts" or module.endswith(".demo"):
            continue
        relative = str(path.relative_to(ROOT))
        for line, text in hand_scope_filters(module, ast.parse(path.read_text(), relative)):
            if any(relative == p and fragment in text for (p, fragment) in HAND_SCOPE_ALLOWED):
                continue
            wrong.append(f"{relative}:{line} {text}")
    assert not wrong, (
        "rows filtered by a user's scope by hand (use Model.objects.for_user(user), .within(node), "
        "accounts.access.in_scope or users_within):\n" + "\n".join(wrong)
    )


def test_the_hand_scope_checker_sees_both_shapes():
    tree = ast.parse(
        "qs.filter(township=user.township)\n"
        "User.objects.filter(scope_node__tree_id=t.tree_id)\n"
        "qs.filter(village=request.user.scope_node_id)\n"
        "qs.filter(township=self.township)\n"
    )
    assert [line for line, _ in hand_scope_filters("x.views", tree)] == [1, 2, 3]
