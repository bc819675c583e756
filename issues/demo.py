"""Demo rectification ledgers: per township about 10 committee categories with 30 problems,
8 leadership-team categories with 25, and 5 categories with 10–20 problems in every village.

Statuses follow the dates: most problems past their deadline are closed (销号, with a note and a
verifier), some are still open and so overdue; some are kept up long-term (长期坚持) and some were
fixed on the spot (边查边改, with a photo). Bulk inserts with history; deterministic (ctx.rng, ctx.today).
"""

import datetime
import struct
import zlib
from collections import defaultdict

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from simple_history.utils import bulk_create_with_history

from core.evidence import EvidenceKind
from issues import rules
from issues.choices import Channel, Level, Status
from issues.models import Problem, ProblemCategory, ProblemEvidence

# category → [(problem description, measures)]; "{v}" is the village's name.
COMMITTEE = {
    "理论学习": [
        (
            "党委理论学习中心组学习计划执行不严格，个别专题学习流于形式",
            "制定年度学习计划，每月开展一次专题研讨，建立学习台账",
        ),
        ("对新思想新理论学用结合不够，指导基层治理实践不足", "围绕基层治理开展专题调研，形成调研成果转化清单"),
    ],
    "政治建设": [
        ("落实“第一议题”制度不够规范，会议记录不完整", "规范“第一议题”学习程序，建立会议记录审核制度"),
        ("对上级重大决策部署跟进落实督查不够及时", "建立重大部署落实台账，实行周调度、月通报"),
    ],
    "组织建设": [
        ("部分村党支部“三会一课”落实不经常", "开展“三会一课”专项督查，每季度通报一次"),
        ("发展党员把关不严，培养考察记录不完整", "规范发展党员程序，逐人核查培养考察材料"),
    ],
    "作风建设": [
        ("部分镇干部下村次数少，对村情民意掌握不深", "落实每周到村两天制度，实行下村签到和工作纪实"),
        ("文山会海问题仍然存在，基层负担较重", "精简会议文件，合并同类会议，控制发文数量"),
    ],
    "党风廉政": [
        ("“三资”管理监督不到位，个别村账目公开不及时", "开展村级财务专项审计，落实“四议两公开”"),
        ("廉政风险点排查不全面，防控措施针对性不强", "重新梳理廉政风险点，逐项制定防控措施"),
    ],
    "意识形态": [
        ("意识形态工作责任制落实不够，分析研判不经常", "每季度召开意识形态专题分析会，建立研判台账"),
        ("村级宣传阵地管理不规范，内容更新不及时", "统一规范村级宣传栏，明确专人定期更新"),
    ],
    "基层治理": [
        ("网格员队伍业务能力参差不齐，信息上报不及时", "开展网格员全员轮训，建立信息上报考核机制"),
        ("矛盾纠纷排查化解机制不健全，个别纠纷久拖未决", "建立矛盾纠纷周排查、月研判制度，实行销号管理"),
    ],
    "乡村振兴": [
        ("产业发展规划不够清晰，部分村缺乏主导产业", "编制村级产业发展规划，一村一策推进"),
        ("集体经济发展不平衡，薄弱村增收渠道单一", "通过资金注入、村企联建等方式帮扶薄弱村"),
    ],
    "为民服务": [
        ("便民服务事项办理时限较长，群众多跑路", "梳理便民服务事项清单，推行代办帮办"),
        ("群众反映问题回应不及时，跟踪反馈不到位", "建立群众诉求登记、办理、回访闭环机制"),
    ],
    "制度执行": [
        ("部分制度只停留在纸面上，执行督查不够", "开展制度执行情况专项检查，问题纳入考核"),
        ("重点任务清单动态更新不及时", "每月更新重点任务清单，明确责任人和时限"),
    ],
}
LEADERSHIP = {
    "理论武装": [("班子成员个人自学不够系统，学习笔记内容偏少", "制定个人学习计划，每季度交流学习体会")],
    "民主集中制": [
        ("班子会议研究问题时个别成员发言不充分", "严格执行末位表态制，会前充分酝酿"),
        ("“三重一大”事项集体决策程序不够规范", "修订“三重一大”决策制度，全程记录留痕"),
    ],
    "担当作为": [("面对信访难题存在等靠思想，主动攻坚不够", "实行领导包案，定期调度疑难信访事项")],
    "联系群众": [
        ("班子成员包联村走访次数不足，联系群众不够经常", "落实包联制度，每月至少入户走访一次并记录"),
        ("对红色管理村关注不够，一线服务不够深入", "班子成员定向包联红色管理村，每周到村研判"),
    ],
    "班子团结": [("班子成员之间批评与自我批评开展不够", "每半年召开一次谈心谈话会，开展相互批评")],
    "廉洁自律": [("对分管领域廉政风险提醒不够经常", "落实“一岗双责”，每季度开展廉政谈话")],
    "调查研究": [("调研成果转化不够，解决实际问题的举措不多", "形成调研问题清单，逐项明确解决措施和时限")],
    "工作落实": [("部分工作部署后跟踪问效不够，推进较慢", "建立督办台账，实行周调度、月通报")],
}
VILLAGE = {
    "组织生活": [
        ("{v}党支部“三会一课”记录不规范，主题党日内容单一", "规范会议记录，结合实际丰富主题党日内容"),
        ("{v}组织生活会批评与自我批评辣味不足", "会前开展谈心谈话，认真查摆问题"),
    ],
    "党员教育管理": [
        ("{v}流动党员联系不经常，参加组织生活少", "建立流动党员微信群，每月推送学习内容"),
        ("{v}部分年老党员学习参与度低", "送学上门，开展结对帮学"),
    ],
    "阵地建设": [
        ("{v}党群服务中心活动室漏雨，设施陈旧", "筹措资金维修房顶，更新桌椅设施"),
        ("{v}便民服务大厅标识不清，功能分区不合理", "重新规划功能分区，统一制作标识牌"),
    ],
    "集体经济": [
        ("{v}集体经济收入来源单一，增收渠道窄", "盘活闲置资产，发展特色种植项目"),
        ("{v}村集体资产底数不清，合同管理不规范", "开展合同清查，建立资产资源台账"),
    ],
    "村务公开": [("{v}村务公开栏内容更新不及时", "每月按时公开村务财务，设立意见箱")],
    "矛盾纠纷": [
        ("{v}群众反映邻里宅基地纠纷未及时调处", "组织调解委员会上门调解，跟踪回访"),
        ("{v}土地流转合同纠纷排查不到位", "逐户核查流转合同，依法规范签订"),
    ],
    "人居环境": [
        ("{v}村内垃圾清运不及时，部分巷道脏乱", "落实保洁员责任区，每周两次集中清运"),
        ("{v}村内路灯损坏多处，群众夜间出行不便", "排查损坏路灯，协调资金维修更换"),
    ],
    "便民服务": [
        ("{v}群众反映代办服务时间不固定", "公示代办员电话，实行坐班值守"),
        ("{v}独居老人帮扶措施落实不到位", "明确网格员包联独居老人，每周走访"),
    ],
    "网格管理": [("{v}网格员入户走访记录不全", "统一走访记录表，每周检查")],
    "三资管理": [("{v}村级财务票据审核把关不严", "严格执行村账镇管，实行票据双审")],
}
CAUSES = (
    "思想认识不到位，重视程度不够",
    "制度执行不严格，督促检查不够",
    "资金投入不足，基础条件薄弱",
    "工作方法简单，统筹推进不够",
    "责任分工不明确，跟踪问效不够",
    "群众工作经验不足，沟通不够经常",
)
# Prefixed to a description already used in the same ledger, so no two read the same.
QUALIFIERS = (
    "在专项行动推进中", "在重点任务落实中", "在服务群众过程中", "在日常管理中", "在对照检查中", "在督导检查中",
)  # fmt: skip
TOWNSHIP_TITLES = ("镇党委书记", "镇长", "党委副书记", "组织委员", "纪委书记", "宣传委员", "副镇长", "武装部长")
VERIFIERS = ("镇纪委", "组织委员", "镇党建办", "包村领导", "镇专项工作办公室")
CHANNEL_WEIGHTS = [
    (Channel.SELF_CHECK, 30),
    (Channel.PUBLIC, 25),
    (Channel.HIGHER, 15),
    (Channel.MUTUAL, 15),
    (Channel.VISIT, 10),
    (Channel.WEEKLY, 5),
]
SOURCE_REFS = {
    Channel.SELF_CHECK: "对照问题清单自查",
    Channel.PUBLIC: "群众座谈会征求意见",
    Channel.HIGHER: "县委督导组反馈",
    Channel.MUTUAL: "党员谈心谈话",
    Channel.VISIT: "包联干部入户走访",
    Channel.WEEKLY: "周例会风险隐患研判",
}


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _png() -> bytes:
    """A small real PNG (a green square), so demo evidence opens in a browser."""
    width = height = 16
    raw = b"".join(b"\x00" + b"\x2e\x7d\x32" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class _Builder:
    """Makes one township's problems from the category tables above."""

    def __init__(self, ctx, township, leaders):
        self.ctx = ctx
        self.rng = ctx.rng
        self.township = township
        self.leaders = leaders
        self.problems = []
        self.used = set()

    def add(self, *, level, village, category, pairs, responsible, user=None):
        rng, ctx = self.rng, self.ctx
        description, measures = rng.choice(pairs)
        name = village.name if village else ""
        base = description.format(v=name)
        variants = [base] + [f"{q}，{base}" for q in QUALIFIERS]
        description = next((d for d in variants if (village, d) not in self.used), base)
        self.used.add((village, description))
        # Most problems were gathered in the first months (对照检查阶段); some keep coming, a few today (so
        # the running month's report, however young, has problems found: its chart is not empty).
        early = ctx.year_ago + datetime.timedelta(days=120)
        roll = rng.random()
        if roll < 0.6:
            found = ctx.date_between(ctx.year_ago, early)
        elif roll < 0.61:
            found = ctx.today
        else:
            found = ctx.date_between(ctx.year_ago, ctx.today - datetime.timedelta(days=3))
        channel = _pick(rng, CHANNEL_WEIGHTS)
        problem = Problem(
            township_id=self.township.pk,
            village=village,
            level=level,
            channel=channel,
            source_ref=f"{found.month}月{SOURCE_REFS[channel]}" if rng.random() < 0.7 else "",
            category=category,
            description=description,
            cause=rng.choice(CAUSES),
            measures=measures,
            responsible=responsible,
            responsible_user=user,
            found_on=found,
        )
        self._set_status(problem)
        self.problems.append(problem)
        return problem

    def _set_status(self, p):
        rng, today = self.rng, self.ctx.today
        roll = rng.random()
        if roll < 0.10:  # 边查边改: fixed when found, closed the same day
            p.fixed_on_spot = True
            p.status = Status.DONE
            p.deadline = p.found_on
            p.closed_on = p.found_on
        elif roll < 0.22:  # kept up over time
            p.status = Status.ONGOING
            p.deadline = None if rng.random() < 0.5 else p.found_on + datetime.timedelta(days=rng.choice((90, 180)))
            p.result = "已建立长效机制，持续抓好落实" if rng.random() < 0.6 else ""
        else:
            p.deadline = p.found_on + datetime.timedelta(days=rng.choice((15, 30, 30, 45, 60, 90, 120)))
            if p.deadline < today:
                if rng.random() < 0.85:
                    p.status = Status.DONE
                    latest = min(p.deadline + datetime.timedelta(days=10), today)
                    p.closed_on = self.ctx.date_between(p.found_on, latest)
                else:
                    p.status = Status.IN_PROGRESS if rng.random() < 0.75 else Status.PENDING
            else:
                roll = rng.random()
                if roll < 0.25:
                    p.status = Status.DONE
                    p.closed_on = self.ctx.date_between(p.found_on, today)
                else:
                    p.status = Status.IN_PROGRESS if roll < 0.75 else Status.PENDING
        if p.status == Status.DONE:
            p.result = f"已按措施整改到位：{p.measures}"
            p.verified_by = rng.choice(VERIFIERS)
        p.overdue = rules.is_overdue(p.status, p.deadline, today)
        p.overdue_since = rules.overdue_since(p.deadline) if p.overdue else None


def _categories(township, names):
    return [ProblemCategory(township_id=township.pk, name=name, order=i + 1) for i, name in enumerate(names)]


def seed(ctx):
    rng = ctx.rng
    users = ctx.data.get("users", {})
    villages_of = defaultdict(list)
    for village in ctx.data["villages"]:
        villages_of[village.parent_id].append(village)

    names = list(COMMITTEE) + list(LEADERSHIP) + list(VILLAGE)
    categories = []
    for township in ctx.townships:
        categories += _categories(township, names)
    ProblemCategory.objects.bulk_create(categories, batch_size=2000)
    category_of = {(c.township_id, c.name): c for c in categories}

    problems = []
    for index, township in enumerate(ctx.townships):
        leaders = [(ctx.person_name("M" if rng.random() < 0.8 else "F"), title) for title in TOWNSHIP_TITLES]
        builder = _Builder(ctx, township, leaders)
        demo = index == 0
        office = users.get("office") if demo else None
        secretary = users.get("secretary") if demo else None
        grid_user = users.get("grid") if demo else None

        for level, table, count in ((Level.COMMITTEE, COMMITTEE, 30), (Level.LEADERSHIP, LEADERSHIP, 25)):
            for i in range(count + rng.randint(-2, 2)):
                category = list(table)[i % len(table)]
                name, title = rng.choice(leaders)
                builder.add(
                    level=level,
                    village=None,
                    category=category_of[(township.pk, category)],
                    pairs=table[category],
                    responsible=f"{name}（{title}）",
                    user=office if rng.random() < 0.3 else None,
                )
        for village in villages_of[township.pk]:
            chosen = rng.sample(list(VILLAGE), 5)
            secretary_name = village.secretary.name if village.secretary_id else ctx.person_name("M")
            own = secretary is not None and secretary.scope_node_id == village.pk
            for i in range(rng.randint(10, 20)):
                category = chosen[i % len(chosen)]
                user = None
                if own:
                    user = grid_user if grid_user is not None and rng.random() < 0.25 else secretary
                builder.add(
                    level=Level.VILLAGE,
                    village=village,
                    category=category_of[(township.pk, category)],
                    pairs=VILLAGE[category],
                    responsible=user.full_name if user is not None and user.full_name else secretary_name,
                    user=user,
                )
        # Codes: YYYY-NNNN in the order problems were found, per township and year.
        serial = defaultdict(int)
        for problem in sorted(builder.problems, key=lambda p: (p.found_on, p.level)):
            serial[problem.found_on.year] += 1
            problem.code = f"{problem.found_on.year}-{serial[problem.found_on.year]:04d}"
        problems += builder.problems

    bulk_create_with_history(problems, Problem, batch_size=2000, default_change_reason="演示数据")

    # One real photo, shared by the fixed-on-the-spot problems of the first township.
    photo = _png()
    first = ctx.townships[0].pk
    spot = [p for p in problems if p.fixed_on_spot and p.township_id == first]
    if spot:
        stored = default_storage.save(f"issues/evidence/{first}/demo-spot-photo.png", ContentFile(photo))
        uploader = users.get("office")
        evidence = [
            ProblemEvidence(
                problem=p,
                file=stored,
                original_name="现场整改照片.png",
                kind=EvidenceKind.PNG,
                size=len(photo),
                note="边查边改现场照片",
                uploaded_by=uploader,
            )
            for p in spot
        ]
        bulk_create_with_history(evidence, ProblemEvidence, batch_size=2000, default_change_reason="演示数据")
    ctx.data["problems"] = problems
