"""Choices of the work log (一) and the service centres (三)."""

from django.db import models


class GroupRole(models.TextChoices):
    HEAD = "head", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "成员"
    OFFICE_HEAD = "office_head", "专班负责人"
    OFFICE_STAFF = "office_staff", "专班成员"


class Focus(models.TextChoices):
    """The eight focuses (八个聚焦) of the special action; a key task belongs to one."""

    ONE = "1", "一、责任落实"
    TWO = "2", "二、网格治理"
    THREE = "3", "三、功能提升"
    FOUR = "4", "四、三色管理"
    FIVE = "5", "五、问题整改"
    SIX = "6", "六、评星定级"
    SEVEN = "7", "七、积分管理"
    EIGHT = "8", "八、四个重点"


class TaskStatus(models.TextChoices):
    PENDING = "pending", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"


OPEN_TASK = frozenset({TaskStatus.PENDING, TaskStatus.IN_PROGRESS})


class MeetingKind(models.TextChoices):
    """Meetings kept here. 周例会 (the weekly risk review) is kept once, in township/ (周例会研判),
    and read from there wherever the work log counts or lists meetings."""

    PARTY = "party", "党政班子会"
    PROGRESS = "progress", "专题工作推进会"
    DISPATCH = "dispatch", "调度会"
    OTHER = "other", "其他会议"


WEEKLY_LABEL = "周例会"


class VisitKind(models.TextChoices):
    RESEARCH = "research", "入村调研"
    GUIDANCE = "guidance", "到村指导"


class CentreStatus(models.TextChoices):
    PLANNED = "planned", "规划中"
    BUILDING = "building", "在建"
    BUILT = "built", "已建成"


class TrainingKind(models.TextChoices):
    TOPIC = "topic", "专题培训"
    ROTATION = "rotation", "集中轮训"
    ONLINE = "online", "线上培训"
    ONSITE = "onsite", "现场教学"
    OTHER = "other", "其他"


class Audience(models.TextChoices):
    CADRES = "cadres", "党员干部"
    OFFICE = "office", "镇机关干部"
    VILLAGE = "village", "农村干部"
    GRADUATES = "graduates", "大学生专职村干"
    MEMBERS = "members", "农村党员"
    GRID = "grid", "网格员"
