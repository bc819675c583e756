"""Choices of the three-colour management and the risk ledger, with the report's Chinese terms."""

from django.db import models


class Colour(models.TextChoices):
    """三色管理: each colour is a way of serving the village (the report's wording)."""

    GREEN = "green", "绿色"
    YELLOW = "yellow", "黄色"
    RED = "red", "红色"


# What each colour means and how the village is served (shown on the board and in the guide).
COLOUR_MEANING = {
    Colour.GREEN: ("稳定村", "在线服务"),
    Colour.YELLOW: ("关注村", "一线服务"),
    Colour.RED: ("重点难点村", "热线服务"),
}
# Board order: the villages needing most attention first.
COLOUR_ORDER = (Colour.RED, Colour.YELLOW, Colour.GREEN)


class ReviewLevel(models.TextChoices):
    """镇村两级实行周例会: a township meeting or a village meeting."""

    TOWNSHIP = "township", "镇级周例会"
    VILLAGE = "village", "村级周例会"


class RiskCategory(models.TextChoices):
    SAFETY = "safety", "安全生产"
    FIRE = "fire", "森林防火"
    DISPUTE = "dispute", "矛盾纠纷"
    PETITION = "petition", "信访稳定"
    DISASTER = "disaster", "自然灾害"
    HOUSING = "housing", "房屋安全"
    TRAFFIC = "traffic", "道路交通"
    HEALTH = "health", "公共卫生"
    LIVELIHOOD = "livelihood", "民生保障"
    OTHER = "other", "其他"


class RiskLevel(models.TextChoices):
    LOW = "low", "一般"
    MEDIUM = "medium", "较大"
    HIGH = "high", "重大"


class RiskStatus(models.TextChoices):
    OPEN = "open", "管控中"
    CLOSED = "closed", "已销号"
