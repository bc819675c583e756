"""Choices of the four key points (四个重点), with the terms a township's 经管站 writes."""

from django.db import models


class IncomeRoute(models.TextChoices):
    """The routes the report names for lifting a collective economy (通过……等途径)."""

    FUNDS = "funds", "资金注入"
    ASSETS = "assets", "三资撬动"
    ENTERPRISE = "enterprise", "村企联建"
    OTHER = "other", "其他"


class ContractSubject(models.TextChoices):
    LAND = "land", "土地"
    BUILDING = "building", "房屋"
    FOREST = "forest", "林地"
    WATER = "water", "水面"
    EQUIPMENT = "equipment", "设备"
    OTHER = "other", "其他"


class ContractStatus(models.TextChoices):
    """A contract's state after the clean-up (合同清查)."""

    COMPLIANT = "compliant", "规范"
    TO_FIX = "to_fix", "需整改"
    FIXED = "fixed", "已整改"
    ENDED = "ended", "已终止"


class ClaimKind(models.TextChoices):
    CLAIM = "claim", "债权"
    DEBT = "debt", "债务"


# What an entry against a claim or a debt is called (债权清收, 化解债务).
ENTRY_LABEL = {ClaimKind.CLAIM: "清收", ClaimKind.DEBT: "化解"}


class ClaimStatus(models.TextChoices):
    """Follows the dated entries: nothing settled, part of it, all of it."""

    OPEN = "open", "未结清"
    PARTLY = "partly", "部分结清"
    SETTLED = "settled", "已结清"


class AssetKind(models.TextChoices):
    RESOURCE = "resource", "资源性"
    OPERATING = "operating", "经营性"
    NON_OPERATING = "non_operating", "非经营性"


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", "自用"
    LEASED = "leased", "出租发包"
    IDLE = "idle", "闲置"
    DISPOSED = "disposed", "已处置"


class DutyKind(models.TextChoices):
    """The lists the report names (制定镇村职责清单、任务清单……差异化个性清单)."""

    DUTIES = "duties", "镇村职责清单"
    TASKS = "tasks", "任务清单"
    POSTS = "posts", "镇村干部岗位职责清单"
    NEGATIVE = "negative", "村干部履职负面清单"
    PERSONALISED = "personalised", "差异化个性清单"
