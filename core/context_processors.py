from core.registers import menu_for


def navigation(request):
    """The menu, grouped by section, showing only what the user's role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    return {"nav_sections": menu_for(user)}
