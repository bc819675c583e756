"""The quiz registers: the question bank (题库) and the quizzes (在线答题). See core.registers."""

from django.utils.text import Truncator

from accounts.access import can
from accounts.roles import ALL_ROLES, EDIT_ROLES, LEADERSHIP_ROLES
from core.registers import Column, Register, nav, register
from training import forms, resources, rules
from training.models import Question, Quiz

SECTION = "工作日志"

nav(SECTION, "我的答题", "training:mine", roles=ALL_ROLES, order=80)


@register
class QuestionRegister(Register):
    name = "questions"
    label = "题库"
    section = SECTION
    nav_order = 70
    model = Question
    read_roles = LEADERSHIP_ROLES
    edit_roles = EDIT_ROLES
    import_roles = EDIT_ROLES
    resource_class = resources.QuestionResource
    form_class = forms.QuestionForm
    search_fields = ["code__contains", "text__contains", "topic__contains"]
    search_help = "题号、题目或知识点"
    default_ordering = ("code",)
    columns = [
        Column("题号", "code", sort="code", link=True),
        Column("题型", "get_kind_display", sort="kind"),
        Column("知识点", "topic", sort="topic"),
        Column("题目", lambda q: Truncator(q.text).chars(40)),
        Column("答案", lambda q: rules.key_label(q.kind, q.answer)),
        Column("启用", lambda q: "是" if q.active else "否"),
    ]
    detail_fields = [
        ("题号", "code"),
        ("题型", "get_kind_display"),
        ("知识点", "topic"),
        ("题目", "text"),
        ("选项", lambda q: "；".join(f"{rules.LETTERS[i]}. {o}" for i, o in enumerate(q.options))),
        ("答案", lambda q: rules.key_label(q.kind, q.answer)),
        ("解析", "explanation"),
        ("启用", lambda q: "是" if q.active else "否"),
    ]


@register
class QuizRegister(Register):
    name = "quizzes"
    label = "答题活动"
    section = SECTION
    nav_order = 75
    model = Quiz
    read_roles = LEADERSHIP_ROLES
    edit_roles = EDIT_ROLES
    importable = False
    resource_class = None
    form_class = forms.QuizForm
    search_fields = ["title__contains"]
    search_help = "名称"
    default_ordering = ("-opens_at", "-pk")
    detail_template = "training/quiz_detail.html"
    columns = [
        Column("名称", "title", link=True),
        Column("方式", "get_mode_display", sort="mode"),
        Column("开始时间", "opens_at", sort="opens_at"),
        Column("截止时间", "closes_at", sort="closes_at"),
        Column("题目数量", "question_count"),
        Column("状态", "get_status_display", sort="status"),
    ]
    detail_fields = [
        ("名称", "title"),
        ("方式", "get_mode_display"),
        ("出题方式", "get_draw_display"),
        ("题目数量", "question_count"),
        ("限定知识点", "topic"),
        ("开始时间", "opens_at"),
        ("截止时间", "closes_at"),
        ("答题限时（分钟）", "time_limit"),
        ("积分项目", "points_item"),
        ("状态", "get_status_display"),
    ]

    def detail_context(self, obj, user):
        return {"can_publish": can(user, "publish", obj) and obj.status == "draft"}
