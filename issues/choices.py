"""Choices of the rectification ledgers, in the source report's own words (section 五)."""

from django.db import models


class Channel(models.TextChoices):
    """How a problem was found: the report's four channels, plus home visits and weekly reviews."""

    SELF_CHECK = "self_check", "自己找"
    PUBLIC = "public", "群众提"
    HIGHER = "higher", "上级点"
    MUTUAL = "mutual", "互相谈"
    VISIT = "visit", "入户走访"
    WEEKLY = "weekly", "周例会"


class Level(models.TextChoices):
    """Whose problem it is: the township committee, its leadership team or one village organisation."""

    COMMITTEE = "committee", "党委"
    LEADERSHIP = "leadership", "领导班子"
    VILLAGE = "village", "村级党组织"


class Status(models.TextChoices):
    PENDING = "pending", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已整改"
    ONGOING = "ongoing", "长期坚持"
