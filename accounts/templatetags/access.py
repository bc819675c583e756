"""Templates ask the access layer before showing a link or a button (``accounts.access.can``).

    {% load access %}
    {% if user|can:"change"|of:problem %}<a href="…">编辑</a>{% endif %}
    {% can user "review" claim as may_review %}{% if may_review %}…{% endif %}

``of`` takes an object (role and scope, no query) or a model class passed in the context (role only).
"""

from django import template

from accounts import access

register = template.Library()


class _Asking:
    """``user|can:"action"``, waiting for ``|of:target``."""

    def __init__(self, user, action):
        self.user = user
        self.action = action

    def __bool__(self):
        raise TypeError('use {% if user|can:"action"|of:obj %}: "can" needs "of"')


@register.filter(name="can")
def can_filter(user, action):
    return _Asking(user, action)


@register.filter(name="of")
def of_filter(asking, target):
    if not isinstance(asking, _Asking) or target in (None, ""):
        return False
    return access.can(asking.user, asking.action, target)


@register.simple_tag(name="can")
def can_tag(user, action, target):
    if target in (None, ""):
        return False
    return access.can(user, action, target)
