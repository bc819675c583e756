"""Notices (公示文件): the PDFs of a published ranking, one per township or per village."""

from collections import defaultdict
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from grids.choices import MemberTier
from points import rules
from points.choices import ScopeKind, SnapshotStatus
from points.models import (
    RankingNotice,
    RankingSnapshot,
)

# --- notices ---------------------------------------------------------------------------------


def notice_title(snapshot: RankingSnapshot, place_name: str) -> str:
    kind = snapshot.get_period_kind_display()
    return f"{place_name}党员积分{kind}公示（{snapshot.period_label}）"


def notices_render(snapshot_id: int, today=None) -> list[RankingNotice]:
    """Render and store the notice PDFs of a published snapshot (idempotent: re-rendering replaces).

    Overall and tier rankings give one township notice (tiers as sections); a per-village ranking
    gives one notice per village, to post on that village's board.
    """
    from core.pdf import render_pdf
    from points import selectors

    snapshot = RankingSnapshot.objects.select_related("township").get(pk=snapshot_id)
    if snapshot.status != SnapshotStatus.PUBLISHED:
        return []
    rows = selectors.snapshot_rows_for_print(snapshot)
    thresholds = selectors.thresholds_for(snapshot)
    tier_labels = dict(MemberTier.choices)
    documents = []  # (village or None, title, groups)
    if snapshot.scope_kind == ScopeKind.VILLAGE:
        by_village = defaultdict(list)
        for row in rows:
            by_village[row.village_id].append(row)
        for village_rows in by_village.values():
            village = village_rows[0].village
            documents.append((village, notice_title(snapshot, village.name), [("", village_rows)]))
    elif snapshot.scope_kind == ScopeKind.TIER:
        by_tier = defaultdict(list)
        for row in rows:
            by_tier[row.tier].append(row)
        groups = [(tier_labels[t], by_tier[t]) for t in MemberTier.values if by_tier.get(t)]
        documents.append((None, notice_title(snapshot, snapshot.township.name), groups))
    else:
        documents.append((None, notice_title(snapshot, snapshot.township.name), [("", rows)]))
    issued = snapshot.published_at or timezone.now()
    notices = []
    existing = {n.village_id: n for n in snapshot.notices.all()}
    for village, title, groups in documents:
        for _, group_rows in groups:
            for row in group_rows:
                row.qualified = rules.qualifications(row.total, thresholds)
        pdf = render_pdf(
            "points/pdf/notice.html",
            {
                "snapshot": snapshot,
                "title": title,
                "groups": groups,
                "show_village": village is None,
                "show_tier": snapshot.scope_kind != ScopeKind.TIER,
                "thresholds": thresholds,
                "issued_on": timezone.localtime(issued).date(),
            },
        )
        notice = existing.get(village.pk if village else None) or RankingNotice(
            snapshot=snapshot, township=snapshot.township, village=village
        )
        if notice.file:
            notice.file.delete(save=False)
        notice.title = title
        notice.row_count = sum(len(g) for _, g in groups)
        notice.rendered_at = timezone.now()
        place = f"v{village.pk}" if village else "all"
        filename = f"notice-{snapshot.pk}-{place}-v{snapshot.version}.pdf"
        notice.file.save(filename, ContentFile(pdf), save=False)
        notice.save()
        notices.append(notice)
    return notices


def notices_rerender(snapshot: RankingSnapshot) -> None:
    """Render a published snapshot's notices again, in the background, once the transaction commits."""
    from points import tasks

    transaction.on_commit(partial(tasks.ranking_notices_render.delay, snapshot.pk))
