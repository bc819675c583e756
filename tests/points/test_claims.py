"""A member claims points with evidence; the secretary approves (an entry, through the same checks)
or rejects with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from points import services
from points.choices import ClaimStatus, EntrySource
from points.demo import _png
from points.models import PointClaim
from tests.points.conftest import MARCH, TODAY, give

TODAY_REAL = datetime.date.today()


def photo(name="photo.png", data=None):
    return SimpleUploadedFile(name, data if data is not None else _png(), content_type="image/png")


def submit(user, item, evidence, day=MARCH, description="巡山时发现火情隐患并及时报告"):
    return services.claim_submit(
        user=user, item=item, occurred_on=day, description=description, evidence=evidence, today=TODAY
    )


def test_a_member_claims_and_the_secretary_approves(points, personas, world):
    claim = submit(personas.member, points.patrol, photo())
    assert claim.status == ClaimStatus.PENDING and claim.member == world.m1 and claim.evidence.name.endswith(".png")
    claim = services.claim_approve(approver=personas.secretary, claim=claim, today=TODAY)
    assert claim.status == ClaimStatus.APPROVED and claim.decided_by == personas.secretary
    assert claim.entry.points == 3 and claim.entry.source == EntrySource.CLAIM
    with pytest.raises(ValidationError, match=services.CLAIM_DECIDED):
        services.claim_approve(approver=personas.secretary, claim=claim, today=TODAY)


def test_a_claim_without_evidence_is_refused(points, personas, counts):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        submit(personas.member, points.patrol, None)
    assert caught.value.message_dict == {"evidence": [services.NO_EVIDENCE]}
    assert counts() == before


def test_evidence_must_really_be_an_image_or_a_pdf(points, personas, counts):
    before = counts()
    with pytest.raises(ValidationError, match=services.BAD_EVIDENCE):
        submit(personas.member, points.patrol, photo("photo.png", b"MZ\x90\x00 not an image"))
    with pytest.raises(ValidationError, match=services.BAD_EVIDENCE):
        submit(personas.member, points.patrol, photo("run.exe"))
    assert counts() == before


def test_a_claim_is_checked_like_an_entry(points, personas, world, counts):
    give(world.m1, points.patrol, 3, times=3)
    before = counts()
    with pytest.raises(ValidationError, match="每月上限9分"):
        submit(personas.member, points.patrol, photo())
    with pytest.raises(ValidationError, match=services.NOT_CLAIMABLE.format(item="无故缺席组织生活")):
        submit(personas.member, points.absence, photo())
    with pytest.raises(ValidationError, match="不能登记未来日期"):
        submit(personas.member, points.meeting, photo(), day=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match=services.NOT_YOUR_CLAIM):
        submit(personas.secretary, points.meeting, photo())
    assert counts() == before


def test_approval_checks_the_cap_at_that_moment(points, personas, world, counts):
    claim = submit(personas.member, points.patrol, photo())
    give(world.m1, points.patrol, 3, times=3)
    before = counts()
    with pytest.raises(ValidationError, match="每月上限9分"):
        services.claim_approve(approver=personas.secretary, claim=claim, today=TODAY)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING and counts() == before


def test_rejecting_needs_a_reason(points, personas):
    claim = submit(personas.member, points.patrol, photo())
    with pytest.raises(ValidationError, match=services.REASON_REQUIRED):
        services.claim_reject(approver=personas.secretary, claim=claim, reason="")
    claim = services.claim_reject(approver=personas.secretary, claim=claim, reason="照片无法证明")
    assert claim.status == ClaimStatus.REJECTED and claim.decision_note == "照片无法证明" and claim.entry is None


def test_only_the_village_secretary_or_the_office_decides(points, personas, world, login):
    claim = submit(personas.member, points.patrol, photo())
    url = reverse("points:claim_decide", args=[claim.pk])
    assert login(personas.office2).post(url, {"decision": "approve"}).status_code == 404
    assert login(personas.leader).post(url, {"decision": "approve"}).status_code == 403
    assert login(personas.member).post(url, {"decision": "approve"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_claim_pages(points, personas, world, login):
    member = login(personas.member)
    assert member.get(reverse("points:claim_new")).status_code == 200
    response = member.post(
        reverse("points:claim_new"),
        {"item": points.patrol.pk, "occurred_on": TODAY_REAL.replace(day=1).isoformat(), "description": "巡山"},
    )
    # No file: the Chinese message, nothing saved.
    assert response.status_code == 200 and services.NO_EVIDENCE in response.content.decode()
    assert not PointClaim.objects.exists()
    claim = submit(personas.member, points.patrol, photo())
    assert "森林防火巡逻" in member.get(reverse("points:claims")).content.decode()
    evidence = member.get(reverse("points:claim_evidence", args=[claim.pk]))
    assert evidence.status_code == 200 and b"".join(evidence.streaming_content).startswith(b"\x89PNG")
    secretary = login(personas.secretary)
    assert "刘洋" in secretary.get(reverse("points:claims") + "?status=pending").content.decode()
    response = secretary.post(reverse("points:claim_decide", args=[claim.pk]), {"decision": "reject", "reason": ""})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    secretary.post(reverse("points:claim_decide", args=[claim.pk]), {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    other = login(personas.office2)
    assert other.get(reverse("points:claim", args=[claim.pk])).status_code == 404
    assert other.get(reverse("points:claim_evidence", args=[claim.pk])).status_code == 404


def test_claims_list_queries_do_not_grow(points, personas, world, login, count_queries):
    def list_queries(n):
        for _ in range(n):
            submit(personas.member, points.meeting, photo(), day=datetime.date(2025, 1, 5))
        client = login(personas.secretary)
        with count_queries() as queries:
            assert client.get(reverse("points:claims")).status_code == 200
        return len(queries)

    assert 0 < list_queries(1) == list_queries(3) <= 25
