"""Kinds of node in the area tree, with the Chinese terms of the source report."""

from django.db import models


class AreaKind(models.TextChoices):
    TOWNSHIP = "township", "乡镇"
    VILLAGE = "village", "行政村/社区"
    GRID = "grid", "网格"
    PARTY_GROUP = "party_group", "网格党小组"


# Which kind of node may sit under which.
CHILD_KIND = {
    AreaKind.TOWNSHIP: AreaKind.VILLAGE,
    AreaKind.VILLAGE: AreaKind.GRID,
    AreaKind.GRID: AreaKind.PARTY_GROUP,
}
