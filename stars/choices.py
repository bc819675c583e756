"""Choices of the star ratings (评星定级), in the source report's words (section 六)."""

from django.db import models


class RoundStatus(models.TextChoices):
    """The steps of a yearly branch rating round."""

    SELF = "self", "自评中"
    REVIEW = "review", "镇审核中"
    PUBLICITY = "publicity", "公示中"
    FINAL = "final", "已定级"


class Check(models.TextChoices):
    """A criterion that can be read from data other apps hold: the reviewer sees the figure beside it."""

    GRID_GROUPS = "grid_groups", "每个网格建有党小组且网格长由书记担任（网格）"
    NO_OVERDUE = "no_overdue", "年底无逾期未整改问题（问题整改）"
    VISIT_QUOTA = "visit_quota", "全年至少10个月完成入户走访任务（包联走访）"
    POINTS_PUBLISHED = "points_published", "党员积分月榜每月公示（积分管理）"
    COLOUR = "colour", "年底为绿色或黄色村（三色管理）"


class Appraisal(models.TextChoices):
    """A secretary's annual appraisal result (年度考核结果)."""

    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class RecordKind(models.TextChoices):
    REWARD = "reward", "奖励"
    PUNISHMENT = "punishment", "处分"


class RecordLevel(models.TextChoices):
    """Who decided a reward or punishment."""

    TOWNSHIP = "township", "镇级"
    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级及以上"


# Higher levels first compare greater: a county reward counts where "县级及以上" is asked for.
LEVEL_RANK = {RecordLevel.TOWNSHIP: 1, RecordLevel.COUNTY: 2, RecordLevel.CITY: 3, RecordLevel.PROVINCE: 4}


class RunStatus(models.TextChoices):
    DRAFT = "draft", "草稿（待审核发布）"
    PUBLISHED = "published", "已发布"


class NoticeKind(models.TextChoices):
    BRANCHES = "branches", "党支部评星结果公示"
    SECRETARIES = "secretaries", "党支部书记评星结果公示"


STAR_LABELS = {0: "不评星", 1: "一星", 2: "二星", 3: "三星"}
