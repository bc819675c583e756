"""Scope: the one place that decides which rows a user may see.

Every row that belongs to a place points at a node of the area tree. A user has a scope node;
they see the rows inside that node's subtree. Pages, exports, reports and commands all reach
rows through ``Model.objects.for_user(user)`` (or ``.within(node)``), never by filtering by hand,
and fetch single objects with ``get_scoped_or_404`` so a row outside scope answers 404.
"""

from django.db import models
from django.http import Http404


class ScopedQuerySet(models.QuerySet):
    """QuerySet of rows that carry denormalised area keys.

    The model names its keys in ``scope_fields``, from the widest to the narrowest node kind,
    e.g. ``{"township": "township", "village": "village", "grid": "grid"}``. A scope on a node
    of one of those kinds is a single indexed equality filter. A node deeper than the model's
    narrowest key (a party group, for rows that know only their grid) sees none of them, since
    the row cannot be placed inside it.
    """

    def within(self, node):
        """Rows inside the subtree of ``node`` (an Area); none when node is None."""
        if node is None:
            return self.none()
        fields = self.model.scope_fields
        field = fields.get(node.kind)
        if field is None:
            return self.none()
        return self.filter(**{f"{field}_id": node.pk})

    def for_user(self, user):
        """Rows the user may see: all for a system administrator, else their scope's subtree."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        return self.within(user.scope_node)


def get_scoped_or_404(queryset, user, **lookup):
    """Fetch one row through the user's scope; 404 when it is outside or missing."""
    try:
        return queryset.for_user(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("记录不存在或不在您的管辖范围内") from exc
