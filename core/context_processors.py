from core.registers import NAV


def navigation(request):
    """The menu, grouped by section, showing only what the user's role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    sections: dict[str, list] = {}
    for item in sorted(NAV, key=lambda i: i.order):
        if user.has_role(item.roles):
            sections.setdefault(item.section, []).append(item)
    return {"nav_sections": list(sections.items())}
