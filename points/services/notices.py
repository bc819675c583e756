"""Notices (公示文件): the PDFs of a published ranking, one per township or per village."""

from collections import defaultdict
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core import outbox
from grids.choices import MemberTier
from points import rules
from points.choices import ScopeKind, SnapshotStatus
from points.models import (
    RankingNotice,
    RankingSnapshot,
)

# --- notices ---------------------------------------------------------------------------------


def _delete_files(names) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


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
    rendered = []  # every PDF first: a render that fails or is killed changes nothing
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
        rendered.append((village, title, sum(len(g) for _, g in groups), pdf))
    notices, replaced, written = [], [], []
    try:
        with transaction.atomic():
            existing = {n.village_id: n for n in snapshot.notices.select_for_update()}
            for village, title, row_count, pdf in rendered:
                notice = existing.get(village.pk if village else None) or RankingNotice(
                    snapshot=snapshot, township=snapshot.township, village=village
                )
                if notice.file:
                    replaced.append(notice.file.name)
                notice.title = title
                notice.row_count = row_count
                notice.rendered_at = timezone.now()
                place = f"v{village.pk}" if village else "all"
                notice.file.save(f"notice-{snapshot.pk}-{place}-v{snapshot.version}.pdf", ContentFile(pdf), save=False)
                written.append(notice.file.name)
                notice.save()
                notices.append(notice)
            # The files the rows pointed at go once the new rows are committed.
            transaction.on_commit(partial(_delete_files, replaced))
    except BaseException:
        _delete_files(written)
        raise
    return notices


def notices_rerender(*, snapshot: RankingSnapshot):
    """Render a published snapshot's notices again, in the background (the page's button)."""
    from points import tasks

    with transaction.atomic():
        return outbox.enqueue(tasks.ranking_notices_render, snapshot.pk, township_id=snapshot.township_id)
