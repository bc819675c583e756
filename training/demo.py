"""Demo data of the quizzes: a question bank of a few hundred questions per township, a quiz in every
month of the demo's year and one open now, and answer sheets in every township (most members at the
small scale, a sample of them at the township and county scales, to keep seeding fast). Bulk inserts;
every random choice from ctx.rng."""

import datetime

from django.utils import timezone

from training import rules, services
from training.choices import FALSE, TRUE, QuestionKind, QuizDraw, QuizMode, QuizStatus
from training.models import AnswerItem, AnswerSheet, Question, Quiz, QuizQuestion

FOCUS = ("责任落实", "网格治理", "功能提升", "三色管理", "问题整改", "评星定级", "积分管理", "四个重点")
FACTS = (
    ("专项行动领导组由谁担任双组长？", ["镇党委书记、镇长", "镇长、副镇长", "组织委员、宣传委员", "村党支部书记"], "A"),
    ("三级网格队伍不包括以下哪一项？", ["网格长", "全科网格员", "网格辅助员", "楼栋长"], "D"),
    ("网格长一般由谁担任？", ["村党支部书记", "村委会委员", "党员代表", "驻村工作队员"], "A"),
    ("三色管理中，黄色村实行什么服务？", ["在线服务", "一线服务", "热线服务", "上门服务"], "B"),
    ("三色管理中，红色村实行什么服务？", ["在线服务", "一线服务", "热线服务", "网上服务"], "C"),
    ("问题整改的“四个方式”包括哪些？", ["自己找", "群众提", "上级点", "互相谈"], "ABCD"),
    ("党群服务中心建设的“三个工程”是？", ["阵地建设", "平台打造", "服务提效", "招商引资"], "ABC"),
    ("“清化收”工作包括哪些内容？", ["合同清查", "债权债务化解", "债权清收", "土地确权"], "ABC"),
    ("党员积分实行哪几种榜单公示？", ["月榜", "季榜", "年榜", "周榜"], "ABC"),
    ("党支部评星的标准是？", ["五新八有十星", "三会一课", "四议两公开", "三重一大"], "A"),
)
JUDGES = (
    ("镇村两级实行周例会风险隐患分析研判制度。", TRUE),
    ("网格辅助员由村“两委”干部兼任。", FALSE),
    ("每名党员都应有一本积分管理手册。", TRUE),
    ("任职不满一年的党支部书记按一星级评定。", FALSE),
    ("包联干部每周到村工作两天。", TRUE),
)


def bank(township, count):
    questions = []
    n = 0
    while len(questions) < count:
        for text, options, key in FACTS:
            n += 1
            kind = QuestionKind.MULTIPLE if len(key) > 1 else QuestionKind.SINGLE
            questions.append(
                Question(
                    township=township, code=f"TK{n:04d}", kind=kind, topic=FOCUS[n % len(FOCUS)],
                    text=f"（第{n}题）{text}", options=options, answer=key, explanation=f"答案为{key}。",
                )
            )  # fmt: skip
        for text, key in JUDGES:
            n += 1
            questions.append(
                Question(
                    township=township, code=f"TK{n:04d}", kind=QuestionKind.JUDGE, topic=FOCUS[n % len(FOCUS)],
                    text=f"（第{n}题）{text}", options=[], answer=key, explanation="见专项行动工作方案。",
                )
            )  # fmt: skip
    return questions[:count]


# Sheets per quiz and township: most members at the small scale, a sample of them beyond (seed time).
SHEETS_PER_QUIZ = {"small": None, "township": 300, "county": 60}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def quiz_plans(today: datetime.date):
    """(title, mode, draw, opens, closes) of the demo's quizzes: one in every month of the demo's year
    that has ended by today (an online quiz from the 10th to the 20th, or a 集中测试 on the 18th,
    alternately), so every month's, quarter's and year's report has quizzes, as the source report;
    and one online quiz open now (opened three days ago, closing in a week)."""
    plans = []
    month = (today - datetime.timedelta(days=365)).replace(day=1)
    n = 0
    while True:
        closes = month.replace(day=20)
        if closes >= today:
            break
        n += 1
        label = f"{month.year}年{month.month}月"
        if n % 2:
            plans.append((f"专项行动应知应会在线答题（{label}）", QuizMode.ONLINE, QuizDraw.RANDOM,
                          _at(month.replace(day=10), 8), _at(closes, 22)))  # fmt: skip
        else:
            plans.append((f"党员干部集中测试（{label}）", QuizMode.ONSITE, QuizDraw.FIXED,
                          _at(month.replace(day=18), 9), _at(month.replace(day=18), 11)))  # fmt: skip
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    now = _at(today, 9)
    opens = now - datetime.timedelta(days=3)
    plans.append(
        (
            "专项行动应知应会在线答题（本期）",
            QuizMode.ONLINE,
            QuizDraw.RANDOM,
            opens,
            opens + datetime.timedelta(days=10),
        )
    )
    return plans


def seed(ctx):
    rng = ctx.rng
    now = timezone.make_aware(datetime.datetime.combine(ctx.today, datetime.time(9)))
    members_of = {}
    for member in ctx.data.get("members", []):
        members_of.setdefault(member.township_id, []).append(member)
    questions = []
    for township in ctx.townships:
        questions += bank(township, 240)
    Question.objects.bulk_create(questions, batch_size=2000)
    by_township = {}
    for q in questions:
        by_township.setdefault(q.township_id, []).append(q)
    plans = quiz_plans(ctx.today)
    quizzes = []
    for township in ctx.townships:
        for title, mode, draw, opens, closes in plans:
            quiz = Quiz(
                township=township, title=title, mode=mode, draw=draw, question_count=10,
                opens_at=opens, closes_at=closes, time_limit=20, status=QuizStatus.PUBLISHED,
            )  # fmt: skip
            quizzes.append(quiz)
    Quiz.objects.bulk_create(quizzes)
    # As quiz_publish freezes them: a fixed quiz's first ten by 题号, a random quiz's whole bank (the pool
    # each member's own draw comes from).
    pools = [
        sorted(by_township[quiz.township_id], key=lambda q: q.code)[: 10 if quiz.draw == QuizDraw.FIXED else None]
        for quiz in quizzes
    ]
    QuizQuestion.objects.bulk_create(
        [QuizQuestion(quiz=quiz, question=q, order=n) for quiz, qs in zip(quizzes, pools, strict=True)
         for n, q in enumerate(qs, start=1)],
        batch_size=5000,
    )  # fmt: skip
    sheets, answers = [], []
    cap = SHEETS_PER_QUIZ[ctx.scale]
    for quiz, pool in zip(quizzes, pools, strict=True):
        if quiz.closes_at > now + datetime.timedelta(days=7):
            continue
        members = [m for m in members_of.get(quiz.township_id, []) if rng.random() <= 0.85]
        if cap is not None and len(members) > cap:
            members = rng.sample(members, cap)  # a sample of the members, a different one each quiz
        for member in members:
            skill = rng.uniform(0.5, 0.98)
            items = []
            for q in services.draw_for(quiz, member.pk, pool):  # the member's own draw, as on the page
                if rng.random() < skill:
                    given = q.answer
                elif q.kind == QuestionKind.JUDGE:
                    given = FALSE if q.answer == TRUE else TRUE
                else:
                    given = rng.choice(rules.LETTERS[: len(q.options)])
                items.append((q, given, given == q.answer))
            correct = sum(1 for *_x, right in items if right)
            submitted = min(quiz.closes_at, quiz.opens_at + datetime.timedelta(minutes=rng.randint(5, 600)))
            sheet = AnswerSheet(
                quiz=quiz, member=member, township_id=member.township_id, village_id=member.village_id,
                submitted_at=submitted, correct=correct, total=len(items), score=rules.score(correct, len(items)),
            )  # fmt: skip
            sheets.append(sheet)
            answers.append(items)
    AnswerSheet.objects.bulk_create(sheets, batch_size=2000)
    AnswerItem.objects.bulk_create(
        [
            AnswerItem(sheet=s, quiz=s.quiz, question=q, given=g, right=r)
            for s, items in zip(sheets, answers, strict=True)
            for q, g, r in items
        ],
        batch_size=5000,
    )  # fmt: skip
    ctx.data["quiz_sheets"] = len(sheets)
