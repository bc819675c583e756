"""Choices of the points domain, with the Chinese terms of the source report."""

from django.db import models


class PeriodKind(models.TextChoices):
    MONTH = "month", "月榜"
    QUARTER = "quarter", "季榜"
    YEAR = "year", "年榜"


class ScopeKind(models.TextChoices):
    OVERALL = "overall", "全镇总榜"
    VILLAGE = "village", "分村排名"
    TIER = "tier", "分层排名"


class SnapshotStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已公示"


class EntrySource(models.TextChoices):
    RECORD = "record", "登记"
    EVENT = "event", "活动登记"
    CLAIM = "claim", "党员申报"
    IMPORT = "import", "Excel导入"
    REVERSAL = "reversal", "撤销冲正"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


class PointUse(models.TextChoices):
    """What points feed (积分运用)."""

    HONOUR = "honour", "评优评先"
    CREDIT = "credit", "金融服务"
    COOPERATIVE = "cooperative", "领办合作社"
    CARE = "care", "关怀激励"
