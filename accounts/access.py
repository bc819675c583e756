"""The one access layer: from a user's role and scope together, which rows they see and which
actions they may take. Every page, file, export, report, form and command reaches rows through it.

- A model declares where its rows live (``scope_fields``: denormalised area keys, widest first),
  optionally whose they are (``owner_field``: the path to the ``grids.Member`` a 党员 owns;
  ``responsible_field``: the path to the user a row names), and who may do what
  (``policy = Policy(view=..., add=..., review=...)``, role sets from ``accounts.roles``).
- ``Model.objects.for_user(user, action="view")`` gives the rows on which the user may take
  ``action``: every row for the administrator and the county (read-only), the subtree of the
  scope node for township, village and grid roles, a 党员's own rows (through ``owner_field``),
  plus the rows that name the user when the policy grants ``RESPONSIBLE``. Nothing else filters
  by township, village or grid.
- A model whose rows may belong to the township as a whole declares which key is then empty,
  ``township_wide_if_empty = "village"`` (a township's ranking notice, a township-level 周例会):
  every user of that township whose role may view the model reads those rows (view, export,
  report), though they lie above a village; writing them keeps to the row's own scope (the office).
- ``get_for_user_or_404(Model or queryset, user, action, **lookup)`` fetches one row: 404 when it
  is missing or outside scope, 403 (``PermissionDenied``) when the role may not take the action.
- ``@requires(action, Model)`` on a view: ``require`` first, and the view says what it needs, so a
  link to it is shown only to whom it opens (``core.links.opens``).
- ``can(user, action, obj_or_model)`` answers the question without raising (no query for an
  object already loaded); ``require`` raises ``PermissionDenied``; ``authorize`` raises what
  ``get_for_user_or_404`` would, for an object already fetched (``core.files.file_response``).

See docs/decisions/0007-access-layer.md for why a policy per model and why the county has no node.
"""

import functools

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404

from accounts.roles import ALL_TOWNSHIP_ROLES, EDIT_ROLES, READ_ONLY_ACTIONS, READ_ROLES, RESPONSIBLE, Role

NOT_FOUND = "记录不存在或不在您的管辖范围内"
DENIED = "您的角色（{role}）无权{action}"
NOT_SIGNED_IN = "请先登录"
SHARED_READ_ONLY = "这是全镇的记录，您可以查看，但不能{action}"
ACTION_LABELS = {
    "view": "查看",
    "add": "新增",
    "change": "修改",
    "delete": "删除",
    "export": "导出",
    "import": "导入",
    "report": "生成报告",
    "review": "审核",
    "approve": "审批",
    "publish": "发布",
    "reveal": "查看完整身份证号",
    "act": "办理",
    "record": "登记",
    "compute": "计算",
    "stats": "查看统计",
}


class Policy:
    """Which roles may take which action on a model: ``Policy(view=READ_ROLES, review={...})``.

    Each keyword is an action name and its set of roles (from ``accounts.roles``). Not given:
    ``view`` is READ_ROLES; ``add``, ``change`` and ``delete`` are EDIT_ROLES; ``export`` and
    ``report`` follow ``view``; ``import`` follows ``add``; any other action only the
    administrator. Whatever a policy says, the administrator may take every action, and the
    county takes actions other than ``view``/``export``/``report`` only when the policy names
    ``Role.COUNTY`` for them in a set narrower than READ_ROLES. ``RESPONSIBLE`` in a set lets
    the person a row names (``responsible_field``) take that action on that row.
    """

    DEFAULTS = {"view": READ_ROLES, "add": EDIT_ROLES, "change": EDIT_ROLES, "delete": EDIT_ROLES}
    FOLLOWS = {"export": "view", "report": "view", "import": "add"}

    def __init__(self, **actions):
        self.actions = {name: frozenset(roles) for name, roles in actions.items()}

    def roles(self, action: str) -> frozenset:
        """The role set of an action, defaults applied (may hold ``RESPONSIBLE``)."""
        if action in self.actions:
            return self.actions[action]
        if action in self.DEFAULTS:
            return self.DEFAULTS[action]
        if action in self.FOLLOWS:
            return self.roles(self.FOLLOWS[action])
        return frozenset({Role.ADMIN})

    def allows_role(self, role, action: str) -> bool:
        if role == Role.ADMIN:
            return True
        roles = self.roles(action)
        if role not in roles:
            return False
        return not (role == Role.COUNTY and action not in READ_ONLY_ACTIONS and roles >= READ_ROLES)

    def grants_responsible(self, action: str) -> bool:
        return RESPONSIBLE in self.roles(action)

    def extend(self, **actions) -> "Policy":
        """A copy with some actions given or replaced (``Problem.policy.extend(act=...)``)."""
        return Policy(**{**self.actions, **actions})

    def __repr__(self):
        inner = ", ".join(f"{a}={sorted(r)}" for a, r in self.actions.items())
        return f"Policy({inner})"


DEFAULT_POLICY = Policy()


def policy_of(model) -> Policy:
    return getattr(model, "policy", None) or DEFAULT_POLICY


def role_of(user):
    """The user's role for access (a superuser counts as the administrator); None when signed out."""
    if user is None or not user.is_authenticated:
        return None
    return Role.ADMIN if user.is_superuser else user.role


def spans_all_townships(user) -> bool:
    """The administrator and the county see every township (they have no scope node)."""
    return role_of(user) in ALL_TOWNSHIP_ROLES


def _member_id(user):
    return getattr(user, "member_id", None)


def _value(obj, path: str):
    """The value at a ``__`` path of an object (``problem__township_id``); None past a null link."""
    value = obj
    for part in path.split("__"):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _id_path(path: str) -> str:
    """``member`` → ``member_id`` (read the key without a query); ``pk`` and ``…_id`` unchanged."""
    return path if path == "pk" or path.endswith("_id") else f"{path}_id"


def _township_id(node):
    """The key of the township above ``node``, a village or a node inside one (None for a township
    or no node): the village's parent, so no query for a village."""
    if node is None or node.kind == "township":
        return None
    while node.kind != "village":
        node = node.parent
    return node.parent_id


def role_may(user, action: str, model) -> bool:
    """Whether the user's role may ever take ``action`` on rows of ``model`` (scope aside).

    A 党员 may view their own rows of any model that has an ``owner_field``; other actions, and
    models without one, only when the policy names ``Role.MEMBER``.
    """
    role = role_of(user)
    if role is None:
        return False
    if role == Role.MEMBER and action == "view" and getattr(model, "owner_field", None):
        return True
    return policy_of(model).allows_role(role, action)


def role_allows(user, action: str, policy: Policy) -> bool:
    """Whether the user's role may take ``action`` under ``policy``, read as ``Policy.allows_role``
    says (the administrator always, the county read-only): for a page over rows of several kinds,
    or a register whose policy narrows its model's (``core.registers.Register.policy``)."""
    role = role_of(user)
    return role is not None and policy.allows_role(role, action)


class ScopedQuerySet(models.QuerySet):
    """QuerySet of rows that carry denormalised area keys, and the access layer's row filter.

    The model names its keys in ``scope_fields``, from the widest to the narrowest node kind,
    e.g. ``{"township": "township", "village": "village", "grid": "grid"}`` (a value may be a
    path, ``"problem__township"``). A scope on a node of one of those kinds is a single indexed
    equality filter. A node deeper than the model's narrowest key (a grid, for rows that know
    only their village) sees none of them, since the row cannot be placed inside it.
    Subclasses with another notion of "inside" override ``within_q`` and ``holds`` together.
    """

    # --- where rows are ------------------------------------------------------------------------

    def within_q(self, node) -> Q | None:
        """The condition for rows inside ``node``'s subtree; None when no row can be."""
        if node is None:
            return None
        field = self.model.scope_fields.get(node.kind)
        if field is None:
            return None
        return Q(**{_id_path(field): node.pk})

    def holds(self, obj, node) -> bool:
        """Whether ``obj`` lies inside ``node``'s subtree: ``within_q`` in memory, no query."""
        if node is None:
            return False
        field = self.model.scope_fields.get(node.kind)
        return field is not None and _value(obj, _id_path(field)) == node.pk

    # --- rows of the whole township, read below it --------------------------------------------

    def shared_q(self, node) -> Q | None:
        """The township-wide rows a user scoped to ``node`` (a village or deeper) reads although
        they do not lie inside ``node``: the rows whose ``township_wide_if_empty`` key (see the
        module docstring) is empty, of ``node``'s township. None when the model shares none."""
        field = getattr(self.model, "township_wide_if_empty", None)
        township = _township_id(node) if field else None
        if township is None:
            return None
        return Q(**{f"{_id_path(field)}__isnull": True, _id_path(self.model.scope_fields["township"]): township})

    def shares(self, obj, node) -> bool:
        """``shared_q`` in memory, no query (one for a grid's village when not loaded)."""
        field = getattr(self.model, "township_wide_if_empty", None)
        if not field or _value(obj, _id_path(field)) is not None:
            return False
        township = _township_id(node)
        if township is None:
            return False
        return _value(obj, _id_path(self.model.scope_fields["township"])) == township

    def within(self, node):
        """Rows inside the subtree of ``node`` (an Area); none when node is None. For reports and
        tasks that run without a user; pages use ``for_user``. Township-wide rows a village reads
        (``shared_q``) are not inside the village: a village's figures do not count them."""
        q = self.within_q(node)
        return self.none() if q is None else self.filter(q)

    # --- whose rows are ------------------------------------------------------------------------

    def owner_q(self, user) -> Q | None:
        """The rows of the member whose login ``user`` is: a join on the member's ``user`` key, so
        no query for ``user.member`` (a login linked to no member owns nothing)."""
        field = getattr(self.model, "owner_field", None)
        if not field or user is None or not user.is_authenticated:
            return None
        return Q(**{"user": user.pk} if field == "pk" else {f"{field}__user": user.pk})

    def owns(self, obj, user) -> bool:
        member_id = _member_id(user)
        field = getattr(self.model, "owner_field", None)
        return bool(field) and member_id is not None and _value(obj, _id_path(field)) == member_id

    # --- the access layer --------------------------------------------------------------------

    def for_user(self, user, action: str = "view"):
        """Rows on which ``user`` may take ``action``: role and scope together (module docstring).

        An empty queryset for a signed-out user or a role the policy does not allow.
        """
        everything, condition = _grant(self, user, action)
        if everything:
            return self
        return self.none() if condition is None else self.filter(condition)


def _grant(queryset, user, action):
    """(every row?, the condition for the rows) ``user`` may take ``action`` on."""
    role = role_of(user)
    if role is None:
        return False, None
    model = queryset.model
    policy = policy_of(model)
    parts = []
    if role_may(user, action, model):
        if role in ALL_TOWNSHIP_ROLES:
            return True, None
        if role == Role.MEMBER and getattr(model, "owner_field", None):
            parts.append(queryset.owner_q(user))
        elif user.scope_node_id:
            parts.append(queryset.within_q(user.scope_node))
            if action in READ_ONLY_ACTIONS:
                parts.append(queryset.shared_q(user.scope_node))
    responsible = getattr(model, "responsible_field", None)
    if responsible and policy.grants_responsible(action):
        parts.append(Q(**{_id_path(responsible): user.pk}))
    parts = [p for p in parts if p is not None]
    if not parts:
        return False, None
    condition = parts[0]
    for part in parts[1:]:
        condition |= part
    return False, condition


def _is_model_class(target) -> bool:
    return isinstance(target, type) and issubclass(target, models.Model)


def in_scope(user, obj) -> bool:
    """Whether ``obj`` lies inside the user's scope, role aside (in memory, no query): every row for
    the administrator and the county, a 党员's own rows where the model has an owner, else the rows
    inside the scope node. The one scope rule for an object already loaded; ``can`` adds the role."""
    role = role_of(user)
    if role is None:
        return False
    if role in ALL_TOWNSHIP_ROLES:
        return True
    model = type(obj)
    rows = model._default_manager.all()
    if role == Role.MEMBER and getattr(model, "owner_field", None):
        return rows.owns(obj, user)
    return bool(user.scope_node_id) and hasattr(rows, "holds") and rows.holds(obj, user.scope_node)


def shared_with(user, obj) -> bool:
    """Whether ``obj`` is a township-wide row of the user's township that they read although it
    lies above their scope node (``ScopedQuerySet.shared_q``; read-only actions only)."""
    role = role_of(user)
    if role is None or role in ALL_TOWNSHIP_ROLES or not user.scope_node_id:
        return False
    model = type(obj)
    if role == Role.MEMBER and getattr(model, "owner_field", None):
        return False
    rows = model._default_manager.all()
    return hasattr(rows, "shares") and rows.shares(obj, user.scope_node)


def _may_on_object(user, action, obj) -> bool:
    model = type(obj)
    if role_of(user) is None:
        return False
    if role_may(user, action, model) and (
        in_scope(user, obj) or (action in READ_ONLY_ACTIONS and shared_with(user, obj))
    ):
        return True
    responsible = getattr(model, "responsible_field", None)
    return bool(
        responsible and policy_of(model).grants_responsible(action) and _value(obj, _id_path(responsible)) == user.pk
    )


def can(user, action: str, target) -> bool:
    """May ``user`` take ``action`` on ``target``: an object (role and scope, in memory) or a model
    class (role only: "may this role ever add a Thing?")."""
    if _is_model_class(target):
        return role_may(user, action, target)
    return _may_on_object(user, action, target)


def denied_message(user, action: str, obj=None, what: str = "") -> str:
    """The 403 page's message: the role and what it may not do, naming the kind of record refused
    (``what``, else the model's verbose name): “您的角色（党员）无权查看“积分排名””."""
    role = role_of(user)
    if role is None:
        return NOT_SIGNED_IN
    verb = ACTION_LABELS.get(action, "进行此操作")
    if obj is not None and not _is_model_class(obj) and role_may(user, action, type(obj)) and shared_with(user, obj):
        return SHARED_READ_ONLY.format(action=verb)
    label = Role(role).label if role in Role.values else str(role)
    if not what and obj is not None:
        what = str((obj if _is_model_class(obj) else type(obj))._meta.verbose_name)
    return DENIED.format(role=label, action=verb) + (f"“{what}”" if what else "")


def require(user, action: str, target) -> None:
    """Raise ``PermissionDenied`` (a Chinese message, the 403 page) unless ``can(user, action, target)``."""
    if not can(user, action, target):
        raise PermissionDenied(denied_message(user, action, target))


def requires(action: str, model):
    """A view decorator: ``require(request.user, action, model)`` before the view runs (403 with the
    Chinese message), declared on the view as ``access_requires`` so that a link to it is shown only
    to whom it opens (``core.links.opens``, the ``opens`` template filter). Put it under
    ``login_required`` (a signed-out user is sent to the login page first)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, action, model)
            return view(request, *args, **kwargs)

        wrapped.access_requires = (action, model)
        return wrapped

    return decorator


def authorize(user, action: str, obj) -> None:
    """For an object already fetched: 404 when the user may not see it (403 when their role may
    never view such rows), else 403 unless they may take ``action`` on it."""
    if not can(user, "view", obj) and not can(user, action, obj):
        if role_may(user, "view", type(obj)) or role_may(user, action, type(obj)):
            raise Http404(NOT_FOUND)
        raise PermissionDenied(denied_message(user, "view", type(obj)))
    require(user, action, obj)


def users_within(node):
    """Active logins whose scope node lies inside ``node``'s subtree (every one for None): whom a
    page may offer as a responsible person or a contact cadre. Logins are not scoped rows (they
    have no area keys), so this is the one place that places them by their scope node."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    if node is None:
        return users
    return users.filter(
        scope_node__tree_id=node.tree_id, scope_node__lft__gte=node.lft, scope_node__rght__lte=node.rght
    )


def users_for(viewer):
    """The logins ``viewer`` may pick: inside the viewer's scope (all for the administrator and the
    county; none for a login without a scope node)."""
    if spans_all_townships(viewer):
        return users_within(None)
    if role_of(viewer) is None or not viewer.scope_node_id:
        return users_within(None).none()
    return users_within(viewer.scope_node)


def get_for_user_or_404(target, user, action: str = "view", **lookup):
    """One row through the access layer: ``Http404`` (“记录不存在或不在您的管辖范围内”) when it is
    missing or outside the user's scope, ``PermissionDenied`` when the user's role may not take
    ``action`` on it (or may never see such rows). ``target`` is a model or a queryset."""
    queryset = target._default_manager.all() if _is_model_class(target) else target
    model = queryset.model
    obj = found_with = None
    for wanted in dict.fromkeys(("view", action)):
        try:
            obj = queryset.for_user(user, wanted).get(**lookup)
            found_with = wanted
            break
        except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
            continue
    if obj is None:
        if role_may(user, "view", model) or role_may(user, action, model):
            raise Http404(NOT_FOUND)
        raise PermissionDenied(denied_message(user, action, model))
    if found_with != action:  # seen, but may the user take the action on it? (in memory)
        require(user, action, obj)
    return obj
