"""Demo data of the four key points: this year's and last year's collective income for every village (苇水, 九光 and
上郊 are the model villages where the township has them); one or two collective economic
organisations per village with a few dozen contracts, claims and debts with collections and
resolutions, and assets; the township's list of management systems and the villages that adopted
them; the township's and every village's duty lists (a few 差异化个性清单 items per village); and
village rules (村规民约) with an earlier version kept in some villages. Bulk inserts only; every
random choice comes from ctx.rng, every date from ctx.today (all dated at least a year back, so a
report for any recent period finds them)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from economy import rules
from economy.choices import (
    AssetKind,
    AssetStatus,
    ClaimKind,
    ContractStatus,
    ContractSubject,
    DutyKind,
    IncomeRoute,
)
from economy.models import (
    Asset,
    ClaimDebt,
    ClaimEntry,
    CollectiveIncome,
    Contract,
    DutyItem,
    EconomicOrganisation,
    EconomySettings,
    SystemKind,
    VillageRule,
    VillageSystem,
)

MODEL_HEADS = ("苇水", "九光", "上郊")
ROUTE_WEIGHTS = [
    (IncomeRoute.FUNDS, 35),
    (IncomeRoute.ASSETS, 35),
    (IncomeRoute.ENTERPRISE, 25),
    (IncomeRoute.OTHER, 5),
]
ROUTE_NOTES = {
    IncomeRoute.FUNDS: ("上级扶持资金入股光伏电站", "财政衔接资金建设冷库", "扶持资金入股农业合作社"),
    IncomeRoute.ASSETS: ("盘活闲置校舍对外出租", "清理收回机动地统一发包", "整合荒山荒坡发展经济林"),
    IncomeRoute.ENTERPRISE: ("与本镇煤业公司联建物业服务队", "与农业龙头企业共建育苗基地", "村企共建农产品加工厂"),
    IncomeRoute.OTHER: ("开展劳务服务增加收入",),
}
CENT = Decimal("0.01")


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _wan(rng, low, high) -> Decimal:
    return (Decimal(rng.randint(int(low * 100), int(high * 100))) / 100).quantize(CENT)


def _split(rng, total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` shares of whole cents that add up exactly."""
    cents = int(total * 100)
    cuts = sorted(rng.randint(0, cents) for _ in range(parts - 1))
    bounds = [0, *cuts, cents]
    return [Decimal(bounds[i + 1] - bounds[i]) / 100 for i in range(parts)]


SOURCES = ("operating", "contracting", "investment", "subsidy", "other")


def seed_incomes(ctx, villages_of):
    rng = ctx.rng
    year = ctx.today.year
    # Two months into the year a village has reported part of its income; by the autumn most.
    share = Decimal(min(max(ctx.today.timetuple().tm_yday / 365, 0.15), 1))
    rows = []
    for township in ctx.townships:
        villages = villages_of[township.pk]
        models = [v for v in villages if v.name.startswith(MODEL_HEADS)]
        if not models:
            models = villages[:3]
        for village in villages:
            model = village in models
            last = _wan(rng, 12, 60) if model else _wan(rng, 1.5, 16)
            weak = last < 5
            target = (last * Decimal(rng.choice(("1.10", "1.20", "1.30", "1.50" if weak else "1.15")))).quantize(CENT)
            if weak and target < 5:
                target = Decimal("5.00")
            reported = rng.random() < 0.9
            actual = (target * share * Decimal(rng.randint(70, 125)) / 100).quantize(CENT) if reported else None
            sources = _split(rng, actual, 5) if actual else [Decimal("0")] * 5
            route = _pick(rng, ROUTE_WEIGHTS)
            # Last year's row, closed (the whole year reported): the report of a period of last year
            # (the demo's first month) has its collective income figures too.
            earlier = (last / Decimal(rng.choice(("1.05", "1.10", "1.20")))).quantize(CENT)
            rows.append(
                CollectiveIncome(
                    township=township, village=village, year=year - 1, last_year=earlier,
                    target=(earlier * Decimal("1.10")).quantize(CENT), actual=last,
                    **dict(zip(SOURCES, _split(rng, last, 5), strict=True)),
                    route=route, route_note=rng.choice(ROUTE_NOTES[route]), to_lift=weak or earlier < 5,
                    model_village=model,
                )
            )  # fmt: skip
            rows.append(
                CollectiveIncome(
                    township=township,
                    village=village,
                    year=year,
                    last_year=last,
                    target=target,
                    actual=actual,
                    operating=sources[0],
                    contracting=sources[1],
                    investment=sources[2],
                    subsidy=sources[3],
                    other=sources[4],
                    route=route,
                    route_note=rng.choice(ROUTE_NOTES[route]),
                    to_lift=weak or rng.random() < 0.2,
                    model_village=model,
                )
            )
    CollectiveIncome.objects.bulk_create(rows, batch_size=2000)
    EconomySettings.objects.bulk_create([EconomySettings(township=t, weak_line=Decimal("5.00")) for t in ctx.townships])
    ctx.data["collective_incomes"] = rows


SUBJECTS = {
    ContractSubject.LAND: ("村东耕地", "河滩地", "机动地", "村南坡地", "果园地"),
    ContractSubject.BUILDING: ("原村委会旧址", "闲置校舍", "村集体仓库", "沿街门面房"),
    ContractSubject.FOREST: ("后山集体林", "北岭经济林"),
    ContractSubject.WATER: ("村西鱼塘", "灌溉水库"),
    ContractSubject.EQUIPMENT: ("村集体农机", "光伏设备"),
    ContractSubject.OTHER: ("村集体停车场",),
}
SUBJECT_WEIGHTS = [
    (ContractSubject.LAND, 50), (ContractSubject.BUILDING, 18), (ContractSubject.FOREST, 12),
    (ContractSubject.WATER, 8), (ContractSubject.EQUIPMENT, 7), (ContractSubject.OTHER, 5),
]  # fmt: skip
CONTRACT_PROBLEMS = ("合同期限超过法定年限", "承包费明显偏低", "未经村民代表会议表决", "合同要素不全", "长期拖欠承包费")
CLAIM_REASONS = {
    ClaimKind.CLAIM: ("拖欠承包费", "个人借款未还", "租赁费未缴", "工程保证金未退"),
    ClaimKind.DEBT: ("工程欠款", "向个人借款", "欠缴电费", "修路垫付款"),
}
COMPANIES = ("晋城市恒达建筑公司", "阳城县农机服务站", "县供电公司", "本村合作社", "县建筑安装公司")
ASSETS = {
    AssetKind.RESOURCE: (("集体耕地", "亩"), ("集体林地", "亩"), ("荒山荒坡", "亩"), ("水面", "亩")),
    AssetKind.OPERATING: (("沿街门面房", "平方米"), ("光伏电站", "处"), ("冷库", "处"), ("农机", "台")),
    AssetKind.NON_OPERATING: (
        ("村委会办公楼", "平方米"),
        ("文化广场", "处"),
        ("卫生室", "平方米"),
        ("党群服务中心", "处"),
    ),
}


def _date(ctx, start: datetime.date, end: datetime.date) -> datetime.date:
    return ctx.date_between(start, min(end, ctx.today))


def _yuan(rng, low, high) -> Decimal:
    return Decimal(rng.randint(low, high) * 100)


def seed_organisations(ctx, villages_of):
    rng = ctx.rng
    orgs = []
    for township in ctx.townships:
        for village in villages_of[township.pk]:
            for n in range(1 if rng.random() < 0.75 else 2):
                name = f"{village.name}股份经济合作社" if n == 0 else f"{village.name}第二股份经济合作社"
                checked = rng.random() < 0.85
                surveyed = checked and rng.random() < 0.85
                checked_on = _date(ctx, ctx.year_ago, ctx.today) if checked else None
                surveyed_on = _date(ctx, checked_on, ctx.today) if surveyed else None
                publicised_on = _date(ctx, surveyed_on, ctx.today) if surveyed and rng.random() < 0.85 else None
                orgs.append(
                    EconomicOrganisation(
                        township=township,
                        village=village,
                        code=f"N2{village.code}{n + 1}",
                        name=name,
                        contracts_checked=checked,
                        contracts_checked_on=checked_on,
                        debts_surveyed=surveyed,
                        debts_surveyed_on=surveyed_on,
                        publicised_on=publicised_on,
                    )
                )
    EconomicOrganisation.objects.bulk_create(orgs, batch_size=2000)
    ctx.data["economic_organisations"] = orgs
    return orgs


def seed_ledgers(ctx, orgs):
    rng = ctx.rng
    contracts, claims, assets = [], [], []
    serial = defaultdict(int)
    for org in orgs:
        for n in range(rng.randint(20, 35)):
            subject = _pick(rng, SUBJECT_WEIGHTS)
            starts = _date(ctx, datetime.date(ctx.today.year - 12, 1, 1), ctx.today - datetime.timedelta(days=30))
            status = _pick(rng, [(ContractStatus.COMPLIANT, 70), (ContractStatus.TO_FIX, 12),
                                 (ContractStatus.FIXED, 12), (ContractStatus.ENDED, 6)])  # fmt: skip
            area = (
                Decimal(rng.randint(50, 5000)) / 10
                if subject in (ContractSubject.LAND, ContractSubject.FOREST)
                else None
            )
            contracts.append(
                Contract(
                    township_id=org.township_id,
                    village_id=org.village_id,
                    organisation=org,
                    number=f"HT{org.village.code}-{n + 1:03d}",
                    counterparty=ctx.person_name("M") if rng.random() < 0.8 else rng.choice(COMPANIES),
                    subject=subject,
                    subject_name=rng.choice(SUBJECTS[subject]),
                    area=area,
                    amount=_yuan(rng, 20, 3000),
                    starts_on=starts,
                    deadline=starts + datetime.timedelta(days=365 * rng.choice((3, 5, 10, 15))),
                    status=status,
                    problems=rng.choice(CONTRACT_PROBLEMS)
                    if status in (ContractStatus.TO_FIX, ContractStatus.FIXED)
                    else "",
                )
            )
        for _n in range(rng.randint(6, 12)):
            kind = ClaimKind.CLAIM if rng.random() < 0.55 else ClaimKind.DEBT
            serial[org.township_id] += 1
            arose = _date(ctx, datetime.date(ctx.today.year - 8, 1, 1), ctx.year_ago)
            claims.append(
                ClaimDebt(
                    township_id=org.township_id,
                    village_id=org.village_id,
                    organisation=org,
                    number=f"ZW{arose.year}-{serial[org.township_id]:05d}",
                    kind=kind,
                    party=ctx.person_name("M") if rng.random() < 0.6 else rng.choice(COMPANIES),
                    reason=rng.choice(CLAIM_REASONS[kind]),
                    amount=_yuan(rng, 10, 2000) + Decimal(rng.randint(0, 99)),
                    arose_on=arose,
                )
            )
        for n in range(rng.randint(8, 15)):
            kind = rng.choice(list(AssetKind))
            name, unit = rng.choice(ASSETS[kind])
            assets.append(
                Asset(
                    township_id=org.township_id,
                    village_id=org.village_id,
                    organisation=org,
                    number=f"ZC{org.village.code}-{n + 1:03d}",
                    kind=kind,
                    name=name,
                    location=rng.choice(("村东", "村西", "村南", "村北", "村中")),
                    quantity=Decimal(rng.randint(1, 2000)),
                    unit=unit,
                    value=_yuan(rng, 50, 20000),
                    acquired_on=_date(ctx, datetime.date(ctx.today.year - 20, 1, 1), ctx.today),
                    status=rng.choice(list(AssetStatus)),
                )
            )
    entries = []
    for claim in claims:
        settled = Decimal("0")
        for _n in range(rng.choice((0, 0, 1, 1, 2, 3))):
            left = claim.amount - settled
            if left <= 0:
                break
            amount = left if rng.random() < 0.3 else (left * Decimal(rng.randint(10, 60)) / 100).quantize(rules.CENT)
            if amount <= 0:
                continue
            settled += amount
            entries.append((claim, _date(ctx, ctx.year_ago, ctx.today), amount))
        claim.settled = settled
        claim.status = rules.claim_status(claim.amount, settled)
    Contract.objects.bulk_create(contracts, batch_size=2000)
    ClaimDebt.objects.bulk_create(claims, batch_size=2000)
    Asset.objects.bulk_create(assets, batch_size=2000)
    ClaimEntry.objects.bulk_create(
        [
            ClaimEntry(
                claim=claim,
                township_id=claim.township_id,
                village_id=claim.village_id,
                kind=claim.kind,
                entry_on=day,
                amount=amount,
                note="现金收回" if claim.kind == ClaimKind.CLAIM else "协商减免、抵顶",
            )
            for claim, day, amount in entries
        ],
        batch_size=2000,
    )


# --- management systems, duty lists, village rules ----------------------------------------------

SYSTEMS = (
    "“三重一大”事项决策制度",
    "“四议两公开”工作法",
    "村级资金往来管理制度",
    "合同签订管理制度",
    "村务公开制度",
    "村级财务审批制度",
    "集体资产管理制度",
)
# The township's lists (no village): kind -> (post, content) items, numbered in order.
TOWNSHIP_LISTS = {
    DutyKind.DUTIES: (
        ("镇党委", "统筹推进全镇基层党组织建设，落实党建工作责任制"),
        ("镇政府", "指导村民委员会依法开展自治活动，规范村务管理"),
        ("镇经管站", "指导村集体经济组织清理合同、化解债务、收回资源"),
        ("镇综治中心", "组织开展矛盾纠纷排查化解和网格化服务管理"),
        ("镇民政办", "落实低保、特困供养等社会救助政策"),
        ("镇农业综合服务中心", "推进高标准农田建设和农业产业发展"),
    ),
    DutyKind.TASKS: (
        ("包村干部", "每月到所包村开展走访不少于4次"),
        ("镇经管站", "每季度对各村财务收支进行一次审核"),
        ("镇党委组织委员", "每半年组织一次村干部集中培训"),
        ("镇综治中心", "每月汇总各网格上报的问题并督办"),
        ("镇纪委", "每季度开展一次村级小微权力运行监督检查"),
    ),
    DutyKind.POSTS: (
        ("镇党委书记", "履行全镇党建工作第一责任人职责"),
        ("镇长", "负责全镇经济社会发展和政府日常工作"),
        ("包村领导", "指导所包村“两委”班子建设和重点工作推进"),
        ("包村干部", "落实驻村工作要求，收集反映群众诉求"),
        ("村党支部书记", "主持村党支部全面工作，落实“三会一课”制度"),
        ("村委会主任", "组织实施村民会议和村民代表会议决定事项"),
        ("村务监督委员会主任", "监督村务决策和公开、村级财务管理"),
    ),
    DutyKind.NEGATIVE: (
        ("村干部", "不得违规决策“三重一大”事项"),
        ("村干部", "不得截留挪用集体资金和惠农补贴"),
        ("村干部", "不得违规发包集体资产资源"),
        ("村干部", "不得优亲厚友办理低保等民生事项"),
        ("村干部", "不得在村级工程项目中谋取私利"),
        ("村干部", "不得推诿敷衍群众合理诉求"),
    ),
}
# A village's own items: its task list and its 差异化个性清单 (what only that village does).
VILLAGE_TASKS = (
    ("村党支部书记", "完成本年度集体经济增收目标"),
    ("村委会主任", "推进人居环境整治，保持村容整洁"),
    ("村会计", "按月公开村级财务收支"),
)
PERSONALISED = (
    ("村党支部书记", "牵头发展特色种植产业，带动群众增收"),
    ("村委会主任", "推进闲置校舍盘活利用"),
    ("村党支部副书记", "组织开展“红色代办”服务"),
    ("村委会委员", "负责光伏电站日常运维和收益管理"),
    ("村务监督委员会主任", "监督集体林地发包收益分配"),
    ("村党支部书记", "协调村企联建项目落地"),
    ("村委会委员", "负责乡村旅游接待和农家乐规范经营"),
    ("村妇联主席", "组织开展“美丽庭院”创建"),
    ("村党支部委员", "负责流动党员联系和管理"),
    ("村委会主任", "推进土地流转和规模经营"),
)


def _years_ago(ctx, low: int, high: int) -> datetime.date:
    """A day between ``high`` and ``low`` years before today (so at least ``low`` years back)."""
    start = ctx.today - datetime.timedelta(days=365 * high)
    return ctx.date_between(start, ctx.today - datetime.timedelta(days=365 * low))


def seed_systems(ctx, villages_of):
    rng = ctx.rng
    kinds = [
        SystemKind(township=township, name=name, order=n)
        for township in ctx.townships
        for n, name in enumerate(SYSTEMS, start=1)
    ]
    SystemKind.objects.bulk_create(kinds, batch_size=2000)
    by_township = defaultdict(list)
    for kind in kinds:
        by_township[kind.township_id].append(kind)
    rows = []
    for township in ctx.townships:
        for village in villages_of[township.pk]:
            for kind in by_township[township.pk]:
                # The first four systems nearly everywhere (the report names them); the others often.
                if rng.random() < (0.95 if kind.order <= 4 else 0.7):
                    rows.append(
                        VillageSystem(
                            township=township,
                            village=village,
                            system=kind,
                            adopted_on=_years_ago(ctx, 1, 5),
                            document=f"{village.name}〔{ctx.today.year - rng.randint(1, 5)}〕{rng.randint(1, 30)}号",
                        )
                    )
    VillageSystem.objects.bulk_create(rows, batch_size=2000)


def seed_duties(ctx, villages_of):
    rng = ctx.rng
    items = []
    for township in ctx.townships:
        issued = _years_ago(ctx, 1, 2)
        for kind, entries in TOWNSHIP_LISTS.items():
            for number, (post, content) in enumerate(entries, start=1):
                items.append(
                    DutyItem(
                        township=township,
                        village=None,
                        kind=kind,
                        number=number,
                        post=post,
                        content=content,
                        issued_on=issued,
                    )  # fmt: skip
                )
        for village in villages_of[township.pk]:
            issued = _years_ago(ctx, 1, 2)
            for number, (post, content) in enumerate(VILLAGE_TASKS, start=1):
                items.append(
                    DutyItem(
                        township=township,
                        village=village,
                        kind=DutyKind.TASKS,
                        number=number,
                        post=post,
                        content=content,
                        issued_on=issued,
                    )  # fmt: skip
                )
            for number, (post, content) in enumerate(rng.sample(PERSONALISED, rng.randint(2, 5)), start=1):
                items.append(
                    DutyItem(
                        township=township,
                        village=village,
                        kind=DutyKind.PERSONALISED,
                        number=number,
                        post=post,
                        content=content,
                        issued_on=issued,
                    )  # fmt: skip
                )
    DutyItem.objects.bulk_create(items, batch_size=2000)


def seed_rules(ctx, villages_of):
    """Nearly every village has its rules; about a third also keep an earlier, shorter version."""
    rng = ctx.rng
    rows = []
    for township in ctx.townships:
        for village in villages_of[township.pk]:
            if rng.random() < 0.06:
                continue  # not yet adopted: the report's 存在问题 names these villages
            current = _years_ago(ctx, 1, 4)
            articles = rng.randint(15, 40)
            if rng.random() < 0.35:
                earlier = current - datetime.timedelta(days=365 * rng.randint(3, 8))
                rows.append(
                    VillageRule(
                        township=township,
                        village=village,
                        adopted_on=earlier,
                        articles=max(8, articles - 8),
                        document=f"{village.name}村规民约（{earlier.year}年版）",
                    )  # fmt: skip
                )
            rows.append(
                VillageRule(
                    township=township,
                    village=village,
                    adopted_on=current,
                    articles=articles,
                    document=f"{village.name}村规民约（{current.year}年修订）",
                )  # fmt: skip
            )
    VillageRule.objects.bulk_create(rows, batch_size=2000)


def seed(ctx):
    villages_of = defaultdict(list)
    for village in ctx.data["villages"]:
        villages_of[village.parent_id].append(village)
    seed_incomes(ctx, villages_of)
    orgs = seed_organisations(ctx, villages_of)
    seed_ledgers(ctx, orgs)
    seed_systems(ctx, villages_of)
    seed_duties(ctx, villages_of)
    seed_rules(ctx, villages_of)
