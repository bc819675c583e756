"""A hand-built township whose every figure of the October 2026 report is known.

On top of the shared two-township world (tests/conftest.py): 东城镇 with 苇水村 (two grids, one with a
party branch and a party group) and 九光村 (one grid). Every register row is dated as entered on
1 September 2026 (its history record), so the report for October states it as of 31 October.
Every figure has data behind it: the report has no 【暂无数据】 (``without_meetings`` makes one).
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from economy import services as economy_services
from economy.models import (
    ClaimDebt,
    CollectiveIncome,
    DutyItem,
    EconomicOrganisation,
    SystemKind,
    VillageRule,
    VillageSystem,
)
from grids.choices import StaffRole
from grids.models import CentralHousehold, CentralHouseholdLink, GridStaff, Household, Member
from issues.choices import Level
from places.models import Area
from points.models import RuleBook
from stars import services as star_services
from stars.models import BranchRating, Criterion, Secretary, SecretaryAppraisal
from tests import factories as f
from tests.issues.factories import CategoryFactory, ProblemFactory
from tests.visits.helpers import assign, demand, risk, visit
from township.models import RiskReview
from township.services import FindingInput, review_save
from training import services as training_services
from training.choices import QuestionKind, QuizDraw, QuizMode
from training.models import Question, Quiz
from visits.models import QuotaSetting
from worklog.choices import Audience, CentreStatus, GroupRole, MeetingKind, VisitKind
from worklog.models import GroupMember, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

D = datetime.date
OCTOBER = (D(2026, 10, 1), D(2026, 10, 31))
ENTERED = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC)
POSITION_MODELS = (
    Area, GridStaff, CentralHousehold, CentralHouseholdLink, Household, Member, QuotaSetting, ServiceCentre
)  # fmt: skip

# Every sentence of the October report that the data fills, as the report must print it.
SENTENCES = [
    "东城镇抓党建促基层治理能力提升专项行动工作进展情况报告（2026年10月）",
    "县委抓党建促基层治理能力提升专项行动工作动员部署会以来，我镇紧盯目标任务，高标准谋划，以“八个聚焦”为抓手，推动了专项行动顺利开展。",
    "组织召开党政班子会2次，专题工作推进会1次，领导组成员入村调研3人次，",
    "组织党员干部培训1次，开展了党员在线答题、集中测试答题2次，参与3人次，平均得分89分，提升专项行动专业知识水平。",
    "10月26日，我们又组织党政领导、苇水村党支部书记、驻村第一书记赴小召村、南关社区、李家庄村、上郊村、"
    "县老干部综治办、县盲人曲艺队开展了观摩学习。",
    "现已建成苇水村和九光村两个党群服务中心，今年重点打造九光村一个高标准党群服务中心。",
    "将2个行政村划分为3个网格，全镇2名网格长全部由支部书记担任，2名全科网格员由村“两委”干部和党员代表兼任，"
    "1名网格辅助员由老党员、村民代表和文化辅导员组成。",
    "全镇共建立1个网格党支部，1个网格党小组，网格内1名党员中心户包联2户，做到了有网格就有党员",
    "每人联系群众不少于12户，每周到村工作两天，每月至少入户6次，现已走访包联户1户，",
    "镇村两级实行周例会风险隐患分析研判制度，2个村全部建立风险隐患村情台账。",
    "及时解决被服务对象合理诉求1条；",
    "主动发现急难愁盼问题1条并及时解决；",
    "共征求汇总党委2类问题2条，领导班子1类问题1条，2个村级党组织共梳理2类问题3条。",
    "按照“五新八有十星”的标准，对各党支部进行初步评星，2个党支部中八星级1个，七星级1个。",
    "对现任2名党支部书记进行了初次评星，界定三星级1名，二星级0名，一星级0名，任职不满一年暂时未能评星的1名。",
    "制定印发《东城镇农村党员干部积分制管理办法》，以苇水村和九光村为试点，开展党员积分管理分层量化考核工作。",
    "推广苇水、九光等村成功经验，通过资金注入、三资撬动等途径，力争1个行政村集体经济取得明确提升。",
    "对1个集体经济组织合同清查、债权债务摸底完成公示，债权清收1.24万元，化解债务2.5万元，",
    "建立健全资金往来、合同签订、“三重一大”、“四议两公开”等各项管理制度。",
    "制定差异化个性清单4项。",
    "建立健全2个村“村规民约”40余条，",
    "下一步，我们东城镇将坚持问题导向，聚焦短板弱项，采取有力措施，高标准完成各项工作任务，创出东城经验，干出东城靓点！",
]
# The township without a meeting ever recorded (``without_meetings``): those figures are gaps, never zero.
GAP_SENTENCES = [
    "组织召开党政班子会【暂无数据】次，专题工作推进会【暂无数据】次，",
]


def without_meetings(township):
    """A township that never recorded a meeting: 党政班子会 and 专题工作推进会 are gaps (not 0)."""
    Meeting.objects.filter(township=township.world.t1).delete()


def build_stars(w):
    """The 2026 branch round of 东城镇, published in June (苇水村 eight stars, 九光村 seven) and its
    secretaries rated in February: 王建国 (ten years, two excellent appraisals) three stars, 李春华
    (appointed September 2025) not yet rated."""
    office = f.UserFactory(username="star_office", role="office", scope_node=w.t1)
    star_services.standard_load_defaults(w.t1, 2026)
    criteria = list(Criterion.objects.filter(township=w.t1, year=2026).order_by("order"))
    found = star_services.round_open(w.t1, 2026, user=office, today=D(2026, 3, 1))
    star_services.round_close_self(found, user=office, today=D(2026, 5, 1))
    for rating in BranchRating.objects.filter(round=found).select_related("round", "village"):
        stars = 8 if rating.village_id == w.v1.pk else 7
        for c in criteria:
            star_services.review(rating, c, met=c.order <= stars, note="核实", user=office, today=D(2026, 5, 10))
    star_services.round_publish(found, user=office, today=D(2026, 6, 1))
    people = {}
    for village, name, appointed in ((w.v1, "王建国", D(2016, 3, 1)), (w.v2, "李春华", D(2025, 9, 1))):
        people[village.pk] = star_services.secretary_save(
            Secretary(village=village, name=name, appointed_on=appointed), user=office, today=D(2026, 2, 1)
        )
    for year, result in ((2023, "excellent"), (2024, "excellent"), (2025, "competent")):
        star_services.appraisal_save(
            SecretaryAppraisal(secretary=people[w.v1.pk], year=year, result=result), user=office, today=D(2026, 2, 1)
        )
    run = star_services.secretary_run_compute(w.t1, 2026, user=office, today=D(2026, 2, 10))
    star_services.secretary_run_publish(run, user=office, today=D(2026, 2, 15))


def build_worklog(w):
    """October's work log of 东城镇: two 党政班子会 and a 专题工作推进会 (and one in September), research
    visits of two and one group members, a training, the study tour of 26 October; two service centres
    built (九光村's this year, to a high standard)."""
    head = GroupMember.objects.create(township=w.t1, name="张书记", post="镇党委书记", group_role=GroupRole.HEAD)
    deputy = GroupMember.objects.create(township=w.t1, name="李镇长", post="镇长", group_role=GroupRole.HEAD)
    for n, (kind, day) in enumerate(
        [
            (MeetingKind.PARTY, D(2026, 10, 9)),
            (MeetingKind.PARTY, D(2026, 10, 23)),
            (MeetingKind.PROGRESS, D(2026, 10, 15)),
            (MeetingKind.PARTY, D(2026, 9, 28)),
        ],
        start=1,
    ):
        Meeting.objects.create(
            township=w.t1, number=f"HY2026-{n:04d}", kind=kind, held_on=day, chair=head.name,
            attendees=f"{head.name}、{deputy.name}", topics="专项行动推进",
        )  # fmt: skip
    for n, (village, members) in enumerate([(w.v1, [head, deputy]), (w.v2, [head])], start=1):
        visit = ResearchVisit.objects.create(
            township=w.t1, village=village, number=f"DY2026-{n:04d}", kind=VisitKind.RESEARCH,
            visited_on=D(2026, 10, 10 + n), person_times=len(members), purpose="调研网格运行",
        )  # fmt: skip
        visit.members.set(members)
    for n, day in enumerate([D(2026, 10, 18), D(2026, 9, 18)], start=1):
        Training.objects.create(
            township=w.t1, number=f"PX2026-{n:04d}", held_on=day, topic="专项行动政策解读",
            audience=Audience.CADRES, trainer="县委党校讲师", attendee_count=80,
        )  # fmt: skip
    StudyTour.objects.create(
        township=w.t1, number="GM2026-0001", toured_on=D(2026, 10, 26),
        participants="党政领导、苇水村党支部书记、驻村第一书记",
        sites="小召村、南关社区、李家庄村、上郊村、县老干部综治办、县盲人曲艺队",
    )  # fmt: skip
    ServiceCentre.objects.create(township=w.t1, village=w.v1, status=CentreStatus.BUILT, year=2024)
    ServiceCentre.objects.create(township=w.t1, village=w.v2, status=CentreStatus.BUILT, year=2026, high_standard=True)


def build_economy(w):
    """(八) of 东城镇 for 2026: 苇水村 and 九光村 model villages (资金注入, 三资撬动), 九光村 to lift (and
    below the 5 万元 line); one organisation publicised by October (九光村's only checked its
    contracts); 1.24 万元 collected and 2.5 万元 of debt resolved in October; four systems of 苇水村;
    four personalised duty items; village rules of both villages (27 + 21 articles in force). 西河镇's
    rows, September's entries and what was adopted after October do not count."""
    rows = [
        (w.v1, "30", "20", "25", False, "funds"),
        (w.v2, "6", "2", "3", True, "assets"),
        (w.v3, "6", "9", "5", True, "enterprise"),  # 西河镇
    ]
    for village, target, actual, last_year, to_lift, route in rows:
        CollectiveIncome.objects.create(
            township=village.parent, village=village, year=2026, target=Decimal(target), actual=Decimal(actual),
            last_year=Decimal(last_year), to_lift=to_lift, model_village=True, route=route,
        )  # fmt: skip
    done = {"contracts_checked": True, "debts_surveyed": True}
    orgs = {}
    for village, code, values in (
        (w.v1, "N1", {**done, "publicised_on": D(2026, 9, 1)}),
        (w.v2, "N2", {"contracts_checked": True}),
        (w.v3, "N3", {**done, "publicised_on": D(2026, 1, 1)}),
    ):
        orgs[code] = EconomicOrganisation.objects.create(
            township=village.parent, village=village, code=code, name=f"{village.name}股份经济合作社", **values
        )
    for n, (code, kind, amount, entries) in enumerate(
        [
            ("N1", "claim", "80000", [("12345", D(2026, 10, 3)), ("55", D(2026, 10, 31)), ("1000", D(2026, 9, 30))]),
            ("N2", "debt", "100000", [("25000", D(2026, 10, 10))]),
            ("N3", "claim", "50000", [("9000", D(2026, 10, 12))]),  # 西河镇
        ],
        start=1,
    ):
        org = orgs[code]
        debt = ClaimDebt.objects.create(
            township=org.township, village=org.village, organisation=org, kind=kind, amount=Decimal(amount),
            arose_on=D(2024, 5, 1), number=f"ZW-{n:03d}", party="李四", status="open",
        )  # fmt: skip
        for value, day in entries:
            economy_services.entry_add(debt, amount=Decimal(value), entry_on=day, today=D(2026, 11, 1))
    names = ["资金往来", "合同签订", "“三重一大”", "“四议两公开”", "村务监督"]
    kinds = [SystemKind.objects.create(township=w.t1, name=name, order=i) for i, name in enumerate(names)]
    for kind in kinds[:4]:
        VillageSystem.objects.create(township=w.t1, village=w.v1, system=kind, adopted_on=D(2026, 3, 1))
    VillageSystem.objects.create(township=w.t1, village=w.v2, system=kinds[4], adopted_on=D(2026, 12, 1))  # after
    for village, kind, number, post in (
        (w.v1, "personalised", 1, "村党支部书记"),
        (w.v1, "personalised", 2, "村党支部书记"),
        (w.v1, "personalised", 3, "村委会主任"),
        (None, "personalised", 1, "包村干部"),  # a township item
        (w.v2, "negative", 1, "村委会主任"),
    ):
        DutyItem.objects.create(
            township=w.t1, village=village, kind=kind, number=number, post=post, content="事项", issued_on=D(2026, 4, 1)
        )
    for village, adopted, articles in (
        (w.v1, D(2019, 5, 1), 12),
        (w.v1, D(2025, 5, 1), 27),  # the version in force
        (w.v2, D(2024, 5, 1), 21),
        (w.v2, D(2026, 12, 1), 99),  # adopted after October
    ):
        VillageRule.objects.create(township=w.t1, village=village, adopted_on=adopted, articles=articles)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def build_quizzes(w):
    """October's quizzes of 东城镇: an online quiz (刘洋 100, 陈静 67) and a 集中测试 (刘洋 100), so 2
    quizzes, 3 sheets, average 89; September's quiz and 西河镇's October quiz do not count."""
    bank = {}
    for township in (w.t1, w.t2):
        bank[township.pk] = [
            Question.objects.create(township=township, code="Q1", kind=QuestionKind.SINGLE, text="题一",
                                    options=["甲", "乙", "丙"], answer="B"),
            Question.objects.create(township=township, code="Q2", kind=QuestionKind.JUDGE, text="题二", answer="T"),
            Question.objects.create(township=township, code="Q3", kind=QuestionKind.JUDGE, text="题三", answer="F"),
        ]  # fmt: skip
    wrong_key = {"B": "A", "T": "F", "F": "T"}

    def quiz(township, title, mode, opens, closes, sheets):
        held = Quiz.objects.create(
            township=township, title=title, mode=mode, draw=QuizDraw.FIXED, question_count=3,
            opens_at=at(opens, 8), closes_at=at(closes, 18), time_limit=30,
        )  # fmt: skip
        training_services.quiz_publish(held)
        questions = bank[township.pk]
        for member, wrong in sheets:
            # the first ``wrong`` questions answered wrongly, the rest rightly
            answers = {q.pk: [wrong_key[q.answer] if n < wrong else q.answer] for n, q in enumerate(questions)}
            training_services.sheet_submit(held, member, answers, now=at(opens, 10))

    quiz(w.t1, "十月应知应会在线答题", QuizMode.ONLINE, D(2026, 10, 10), D(2026, 10, 20), [(w.m1, 0), (w.m2, 1)])
    quiz(w.t1, "十月集中测试", QuizMode.ONSITE, D(2026, 10, 28), D(2026, 10, 28), [(w.m1, 0)])
    quiz(w.t1, "九月在线答题", QuizMode.ONLINE, D(2026, 9, 10), D(2026, 9, 20), [(w.m1, 3)])  # September
    quiz(w.t2, "西河镇十月答题", QuizMode.ONLINE, D(2026, 10, 10), D(2026, 10, 20), [(w.m3, 0)])


def build_township(world):
    w = world
    w.g1.has_party_branch = True
    w.g1.save()
    leader_id = f.make_id()
    f.GridStaffFactory(grid=w.g1, role=StaffRole.LEADER, name="王书记", id_number=leader_id)
    f.GridStaffFactory(grid=w.g2, role=StaffRole.LEADER, name="王书记", id_number=leader_id)  # one person, two grids
    f.GridStaffFactory(grid=w.g4, role=StaffRole.LEADER, name="陈书记")
    f.GridStaffFactory(grid=w.g1, role=StaffRole.MEMBER, name="周杰")
    f.GridStaffFactory(grid=w.g4, role=StaffRole.MEMBER, name="吴敏")
    f.GridStaffFactory(grid=w.g2, role=StaffRole.ASSISTANT, name="郑伟")
    f.GridStaffFactory(grid=w.g3, role=StaffRole.LEADER, name="外镇网格长")  # the other township
    central = f.CentralHouseholdFactory(member=w.m1)
    for household in (w.h1, w.h2):
        CentralHouseholdLink.objects.create(central=central, household=household)
    QuotaSetting.objects.create(township=w.t1, households_each=12, visits_per_month=6, days_per_week=2)
    build_worklog(w)
    for model in POSITION_MODELS:
        model.history.all().update(history_date=ENTERED)

    cadre = f.UserFactory(username="cadre", role="office", scope_node=w.t1, full_name="包联干部")
    assign(cadre, household=w.h1, start_on=D(2026, 9, 1))
    assign(cadre, household=w.h2, start_on=D(2026, 9, 1))
    visit(cadre, w.h1, D(2026, 10, 8))
    visit(cadre, w.h1, D(2026, 10, 20))
    visit(cadre, w.h4, D(2026, 10, 9))  # not a contact household of the cadre
    visit(cadre, w.h2, D(2026, 9, 20))  # before the period

    items = [
        FindingInput(village=w.v1, findings="平稳", colour="green", reason="稳定"),
        FindingInput(village=w.v2, findings="信访", colour="yellow", reason="关注"),
    ]
    review_save(
        RiskReview(township=w.t1, held_on=D(2026, 9, 7), attendees="张书记、李镇长"), items, today=D(2026, 12, 1)
    )
    demand(w.v1, raised_on=D(2026, 10, 2), resolved_on=D(2026, 10, 10))  # green village, resolved in October
    demand(w.v2, kind="problem", raised_on=D(2026, 10, 12))  # yellow village, found in October
    demand(w.v1, raised_on=D(2026, 9, 2), resolved_on=D(2026, 9, 10))  # September
    risk(w.v1, found_on=D(2026, 9, 1))
    risk(w.v2, found_on=D(2026, 10, 5), deadline=D(2026, 10, 20))  # open past its deadline at the month's end

    study = CategoryFactory(township=w.t1, name="理论学习")
    style = CategoryFactory(township=w.t1, name="工作作风")
    found = D(2026, 10, 15)
    ProblemFactory(township=w.t1, level=Level.COMMITTEE, category=study, found_on=found, deadline=D(2026, 12, 31))
    ProblemFactory(township=w.t1, level=Level.COMMITTEE, category=style, found_on=found, deadline=D(2026, 12, 31))
    ProblemFactory(township=w.t1, level=Level.LEADERSHIP, category=style, found_on=found, deadline=D(2026, 12, 31))
    ProblemFactory(village=w.v1, level=Level.VILLAGE, category=study, found_on=found, deadline=D(2026, 10, 25))
    ProblemFactory(village=w.v1, level=Level.VILLAGE, category=study, found_on=found, deadline=D(2026, 12, 31))
    ProblemFactory(village=w.v2, level=Level.VILLAGE, category=style, found_on=found, deadline=D(2026, 12, 31))
    ProblemFactory(
        township=w.t1, level=Level.COMMITTEE, category=study, found_on=D(2026, 9, 3), deadline=None
    )  # September

    build_stars(w)

    book = RuleBook.objects.create(township=w.t1, year=2026, title="东城镇农村党员干部积分制管理办法")
    book.pilot_villages.set([w.v1, w.v2])
    build_economy(w)
    build_quizzes(w)
    return SimpleNamespace(world=w, cadre=cadre, central=central)


@pytest.fixture
def township(world):
    return build_township(world)
