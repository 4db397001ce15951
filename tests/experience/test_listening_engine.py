"""The pure rules of listening: eNPS, the group minimum with secondary suppression, and the
attrition-risk scoring, each checked on hand-made cases."""

from datetime import date

import pytest

from floorwalk.engine.attrition import (
    Absence,
    AttritionInput,
    Engagement,
    Level,
    MetricChange,
    SignalKind,
    WishToLeave,
    attrition_risk,
)
from floorwalk.engine.pulse import enps, suppress


def test_enps_is_share_of_promoters_minus_share_of_detractors():
    # Given 10 answers: 9, 10, 10 promoters (3); 7, 8 passives (2); 0, 3, 5, 6, 6 detractors (5)
    result = enps([9, 10, 10, 7, 8, 0, 3, 5, 6, 6])

    # Then 30 % − 50 % = −20
    assert (result.promoters, result.passives, result.detractors) == (3, 2, 5)
    assert result.score == -20.0


def test_enps_of_nobody_is_unknown_and_out_of_range_is_refused():
    assert enps([]).score is None
    with pytest.raises(ValueError, match="0 to 10"):
        enps([11])


def test_groups_below_the_minimum_are_hidden_and_the_total_shown():
    # Given Alpha 2, Beta 6, Gamma 7, Delta 4 respondents and a minimum of 5
    decision = suppress({"Alpha": 2, "Beta": 6, "Gamma": 7, "Delta": 4}, 5)

    # Then Alpha and Delta (6 together, at least 5) are hidden and nothing more
    assert decision.hidden == {"Alpha", "Delta"}
    assert decision.secondary == frozenset()
    assert decision.total_shown is True


def test_one_small_group_hides_the_next_smallest_so_the_total_cannot_be_subtracted():
    # Given Alpha 2 (hidden) next to Beta 6 and Gamma 7: total 15 − 6 − 7 would give Alpha
    decision = suppress({"Alpha": 2, "Beta": 6, "Gamma": 7}, 5)

    # Then Beta, the smallest shown group, is hidden too (2 + 6 = 8 ≥ 5)
    assert decision.hidden == {"Alpha", "Beta"}
    assert decision.secondary == {"Beta"}
    assert decision.total_shown is True


def test_secondary_suppression_breaks_ties_by_name_and_repeats():
    # Given a minimum of 10: Alpha 3 hidden; Beta and Cora 10 each, Dora 12
    decision = suppress({"Alpha": 3, "Beta": 10, "Cora": 10, "Dora": 12}, 10)

    # Then Beta (the first of the two smallest by name) is hidden: 3 + 10 = 13 ≥ 10
    assert decision.hidden == {"Alpha", "Beta"}


def test_the_total_is_hidden_when_it_is_below_the_minimum():
    decision = suppress({"Alpha": 2, "Beta": 1}, 5)

    assert decision.hidden == {"Alpha", "Beta"}
    assert decision.total_shown is False


def test_groups_without_answers_are_neither_shown_nor_counted_as_hidden():
    decision = suppress({"Alpha": 0, "Beta": 5, "Gamma": 5}, 5)

    assert decision.hidden == frozenset()
    assert decision.total_shown is True


def test_two_groups_and_one_small_hides_both_and_keeps_the_total():
    # 3 + 8 = 11: both hidden, the total is the two together and shows
    decision = suppress({"Alpha": 3, "Beta": 8}, 5)

    assert decision.hidden == {"Alpha", "Beta"}
    assert decision.secondary == {"Beta"}
    assert decision.total_shown is True


def test_no_input_means_no_signal():
    risk = attrition_risk(AttritionInput())

    assert (risk.level, risk.points, risk.signals) == (Level.NONE, 0, ())


def test_a_wish_to_leave_alone_is_a_medium_risk_with_its_words():
    wish = WishToLeave(date(2026, 11, 3), "Looking at an offer elsewhere", "Lena Leader")

    risk = attrition_risk(AttritionInput(wishes=(wish,)))

    assert risk.level is Level.MEDIUM
    assert risk.points == 3
    assert risk.signals[0].kind is SignalKind.WISH_TO_LEAVE
    assert risk.signals[0].evidence == (
        "On 2026-11-03 said they may leave: “Looking at an offer elsewhere” (noted by Lena Leader)."
    )


def test_engagement_falling_5_points_a_month_is_a_signal_and_4_9_is_not():
    falling = Engagement(newest=45.0, trend_per_month=-5.0, checkins=4)
    flat = Engagement(newest=45.0, trend_per_month=-4.9, checkins=4)

    risk = attrition_risk(AttritionInput(engagement=falling))

    assert risk.points == 2
    assert risk.signals[0].evidence == (
        "Engagement check-ins fall by 5.0 points a month over 4 check-ins in 90 days; "
        "the newest is 45/100."
    )
    assert attrition_risk(AttritionInput(engagement=flat)).signals == ()


def test_absence_rising_by_ten_points_with_two_days_is_a_signal():
    # Given 3 of 15 scheduled days absent (20 %) against 2 of 40 before (5 %): +15 points
    rising = Absence(recent_scheduled=15, recent_absent=3, earlier_scheduled=40, earlier_absent=2)
    # and 2 of 20 (10 %) against 2 of 40 (5 %): only +5 points
    steady = Absence(recent_scheduled=20, recent_absent=2, earlier_scheduled=40, earlier_absent=2)

    risk = attrition_risk(AttritionInput(absence=rising))

    assert risk.signals[0].evidence == (
        "Absent 3 of 15 scheduled days in the last 4 weeks (20 %), against 2 of 40 in the "
        "8 weeks before (5 %)."
    )
    assert attrition_risk(AttritionInput(absence=steady)).signals == ()


def test_metrics_worse_after_a_stage_change_count_once_each_at_most_two():
    changed = date(2026, 9, 1)
    qa = MetricChange("QA score", "Developing", changed, 80.0, 70.0, higher_is_better=True)
    aht = MetricChange("AHT", "Developing", changed, 300.0, 360.0, higher_is_better=False)
    csat = MetricChange("CSAT", "Developing", changed, 90.0, 80.0, higher_is_better=True)
    better = MetricChange("FCR", "Developing", changed, 70.0, 75.0, higher_is_better=True)

    risk = attrition_risk(AttritionInput(metric_changes=(qa, aht, csat, better)))

    # AHT 20 % worse, QA 12.5 % worse, CSAT 11.1 % worse: the two worst count, 1 point each
    assert [signal.evidence.split(" ")[0] for signal in risk.signals] == ["AHT", "QA"]
    assert risk.points == 2
    assert risk.signals[0].evidence == (
        "AHT 300.0 → 360.0 (20 % worse) in the 4 weeks after the move to Developing on "
        "2026-09-01, against the 4 weeks before."
    )


def test_signals_add_up_to_a_high_level():
    wish = WishToLeave(date(2026, 11, 3), "Tired of nights", "Lena Leader")
    falling = Engagement(newest=30.0, trend_per_month=-10.0, checkins=5)

    risk = attrition_risk(AttritionInput(wishes=(wish,), engagement=falling))

    assert risk.level is Level.HIGH
    assert risk.points == 5
    assert [signal.kind for signal in risk.signals] == [
        SignalKind.WISH_TO_LEAVE,
        SignalKind.ENGAGEMENT,
    ]
