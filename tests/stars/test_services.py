"""The branch rating round through its services: open, self-assess, review, publish, finalise, correct."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from stars import services
from stars.choices import RoundStatus
from stars.models import BranchRating, Criterion, CriterionMark, MarkEvidence, RatingRound
from tests.stars.conftest import TODAY, YEAR, secretary_login, self_assess_all, upload

pytestmark = pytest.mark.django_db


def test_a_year_standard_is_loaded_by_default_and_copied_with_one_action(world, standard):
    assert len(standard.criteria) == 10
    assert [c.group for c in standard.criteria].count("五新") == 5
    copied = services.standard_copy(world.t1, from_year=YEAR, to_year=YEAR + 1)
    assert [c.name for c in copied] == [c.name for c in standard.criteria]
    assert Criterion.objects.filter(township=world.t1, year=YEAR + 1).count() == 10
    with pytest.raises(ValidationError, match="已有评星标准"):
        services.standard_copy(world.t1, from_year=YEAR, to_year=YEAR + 1)
    with pytest.raises(ValidationError, match="没有评星标准可复制"):
        services.standard_copy(world.t1, from_year=2019, to_year=2020)


def test_opening_a_round_makes_a_rating_per_village_and_a_mark_per_criterion(opened, world):
    assert opened.round.status == RoundStatus.SELF
    assert BranchRating.objects.filter(round=opened.round).count() == 2  # t1's villages only
    assert CriterionMark.objects.filter(rating__round=opened.round).count() == 20
    with pytest.raises(ValidationError, match="已经开始"):
        services.round_open(world.t1, YEAR, user=None, today=TODAY)


def test_a_round_needs_a_standard(world, personas):
    with pytest.raises(ValidationError, match="还没有评星标准"):
        services.round_open(world.t1, 2024, user=personas.office, today=TODAY)
    assert not RatingRound.objects.exists()


def test_stars_count_reviewed_marks_and_self_and_reviewed_stay_side_by_side(opened, world, personas, standard):
    secretary = secretary_login(world, world.v1, "sec1")
    self_assess_all(opened.v1, secretary, standard.criteria, met_orders={1, 2, 3, 4, 5, 6, 7, 8})
    opened.v1.refresh_from_db()
    assert (opened.v1.self_stars, opened.v1.stars, opened.v1.self_done) == (8, 0, 10)
    services.round_close_self(opened.round, user=personas.office, today=TODAY)
    assert services.review_agree_all(opened.v1, user=personas.office, today=TODAY) == 10
    # The township overrules one criterion with a reason: 7 stars reviewed, 8 self-assessed.
    services.review(
        opened.v1, standard.by_order[4], met=False, note="集体经济收入未增长", user=personas.office, today=TODAY
    )
    opened.v1.refresh_from_db()
    assert (opened.v1.self_stars, opened.v1.stars, opened.v1.reviewed_done) == (8, 7, 10)
    mark = CriterionMark.objects.get(rating=opened.v1, criterion=standard.by_order[4])
    assert mark.self_met is True and mark.reviewed_met is False and mark.overruled
    assert mark.review_note == "集体经济收入未增长"
    assert mark.history.count() >= 3  # created, self-assessed, agreed, overruled


def test_publishing_needs_every_mark_reviewed_then_freezes_and_finalises_after_the_publicity(
    opened, world, personas, standard, django_capture_on_commit_callbacks
):
    secretary = secretary_login(world, world.v1, "sec1")
    self_assess_all(opened.v1, secretary, standard.criteria, met_orders=set(range(1, 11)))
    services.round_close_self(opened.round, user=personas.office, today=TODAY)
    services.review_agree_all(opened.v1, user=personas.office, today=TODAY)
    with pytest.raises(ValidationError, match="还有 10 项未审核（九光村）"):
        services.round_publish(opened.round, user=personas.office, today=TODAY)
    for c in standard.criteria:
        services.review(opened.v2, c, met=c.order <= 6, user=personas.office, today=TODAY)
    with django_capture_on_commit_callbacks() as callbacks:
        services.round_publish(opened.round, user=personas.office, today=TODAY)
    assert len(callbacks) == 1  # the 公示 PDF is queued after commit
    found = RatingRound.objects.get(pk=opened.round.pk)
    assert found.status == RoundStatus.PUBLICITY and found.final_on == TODAY + datetime.timedelta(days=5)
    assert found.status_on(found.final_on - datetime.timedelta(days=1)) == RoundStatus.PUBLICITY
    assert found.status_on(found.final_on) == RoundStatus.FINAL  # read lazily before the task runs
    assert set(BranchRating.objects.filter(round=found).values_list("effective_on", flat=True)) == {found.final_on}
    with pytest.raises(ValidationError, match="评星结果公示中，不能修改"):
        services.review(opened.v2, standard.by_order[1], met=False, note="x", user=personas.office, today=TODAY)
    assert services.rounds_finalise_due(found.final_on - datetime.timedelta(days=1)) == []
    assert [r.pk for r in services.rounds_finalise_due(found.final_on)] == [found.pk]
    assert services.rounds_finalise_due(found.final_on) == []  # idempotent
    assert RatingRound.objects.get(pk=found.pk).status == RoundStatus.FINAL


def _final(opened, world, personas, standard):
    secretary = secretary_login(world, world.v1, "sec1")
    self_assess_all(opened.v1, secretary, standard.criteria, met_orders={1, 2, 3, 4, 5, 6, 7, 8})
    services.round_close_self(opened.round, user=personas.office, today=TODAY)
    for rating in (opened.v1, opened.v2):
        for c in standard.criteria:
            services.review(rating, c, met=c.order <= 8, note="核实", user=personas.office, today=TODAY)
    services.round_publish(opened.round, user=personas.office, today=TODAY)
    opened.round.refresh_from_db()
    return opened.round.final_on


def test_a_change_after_final_is_a_new_version_with_a_reason_and_the_old_one_kept(opened, world, personas, standard):
    final_day = _final(opened, world, personas, standard)
    later = final_day + datetime.timedelta(days=100)
    newer = services.rating_correct(
        opened.v1,
        changes={standard.by_order[8].pk: False},
        reason="年中发生群体性事件，降一星",
        effective_on=later,
        user=personas.office,
        today=later,
    )
    old = BranchRating.objects.get(pk=opened.v1.pk)
    assert (old.version, old.is_current, old.stars) == (1, False, 8)
    assert (newer.version, newer.is_current, newer.stars, newer.supersedes_id) == (2, True, 7, old.pk)
    assert newer.reason == "年中发生群体性事件，降一星" and newer.effective_on == later
    assert RatingRound.objects.get(pk=opened.round.pk).status == RoundStatus.FINAL  # recorded lazily
    # The evidence of the old version is still shown on the new one.
    assert (
        MarkEvidence.objects.filter(mark__rating=newer).count() == MarkEvidence.objects.filter(mark__rating=old).count()
    )
    # The old version is frozen for good.
    with pytest.raises(ValidationError, match="已被取代"):
        services.rating_correct(
            old,
            changes={standard.by_order[1].pk: False},
            reason="x",
            effective_on=later,
            user=personas.office,
            today=later,
        )


def test_a_correction_is_refused_before_final_without_reason_or_change(opened, world, personas, standard):
    final_day = _final(opened, world, personas, standard)
    during = final_day - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="只有已定级的评星结果才能登记调整"):
        services.rating_correct(
            opened.v1,
            changes={standard.by_order[1].pk: False},
            reason="x",
            effective_on=None,
            user=personas.office,
            today=during,
        )
    with pytest.raises(ValidationError) as caught:
        services.rating_correct(
            opened.v1,
            changes={standard.by_order[1].pk: True},
            reason="",
            effective_on=None,
            user=personas.office,
            today=final_day,
        )
    assert set(caught.value.message_dict) == {"reason", "__all__"}
    assert BranchRating.objects.filter(round=opened.round).count() == 2


def test_the_secretary_of_another_village_cannot_self_assess(opened, world, standard):
    other = secretary_login(world, world.v2, "sec2")
    with pytest.raises(ValidationError, match="自评由本村党支部书记填写"):
        services.self_assess(opened.v1, standard.plain, met=True, user=other, today=TODAY)


def test_evidence_can_be_removed_while_self_assessment_is_open_but_not_the_last_of_a_met_criterion(
    opened, world, standard
):
    secretary = secretary_login(world, world.v1, "sec1")
    services.self_assess(
        opened.v1,
        standard.needs_evidence,
        met=True,
        uploads=[upload(), upload("b.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)],
        user=secretary,
        today=TODAY,
    )
    first, second = MarkEvidence.objects.filter(mark__rating=opened.v1).order_by("pk")
    services.evidence_remove(first, user=secretary)
    with pytest.raises(ValidationError, match="请先改为未达标"):
        services.evidence_remove(second, user=secretary)
    assert MarkEvidence.objects.filter(mark__rating=opened.v1).count() == 1
