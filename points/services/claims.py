"""Claims (积分申报): a member claims points with evidence; the secretary approves (an entry) or rejects."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.uploads import UploadPolicy, UploadRejected, check_upload, validation_error
from points.choices import ClaimStatus, EntrySource
from points.models import (
    PointClaim,
    RuleItem,
)
from points.services.entries import EntryChecker, entries_record, may_record_for
from points.services.messages import (
    BAD_EVIDENCE,
    CLAIM_DECIDED,
    NO_EVIDENCE,
    NOT_CLAIMABLE,
    NOT_YOUR_CLAIM,
    OUT_OF_SCOPE,
    REASON_REQUIRED,
)

# --- claims ----------------------------------------------------------------------------------

# A claim's evidence: a photo or a PDF, checked by extension and content (core.uploads).
EVIDENCE = UploadPolicy(noun="佐证材料", kinds=("jpg", "png", "pdf"), bad_kind=BAD_EVIDENCE, bad_content=BAD_EVIDENCE)


def check_evidence(upload) -> None:
    """Refuse a claim's evidence unless it is a real JPG, PNG or PDF within the size limit."""
    if not upload:
        raise ValidationError({"evidence": NO_EVIDENCE})
    try:
        check_upload(upload, EVIDENCE)
    except UploadRejected as exc:
        raise validation_error(exc, "evidence") from exc


def claim_submit(*, user, item: RuleItem, occurred_on, description: str, evidence, today) -> PointClaim:
    """A member claims points for themselves, with evidence; the secretary decides later."""
    member = getattr(user, "member", None)
    if user.role != Role.MEMBER or member is None:
        raise ValidationError(NOT_YOUR_CLAIM)
    check_evidence(evidence)
    if not (description or "").strip():
        raise ValidationError({"description": REASON_REQUIRED})
    if not item.claimable:
        raise ValidationError({"item": NOT_CLAIMABLE.format(item=item.name)})
    checker = EntryChecker(
        recorder=user, members=[member], years=[occurred_on.year], item_ids=[item.pk], today=today, check_scope=False
    )
    _, problem = checker.check(member, item.pk, occurred_on)
    if problem:
        raise ValidationError(problem)
    claim = PointClaim(
        township_id=member.township_id,
        village_id=member.village_id,
        member=member,
        item=item,
        occurred_on=occurred_on,
        description=description.strip(),
    )
    claim.evidence.save(evidence.name, evidence, save=False)
    claim.save()
    return claim


def claim_approve(*, approver, claim: PointClaim, today, note="") -> PointClaim:
    """Approve a pending claim: its entry is made through the same checks (caps at this moment)."""
    with transaction.atomic():
        claim = PointClaim.objects.select_for_update().select_related("member", "item").get(pk=claim.pk)
        if claim.status != ClaimStatus.PENDING:
            raise ValidationError(CLAIM_DECIDED)
        (entry,) = entries_record(
            recorder=approver,
            members=[claim.member],
            item=claim.item,
            occurred_on=claim.occurred_on,
            today=today,
            note=f"党员申报：{claim.description}"[:300],
            source=EntrySource.CLAIM,
        )
        claim.status = ClaimStatus.APPROVED
        claim.entry = entry
        claim.decided_by = approver
        claim.decided_at = timezone.now()
        claim.decision_note = note[:300]
        claim.save()
    return claim


def claim_reject(*, approver, claim: PointClaim, reason: str) -> PointClaim:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if not may_record_for(approver, claim.member):
        raise ValidationError(OUT_OF_SCOPE.format(member=claim.member.name))
    with transaction.atomic():
        claim = PointClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != ClaimStatus.PENDING:
            raise ValidationError(CLAIM_DECIDED)
        claim.status = ClaimStatus.REJECTED
        claim.decided_by = approver
        claim.decided_at = timezone.now()
        claim.decision_note = reason[:300]
        claim.save()
    return claim


def claim_may_decide(user, claim: PointClaim) -> bool:
    """Whether ``user`` may approve or reject ``claim``: it is pending and they may record for its member."""
    return claim.status == ClaimStatus.PENDING and may_record_for(user, claim.member)
