"""Choices of the contact system, home visits and demands, with the report's Chinese terms."""

from django.db import models


class AssignmentKind(models.TextChoices):
    CONTACT = "contact", "镇村干部包联"
    LEADERSHIP = "leadership", "领导班子定向包联"


class VisitTag(models.TextChoices):
    URGENT = "urgent", "急难愁盼"
    RISK = "risk", "风险隐患"
    POLICY = "policy", "政策咨询"
    DISPUTE = "dispute", "矛盾纠纷"
    LIVELIHOOD = "livelihood", "生产生活"
    CARE = "care", "关爱帮扶"


class DemandKind(models.TextChoices):
    """合理诉求 raised by the public; 急难愁盼 problems found proactively by cadres."""

    DEMAND = "demand", "合理诉求"
    PROBLEM = "problem", "急难愁盼问题"


class DemandSource(models.TextChoices):
    VISIT = "visit", "入户走访"
    PUBLIC = "public", "群众反映"
    HOTLINE = "hotline", "热线电话"
    MEETING = "meeting", "会议研判"
    OTHER = "other", "其他"


class DemandStatus(models.TextChoices):
    RAISED = "raised", "待交办"
    ASSIGNED = "assigned", "办理中"
    RESOLVED = "resolved", "已解决"


class FlagKind(models.TextChoices):
    QUOTA_BEHIND = "quota_behind", "走访进度落后"
    RISK_OVERDUE = "risk_overdue", "风险隐患逾期未销号"
