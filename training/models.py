"""Quizzes (在线答题, 集中测试) of the special action (the training sessions are ``worklog.Training``).

A quiz draws its questions from the township's question bank (``Question``: single choice, multiple
choice, true/false, imported from xlsx) into ``QuizQuestion`` rows, is open in a time window with a
time limit, and is answered once per member (``AnswerSheet``, with one ``AnswerItem`` per question so
that the statistics are grouped queries). Grading is ``training.rules``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import ALL_ROLES, EDIT_ROLES, LEADERSHIP_ROLES, MEMBER_ROLES, READ_ROLES
from places.models import TownshipWideQuerySet
from training.choices import QuestionKind, QuizDraw, QuizMode, QuizStatus

AREA = "places.Area"


class Question(models.Model):
    """A question of the township's bank. ``options`` are the choices' texts in order (A, B, …);
    ``answer`` is the key: letters for choice questions ("B", "ACD"), T or F for true/false."""

    township = models.ForeignKey(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "township"}
    )
    code = models.CharField("题号", max_length=20)
    kind = models.CharField("题型", max_length=10, choices=QuestionKind.choices)
    topic = models.CharField("知识点", max_length=50, blank=True)
    text = models.TextField("题目")
    options = models.JSONField("选项", default=list, blank=True)
    answer = models.CharField("答案", max_length=10)
    explanation = models.TextField("解析", blank=True)
    active = models.BooleanField("启用", default=True)

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    history = HistoricalRecords()
    # The bank holds the answers: only the office and the leadership read it.
    policy = Policy(view=LEADERSHIP_ROLES, add=EDIT_ROLES, change=EDIT_ROLES)

    class Meta:
        verbose_name = "题目"
        verbose_name_plural = "题库"
        constraints = [models.UniqueConstraint(fields=["township", "code"], name="question_unique_code")]
        indexes = [models.Index(fields=["township", "kind", "topic"])]

    def __str__(self):
        text = self.text if len(self.text) <= 30 else self.text[:30] + "…"
        return f"{self.code} {text}"


class Quiz(models.Model):
    """A quiz: online (members answer on their phones any time in the window) or on-site
    (集中测试: everyone at once). Each member answers once."""

    township = models.ForeignKey(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "township"}
    )
    title = models.CharField("名称", max_length=200)
    mode = models.CharField("方式", max_length=10, choices=QuizMode.choices, default=QuizMode.ONLINE)
    draw = models.CharField("出题方式", max_length=10, choices=QuizDraw.choices, default=QuizDraw.RANDOM)
    question_count = models.PositiveSmallIntegerField("题目数量", default=20)
    topic = models.CharField("限定知识点", max_length=50, blank=True, help_text="随机抽题时只抽此知识点；留空不限")
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    time_limit = models.PositiveSmallIntegerField("答题限时（分钟）", default=30)
    status = models.CharField("状态", max_length=10, choices=QuizStatus.choices, default=QuizStatus.DRAFT)
    points_item = models.ForeignKey(
        "points.RuleItem",
        verbose_name="积分项目",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="参加答题的党员按积分办法中此项目记分（通过积分管理登记）",
    )
    points_min_percent = models.PositiveSmallIntegerField("记分及格线（%）", default=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = TownshipWideQuerySet.as_manager()
    scope_fields = TownshipWideQuerySet.scope_fields
    history = HistoricalRecords()
    # Members see the quizzes of their township (to answer them); the office keeps them.
    policy = Policy(view=ALL_ROLES, add=EDIT_ROLES, change=EDIT_ROLES, publish=EDIT_ROLES)

    class Meta:
        verbose_name = "答题活动"
        verbose_name_plural = "在线答题"
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="quiz_window_positive"),
        ]
        indexes = [models.Index(fields=["township", "status", "closes_at"])]

    def __str__(self):
        return self.title


class QuizQuestion(models.Model):
    """A question of a quiz, in order (drawn once, when the quiz is published)."""

    quiz = models.ForeignKey(Quiz, verbose_name="答题活动", on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("题序")

    class Meta:
        verbose_name = "答题题目"
        verbose_name_plural = "答题题目"
        ordering = ["quiz", "order"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quizquestion_unique"),
            models.UniqueConstraint(fields=["quiz", "order"], name="quizquestion_unique_order"),
        ]


class AnswerSheet(models.Model):
    """One member's answers to a quiz, graded on submission. A member has one sheet per quiz."""

    quiz = models.ForeignKey(Quiz, verbose_name="答题活动", on_delete=models.PROTECT, related_name="sheets")
    member = models.ForeignKey("grids.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey(AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(AREA, verbose_name="行政村", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间")
    correct = models.PositiveSmallIntegerField("答对题数")
    total = models.PositiveSmallIntegerField("题目数")
    score = models.PositiveSmallIntegerField("得分")

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    owner_field = "member"
    policy = Policy(view=READ_ROLES, add=MEMBER_ROLES)

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        constraints = [models.UniqueConstraint(fields=["quiz", "member"], name="answersheet_one_per_member")]
        indexes = [models.Index(fields=["quiz", "village"]), models.Index(fields=["quiz", "-score"])]

    def __str__(self):
        return f"{self.quiz}：{self.score}分"


class AnswerItem(models.Model):
    """A member's answer to one question of a sheet, and whether it was right."""

    sheet = models.ForeignKey(AnswerSheet, verbose_name="答卷", on_delete=models.CASCADE, related_name="items")
    quiz = models.ForeignKey(Quiz, verbose_name="答题活动", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.PROTECT, related_name="+")
    given = models.CharField("作答", max_length=10, blank=True)
    right = models.BooleanField("正确")

    class Meta:
        verbose_name = "作答"
        verbose_name_plural = "作答"
        constraints = [models.UniqueConstraint(fields=["sheet", "question"], name="answeritem_unique")]
        indexes = [models.Index(fields=["quiz", "question", "right"])]
