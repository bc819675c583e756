"""Writes and rules of the points domain, by what they do. Pages, imports, tasks and commands call
``points.services.<name>``; each name lives in one module:

- ``rulebook`` — the rule book's items and thresholds;
- ``entries`` — entries and caps (``EntryChecker``, ``entries_record``, ``entry_reverse``, the per-member lock);
- ``claims`` — a member's claims and their approval;
- ``rankings`` — the ranking SQL, snapshots, publishing and corrections;
- ``notices`` — the notice PDFs of a published ranking;
- ``messages`` — every Chinese message these raise.
"""

from points.services.claims import (
    EVIDENCE,
    check_evidence,
    claim_approve,
    claim_may_decide,
    claim_reject,
    claim_submit,
)
from points.services.entries import EntryChecker, entries_record, entry_reverse, lock_members, may_record_for
from points.services.messages import *  # noqa: F403  (the messages, as points.services.NO_MEMBERS etc.)
from points.services.notices import notice_title, notices_render, notices_rerender
from points.services.rankings import (
    ALL_SCOPES,
    ComputeOutcome,
    SnapshotState,
    ranking_correct,
    ranking_publish,
    ranking_query,
    rankings_compute,
    rankings_publish,
    snapshot_state,
)
from points.services.rulebook import rule_item_save, threshold_delete

__all__ = [
    "ALL_SCOPES",
    "EVIDENCE",
    "ComputeOutcome",
    "SnapshotState",
    "EntryChecker",
    "check_evidence",
    "claim_approve",
    "claim_may_decide",
    "claim_reject",
    "claim_submit",
    "entries_record",
    "entry_reverse",
    "lock_members",
    "may_record_for",
    "notice_title",
    "notices_render",
    "notices_rerender",
    "ranking_correct",
    "ranking_publish",
    "ranking_query",
    "rankings_compute",
    "rankings_publish",
    "rule_item_save",
    "snapshot_state",
    "threshold_delete",
]
