"""The work log's panel on the home page: the key-task list with overdue first, and the user's own tasks."""

from core.dashboard import panel
from worklog import selectors


@panel(order=45)
def key_tasks(request):
    user = request.user
    counts = selectors.task_counts(user) if user.can_read_registers else None
    overdue = list(selectors.overdue_tasks(user, limit=5)) if counts and counts["overdue"] else []
    mine = [t for t in selectors.my_tasks(user)[:5] if t.is_open]
    if not (counts and counts["total"]) and not mine:
        return None
    return "worklog/_dashboard.html", {"counts": counts, "overdue": overdue, "mine": mine}
