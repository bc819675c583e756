"""The scene of the URL × persona table (tests/test_access_table.py): one object of every kind,
all inside 东城镇 (t1) / 苇水村 (v1) / 苇水村第1网格 (g1), owned by the party member m1 where a
model has an owner, and twelve personas, each either inside or just outside that object's scope.

    persona    scope                       the object of each row is
    anon       (signed out)                —
    admin      everything                  inside
    county     every township, read-only   inside
    office     t1                          inside
    office2    t2 (another township)       outside
    leader     t1                          inside
    sec        v1                          inside
    sec2       v2 (another village of t1)  outside
    grid       g1                          inside
    grid2      g2 (another grid of v1)     outside
    member     m1's login (v1/g1)          their own
    member2    m2's login (v2/g4)          someone else's

A new app adds its objects at the end of ``build_scene`` (``objs["key"] = obj``) and names the
key in its rows (``obj="key"``).
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from tests import factories as f

PDF = b"%PDF-1.7\n" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PERSONAS = (
    "anon",
    "admin",
    "county",
    "office",
    "office2",
    "leader",
    "sec",
    "sec2",
    "grid",
    "grid2",
    "member",
    "member2",
)
D = datetime.date
# The objects build_scene makes (a row's ``obj=`` names one).
SCENE_KEYS = frozenset(
    {
        "tree_node", "village", "grid", "party_group", "household", "member", "grid_staff", "central_household",
        "cadre", "assignment", "visit", "risk", "demand", "review",
        "problem_category", "problem", "problem_evidence",
        "star_criterion", "round", "branch_rating", "criterion_mark", "mark_evidence", "secretary",
        "secretary_appraisal", "secretary_record", "secretary_run", "secretary_rating", "star_notice",
        "rulebook", "point_rule", "threshold", "point_entry", "claim", "ranking", "ranking_notice",
        "report", "report_version", "render_job",
        "task_run", "file_job",
        "group_member", "key_task", "meeting", "minutes", "research_visit", "training", "training_material",
        "study_tour", "service_centre", "centre_photo", "question", "quiz",
        "income", "organisation", "contract", "claim_debt", "claim_entry", "asset", "system_kind",
        "village_system", "duty_item", "village_rule", "contract_document", "system_document", "rule_document",
    }
)  # fmt: skip


def _personas(w):
    return {
        "anon": None,
        "admin": f.UserFactory(username="t_admin", role=Role.ADMIN, is_superuser=True, is_staff=True),
        "county": f.UserFactory(username="t_county", role=Role.COUNTY),
        "office": f.UserFactory(username="t_office", role=Role.OFFICE, scope_node=w.t1, full_name="镇办公室甲"),
        "office2": f.UserFactory(username="t_office2", role=Role.OFFICE, scope_node=w.t2),
        "leader": f.UserFactory(username="t_leader", role=Role.LEADER, scope_node=w.t1),
        "sec": f.UserFactory(username="t_sec", role=Role.SECRETARY, scope_node=w.v1),
        "sec2": f.UserFactory(username="t_sec2", role=Role.SECRETARY, scope_node=w.v2),
        "grid": f.UserFactory(username="t_grid", role=Role.GRID, scope_node=w.g1),
        "grid2": f.UserFactory(username="t_grid2", role=Role.GRID, scope_node=w.g2),
        "member": f.UserFactory(username="t_member", role=Role.MEMBER, scope_node=w.v1, member=w.m1),
        "member2": f.UserFactory(username="t_member2", role=Role.MEMBER, scope_node=w.v2, member=w.m2),
    }


def build_scene():
    from tests.conftest import build_world

    w = build_world()
    users = _personas(w)
    objs = {
        "tree_node": w.v1,
        "village": w.v1,
        "grid": w.g1,
        "party_group": w.pg1,
        "household": w.h1,
        "member": w.m1,
    }
    objs["grid_staff"] = f.GridStaffFactory(grid=w.g1, name="周杰")
    objs["central_household"] = f.CentralHouseholdFactory(member=w.m1)
    f.link(objs["central_household"], w.h1)
    _visits(w, users, objs)
    _issues(w, users, objs)
    _stars(w, users, objs)
    _points(w, users, objs)
    _reports(w, users, objs)
    _core(w, users, objs)
    _worklog(w, users, objs)
    _economy(w, users, objs)
    assert set(objs) == SCENE_KEYS, set(objs) ^ SCENE_KEYS
    return SimpleNamespace(world=w, users=users, objs=objs)


def _visits(w, users, objs):
    from tests.visits.helpers import assign, demand, risk
    from township.models import RiskReview
    from township.services import FindingInput, review_save
    from visits.models import QuotaSetting, Visit

    QuotaSetting.objects.create(township=w.t1, households_each=12, visits_per_month=6, days_per_week=2)
    # The cadre is the office persona: contact households in v1 (g1) and in v2 (g4).
    cadre = users["office"]
    objs["cadre"] = cadre
    objs["assignment"] = assign(cadre, household=w.h1)
    assign(cadre, household=w.h4)
    visit = Visit(visitor=users["grid"], household=w.h1, visited_on=D(2026, 3, 2), findings="了解生产生活情况")
    visit.place_in_grid(w.g1)
    visit.photo.save("p.png", ContentFile(PNG), save=False)
    visit.save()
    objs["visit"] = visit
    objs["risk"] = risk(w.v1, found_on=D(2026, 3, 1))
    objs["demand"] = demand(w.v1, raised_on=D(2026, 3, 1))
    review = review_save(
        RiskReview(township=w.t1, held_on=D(2026, 3, 2), attendees="张书记"),
        [FindingInput(village=w.v1, findings="平稳", colour="green", reason="稳定")],
        today=D(2026, 3, 3),
    )
    objs["review"] = review


def _issues(w, users, objs):
    from issues.choices import Level
    from issues.models import ProblemEvidence
    from tests.issues.factories import CategoryFactory, ProblemFactory

    category = CategoryFactory(township=w.t1, name="理论学习")
    objs["problem_category"] = category
    problem = ProblemFactory(village=w.v1, level=Level.VILLAGE, category=category, responsible_user=None)
    objs["problem"] = problem
    evidence = ProblemEvidence(problem=problem, original_name="整改照片.pdf", kind="pdf", size=len(PDF))
    evidence.file.save("e.pdf", ContentFile(PDF), save=False)
    evidence.save()
    objs["problem_evidence"] = evidence


def _stars(w, users, objs):
    from stars import services
    from stars.choices import NoticeKind
    from stars.models import BranchRating, Criterion, MarkEvidence, SecretaryRecord, StarNotice

    today = D(2026, 2, 10)
    services.standard_load_defaults(w.t1, 2025)
    criteria = list(Criterion.objects.filter(township=w.t1, year=2025).order_by("order"))
    objs["star_criterion"] = criteria[0]
    found = services.round_open(w.t1, 2025, user=users["office"], today=today)
    objs["round"] = found
    rating = BranchRating.objects.get(round=found, village=w.v1)
    objs["branch_rating"] = rating
    needs = next(c for c in criteria if c.evidence_required)
    services.self_assess(
        rating, needs, met=True, uploads=[SimpleUploadedFile("会议记录.pdf", PDF)], user=users["sec"], today=today
    )
    objs["mark_evidence"] = MarkEvidence.objects.filter(mark__rating=rating).first()
    objs["criterion_mark"] = objs["mark_evidence"].mark  # a row of /r/branch_ratings/ (CriterionMark)
    from stars.models import Secretary, SecretaryAppraisal

    secretary = services.secretary_save(
        Secretary(village=w.v1, name="王建国", appointed_on=D(2016, 3, 1)), user=users["office"], today=today
    )
    objs["secretary"] = secretary
    objs["secretary_appraisal"] = services.appraisal_save(
        SecretaryAppraisal(secretary=secretary, year=2025, result="competent"), user=users["office"], today=today
    )
    objs["secretary_record"] = services.record_save(
        SecretaryRecord(secretary=secretary, kind="reward", level="county", on=D(2025, 5, 1), what="优秀党务工作者"),
        user=users["office"],
        today=today,
    )
    run = services.secretary_run_compute(w.t1, 2026, user=users["office"], today=today)
    objs["secretary_run"] = run
    objs["secretary_rating"] = run.ratings.get(secretary=secretary)
    notice = StarNotice(township=w.t1, kind=NoticeKind.BRANCHES, round=found, title="公示", rendered_at=timezone.now())
    notice.file.save("n.pdf", ContentFile(PDF), save=False)
    notice.save()
    objs["star_notice"] = notice


def _points(w, users, objs):
    from points.choices import ClaimStatus, PeriodKind, PointUse, ScopeKind
    from points.models import PointClaim, PointThreshold, RankingNotice, RankingSnapshot
    from tests.points.conftest import give, make_book

    rules = make_book(w.t1, pilots=[w.v1])
    objs["rulebook"] = rules.book
    objs["point_rule"] = rules.meeting
    objs["threshold"] = PointThreshold.objects.create(
        rule_book=rules.book, use=PointUse.HONOUR, label="优秀党员候选", period_kind=PeriodKind.YEAR, min_total=20
    )
    objs["point_entry"] = give(w.m1, rules.meeting, 2, day=D(2025, 3, 10))[0]
    claim = PointClaim(
        township=w.t1,
        village=w.v1,
        member=w.m1,
        item=rules.patrol,
        occurred_on=D(2025, 3, 12),
        description="森林防火巡逻",
        status=ClaimStatus.PENDING,
    )
    claim.evidence.save("c.pdf", ContentFile(PDF), save=False)
    claim.save()
    objs["claim"] = claim
    snapshot = RankingSnapshot.objects.create(
        township=w.t1,
        period_kind=PeriodKind.MONTH,
        period_start=D(2025, 3, 1),
        period_end=D(2025, 3, 31),
        scope_kind=ScopeKind.OVERALL,
    )
    objs["ranking"] = snapshot
    notice = RankingNotice(snapshot=snapshot, township=w.t1, title="积分榜公示")
    notice.file.save("r.pdf", ContentFile(PDF), save=False)
    notice.save()
    objs["ranking_notice"] = notice


def _reports(w, users, objs):
    from reports.models import RenderJob, ReportVersion
    from reports.rules import period_of
    from reports.services import report_for

    report = report_for(w.t1, period_of("month", D(2026, 1, 15)), user=users["office"])
    objs["report"] = report
    version = ReportVersion.objects.create(
        township=w.t1, report=report, number=1, figures={}, blocks=[], issued_by=users["office"]
    )
    version.pdf.save("v.pdf", ContentFile(PDF), save=True)
    objs["report_version"] = version
    job = RenderJob.objects.create(township=w.t1, report=report, requested_by=users["office"])
    job.pdf.save("j.pdf", ContentFile(PDF), save=True)
    objs["render_job"] = job


def _core(w, users, objs):
    from core.models import TaskRun

    objs["task_run"] = TaskRun.objects.create(task_id="t-1", task_name="issues.scan_overdue", township_id=w.t1.pk)
    from django.core.files.base import ContentFile

    from core.models import FileJob, FileJobKind, FileJobStatus

    job = FileJob.objects.create(
        kind=FileJobKind.EXPORT, register="households", user=users["office"], township_id=w.t1.pk,
        status=FileJobStatus.DONE, total=1, done=1, filename="户.xlsx",
    )  # fmt: skip
    job.file.save("export.xlsx", ContentFile(b"PK\x03\x04 stub"), save=True)
    objs["file_job"] = job


def _worklog(w, users, objs):
    from training import services as quiz_services
    from training.models import Question, Quiz
    from worklog.models import (
        CentrePhoto,
        GroupMember,
        KeyTask,
        Meeting,
        MeetingMinutes,
        ResearchVisit,
        ServiceCentre,
        StudyTour,
        Training,
        TrainingMaterial,
    )

    head = GroupMember.objects.create(township=w.t1, name="王强", post="镇党委书记", group_role="head")
    objs["group_member"] = head
    objs["key_task"] = KeyTask.objects.create(
        township=w.t1,
        village=w.v1,
        number="RW2026-0001",
        title="苇水村党群服务中心提档",
        focus="3",
        unit="村党支部",
        assigned_on=D(2026, 1, 5),
        deadline=D(2026, 12, 31),
    )
    meeting = Meeting.objects.create(
        township=w.t1,
        number="HY2026-0001",
        kind="party",
        held_on=D(2026, 3, 5),
        chair="王强",
        attendees="王强",
        topics="研究方案",
        decisions="完成网格划分",
    )
    objs["meeting"] = meeting
    minutes = MeetingMinutes(meeting=meeting, original_name="纪要.pdf", kind="pdf", size=len(PDF))
    minutes.file.save("m.pdf", ContentFile(PDF), save=True)
    objs["minutes"] = minutes
    visit = ResearchVisit.objects.create(
        township=w.t1,
        village=w.v1,
        number="DY2026-0001",
        visited_on=D(2026, 3, 6),
        person_times=1,
        purpose="调研",
        findings="活动记录不全",
    )
    visit.members.set([head])
    objs["research_visit"] = visit
    training = Training.objects.create(
        township=w.t1, number="PX2026-0001", held_on=D(2026, 3, 7), topic="政策解读", audience="cadres", trainer="讲师"
    )
    objs["training"] = training
    material = TrainingMaterial(training=training, original_name="课件.pdf", kind="pdf", size=len(PDF))
    material.file.save("t.pdf", ContentFile(PDF), save=True)
    objs["training_material"] = material
    objs["study_tour"] = StudyTour.objects.create(
        township=w.t1, number="GM2026-0001", toured_on=D(2026, 3, 8), participants="党政领导", sites="小召村"
    )
    centre = ServiceCentre.objects.create(township=w.t1, village=w.v1, status="built", year=2022)
    objs["service_centre"] = centre
    photo = CentrePhoto(centre=centre, original_name="中心.png", kind="png", size=len(PNG))
    photo.file.save("c.png", ContentFile(PNG), save=True)
    objs["centre_photo"] = photo
    objs["question"] = Question.objects.create(
        township=w.t1, code="TK0001", kind="single", text="网格长由谁担任？", options=["书记", "主任"], answer="A"
    )
    now = timezone.now()
    quiz = Quiz.objects.create(
        township=w.t1,
        title="应知应会",
        draw="fixed",
        question_count=1,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    quiz_services.quiz_publish(quiz)
    objs["quiz"] = quiz


def _economy(w, users, objs):
    from decimal import Decimal

    from economy import models as m
    from economy import services

    objs["income"] = m.CollectiveIncome.objects.create(township=w.t1, village=w.v1, year=2026, target=Decimal("10"))
    org = m.EconomicOrganisation.objects.create(township=w.t1, village=w.v1, code="N-T1V1", name="苇水村股份经济合作社")
    objs["organisation"] = org
    placed = {"township": w.t1, "village": w.v1, "organisation": org}
    objs["contract"] = m.Contract.objects.create(
        **placed, number="HT-1", counterparty="张三", subject="land", amount=Decimal("1000"), starts_on=D(2024, 1, 1)
    )
    owed = m.ClaimDebt.objects.create(
        **placed,
        number="ZW-1",
        kind="claim",
        party="李四",
        amount=Decimal("1000"),
        arose_on=D(2024, 1, 1),
        status="open",
    )
    objs["claim_debt"] = owed
    objs["claim_entry"] = services.entry_add(owed, amount=Decimal("100"), entry_on=D(2025, 1, 1), today=D(2025, 1, 2))
    objs["asset"] = m.Asset.objects.create(**placed, number="ZC-1", kind="resource", name="机动地")
    kind = m.SystemKind.objects.create(township=w.t1, name="“三重一大”")
    objs["system_kind"] = kind
    objs["village_system"] = m.VillageSystem.objects.create(
        township=w.t1, village=w.v1, system=kind, adopted_on=D(2025, 3, 1)
    )
    objs["duty_item"] = m.DutyItem.objects.create(
        township=w.t1,
        village=w.v1,
        kind="personalised",
        number=1,
        post="村党支部书记",
        content="事项",
        issued_on=D(2025, 3, 1),
    )
    objs["village_rule"] = m.VillageRule.objects.create(
        township=w.t1, village=w.v1, adopted_on=D(2025, 3, 1), articles=20
    )
    for key, model, entry in (
        ("contract_document", m.ContractDocument, objs["contract"]),
        ("system_document", m.SystemDocument, objs["village_system"]),
        ("rule_document", m.RuleDocument, objs["village_rule"]),
    ):
        document = model(**{model.entry_field: entry}, original_name="文件.pdf", kind="pdf", size=len(PDF))
        document.file.save("d.pdf", ContentFile(PDF), save=True)
        objs[key] = document
