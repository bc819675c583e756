"""Templates ask the access layer before showing a link or a button (``accounts.access.can``).

    {% load access %}
    {% if user|can:"change"|of:problem %}<a href="…">编辑</a>{% endif %}
    {% can user "review" claim as may_review %}{% if may_review %}…{% endif %}
    {% can user "add" "points.PointClaim" as may_claim %}      (a model by its label: role only)
    {% can user "import" register as may_import %}             (a register: its policy)

The target is an object (role and scope, in memory, no query), a model class passed in the
context or named "app.Model" (role only), or a ``core.registers.Register`` (``Register.allows``).
The views check the same rules, so a link is shown exactly when following it does not answer 403.
"""

from django import template
from django.apps import apps

from accounts import access

register = template.Library()


class _Asking:
    """``user|can:"action"``, waiting for ``|of:target``."""

    def __init__(self, user, action):
        self.user = user
        self.action = action

    def __bool__(self):
        raise TypeError('use {% if user|can:"action"|of:obj %}: "can" needs "of"')


def _can(user, action, target) -> bool:
    if target in (None, "") or user is None:
        return False
    if isinstance(target, str):
        target = apps.get_model(target)
    allows = getattr(target, "allows", None)
    if callable(allows) and hasattr(target, "policy") and not isinstance(target, type):
        return bool(allows(user, action))  # a register
    return access.can(user, action, target)


@register.filter(name="can")
def can_filter(user, action):
    return _Asking(user, action)


@register.filter(name="of")
def of_filter(asking, target):
    if not isinstance(asking, _Asking):
        return False
    return _can(asking.user, asking.action, target)


@register.simple_tag(name="can")
def can_tag(user, action, target):
    return _can(user, action, target)
