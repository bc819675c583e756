"""Demo data of the work log: each township's leadership group and work office, a year of meetings,
research and guidance visits, trainings, two study tours, a key-task list with progress timelines,
and a service centre in every village. Bulk inserts only; every random choice comes from ctx.rng."""

import datetime
from collections import defaultdict

from worklog.choices import Audience, CentreStatus, Focus, GroupRole, MeetingKind, TaskStatus, TrainingKind, VisitKind
from worklog.models import (
    GroupMember,
    KeyTask,
    Meeting,
    ResearchVisit,
    ServiceCentre,
    StudyTour,
    TaskProgress,
    Training,
)
from worklog.services import overdue_state

GROUP = (
    ("镇党委书记", GroupRole.HEAD),
    ("镇长", GroupRole.HEAD),
    ("党委副书记", GroupRole.DEPUTY),
    ("组织委员", GroupRole.DEPUTY),
    ("纪委书记", GroupRole.MEMBER),
    ("宣传委员", GroupRole.MEMBER),
    ("武装部长", GroupRole.MEMBER),
    ("副镇长", GroupRole.MEMBER),
    ("人大主席", GroupRole.MEMBER),
    ("党建办主任", GroupRole.OFFICE_HEAD),
    ("党建办干事", GroupRole.OFFICE_STAFF),
    ("组织干事", GroupRole.OFFICE_STAFF),
    ("综治办干事", GroupRole.OFFICE_STAFF),
)
MEETING_TOPICS = {
    MeetingKind.PARTY: (
        "传达学习县委抓党建促基层治理能力提升专项行动动员部署会精神",
        "研究专项行动工作方案和重点任务清单",
        "听取各包联领导工作进展汇报，研究下步工作",
        "研究村级集体经济提升和“清化收”工作",
        "研究党员积分制管理办法试点推进",
    ),
    MeetingKind.PROGRESS: (
        "网格化治理专题推进会：三级网格队伍建设",
        "党群服务中心建设专题推进会",
        "评星定级工作专题推进会",
        "问题整改专题推进会：逐项对账销号",
    ),
    MeetingKind.DISPATCH: ("专项行动周调度：各村进度通报", "包联干部入户走访情况调度"),
    MeetingKind.OTHER: ("村党支部书记工作例会",),
}
DECISIONS = (
    "各包联领导本月内完成所包联村的入村调研",
    "党建办牵头，月底前完成网格党小组组长培训",
    "对推进缓慢的支部由工作专班到村指导",
    "各村党群服务中心功能室按标准设置到位",
    "问题整改台账每周更新一次，逾期问题专题通报",
)
VISIT_PURPOSES = (
    "调研网格党小组运行情况",
    "调研村集体经济发展思路",
    "了解党群服务中心建设进度",
    "调研党员积分制管理推行情况",
    "走访困难党员和群众，了解急难愁盼问题",
    "调研风险隐患排查化解情况",
)
GUIDANCE_PURPOSES = ("指导村支部规范“三会一课”记录", "指导网格划分和网格员队伍建设", "指导整改台账建立和销号")
FINDINGS = (
    "网格党小组活动记录不完整",
    "部分党员中心户联系群众不经常",
    "集体经济项目谋划不足，缺乏稳定收入来源",
    "党群服务中心功能室设置不全",
    "",
    "",
)
TRAININGS = (
    ("抓党建促基层治理能力提升专项行动政策解读", Audience.CADRES),
    ("网格化管理业务培训", Audience.VILLAGE),
    ("党员积分制管理实务培训", Audience.CADRES),
    ("镇机关干部履职能力提升培训", Audience.OFFICE),
    ("大学生专职村干专题培训", Audience.GRADUATES),
    ("农村党员冬训", Audience.MEMBERS),
    ("村级财务与“清化收”政策培训", Audience.VILLAGE),
    ("全科网格员入户走访规范培训", Audience.GRID),
)
TRAINERS = ("县委党校讲师", "镇党委书记", "县委组织部组织科", "镇党建办主任", "县纪委监委干部")
TASKS = {
    Focus.ONE: ("完善专项行动领导组和工作专班", "每月召开专题推进会"),
    Focus.TWO: ("完成三级网格队伍配备", "建立网格党小组并明确组长"),
    Focus.THREE: ("推进党群服务中心提档升级", "开展三支队伍专题培训", "落实镇村干部包联制度"),
    Focus.FOUR: ("各村建立风险隐患村情台账", "坚持周例会风险隐患分析研判"),
    Focus.FIVE: ("建立问题整改台账并逐项销号",),
    Focus.SIX: ("完成党支部初步评星", "完成党支部书记评星"),
    Focus.SEVEN: ("制定党员积分制管理办法", "试点村积分月榜公示"),
    Focus.EIGHT: ("村集体经济收入提升", "完成合同清查和债权债务摸底", "修订完善村规民约"),
}
UNITS = ("镇党建办", "镇综治办", "镇经管站", "镇党政办", "各村党支部")
FUNCTIONS = "便民服务室、党员活动室、图书阅览室"
SITES = ("小召村", "东关社区", "后庄村", "河头村", "县老干部综治办", "县盲人曲艺队")


class _Numbers:
    """Serial numbers per (prefix, year) within a township, as the services would allocate them."""

    def __init__(self):
        self.next = defaultdict(int)

    def __call__(self, prefix, day, width=4):
        key = (prefix, day.year)
        self.next[key] += 1
        return f"{prefix}{day.year}-{self.next[key]:0{width}d}"


def _days(ctx, every_days, jitter=3):
    day = ctx.year_ago + datetime.timedelta(days=ctx.rng.randint(0, every_days))
    while day <= ctx.today:
        yield day
        day += datetime.timedelta(days=max(1, every_days + ctx.rng.randint(-jitter, jitter)))


def seed(ctx):
    rng = ctx.rng
    users = ctx.data.get("users", {})
    villages_of = defaultdict(list)
    for village in ctx.data["villages"]:
        villages_of[village.parent_id].append(village)

    group_rows = []
    for township in ctx.townships:
        for order, (post, role) in enumerate(GROUP, start=1):
            group_rows.append(
                GroupMember(
                    township=township,
                    name=ctx.person_name("M" if rng.random() < 0.75 else "F"),
                    post=post,
                    group_role=role,
                    order=order,
                    phone=ctx.phone(),
                    joined_on=ctx.year_ago,
                )
            )
    # names must be unique in a township's group
    seen = set()
    for row in group_rows:
        while (row.township_id, row.name) in seen:
            row.name = ctx.person_name("M")
        seen.add((row.township_id, row.name))
    if users.get("leader") is not None:
        group_rows[0].user = users["leader"]
    GroupMember.objects.bulk_create(group_rows, batch_size=2000)
    group_of = defaultdict(list)
    for row in group_rows:
        group_of[row.township_id].append(row)

    meetings, visits, visit_members, trainings, tours, tasks, centres = [], [], [], [], [], [], []
    trained = []  # (training, members picked from the register): the 农村党员 trainings
    members_of = defaultdict(list)
    for member in ctx.data.get("members", []):
        members_of[member.township_id].append(member)
    for township in ctx.townships:
        number = _Numbers()
        group = group_of[township.pk]
        leaders = [m for m in group if m.group_role in (GroupRole.HEAD, GroupRole.DEPUTY, GroupRole.MEMBER)]
        villages = villages_of[township.pk]
        for kind, every in (
            (MeetingKind.PARTY, 16),
            (MeetingKind.PROGRESS, 30),
            (MeetingKind.DISPATCH, 21),
            (MeetingKind.OTHER, 60),
        ):
            for day in _days(ctx, every):
                meetings.append(
                    Meeting(
                        township=township,
                        number=number("HY", day),
                        kind=kind,
                        held_on=day,
                        chair=group[0].name if kind == MeetingKind.PARTY else rng.choice(group[:4]).name,
                        attendees="、".join(m.name for m in rng.sample(group, k=min(len(group), rng.randint(5, 10)))),
                        topics=rng.choice(MEETING_TOPICS[kind]),
                        decisions="\n".join(rng.sample(DECISIONS, k=rng.randint(1, 3))),
                    )
                )
        for day in _days(ctx, 3, jitter=2):
            guidance = rng.random() < 0.2
            purposes = GUIDANCE_PURPOSES if guidance else VISIT_PURPOSES
            who = rng.sample(leaders, k=rng.choice((1, 1, 1, 2, 2, 3)))
            visit = ResearchVisit(
                township=township,
                village=rng.choice(villages),
                number=number("DY", day),
                kind=VisitKind.GUIDANCE if guidance else VisitKind.RESEARCH,
                visited_on=day,
                person_times=len(who),
                purpose=rng.choice(purposes),
                findings=rng.choice(FINDINGS),
                lagging=guidance,
            )
            visits.append(visit)
            visit_members.append((visit, who))
        for day in _days(ctx, 14, jitter=4):
            topic, audience = rng.choice(TRAININGS)
            trainings.append(
                Training(
                    township=township,
                    number=number("PX", day),
                    held_on=day,
                    topic=topic,
                    kind=rng.choice(TrainingKind.values),
                    audience=audience,
                    trainer=rng.choice(TRAINERS),
                    place=rng.choice(("镇党群服务中心", "镇政府会议室", "线上")),
                    attendee_count=rng.randint(25, 180),
                )
            )
            pool = members_of[township.pk]
            if audience == Audience.MEMBERS and pool:
                # Attendees picked from the member register; the count also holds people not in it.
                picked = rng.sample(pool, k=min(len(pool), rng.randint(15, 40)))
                trainings[-1].attendee_count = len(picked) + rng.randint(0, 10)
                trained.append((trainings[-1], picked))
        for offset in (200, 40):
            day = ctx.today - datetime.timedelta(days=offset + rng.randint(0, 10))
            village_heads = "、".join(f"{v.name}党支部书记" for v in rng.sample(villages, k=min(3, len(villages))))
            tours.append(
                StudyTour(
                    township=township,
                    number=number("GM", day),
                    toured_on=day,
                    participants=f"党政领导、{village_heads}、驻村第一书记",
                    participant_count=rng.randint(15, 40),
                    sites="、".join(SITES[: rng.randint(3, len(SITES))]),
                    notes="学习网格化治理和党群服务中心运行的经验做法",
                )
            )
        for focus, titles in TASKS.items():
            for title in titles:
                assigned = ctx.year_ago + datetime.timedelta(days=rng.randint(0, 120))
                deadline = assigned + datetime.timedelta(days=rng.randint(60, 330))
                village = rng.choice(villages) if rng.random() < 0.25 else None
                progress = rng.choice((0, 20, 40, 60, 80, 100, 100))
                status = (
                    TaskStatus.DONE if progress == 100 else TaskStatus.IN_PROGRESS if progress else TaskStatus.PENDING
                )
                owner = rng.choice(leaders)
                done_on = None
                if status == TaskStatus.DONE:
                    done_on = min(ctx.today, assigned + datetime.timedelta(days=rng.randint(20, 200)))
                late = overdue_state(status, deadline, ctx.today)
                tasks.append(
                    KeyTask(
                        township=township,
                        village=village,
                        number=number("RW", assigned),
                        title=title if village is None else f"{village.name}：{title}",
                        focus=focus,
                        unit=rng.choice(UNITS),
                        responsible=owner.name,
                        responsible_user=owner.user,
                        assigned_on=assigned,
                        deadline=deadline,
                        status=status,
                        progress=progress,
                        progress_note="按计划推进" if progress else "",
                        done_on=done_on,
                        overdue=late,
                        overdue_since=deadline + datetime.timedelta(days=1) if late else None,
                    )
                )
        built_years = list(range(ctx.today.year - 6, ctx.today.year))
        high = set(v.pk for v in rng.sample(villages, k=min(2, len(villages))))
        for village in villages:
            if village.pk in high:
                status, year, high_standard = CentreStatus.BUILDING, ctx.today.year, True
            else:
                roll = rng.random()
                status = CentreStatus.BUILT
                if roll >= 0.8:
                    status = CentreStatus.BUILDING if roll < 0.9 else CentreStatus.PLANNED
                year = rng.choice(built_years) if status == CentreStatus.BUILT else ctx.today.year
                if status == CentreStatus.PLANNED:
                    year += 1
                high_standard = status == CentreStatus.BUILT and rng.random() < 0.15
            centres.append(
                ServiceCentre(
                    township=township,
                    village=village,
                    status=status,
                    high_standard=high_standard,
                    year=year,
                    floor_area=rng.randint(120, 600),
                    functions=FUNCTIONS + ("、新时代文明实践站" if rng.random() < 0.5 else ""),
                )
            )

    Meeting.objects.bulk_create(meetings, batch_size=2000)
    ResearchVisit.objects.bulk_create(visits, batch_size=2000)
    through = ResearchVisit.members.through
    through.objects.bulk_create(
        [through(researchvisit_id=v.pk, groupmember_id=m.pk) for v, who in visit_members for m in who],
        batch_size=5000,
    )
    Training.objects.bulk_create(trainings, batch_size=2000)
    attended = Training.attendees.through
    attended.objects.bulk_create(
        [attended(training_id=t.pk, member_id=m.pk) for t, picked in trained for m in picked], batch_size=5000
    )
    StudyTour.objects.bulk_create(tours, batch_size=2000)
    KeyTask.objects.bulk_create(tasks, batch_size=2000)
    updates = []
    for task in tasks:
        steps = [p for p in (20, 40, 60, 80, 100) if p <= task.progress]
        span = max(1, ((task.done_on or ctx.today) - task.assigned_on).days)
        for i, percent in enumerate(steps, start=1):
            day = task.assigned_on + datetime.timedelta(days=span * i // len(steps))
            updates.append(TaskProgress(task=task, on=min(day, ctx.today), percent=percent, note=f"完成{percent}%"))
    TaskProgress.objects.bulk_create(updates, batch_size=5000)
    ServiceCentre.objects.bulk_create(centres, batch_size=2000)
    ctx.data["group_members"] = group_rows
    ctx.data["meetings"] = len(meetings)
