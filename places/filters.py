"""List filters on the area tree; every choice list is limited to the user's scope."""

import django_filters

from places.choices import AreaKind
from places.models import Area


def areas_for_filter(kind):
    """A queryset callable for a filter: the user's nodes of one kind, by code."""

    def queryset(request):
        if request is None:
            return Area.objects.none()
        return Area.objects.for_user(request.user).filter(kind=kind).order_by("code")

    return queryset


class VillageFilter(django_filters.ModelChoiceFilter):
    def __init__(self, **kwargs):
        super().__init__(label="行政村", queryset=areas_for_filter(AreaKind.VILLAGE), **kwargs)


class GridFilter(django_filters.ModelChoiceFilter):
    def __init__(self, **kwargs):
        super().__init__(label="网格", queryset=areas_for_filter(AreaKind.GRID), **kwargs)
