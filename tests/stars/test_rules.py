"""The pure rules of star ratings (stars.rules): no database."""

import datetime
from decimal import Decimal

import pytest

from stars import rules
from stars.choices import Appraisal, RecordKind, RecordLevel, RoundStatus
from stars.rules import AppraisalFact as A
from stars.rules import RecordFact as R

RATED = datetime.date(2026, 1, 15)
E, C, B, X = Appraisal.EXCELLENT, Appraisal.COMPETENT, Appraisal.BASIC, Appraisal.INCOMPETENT


def years_before(n, days=0):
    return rules.years_later(RATED, -n) + datetime.timedelta(days=days)


def last3(*results):
    return [A(2025 - i, r) for i, r in enumerate(results)]


# (case, appointed_on, appraisals, records, stars, new, reasons)
CASES = [
    ("one day under a year", years_before(1, days=1), [], [], 0, True, "任职不满一年，暂不评星"),
    ("exactly a year", years_before(1), last3(C), [], 1, False, "任职 1 年；近三年无优秀；无处分"),
    ("one day over a year", years_before(1, days=-1), last3(E), [], 1, False, "任职 1 年；近三年 1 次优秀；无处分"),
    ("six years, two excellent", years_before(6), last3(E, C, E), [], 3, False, "任职 6 年；近三年 2 次优秀；无处分"),
    ("five years, two excellent", years_before(5), last3(E, E, C), [], 3, False, "任职 5 年；近三年 2 次优秀；无处分"),
    ("four years, two excellent", years_before(4), last3(E, E, C), [], 2, False, "任职 4 年；近三年 2 次优秀；无处分"),
    ("three years, one excellent", years_before(3), last3(C, E, C), [], 2, False, "任职 3 年；近三年 1 次优秀；无处分"),
    ("ten years, all competent", years_before(10), last3(C, C, C), [], 1, False, "任职 10 年；近三年无优秀；无处分"),
    (
        "basic caps at one star",
        years_before(8),
        last3(E, E, B),
        [],
        1,
        False,
        "任职 8 年；近三年 2 次优秀、1 次基本称职；无处分；考核有基本称职，最高评一星",
    ),
    (
        "incompetent is not rated",
        years_before(8),
        last3(E, X, E),
        [],
        0,
        False,
        "任职 8 年；近三年 2 次优秀、1 次不称职；无处分；考核不称职，不评星",
    ),
    (
        "a punishment caps at one star",
        years_before(8),
        last3(E, E, E),
        [R(RecordKind.PUNISHMENT, RecordLevel.COUNTY, datetime.date(2024, 6, 1), "党内警告")],
        1,
        False,
        "任职 8 年；近三年 3 次优秀；受处分 1 次（党内警告），最高评一星",
    ),
    (
        "a punishment older than three years no longer counts",
        years_before(8),
        last3(E, E, E),
        [R(RecordKind.PUNISHMENT, RecordLevel.COUNTY, datetime.date(2022, 6, 1), "党内警告")],
        3,
        False,
        "任职 8 年；近三年 3 次优秀；无处分",
    ),
    (
        "a county reward counts as one excellent",
        years_before(6),
        last3(E, C, C),
        [R(RecordKind.REWARD, RecordLevel.COUNTY, datetime.date(2025, 7, 1), "优秀党务工作者")],
        3,
        False,
        "任职 6 年；近三年 1 次优秀；获县级表彰 1 次（视同 1 次优秀）；无处分",
    ),
    (
        "a township reward does not",
        years_before(6),
        last3(E, C, C),
        [R(RecordKind.REWARD, RecordLevel.TOWNSHIP, datetime.date(2025, 7, 1), "先进个人")],
        2,
        False,
        "任职 6 年；近三年 1 次优秀；获镇级表彰 1 次；无处分",
    ),
    (
        "two rewards count once",
        years_before(4),
        last3(C, C, C),
        [
            R(RecordKind.REWARD, RecordLevel.CITY, datetime.date(2025, 7, 1), "a"),
            R(RecordKind.REWARD, RecordLevel.CITY, datetime.date(2024, 7, 1), "b"),
        ],
        2,
        False,
        "任职 4 年；近三年无优秀；获市级表彰 2 次（视同 1 次优秀）；无处分",
    ),
    ("only the last three appraisals", years_before(9), [*last3(C, C, C), A(2022, E), A(2021, E)], [], 1, False, None),
    ("no appraisals on record", years_before(2), [], [], 1, False, "任职 2 年；近三年无考核记录；无处分"),
]


@pytest.mark.parametrize(
    ("appointed_on", "appraisals", "records", "stars", "new", "reasons"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_the_secretary_rule(appointed_on, appraisals, records, stars, new, reasons):
    verdict = rules.rate_secretary(appointed_on=appointed_on, rated_on=RATED, appraisals=appraisals, records=records)
    assert (verdict.stars, verdict.new) == (stars, new)
    if reasons is not None:
        assert verdict.reason_text == reasons
    assert verdict.label == {0: "不评星", 1: "一星", 2: "二星", 3: "三星"}[stars]


@pytest.mark.parametrize("result", Appraisal.values)
def test_each_appraisal_result_with_long_tenure(result):
    verdict = rules.rate_secretary(
        appointed_on=years_before(7), rated_on=RATED, appraisals=[A(2025, result), A(2024, E), A(2023, E)]
    )
    expected = {E: 3, C: 3, B: 1, X: 0}[result]
    assert verdict.stars == expected


def test_a_township_may_set_other_thresholds():
    strict = rules.SecretaryThresholds(three_star_years=8, three_star_excellent=3)
    verdict = rules.rate_secretary(
        appointed_on=years_before(6), rated_on=RATED, appraisals=last3(E, E, C), thresholds=strict
    )
    assert verdict.stars == 2
    verdict = rules.rate_secretary(
        appointed_on=years_before(6),
        rated_on=RATED,
        appraisals=last3(E, E),
        thresholds=rules.SecretaryThresholds(appraisals_counted=2),
    )
    assert verdict.reason_text.startswith("任职 6 年；近两年 2 次优秀")


def test_a_29_february_appointment_completes_its_year_on_1_march():
    leap = datetime.date(2024, 2, 29)
    assert rules.years_later(leap, 1) == datetime.date(2025, 3, 1)
    assert rules.rate_secretary(appointed_on=leap, rated_on=datetime.date(2025, 2, 28)).new
    assert not rules.rate_secretary(appointed_on=leap, rated_on=datetime.date(2025, 3, 1)).new
    assert rules.full_years(datetime.date(2020, 5, 1), datetime.date(2026, 4, 30)) == 5


# --- branches ----------------------------------------------------------------------------------


def test_branch_stars_count_met_criteria_only():
    assert rules.branch_stars([True, True, False, None, True]) == 3
    assert rules.branch_stars([]) == 0


def test_a_round_moves_one_step_at_a_time():
    assert rules.step_error(RoundStatus.SELF, RoundStatus.REVIEW) is None
    assert rules.step_error(RoundStatus.REVIEW, RoundStatus.PUBLICITY) is None
    assert rules.step_error(RoundStatus.SELF, RoundStatus.PUBLICITY) == "不能从“自评中”进入“公示中”"
    assert rules.step_error(RoundStatus.FINAL, RoundStatus.PUBLICITY) is not None


def test_publicity_lasts_n_days_and_is_final_on_the_next():
    assert rules.final_on(datetime.date(2026, 3, 1), 5) == datetime.date(2026, 3, 6)
    day = datetime.date(2026, 3, 6)
    assert rules.effective_status(RoundStatus.PUBLICITY, day, datetime.date(2026, 3, 5)) == RoundStatus.PUBLICITY
    assert rules.effective_status(RoundStatus.PUBLICITY, day, day) == RoundStatus.FINAL


def test_self_assessment_rules():
    ok = {"criterion": "班子建设新", "evidence_required": True}
    assert rules.self_assess_error(RoundStatus.SELF, met=True, evidence_count=1, **ok) is None
    assert rules.self_assess_error(RoundStatus.SELF, met=False, evidence_count=0, **ok) is None
    assert rules.self_assess_error(RoundStatus.SELF, met=True, evidence_count=0, **ok) == (
        "“班子建设新”要求上传佐证材料：请先上传至少一份佐证材料，再标记为达标"
    )
    assert rules.self_assess_error(RoundStatus.REVIEW, met=True, evidence_count=1, **ok).startswith("本年度自评已结束")
    assert rules.self_assess_error(RoundStatus.SELF, met=None, evidence_count=1, **ok) == rules.MET_REQUIRED


def test_review_rules():
    review = RoundStatus.REVIEW
    assert rules.review_error(review, self_met=True, reviewed_met=None, note="", agree=True) is None
    assert rules.review_error(review, self_met=None, reviewed_met=None, note="", agree=True) == rules.AGREE_NEEDS_SELF
    assert rules.review_error(review, self_met=True, reviewed_met=False, note="") == rules.OVERRULE_NEEDS_REASON
    assert rules.review_error(review, self_met=True, reviewed_met=False, note="台账不全") is None
    assert rules.review_error(review, self_met=None, reviewed_met=False, note="") is None
    assert rules.review_error(RoundStatus.SELF, self_met=True, reviewed_met=True, note="").startswith("现在不能审核")
    assert rules.review_error(RoundStatus.FINAL, self_met=True, reviewed_met=True, note="").startswith(
        "评星结果已定级，不能修改"
    )


def test_a_correction_needs_a_final_rating_a_reason_and_a_change():
    today = datetime.date(2026, 6, 1)
    final = datetime.date(2026, 3, 6)
    args = {"effective_on": today, "final_day": final, "today": today}
    assert rules.correction_errors(RoundStatus.FINAL, reason="年中发生安全事故", changed=1, **args) == {}
    assert rules.correction_errors(RoundStatus.PUBLICITY, reason="x", changed=1, **args) == {
        "__all__": "只有已定级的评星结果才能登记调整（当前：公示中）"
    }
    errors = rules.correction_errors(RoundStatus.FINAL, reason=" ", changed=0, **args)
    assert errors == {"reason": rules.CORRECTION_NEEDS_REASON, "__all__": rules.NOTHING_CHANGED}
    early = rules.correction_errors(
        RoundStatus.FINAL, reason="x", changed=1, effective_on=datetime.date(2026, 3, 1), final_day=final, today=today
    )
    assert early == {"effective_on": "调整生效日期不能早于定级日期（2026年3月6日）"}


def test_suggestions_in_words():
    assert rules.suggest_grid_groups(4, 0, 0) == (True, "4 个网格均建有党小组，网格长均由书记担任")
    assert rules.suggest_grid_groups(4, 1, 2) == (False, "共 4 个网格：1 个网格没有党小组，2 个网格的网格长不是书记")
    assert rules.suggest_grid_groups(0, 0, 0)[0] is None
    assert rules.suggest_no_overdue(0)[0] is True and rules.suggest_no_overdue(2) == (
        False,
        "年底有 2 条问题逾期未整改",
    )
    assert rules.suggest_visit_quota(10, 12)[0] is True
    assert rules.suggest_visit_quota(9, 12) == (False, "12 个月中 9 个月完成入户走访任务（要求至少 10 个月）")
    assert rules.suggest_visit_quota(0, 0)[0] is None
    assert rules.suggest_points_published(12, 12)[0] is True and rules.suggest_points_published(11, 12)[0] is False
    assert rules.suggest_colour("green", "绿色") == (True, "年底为绿色村")
    assert rules.suggest_colour("red", "红色")[0] is False and rules.suggest_colour(None)[0] is None


def test_pay_and_honours():
    coefficients = {3: Decimal("1.20"), 2: Decimal("1.10"), 1: Decimal("1.00"), 0: Decimal("0.90")}
    assert rules.coefficient_for(3, coefficients) == Decimal("1.20")
    assert rules.coefficient_for(0, coefficients) == Decimal("0.90")
    assert rules.remuneration(Decimal("30000"), Decimal("1.15")) == Decimal("34500.00")
    assert rules.remuneration(Decimal("28888.88"), Decimal("1.10")) == Decimal("31777.77")
    assert rules.honours_eligible(8, 8) and not rules.honours_eligible(7, 8) and not rules.honours_eligible(None, 8)
    assert [rules.star_level_label(n) for n in (10, 8, 2, 1)] == ["十星级", "八星级", "二星级", "一星级"]
