"""Demo data of three-colour management: a year of weekly risk reviews (township- and village-level),
the colour decisions they made, and each village's risk ledger. Bulk inserts only; every random
choice comes from ctx.rng, every date from ctx.today."""

import datetime

from township.choices import Colour, ReviewLevel, RiskCategory, RiskLevel, RiskStatus
from township.models import ReviewFinding, Risk, RiskReview, VillageColour
from township.rules import colour_on

LEADERSHIP_TITLES = ("镇党委书记", "镇长", "党委副书记", "人大主席", "纪委书记", "组织委员", "宣传委员", "武装部长")
START_WEIGHTS = [(Colour.GREEN, 64), (Colour.YELLOW, 26), (Colour.RED, 10)]

FINDINGS = (
    "汛期临近，村内河道和低洼地段需加强巡查",
    "近期群众反映的饮水问题已协调水务站处理",
    "两户邻里纠纷经网格员调解，已签订调解协议",
    "独居老人冬季取暖安全需持续关注",
    "秋收期间秸秆焚烧防控压力较大",
    "村集体经济合同清查中发现一份合同未公示",
    "土地流转款发放进度滞后，群众有意见",
    "春季森林防火重点时段，进山路口已设卡",
    "危房改造户已全部入住，安全隐患消除",
    "外出务工返乡人员较多，矛盾纠纷排查已覆盖",
    "道路施工路段夜间照明不足，已设置警示标志",
    "村内小作坊消防设施不全，已责令整改",
)
REASONS = {
    Colour.GREEN: (
        "风险隐患已全部销号，群众合理诉求及时解决，转为稳定村，实行在线服务",
        "连续两个月无新增风险隐患，矛盾纠纷化解到位，调整为绿色",
        "班子运转良好，各项工作稳定推进，评定为绿色",
    ),
    Colour.YELLOW: (
        "汛期地质灾害隐患点增多，需定期开展一线服务，调整为黄色",
        "出现土地流转款纠纷苗头，列为关注村",
        "村内安全生产隐患尚未全部整改，需持续关注，评定为黄色",
    ),
    Colour.RED: (
        "发生群体性信访苗头，列为重点难点村，实行热线服务",
        "重大安全隐患未整改到位，班子力量薄弱，调整为红色",
        "矛盾纠纷集中，需镇领导包联专题研判，评定为红色",
    ),
}
RISK_TITLES = {
    RiskCategory.SAFETY: ("村内小作坊消防设施不全", "加油点周边违规堆放易燃物", "农用车辆违规载人"),
    RiskCategory.FIRE: ("山林边缘农户烧荒", "进山路口无人值守", "祭扫高峰期野外用火"),
    RiskCategory.DISPUTE: ("邻里宅基地边界纠纷", "家庭赡养纠纷", "土地承包地界争议"),
    RiskCategory.PETITION: ("土地流转款拖欠引发上访苗头", "征地补偿分配意见较大", "村务公开不及时群众质疑"),
    RiskCategory.DISASTER: ("河道淤堵汛期漫溢风险", "后山地质灾害隐患点", "村口桥涵排水不畅"),
    RiskCategory.HOUSING: ("独居老人居住危房", "自建房墙体开裂", "闲置校舍年久失修"),
    RiskCategory.TRAFFIC: ("村口急弯无警示标志", "通村公路边坡塌方", "学校门口无减速带"),
    RiskCategory.HEALTH: ("饮用水源周边养殖污染", "生活垃圾集中点清运不及时", "旱厕改造后化粪池渗漏"),
    RiskCategory.LIVELIHOOD: ("低保户因病返贫风险", "留守儿童无人监护", "重度残疾人护理不到位"),
    RiskCategory.OTHER: ("外来人员租住信息未登记", "废弃矿洞未封堵"),
}
CATEGORY_WEIGHTS = [
    (RiskCategory.SAFETY, 16), (RiskCategory.FIRE, 12), (RiskCategory.DISPUTE, 16), (RiskCategory.PETITION, 8),
    (RiskCategory.DISASTER, 10), (RiskCategory.HOUSING, 10), (RiskCategory.TRAFFIC, 8), (RiskCategory.HEALTH, 7),
    (RiskCategory.LIVELIHOOD, 10), (RiskCategory.OTHER, 3),
]  # fmt: skip
PLACES = ("东街", "西街", "后山", "河边", "村口")
MEASURES = (
    "已落实专人盯守，每周巡查一次",
    "已下发整改通知书，限期整改",
    "网格员每日走访，掌握动态",
    "已协调相关部门现场处置",
    "设置警示标志，加固防护设施",
    "组织调解，签订调解协议",
)


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _shift(rng, colour):
    """A colour one step away: green ↔ yellow ↔ red."""
    if colour == Colour.GREEN:
        return Colour.YELLOW
    if colour == Colour.RED:
        return Colour.YELLOW
    return Colour.GREEN if rng.random() < 0.6 else Colour.RED


def _mondays(start, end):
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    while day <= end:
        yield day
        day += datetime.timedelta(days=7)


def seed(ctx):
    rng = ctx.rng
    start, today = ctx.year_ago, ctx.today
    villages_of = {}
    for v in ctx.data["villages"]:
        villages_of.setdefault(v.parent_id, []).append(v)
    secretary_names = {v.pk: (v.secretary.name if v.secretary else ctx.person_name("M")) for v in ctx.data["villages"]}
    office = ctx.data.get("users", {}).get("office")

    leadership = {}
    reviews, plan = [], []  # plan: (review, [(village, findings, colour, reason)])
    history = {v.pk: [] for v in ctx.data["villages"]}
    for township in ctx.townships:
        names = [ctx.person_name("M" if rng.random() < 0.8 else "F") for _ in LEADERSHIP_TITLES]
        leadership[township.pk] = list(zip(LEADERSHIP_TITLES, names, strict=True))
        villages = villages_of.get(township.pk, [])
        current = {}
        for n, monday in enumerate(_mondays(start, today)):
            attendees = "、".join(rng.sample(names, k=rng.randint(5, len(names))) + ["党建办主任", "综治中心主任"])
            review = RiskReview(
                township_id=township.pk,
                level=ReviewLevel.TOWNSHIP,
                held_on=monday,
                attendees=attendees,
                summary=f"研判本周各村风险隐患{rng.randint(3, 12)}条，部署下周重点工作。",
                recorded_by=office if township is ctx.townships[0] else None,
            )
            rows = []
            chosen = villages if n == 0 else rng.sample(villages, k=min(len(villages), rng.randint(3, 6)))
            for village in chosen:
                if n == 0:
                    colour = _pick(rng, START_WEIGHTS)
                    rows.append((village, "首次三色评定", colour, rng.choice(REASONS[colour])))
                    current[village.pk] = colour
                    continue
                text = rng.choice(FINDINGS)
                if rng.random() < 0.12:
                    colour = _shift(rng, current[village.pk])
                    current[village.pk] = colour
                    rows.append((village, text, colour, rng.choice(REASONS[colour])))
                else:
                    rows.append((village, text, "", ""))
            reviews.append(review)
            plan.append((review, rows))
        # Village-level meetings every other Thursday: the secretary and the village's grid leaders.
        for village in villages:
            offset = village.pk % 2
            for k, monday in enumerate(_mondays(start, today - datetime.timedelta(days=3))):
                if k % 2 != offset:
                    continue
                review = RiskReview(
                    township_id=township.pk,
                    village_id=village.pk,
                    level=ReviewLevel.VILLAGE,
                    held_on=monday + datetime.timedelta(days=3),
                    attendees="、".join([secretary_names[village.pk]] + [ctx.person_name("M") for _ in range(3)]),
                    summary="村两委、网格长研判本村风险隐患。",
                )
                reviews.append(review)
                plan.append((review, [(village, rng.choice(FINDINGS), "", "")]))
    RiskReview.objects.bulk_create(reviews, batch_size=2000)

    findings = []
    for review, rows in plan:
        for village, text, colour, reason in rows:
            f = ReviewFinding(
                review=review,
                township_id=review.township_id,
                village=village,
                findings=text,
                colour=colour,
                reason=reason,
            )
            findings.append(f)
    ReviewFinding.objects.bulk_create(findings, batch_size=5000)
    colours = []
    for f in findings:
        if f.colour:
            colours.append(
                VillageColour(
                    township_id=f.township_id,
                    village_id=f.village_id,
                    colour=f.colour,
                    effective_from=f.review.held_on,
                    reason=f.reason,
                    finding=f,
                    decided_by=f.review.recorded_by,
                )
            )
            history[f.village_id].append((f.review.held_on, f.colour))
    VillageColour.objects.bulk_create(colours, batch_size=5000)

    # Risk ledgers: every village has one; red and yellow villages hold more.
    risks = []
    for township in ctx.townships:
        serial = {}
        rows = []
        for village in villages_of.get(township.pk, []):
            worst = {c for _, c in history[village.pk]}
            count = rng.randint(3, 8) + (6 if Colour.RED in worst else 0) + (3 if Colour.YELLOW in worst else 0)
            for _ in range(count):
                found = ctx.date_between(start, today)
                category = _pick(rng, CATEGORY_WEIGHTS)
                colour = colour_on(history[village.pk], found)
                level = (
                    RiskLevel.HIGH
                    if colour == Colour.RED and rng.random() < 0.4
                    else RiskLevel.MEDIUM
                    if rng.random() < 0.3
                    else RiskLevel.LOW
                )
                due = found + datetime.timedelta(days=rng.choice((15, 30, 30, 45, 60, 90)))
                status, closed = RiskStatus.OPEN, None
                if due < today and rng.random() < 0.9:
                    closed = min(
                        today, ctx.date_between(found + datetime.timedelta(days=3), due + datetime.timedelta(days=10))
                    )
                    status = RiskStatus.CLOSED
                elif due >= today and rng.random() < 0.3:
                    closed = ctx.date_between(found, today)
                    status = RiskStatus.CLOSED
                rows.append(
                    Risk(
                        township_id=township.pk,
                        village_id=village.pk,
                        title=rng.choice(RISK_TITLES[category]),
                        category=category,
                        level=level,
                        description=f"{village.name}{rng.choice(PLACES)}一带，{rng.choice(FINDINGS)}。",
                        found_by=rng.choice((secretary_names[village.pk], ctx.person_name("M"), ctx.person_name("F"))),
                        found_on=found,
                        measures=rng.choice(MEASURES),
                        responsible=secretary_names[village.pk] if rng.random() < 0.6 else ctx.person_name("M"),
                        deadline=due,
                        status=status,
                        closed_on=closed,
                    )
                )
        rows.sort(key=lambda r: (r.found_on, r.village_id))
        for risk in rows:
            year = risk.found_on.year
            serial[year] = serial.get(year, 0) + 1
            risk.number = f"FX{year}-{serial[year]:05d}"
        risks += rows
    Risk.objects.bulk_create(risks, batch_size=5000)

    ctx.data.update(
        colour_history=history,
        # Later seeders ask for a village's colour on a day without importing this app's rules.
        colour_on=lambda village_id, day: colour_on(history.get(village_id, []), day),
        leadership=leadership,
        risks=risks,
    )
