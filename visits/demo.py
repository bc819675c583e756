"""Demo data of the contact system: cadre logins, contact assignments (村、网格、户 and 定向包联),
quota settings, a year of home visits, demands and problems, and today's flags.

Bulk inserts only; randomness from ctx.rng, dates from ctx.today. Most cadres keep their quota,
a few fall behind, so the "this month" page and the daily flags have something to show.
"""

import datetime
import itertools

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core.bulk import fast_bulk_create
from township.choices import Colour
from visits import services
from visits.choices import AssignmentKind, DemandKind, DemandSource, VisitTag
from visits.models import Assignment, Demand, QuotaSetting, Visit

FINDINGS = {
    "": (
        "家中生产生活正常，宣传了惠民政策",
        "了解春耕备耕情况，农资已备齐",
        "老人身体状况良好，子女每周回家探望",
        "询问家庭收入情况，务工收入稳定",
        "宣传森林防火和安全用电知识",
    ),
    VisitTag.URGENT: (
        "户主反映自来水管冬季冻裂，用水困难",
        "老人行动不便，急需办理高龄补贴",
        "家中孩子上学路途远，希望协调校车",
        "屋顶漏雨，急需维修",
    ),
    VisitTag.RISK: (
        "房屋后墙出现裂缝，存在安全隐患",
        "院内私拉电线，存在用电隐患",
        "与邻居因宅基地边界发生争执",
    ),
    VisitTag.POLICY: (
        "咨询医保缴费和报销政策，已现场解答",
        "咨询低保申请条件，已告知办理流程",
        "咨询土地确权证书办理进度",
    ),
    VisitTag.DISPUTE: ("家庭赡养问题有分歧，已初步调解",),
    VisitTag.LIVELIHOOD: ("希望得到养殖技术指导", "农产品销路不畅，希望帮助对接"),
    VisitTag.CARE: ("独居老人，送去米面油并检查取暖设施", "留守儿童学习情况良好，送去学习用品"),
}
TAG_WEIGHTS = [
    ("", 55),
    (VisitTag.URGENT, 8),
    (VisitTag.RISK, 5),
    (VisitTag.POLICY, 12),
    (VisitTag.DISPUTE, 3),
    (VisitTag.LIVELIHOOD, 9),
    (VisitTag.CARE, 8),
]
DEMAND_TITLES = (
    "申请维修村内道路路灯",
    "希望增设垃圾收集点",
    "反映灌溉水渠堵塞",
    "申请办理残疾人两项补贴",
    "希望协调农产品销售渠道",
    "反映村内广场健身器材损坏",
    "申请危房改造",
    "希望开设老年食堂",
)
RESOLUTIONS = ("已协调有关部门解决", "已现场处理完毕，群众满意", "已纳入村级项目并完成", "已办结并回访")
VISIT_COLUMNS = (
    "id", "township_id", "village_id", "grid_id", "visitor_id", "household_id", "visited_on", "findings", "tags",
    "photo", "created_at",
)  # fmt: skip
# Share of the monthly quota each kind of cadre usually reaches (a few fall behind).
PACE = [(1.3, 35), (1.15, 40), (0.85, 12), (0.6, 9), (0.3, 4)]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _months(start, end):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def seed(ctx):
    rng = ctx.rng
    start, today = ctx.year_ago, ctx.today
    villages_of, grids_of, households_of_grid, households_of_village = {}, {}, {}, {}
    for v in ctx.data["villages"]:
        villages_of.setdefault(v.parent_id, []).append(v)
    for g in ctx.data["grids"]:
        grids_of.setdefault(g.parent_id, []).append(g)
    for h in ctx.data["households"]:
        households_of_grid.setdefault(h.grid_id, []).append(h)
        households_of_village.setdefault(h.village_id, []).append(h)
    colour_on = ctx.data.get("colour_on", lambda village_id, day: None)
    leadership = ctx.data.get("leadership", {})
    demo_users = ctx.data.get("users", {})

    # 1. Quotas (one township of a county asks for more visits).
    quotas = [
        QuotaSetting(township=t, households_each=10, visits_per_month=8 if i % 5 else 10, days_per_week=2)
        for i, t in enumerate(ctx.townships)
    ]
    QuotaSetting.objects.bulk_create(quotas)
    quota_of = {q.township_id: q for q in quotas}

    # 2. Cadre logins: leadership members, town cadres, village cadres and grid members.
    template = User()
    template.set_password(ctx.password)
    users, plans = [], []  # plans: (user, kind, villages, grid or None)
    for t_index, township in enumerate(ctx.townships):
        villages = villages_of.get(township.pk, [])
        prefix = township.code.lower()
        for i, (_title, name) in enumerate(leadership.get(township.pk, [])):
            u = User(username=f"{prefix}-ld{i + 1}", full_name=name, role=Role.LEADER, scope_node=township)
            users.append(u)
            mine = villages[i :: max(1, len(leadership[township.pk]))]
            plans.append((u, AssignmentKind.LEADERSHIP, mine, None))
        for i in range(max(1, len(villages) // 2)):
            u = User(
                username=f"{prefix}-zg{i + 1}", full_name=ctx.person_name("M"), role=Role.OFFICE, scope_node=township
            )
            users.append(u)
            plans.append((u, AssignmentKind.CONTACT, villages[2 * i : 2 * i + 2] or villages[:1], None))
        for v_index, village in enumerate(villages):
            # In the first village the demo logins "secretary" and "grid" play the first cadre and grid member.
            first = t_index == 0 and v_index == 0 and "secretary" in demo_users
            for k in range(1 if first else 0, 2):
                name = village.secretary.name if k == 0 and village.secretary else ctx.person_name("M")
                u = User(
                    username=f"{prefix}-v{v_index + 1}c{k + 1}", full_name=name, role=Role.SECRETARY, scope_node=village
                )
                users.append(u)
                plans.append((u, AssignmentKind.CONTACT, [village], None))
            for g_index, grid in enumerate(grids_of.get(village.pk, [])):
                if first and g_index == 0:
                    continue
                u = User(
                    username=f"{prefix}-v{v_index + 1}g{g_index + 1}",
                    full_name=ctx.person_name("M" if rng.random() < 0.6 else "F"),
                    role=Role.GRID,
                    scope_node=grid,
                )
                users.append(u)
                plans.append((u, AssignmentKind.CONTACT, [village], grid))
        if t_index == 0:
            # The demo logins of seed_demo take part too.
            for username in ("office", "leader", "secretary", "grid"):
                u = demo_users.get(username)
                if u is None:
                    continue
                node = u.scope_node
                if node.kind == "township":
                    plans.append((u, AssignmentKind.CONTACT, villages[:1], None))
                elif node.kind == "village":
                    plans.append((u, AssignmentKind.CONTACT, [node], None))
                else:
                    plans.append((u, AssignmentKind.CONTACT, [node.parent], node))
    for u in users:
        u.password = template.password
    User.objects.bulk_create(users, batch_size=2000)

    # 3. Assignments: village (or grid) level, then 8–14 households each; leadership to villages.
    assignments, contact_homes = [], {}
    for user, kind, villages, grid in plans:
        begun = start if rng.random() < 0.9 else ctx.date_between(start, today - datetime.timedelta(days=60))
        for village in villages:
            assignments.append(
                Assignment(
                    cadre=user,
                    kind=kind,
                    township_id=village.parent_id,
                    village_id=village.pk,
                    grid_id=grid.pk if grid else None,
                    start_on=begun,
                )
            )
        if kind == AssignmentKind.LEADERSHIP:
            continue
        pool = list(households_of_grid.get(grid.pk, [])) if grid else []
        for village in villages:
            if not grid:
                pool += households_of_village.get(village.pk, [])
        homes = rng.sample(pool, k=min(len(pool), rng.choice((8, 10, 10, 11, 12, 12, 14))))
        for h in homes:
            assignments.append(
                Assignment(
                    cadre=user,
                    kind=kind,
                    township_id=h.township_id,
                    village_id=h.village_id,
                    grid_id=h.grid_id,
                    household=h,
                    start_on=begun,
                )
            )
        contact_homes[user.pk] = (homes, pool, begun)
    fast_bulk_create(Assignment, assignments)

    # 4. A year of visits: clustered on a couple of village days a week, mostly to assigned households.
    # Written as plain rows (COPY on PostgreSQL): a county holds some 300,000 of them.
    rows, urgent, seen, calendar = [], [], set(), {}
    next_id = (Visit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = timezone.now()
    tags, cum_tags = zip(*TAG_WEIGHTS, strict=True)
    cum_tags = list(itertools.accumulate(cum_tags))
    months = list(_months(start, today))
    for user, kind, villages, _grid in plans:
        if kind == AssignmentKind.LEADERSHIP or user.pk not in contact_homes:
            continue
        homes, pool, begun = contact_homes[user.pk]
        if not pool:
            continue
        quota = quota_of.get(villages[0].parent_id)
        pace = _pick(rng, PACE)
        for month in months:
            last = min(today, (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1))
            first = max(month, begun)
            if first > last:
                continue
            span = (last - first).days + 1
            share = span / ((month + datetime.timedelta(days=32)).replace(day=1) - month).days
            n = max(0, round(quota.visits_per_month * pace * share * rng.uniform(0.9, 1.2)))
            # Days in the village: about the weekly quota (a little more for the diligent), each with a visit.
            wanted = round(quota.days_per_week * span / 7 * min(pace, 1.15) * rng.uniform(1.0, 1.2))
            if (first, span) not in calendar:
                calendar[(first, span)] = [first + datetime.timedelta(days=i) for i in range(span)]
            days = rng.sample(calendar[(first, span)], k=max(1, min(span, wanted)))
            for i in range(max(n, len(days) if pace >= 0.9 else 0)):
                day = days[i] if i < len(days) else rng.choice(days)
                home = rng.choice(homes) if homes and rng.random() < 0.85 else rng.choice(pool)
                key = (home.id, user.id, day)
                if key in seen:
                    continue
                seen.add(key)
                tag = rng.choices(tags, cum_weights=cum_tags)[0]
                findings = rng.choice(FINDINGS[tag])
                row = (next_id, home.township_id, home.village_id, home.grid_id, user.id, home.id, day, findings, tag)
                rows.append((*row, "", now))
                if tag == VisitTag.URGENT:
                    urgent.append((next_id, home, user, day, findings))
                next_id += 1
    _insert_rows(Visit, VISIT_COLUMNS, rows)

    # 5. Demands: urgent problems found on visits (more in yellow and red villages) and public demands.
    demands = []
    resolvers = {}
    for user, kind, villages, _grid in plans:
        if kind != AssignmentKind.LEADERSHIP:
            for v in villages:
                resolvers.setdefault(v.pk, []).append(user)
    for visit_id, home, user, day, findings in urgent:
        colour = colour_on(home.village_id, day)
        if rng.random() > (0.9 if colour in (Colour.YELLOW, Colour.RED) else 0.5):
            continue
        found = {"id": visit_id, "home": home, "user": user, "findings": findings}
        demands.append(_demand(ctx, DemandKind.PROBLEM, DemandSource.VISIT, day, found, resolvers))
    for village in ctx.data["villages"]:
        for month in months:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                raised = ctx.date_between(month, min(today, month + datetime.timedelta(days=27)))
                source = rng.choice((DemandSource.PUBLIC, DemandSource.HOTLINE, DemandSource.MEETING))
                demands.append(_demand(ctx, DemandKind.DEMAND, source, raised, None, resolvers, village=village))
    by_township = {}
    for d in sorted(demands, key=lambda d: (d.raised_on, d.village_id)):
        serial = by_township.setdefault((d.township_id, d.raised_on.year), [0])
        serial[0] += 1
        d.number = f"SQ{d.raised_on.year}-{serial[0]:05d}"
    fast_bulk_create(Demand, demands)

    # 6. Today's flags, as the daily job would write them.
    services.flags_refresh(day=today)
    ctx.data.update(cadres=users, assignments=assignments, visit_count=len(rows), demands=demands)


def _insert_rows(model, columns, rows):
    """Insert plain rows (``columns`` are the table's columns): COPY on PostgreSQL, else bulk_create.
    Ids are given, so the id sequence is moved past them afterwards."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def _demand(ctx, kind, source, raised, visit, resolvers, village=None):
    rng = ctx.rng
    if visit is not None:
        home = visit["home"]
        village_id, township_id, grid_id, household = home.village_id, home.township_id, home.grid_id, home
        title = visit["findings"]
        raised_by = home.name if kind == DemandKind.DEMAND else visit["user"].full_name
    else:
        village_id, township_id, grid_id, household = village.pk, village.parent_id, None, None
        title = rng.choice(DEMAND_TITLES)
        raised_by = ctx.person_name("M" if rng.random() < 0.6 else "F")
    responsible_user = rng.choice(resolvers.get(village_id, [None]))
    assigned = raised + datetime.timedelta(days=rng.randint(0, 3))
    resolved = raised + datetime.timedelta(days=rng.randint(2, 40))
    solved = resolved <= ctx.today and rng.random() < 0.88
    d = Demand(
        kind=kind,
        source=source,
        township_id=township_id,
        village_id=village_id,
        grid_id=grid_id,
        household=household,
        visit_id=visit["id"] if visit else None,
        title=title[:200],
        details=title,
        raised_by=raised_by,
        raised_on=raised,
        responsible_user=responsible_user if assigned <= ctx.today else None,
        assigned_on=assigned if assigned <= ctx.today and responsible_user else None,
        resolved_on=resolved if solved else None,
        resolution=rng.choice(RESOLUTIONS) if solved else "",
    )
    d.refresh_status()
    return d
