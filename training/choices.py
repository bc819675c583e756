"""Choices of quizzes (在线答题, 集中测试)."""

from django.db import models


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    JUDGE = "judge", "判断题"


#: how a true/false answer is stored (the key of a judge question) and written
TRUE, FALSE = "T", "F"
JUDGE_LABELS = {TRUE: "对", FALSE: "错"}


class QuizMode(models.TextChoices):
    ONLINE = "online", "在线答题"
    ONSITE = "onsite", "集中测试"


class QuizDraw(models.TextChoices):
    FIXED = "fixed", "固定题目"
    RANDOM = "random", "随机抽题"


class QuizStatus(models.TextChoices):
    DRAFT = "draft", "未发布"
    PUBLISHED = "published", "已发布"
