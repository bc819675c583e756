from core.dashboard import panel
from issues import selectors
from issues.models import Problem


@panel(order=50)
def problems_overdue(request):
    """Section (五): open and overdue problems in scope, and the user's own rectification tasks."""
    user = request.user
    summary = selectors.overdue_summary(Problem.objects.for_user(user)) if user.can_read_registers else None
    mine = selectors.overdue_summary(Problem.objects.filter(responsible_user=user), limit=5)
    if summary is None and not mine.total:
        return None
    return "issues/_dashboard.html", {"summary": summary, "mine": mine}
