"""Demo data of the points domain: a rule book a year per township, a year of point entries,
events, claims, and the rankings of every period that ended, most of them published.

At county scale this is about 20,000 members and 1.5 million entries. The entries are generated
member by member in memory (respecting each tier's caps) and written with PostgreSQL COPY
(bulk_create in large batches elsewhere). The seeded bulk entries get no simple_history rows:
the history of a ledger row records who made it, and these were made by the seeder. Entries,
claims and corrections made through the services afterwards have their history as usual.
Notice PDFs are not rendered while seeding (seconds each); the ranking page has a button for it.
"""

import contextlib
import datetime
import io
import logging
import struct
import time
import zlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from grids.choices import MemberTier
from points import rules, services
from points.choices import ClaimStatus, EntrySource, PeriodKind, PointUse, ScopeKind, SnapshotStatus
from points.models import (
    PointClaim,
    PointEntry,
    PointEvent,
    PointThreshold,
    RankingSnapshot,
    RuleBook,
    RuleCategory,
    RuleItem,
    RuleItemTier,
)

logger = logging.getLogger(__name__)
ELDER, ORDINARY, MIGRANT, CADRE = MemberTier.ELDERLY, MemberTier.ORDINARY, MemberTier.MIGRANT, MemberTier.CADRE

# category, code, name, points, month cap, year cap, claimable, criteria, monthly rate per member
CATALOGUE = [
    ("组织生活", "ZZ01", "参加“三会一课”", 2, 8, None, False, "按时参加支部党员大会、党小组会、党课", 1.5),
    ("组织生活", "ZZ02", "参加主题党日活动", 2, 2, None, False, "每月主题党日，按实到登记", 0.0),
    ("组织生活", "ZZ03", "按时足额交纳党费", 1, 1, 12, False, "每月按时交纳", 0.95),
    ("组织生活", "ZZ04", "无故缺席组织生活", -2, None, 24, False, "无正当理由缺席一次扣2分", 0.05),
    ("学习教育", "XX01", "参加线上学习答题", 1, 10, None, True, "“学习强国”、党员在线答题", 1.0),
    ("森林防火", "SL01", "参加森林防火巡逻值守", 3, 12, None, False, "防火期巡山、卡口值守", 0.0),
    ("森林防火", "SL02", "及时报告火情隐患", 5, None, 20, True, "经核实的火情、隐患报告", 0.03),
    ("森林防火", "SL03", "违规野外用火", -10, None, None, False, "经查实一次扣10分", 0.002),
    ("疫情防控", "YQ01", "参与疫情防控值守", 3, 9, None, True, "卡点值守、核酸检测协助", 0.08),
    ("疫情防控", "YQ02", "宣传动员群众接种", 2, 4, None, True, "入户宣传动员", 0.05),
    ("安全生产", "AQ01", "参与安全隐患排查", 3, 6, None, True, "随村“两委”排查", 0.1),
    ("安全生产", "AQ02", "发现并报告安全隐患", 4, None, 16, True, "经核实的隐患报告", 0.03),
    ("乡村振兴", "XC01", "带头发展特色产业", 10, None, 30, True, "带动农户增收，村委认定", 0.02),
    ("乡村振兴", "XC02", "参与人居环境整治", 2, 8, None, True, "清理“三堆”、村庄保洁", 0.45),
    ("乡村振兴", "XC03", "结对帮扶困难群众", 3, 6, None, True, "每月入户帮扶", 0.12),
    ("志愿服务", "ZY01", "参加志愿服务活动", 2, 8, None, True, "新时代文明实践志愿服务", 0.6),
    ("志愿服务", "ZY02", "调解邻里纠纷", 3, 6, None, True, "成功调解一起", 0.06),
    ("先锋作用", "XF01", "受到县级以上表彰", 10, None, 20, False, "凭表彰文件", 0.004),
    ("纪律规矩", "JL01", "违反村规民约", -5, None, None, False, "经查实一次扣5分", 0.003),
]
# 分层量化: where a tier's points or caps differ from the item's.
TIER_OVERRIDES = {
    "ZZ01": {MIGRANT: {"cap_month": 4}},
    "XX01": {MIGRANT: {"points": 2}},
    "SL01": {ELDER: {"points": 2, "cap_month": 6}, MIGRANT: {"cap_month": 6}},
    "YQ01": {ELDER: {"points": 2}},
    "AQ01": {CADRE: {"cap_month": 9}},
    "XC01": {CADRE: {"cap_year": 40}},
    "XC02": {ELDER: {"points": 3}},
    "XC03": {CADRE: {"points": 4}},
    "ZY01": {ELDER: {"points": 3}},
}
# How active each tier is, relative to an ordinary rural member.
ACTIVITY = {ORDINARY: 1.0, CADRE: 1.35, ELDER: 0.6, MIGRANT: 0.35}
FIRE_MONTHS = (1, 2, 3, 4, 5, 10, 11, 12)
THRESHOLDS = [
    (PointUse.HONOUR, "优秀党员候选", PeriodKind.YEAR, 170),
    (PointUse.CREDIT, "AAA级信用", PeriodKind.YEAR, 180),
    (PointUse.CREDIT, "AA级信用", PeriodKind.YEAR, 140),
    (PointUse.CREDIT, "A级信用", PeriodKind.YEAR, 100),
    (PointUse.COOPERATIVE, "优先领办合作社", PeriodKind.YEAR, 190),
    (PointUse.CARE, "季度关怀激励", PeriodKind.QUARTER, 45),
    (PointUse.CARE, "月度关怀激励", PeriodKind.MONTH, 18),
]
COPY_COLUMNS = "township_id, village_id, member_id, item_id, occurred_on, points, source, note, event_id, created_at"


def seed(ctx):
    rng = ctx.rng
    townships = ctx.townships
    villages = ctx.data["villages"]
    members = ctx.data["members"]
    first_day, today = ctx.year_ago, ctx.today
    years = list(range(first_day.year, today.year + 1))

    # 1. Rule books: piloted in three villages of each township, then rolled out to all.
    villages_of = {}
    for village in villages:
        villages_of.setdefault(village.parent_id, []).append(village)
    books, pilots_of = [], {}
    for township in townships:
        pilots = [v for v in villages_of[township.pk] if not v.is_community][:3]
        pilots_of[township.pk] = pilots
        for year in years:
            books.append(
                RuleBook(
                    township=township,
                    year=year,
                    title=f"{township.name}农村党员干部积分制管理办法",
                    applies_to_all=True,
                    all_from=datetime.date(year, 7, 1) if year == years[0] else None,
                    preamble="为充分发挥党员在森林防火、疫情防控、安全生产、乡村振兴等重点工作中的带动作用，"
                    "对农村党员实行积分制管理、分层量化考核，积分实行月榜、季榜、年榜公示，"
                    "与评优评先、金融服务、领办合作社、党内激励关怀挂钩。",
                )
            )
    RuleBook.objects.bulk_create(books)
    RuleBook.pilot_villages.through.objects.bulk_create(
        [
            RuleBook.pilot_villages.through(rulebook_id=book.pk, area_id=v.pk)
            for book in books
            for v in pilots_of[book.township_id]
        ]
    )
    categories, items, tiers, thresholds = {}, [], [], []
    names = list(dict.fromkeys(row[0] for row in CATALOGUE))
    for book in books:
        for order, name in enumerate(names, start=1):
            categories[(book.pk, name)] = RuleCategory(rule_book=book, name=name, order=order)
    RuleCategory.objects.bulk_create(categories.values())
    for book in books:
        for order, (cat, code, name, points, cap_m, cap_y, claimable, criteria, _) in enumerate(CATALOGUE):
            items.append(
                RuleItem(
                    township_id=book.township_id,
                    rule_book=book,
                    category=categories[(book.pk, cat)],
                    code=code,
                    name=name,
                    points=points,
                    cap_month=cap_m,
                    cap_year=cap_y,
                    claimable=claimable,
                    criteria=criteria,
                    order=order,
                )
            )
        for use, label, kind, minimum in THRESHOLDS:
            thresholds.append(PointThreshold(rule_book=book, use=use, label=label, period_kind=kind, min_total=minimum))
    RuleItem.objects.bulk_create(items)
    PointThreshold.objects.bulk_create(thresholds)
    for item in items:
        for tier, values in TIER_OVERRIDES.get(item.code, {}).items():
            tiers.append(RuleItemTier(item=item, tier=tier, **values))
    RuleItemTier.objects.bulk_create(tiers)

    # Terms per (township, year, code, tier): the one rule (rules.effective_terms) decides.
    item_of, terms_of = {}, {}
    by_item = {}
    for t in tiers:
        by_item.setdefault(t.item_id, {})[t.tier] = t.as_terms()
    for item in items:
        key = (item.township_id, item.rule_book.year, item.code)
        item_of[key] = item.pk
        for tier in MemberTier.values:
            terms_of[(key, tier)] = rules.effective_terms(item.default_terms, by_item.get(item.pk, {}).get(tier))

    # 2. The months of the window, and which villages the rule book covers in each.
    months = []
    start = first_day.replace(day=1)
    while start <= today:
        end = rules.period_bounds(PeriodKind.MONTH, start)[1]
        months.append((start, max(start, first_day), min(end, today)))
        start = end + datetime.timedelta(days=1)
    book_of = {(b.township_id, b.year): b for b in books}
    pilot_ids = {t: {v.pk for v in vs} for t, vs in pilots_of.items()}

    def covered(member, day):
        book = book_of[(member.township_id, day.year)]
        return rules.rule_book_covers(
            pilot_village_ids=pilot_ids[member.township_id],
            applies_to_all=book.applies_to_all,
            all_from=book.all_from,
            village_id=member.village_id,
            on_date=day,
        )

    def day_in(lo, hi):
        return lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))

    # 3. Events: the monthly theme party day, and forest-fire patrols in the fire season.
    members_of = {}
    for m in members:
        members_of.setdefault(m.village_id, []).append(m)
    events, event_members = [], []
    for village in villages:
        local = members_of.get(village.pk, [])
        if not local:
            continue
        for index, (month, lo, hi) in enumerate(months):
            attendees = [m for m in local if m.tier != MIGRANT and rng.random() < 0.88]
            day = day_in(lo, hi)
            if attendees and covered(attendees[0], day):
                events.append(
                    PointEvent(
                        township_id=village.parent_id,
                        village_id=village.pk,
                        item_id=item_of[(village.parent_id, day.year, "ZZ02")],
                        title=f"{month.month}月主题党日",
                        occurred_on=day,
                        member_count=len(attendees),
                    )
                )
                event_members.append((index, "ZZ02", attendees))
            if month.month in FIRE_MONTHS:
                for _ in range(rng.choice((1, 1, 2))):
                    day = day_in(lo, hi)
                    able = [m for m in local if m.tier != MIGRANT]
                    crew = rng.sample(able, k=min(len(able), rng.randint(10, 22)))
                    if crew and covered(crew[0], day):
                        events.append(
                            PointEvent(
                                township_id=village.parent_id,
                                village_id=village.pk,
                                item_id=item_of[(village.parent_id, day.year, "SL01")],
                                title=f"{day.month}月{day.day}日森林防火巡逻",
                                occurred_on=day,
                                member_count=len(crew),
                            )
                        )
                        event_members.append((index, "SL01", crew))
    PointEvent.objects.bulk_create(events, batch_size=5000)
    planned = {}  # (member pk, month index) -> [(day, code, event id, source)]
    for event, (index, code, people) in zip(events, event_members, strict=True):
        for m in people:
            planned.setdefault((m.pk, index), []).append((event.occurred_on, code, event.pk, EntrySource.EVENT))

    # 4. Each member's own entries, month by month, within the tier's caps. Plain tuples and
    # precomputed lookups: this loop makes about 1.5 million entries at county scale.
    singles = [(row[1], row[8]) for row in CATALOGUE if row[8] > 0]
    codes = [code for code, _ in singles]
    cum, total = [], 0.0
    for _, rate in singles:
        total += rate
        cum.append(total)
    month_days = [[lo + datetime.timedelta(days=d) for d in range((hi - lo).days + 1)] for _, lo, hi in months]
    covered_months = {
        (v.pk, index)
        for v in villages
        for index, (_, _, hi) in enumerate(months)
        if members_of.get(v.pk) and covered(members_of[v.pk][0], hi)
    }
    terms = {(t, y, code, tier): value for ((t, y, code), tier), value in terms_of.items()}
    created = timezone.localtime(timezone.now()).strftime("%H:%M:%S%z")
    rows = []
    for pk, township_id, village_id, tier in [(m.pk, m.township_id, m.village_id, m.tier) for m in members]:
        activity = ACTIVITY[tier] * rng.uniform(0.55, 1.35)
        used_year = {}
        for index, days in enumerate(month_days):
            if (village_id, index) not in covered_months:
                continue
            count = int(total * activity * len(days) / 30.0 + rng.random())
            wanted = planned.get((pk, index), [])
            if count:
                picked = zip(rng.choices(days, k=count), rng.choices(codes, cum_weights=cum, k=count), strict=True)
                wanted = wanted + [(day, code, None, EntrySource.RECORD) for day, code in picked]
            used_month = {}
            for day, code, event_id, source in wanted:
                rule = terms[(township_id, day.year, code, tier)]
                in_month = used_month.get(code, 0)
                in_year = used_year.get((code, day.year), 0)
                capped = rule.cap_month is not None or rule.cap_year is not None
                if capped and rules.cap_problem(terms=rule, points=rule.points, used_month=in_month, used_year=in_year):
                    continue
                used_month[code] = in_month + rule.points
                used_year[(code, day.year)] = in_year + rule.points
                rows.append(
                    (
                        township_id,
                        village_id,
                        pk,
                        item_of[(township_id, day.year, code)],
                        day,
                        rule.points,
                        source,
                        event_id,
                    )
                )
    with bulk_loading("points_pointentry"):
        _write_entries(rows, created)
    ctx.data["point_entries"] = len(rows)

    # 5. Rankings of every period that ended in the window; all published but the latest month.
    snapshot_ids = []
    with bulk_loading("points_rankingrow"):
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
            for start in rules.ended_periods(kind, first_day, today):
                outcomes = services.rankings_compute(period_kind=kind, on_date=start, today=today, townships=townships)
                snapshot_ids += [s.pk for o in outcomes for s in o.snapshots]
    snapshots = RankingSnapshot.objects.filter(pk__in=snapshot_ids)
    latest_month = snapshots.filter(period_kind=PeriodKind.MONTH).order_by("-period_start").first()
    last = getattr(latest_month, "period_start", None)
    to_publish = snapshots.exclude(period_kind=PeriodKind.MONTH, period_start=last)
    to_publish.update(status=SnapshotStatus.PUBLISHED, published_at=timezone.now())

    # 6. A correction in the first township: an entry reversed after publication, a new version.
    users = ctx.data.get("users", {})
    office = users.get("office")
    published_months = list(
        snapshots.filter(township=townships[0], period_kind=PeriodKind.MONTH, scope_kind=ScopeKind.OVERALL).order_by(
            "-period_start"
        )[:2]
    )
    if office is not None and len(published_months) == 2:
        target = published_months[1]
        entry = (
            PointEntry.objects.filter(
                township=townships[0],
                occurred_on__gte=target.period_start,
                occurred_on__lte=target.period_end,
                source=EntrySource.RECORD,
                points__gt=0,
            )
            .select_related("member")
            .order_by("pk")
            .first()
        )
        if entry is not None:
            services.entry_reverse(recorder=office, entry=entry, reason="重复登记（演示）", today=today)
            services.ranking_correct(
                snapshot=target,
                note=f"撤销{entry.member.name}重复登记的1条积分记录后重新计算",
                user=office,
                today=today,
            )

    # 7. Claims in the demo secretary's village: pending, approved and rejected.
    _seed_claims(ctx, users)


@contextlib.contextmanager
def bulk_loading(table):
    """Bulk loading on PostgreSQL: drop the table's foreign keys and secondary indexes, load, then
    create the same indexes and add the same keys back.

    Django's foreign keys are deferred, so each loaded row would queue one check per key, run at
    commit — minutes for a million rows — and every index would be updated row by row. Building
    an index or validating a key over the loaded table is one pass each. The names and
    definitions come from the catalogue, so the schema ends as it began. A table with pending
    checks cannot be altered, so the checks queued so far (by earlier seeders too) run first.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        logger.info("积分演示数据：先执行此前积压的外键检查，用时 %.1f 秒", time.perf_counter() - started)
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = %s::regclass",
            [table],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = %s::regclass AND NOT x.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(f"ANALYZE {table}")


def _write_entries(rows, created_time):
    """COPY on PostgreSQL (about 1.5 million rows at county scale), bulk_create elsewhere."""
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        days = {}
        for township_id, village_id, member_id, item_id, day, points, source, event_id in rows:
            when = days.get(day)
            if when is None:
                when = days[day] = (day.isoformat(), f"{day.isoformat()} {created_time}")
            event = "\\N" if event_id is None else event_id
            buffer.write(f"{township_id}\t{village_id}\t{member_id}\t{item_id}\t{when[0]}\t{points}\t")
            buffer.write(f"{source}\t\t{event}\t{when[1]}\n")
        with connection.cursor() as cursor, cursor.copy(f"COPY points_pointentry ({COPY_COLUMNS}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        return
    now = timezone.now()
    batch = []
    for township_id, village_id, member_id, item_id, day, points, source, event_id in rows:
        batch.append(
            PointEntry(
                township_id=township_id,
                village_id=village_id,
                member_id=member_id,
                item_id=item_id,
                occurred_on=day,
                points=points,
                source=source,
                event_id=event_id,
                created_at=now,
            )
        )
        if len(batch) >= 20000:
            PointEntry.objects.bulk_create(batch, batch_size=2000)
            batch = []
    PointEntry.objects.bulk_create(batch, batch_size=2000)


def _png() -> bytes:
    """A tiny valid PNG (a 1×1 red pixel) standing in for a photo of the evidence."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\xc0\x20\x20"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _seed_claims(ctx, users):
    secretary, member_user = users.get("secretary"), users.get("member")
    if secretary is None or member_user is None or member_user.member_id is None:
        return
    village_id = secretary.scope_node_id
    village_members = [m for m in ctx.data["members"] if m.village_id == village_id][:8]
    today = ctx.today
    items = {
        i.code: i
        for i in RuleItem.objects.filter(township_id=village_members[0].township_id, rule_book__year=today.year)
    }
    stories = [
        ("ZY01", "参加村新时代文明实践站组织的敬老院志愿服务", ClaimStatus.PENDING),
        ("XC03", "本月两次入户帮扶低保户，帮助修缮院墙", ClaimStatus.PENDING),
        ("SL02", "巡山时发现坟地违规焚纸隐患并及时报告", ClaimStatus.APPROVED),
        ("AQ02", "发现村道边坡落石隐患并报告村委", ClaimStatus.APPROVED),
        ("XC01", "带动本组农户种植连翘", ClaimStatus.REJECTED),
    ]
    image = _png()
    for index, (code, story, status) in enumerate(stories):
        member = member_user.member if index == 0 else village_members[index % len(village_members)]
        day = max(today - datetime.timedelta(days=3 + index), today.replace(day=1))
        claim = PointClaim(
            township_id=member.township_id,
            village_id=member.village_id,
            member=member,
            item=items[code],
            occurred_on=day,
            description=story,
        )
        claim.evidence.save(f"evidence-{index + 1}.png", ContentFile(image), save=False)
        claim.save()
        try:
            if status == ClaimStatus.APPROVED:
                services.claim_approve(approver=secretary, claim=claim, today=today)
            elif status == ClaimStatus.REJECTED:
                services.claim_reject(approver=secretary, claim=claim, reason="材料不足以证明带动作用，请补充合作协议")
        except ValidationError:  # a cap already reached by the generated entries: leave it pending
            continue
