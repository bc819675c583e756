"""Deprecated: the access layer moved to ``accounts.access``; this alias keeps old imports working.

Use ``accounts.access.get_for_user_or_404`` and ``ScopedQuerySet`` in new code.
"""

from accounts.access import ScopedQuerySet, get_for_user_or_404

__all__ = ["ScopedQuerySet", "get_for_user_or_404", "get_scoped_or_404"]


def get_scoped_or_404(queryset, user, **lookup):
    """``get_for_user_or_404(queryset, user, "view", **lookup)``, the old name."""
    return get_for_user_or_404(queryset, user, "view", **lookup)
