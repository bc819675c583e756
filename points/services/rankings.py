"""Rankings and snapshots: ``rankings_compute`` ranks a period with one INSERT … SELECT that sums the
entries, ranks with RANK() OVER (PARTITION BY …) and stores the rows, for every township and scope at
once; a draft is replaced, a published snapshot (公示) is frozen and corrected by a new version."""

import datetime
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from core import outbox
from core.locks import Lock, xact_lock
from places.models import Area
from points import rules
from points.choices import PeriodKind, ScopeKind, SnapshotStatus
from points.models import (
    RankingRow,
    RankingSnapshot,
)
from points.services.messages import (
    ALREADY_PUBLISHED,
    CORRECTION_NOTE_REQUIRED,
    FUTURE_PERIOD,
    NO_DRAFTS_IN_PERIOD,
    NO_RULE_BOOK_FOR_YEAR,
    NOT_DRAFT,
    NOT_LATEST,
    PERIOD_NOT_ENDED,
)

# --- rankings --------------------------------------------------------------------------------

ALL_SCOPES = (ScopeKind.OVERALL, ScopeKind.VILLAGE, ScopeKind.TIER)


ACTIONS = {
    "created": "已计算（草稿）",
    "replaced": "已重新计算（草稿已更新）",
    "corrected": "已生成更正版本（草稿）",
    "kept": "已公示，未重新计算",
    "skipped": "未计算",
}


@dataclass
class ComputeOutcome:
    """What computing one township's period did, for the command and the page to report."""

    township: Area
    snapshots: list
    action: str  # created, replaced, corrected, kept (published, not recomputed), skipped
    message: str = ""

    @property
    def done(self) -> bool:
        """Whether something was computed (kept and skipped are warnings to the user)."""
        return self.action not in ("kept", "skipped")

    @property
    def summary(self) -> str:
        text = f"{self.township.name}：{ACTIONS[self.action]}"
        return f"{text}（{self.message}）" if self.message else text


@dataclass
class SnapshotState:
    """What may happen to a snapshot now, by its state alone (the page adds who may do it)."""

    publishable: bool  # a draft whose period has ended
    correctable: bool  # the latest published version
    recomputable: bool  # a draft
    renderable: bool  # published: its notices can be rendered again


def snapshot_state(snapshot: RankingSnapshot, versions, *, today) -> SnapshotState:
    """The state rules of a snapshot among its ``versions`` (newest first, ``selectors.snapshot_versions``)."""
    latest_published = next((v for v in versions if v.is_published), None)
    is_draft = snapshot.status == SnapshotStatus.DRAFT
    return SnapshotState(
        publishable=is_draft and rules.period_has_ended(snapshot.period_kind, snapshot.period_start, today),
        correctable=latest_published is not None and latest_published.pk == snapshot.pk,
        recomputable=is_draft,
        renderable=snapshot.is_published,
    )


def _placeholders(values) -> tuple[str, list]:
    values = list(values)
    if not values:
        return "(NULL)", []
    return "(" + ", ".join(["%s"] * len(values)) + ")", values


RANKING_COLUMNS = "snapshot_id, member_id, township_id, village_id, tier, total, rank"


def ranking_query(*, snapshot_ids, township_ids, all_township_ids, pilot_village_ids, start, end, insert=True):
    """The ranking SQL and its parameters (``insert=False``: the bare SELECT, for benchmarks).

    One statement: the members the rule books cover with their totals over the period (the
    entries are summed from the index on township and day, once), ranked by RANK() over the
    township, over the township's villages and over its tiers, then written to each snapshot
    with the rank of its scope — so a township's three scopes, and every township of a county,
    come from one pass over the entries.
    Ties share a rank (1, 2, 2, 4). Members with no entries rank last with 0.
    """
    snapshots_in, snapshot_params = _placeholders(snapshot_ids)
    townships_in, township_params = _placeholders(township_ids)
    all_in, all_params = _placeholders(all_township_ids)
    pilots_in, pilot_params = _placeholders(pilot_village_ids)
    select = f"""
        WITH totals AS MATERIALIZED (
            SELECT m.id AS member_id, m.township_id, m.village_id, m.tier, COALESCE(s.total, 0) AS total
            FROM grids_member m
            LEFT JOIN (
                SELECT e.member_id, SUM(e.points) AS total
                FROM points_pointentry e
                WHERE e.township_id IN {townships_in} AND e.occurred_on >= %s AND e.occurred_on <= %s
                GROUP BY e.member_id
            ) s ON s.member_id = m.id
            WHERE m.township_id IN {townships_in}
              AND (m.township_id IN {all_in} OR m.village_id IN {pilots_in})
        ), ranked AS (
            SELECT x.*,
                   RANK() OVER (PARTITION BY x.township_id ORDER BY x.total DESC) AS overall_rank,
                   RANK() OVER (PARTITION BY x.township_id, x.village_id ORDER BY x.total DESC) AS village_rank,
                   RANK() OVER (PARTITION BY x.township_id, x.tier ORDER BY x.total DESC) AS tier_rank
            FROM totals x
        )
        SELECT t.id, r.member_id, r.township_id, r.village_id, r.tier, r.total,
               CASE t.scope_kind
                   WHEN 'village' THEN r.village_rank
                   WHEN 'tier' THEN r.tier_rank
                   ELSE r.overall_rank END AS rank
        FROM ranked r JOIN points_rankingsnapshot t ON t.township_id = r.township_id
        WHERE t.id IN {snapshots_in}
    """
    params = township_params + [start, end] + township_params + all_params + pilot_params + snapshot_params
    if not insert:
        return select, params
    sql = "INSERT INTO points_rankingrow (snapshot_id, member_id, township_id, village_id, tier, total, rank) " + select
    return sql, params


def _coverage(townships, start, end):
    """Which members a period's ranking covers: the townships whose rule book covers every village
    by the period's end, and the pilot villages of the others (``rules.rule_book_covers``).
    Returns (townships with a rule book, those ids, pilot village ids). One query."""
    townships_in, params = _placeholders(t.pk for t in townships)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT b.township_id, b.applies_to_all, b.all_from, p.area_id FROM points_rulebook b"
            " LEFT JOIN points_rulebook_pilot_villages p ON p.rulebook_id = b.id"
            f" WHERE b.township_id IN {townships_in} AND b.year = %s",
            [*params, start.year],
        )
        rows = cursor.fetchall()
    with_book, everyone, pilots = set(), set(), []
    for township_id, applies_to_all, all_from, village_id in rows:
        with_book.add(township_id)
        if isinstance(all_from, str):  # SQLite returns dates as text to a bare cursor
            all_from = datetime.date.fromisoformat(all_from)
        # A village that is no pilot is covered on the last day only once the book is rolled out.
        if rules.rule_book_covers(
            pilot_village_ids=(), applies_to_all=applies_to_all, all_from=all_from, village_id=0, on_date=end
        ):
            everyone.add(township_id)
        elif village_id is not None:
            pilots.append(village_id)
    return with_book, sorted(everyone), pilots


def _covered_counts(township_ids, all_ids, pilots) -> dict:
    """Members covered per township (every scope of a township ranks the same members). One query."""
    townships_in, township_params = _placeholders(township_ids)
    all_in, all_params = _placeholders(all_ids)
    pilots_in, pilot_params = _placeholders(pilots)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT township_id, COUNT(*) FROM grids_member WHERE township_id IN {townships_in}"
            f" AND (township_id IN {all_in} OR village_id IN {pilots_in}) GROUP BY township_id",
            township_params + all_params + pilot_params,
        )
        return dict(cursor.fetchall())


def _lock_rankings(township_ids) -> None:
    xact_lock(Lock.RANKINGS, township_ids)


def rankings_compute(
    *, period_kind, on_date, today, townships=None, scope_kinds=ALL_SCOPES, correction_note="", user=None
) -> list[ComputeOutcome]:
    """Compute and store the rankings of the period containing ``on_date``.

    For each township and scope: no snapshot yet → version 1 (draft); the latest is a draft →
    its rows are replaced (never a duplicate: one draft per period and scope is a constraint);
    the latest is published → kept as it is, unless ``correction_note`` is given, which makes a
    new draft version carrying the note (the published one is kept). Townships without a rule
    book for the year are skipped. A fixed number of queries, whatever the number of townships.
    """
    if period_kind not in PeriodKind.values:
        raise ValidationError(f"未知的榜单类型：{period_kind}")
    start, end = rules.period_bounds(period_kind, on_date)
    label = rules.period_label(period_kind, start)
    if start > today:
        raise ValidationError(FUTURE_PERIOD.format(label=label))
    townships = list(townships if townships is not None else Area.objects.townships().order_by("code"))
    township_ids = [t.pk for t in townships]
    outcomes: dict[int, ComputeOutcome] = {}
    with transaction.atomic():
        _lock_rankings(township_ids)
        books, all_ids, pilots = _coverage(townships, start, end)
        latest = {}
        for snap in RankingSnapshot.objects.filter(
            township_id__in=township_ids, period_kind=period_kind, period_start=start, scope_kind__in=scope_kinds
        ).order_by("version"):
            latest[(snap.township_id, snap.scope_kind)] = snap
        create, replace = [], []
        now = timezone.now()
        for township in townships:
            if township.pk not in books:
                outcomes[township.pk] = ComputeOutcome(
                    township, [], "skipped", NO_RULE_BOOK_FOR_YEAR.format(township=township.name, year=start.year)
                )
                continue
            action = "created"
            snaps = []
            for scope in scope_kinds:
                current = latest.get((township.pk, scope))
                if current is None:
                    snap = RankingSnapshot(
                        township=township,
                        period_kind=period_kind,
                        period_start=start,
                        period_end=end,
                        scope_kind=scope,
                        version=1,
                        note=correction_note,
                        computed_at=now,
                    )
                    create.append(snap)
                elif current.status == SnapshotStatus.DRAFT:
                    if correction_note:
                        current.note = correction_note
                    replace.append(current)
                    snap, action = current, "replaced" if action == "created" else action
                elif correction_note:
                    snap = RankingSnapshot(
                        township=township,
                        period_kind=period_kind,
                        period_start=start,
                        period_end=end,
                        scope_kind=scope,
                        version=current.version + 1,
                        note=correction_note,
                        computed_at=now,
                    )
                    create.append(snap)
                    action = "corrected"
                else:
                    snap, action = current, "kept"
                snaps.append(snap)
            outcomes[township.pk] = ComputeOutcome(
                township, snaps, action, ALREADY_PUBLISHED if action == "kept" else ""
            )
        targets = create + replace
        if targets:
            counts = _covered_counts(sorted({s.township_id for s in targets}), all_ids, pilots)
            for snap in targets:
                snap.member_count = counts.get(snap.township_id, 0)
                snap.computed_at = now
            # A snapshot's history starts when it is published; computing it is on the row itself.
            RankingSnapshot.objects.bulk_create(create)
            if replace:
                RankingSnapshot.objects.bulk_update(replace, ["member_count", "computed_at", "note"])
                RankingRow.objects.filter(snapshot_id__in=[s.pk for s in replace]).delete()
            ranked_townships = sorted({s.township_id for s in targets})
            query = partial(
                ranking_query,
                snapshot_ids=[s.pk for s in targets],
                township_ids=ranked_townships,
                all_township_ids=all_ids,
                pilot_village_ids=pilots,
                start=start,
                end=end,
            )
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql" and len(ranked_townships) > 1:
                    # PostgreSQL runs INSERT … SELECT without parallel workers; CREATE TABLE AS may
                    # use them, which matters when a period of the whole county sums a million entries.
                    select, params = query(insert=False)
                    cursor.execute(f"CREATE TEMPORARY TABLE points_ranked AS {select}", params)
                    cursor.execute(f"INSERT INTO points_rankingrow ({RANKING_COLUMNS}) SELECT * FROM points_ranked")
                    cursor.execute("DROP TABLE points_ranked")
                else:
                    cursor.execute(*query())
    return list(outcomes.values())


def ranking_publish(*, snapshot: RankingSnapshot, user, today) -> RankingSnapshot:
    """Publish (公示) a draft: it is frozen from now on, and its notices are rendered by Celery."""
    from points import tasks

    with transaction.atomic():
        snapshot = RankingSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        if snapshot.status != SnapshotStatus.DRAFT:
            raise ValidationError(NOT_DRAFT)
        if snapshot.period_end >= today:
            raise ValidationError(PERIOD_NOT_ENDED.format(label=snapshot.period_label))
        snapshot.status = SnapshotStatus.PUBLISHED
        snapshot.published_at = timezone.now()
        snapshot.published_by = user
        snapshot._change_reason = "公示"
        snapshot.save()
        # In the same transaction: published and its notice task, or neither (core.outbox).
        outbox.enqueue(tasks.ranking_notices_render, snapshot.pk, township_id=snapshot.township_id)
    return snapshot


def rankings_publish(*, snapshot: RankingSnapshot, user, today) -> list[RankingSnapshot]:
    """Publish (公示) a period in one step: every draft of ``snapshot``'s township and period (the
    township, village and tier rankings) together, or none of them. Published scopes stay as they
    are; each newly published snapshot's notices are rendered by Celery after the commit."""
    from points import tasks

    label = rules.period_label(snapshot.period_kind, snapshot.period_start)
    with transaction.atomic():
        drafts = list(
            RankingSnapshot.objects.select_for_update()
            .filter(
                township_id=snapshot.township_id,
                period_kind=snapshot.period_kind,
                period_start=snapshot.period_start,
                status=SnapshotStatus.DRAFT,
            )
            .order_by("scope_kind")
        )
        if not drafts:
            raise ValidationError(NO_DRAFTS_IN_PERIOD.format(label=label))
        if snapshot.period_end >= today:
            raise ValidationError(PERIOD_NOT_ENDED.format(label=label))
        now = timezone.now()
        for draft in drafts:
            draft.status = SnapshotStatus.PUBLISHED
            draft.published_at = now
            draft.published_by = user
            draft._change_reason = "公示"
            draft.save()
            outbox.enqueue(tasks.ranking_notices_render, draft.pk, township_id=draft.township_id)
    return drafts


def ranking_correct(*, snapshot: RankingSnapshot, note: str, user, today) -> RankingSnapshot:
    """Correct a published ranking: a new draft version with the note; the published one is kept."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": CORRECTION_NOTE_REQUIRED})
    snapshot = RankingSnapshot.objects.select_related("township").get(pk=snapshot.pk)
    if snapshot.status != SnapshotStatus.PUBLISHED:
        raise ValidationError(NOT_LATEST)
    newer = RankingSnapshot.objects.filter(
        township_id=snapshot.township_id,
        period_kind=snapshot.period_kind,
        period_start=snapshot.period_start,
        scope_kind=snapshot.scope_kind,
        version__gt=snapshot.version,
    )
    if newer.filter(status=SnapshotStatus.PUBLISHED).exists():
        raise ValidationError(NOT_LATEST)
    (outcome,) = rankings_compute(
        period_kind=snapshot.period_kind,
        on_date=snapshot.period_start,
        today=today,
        townships=[snapshot.township],
        scope_kinds=(snapshot.scope_kind,),
        correction_note=note,
        user=user,
    )
    return outcome.snapshots[0]
