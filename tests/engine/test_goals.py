"""The pure goal computations: SMART findings per branch, attainment, projection."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorwalk.engine.goals import (
    Criterion,
    GoalDraft,
    attainment,
    is_met,
    percentile,
    projection,
    smart_findings,
)
from floorwalk.engine.metrics import Direction

HISTORY = [80.0, 82.0, 84.0, 86.0, 88.0, 90.0, 78.0, 85.0, 83.0, 87.0]


def draft(**changes) -> GoalDraft:
    values = {
        "metric_known": True,
        "scope_count": 1,
        "organisation_wide": False,
        "start": date(2026, 11, 1),
        "end": date(2026, 11, 30),
        "target": 86.0,
        "direction": Direction.HIGHER,
        "has_parent": True,
        "weekly_history": HISTORY,
    }
    values.update(changes)
    return GoalDraft(**values)


def finding(result, criterion):
    return next(item for item in result if item.criterion is criterion)


def test_a_well_formed_goal_passes_every_criterion():
    assert all(item.passed for item in smart_findings(draft()))


def test_percentile_interpolates_between_ranks():
    # ten values sorted: 78 80 82 83 84 85 86 87 88 90; 95th at position 8.55 → 88 + 0.55 × 2
    assert percentile(HISTORY, 95) == pytest.approx(89.1)
    assert percentile(HISTORY, 5) == pytest.approx(78 + 0.45 * 2)
    assert percentile([5.0], 95) == 5.0
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)


def test_a_target_beyond_the_95th_percentile_is_flagged_with_the_numbers():
    result = finding(smart_findings(draft(target=95.0)), Criterion.ACHIEVABLE)
    assert not result.passed
    assert result.params["bound"] == pytest.approx(89.1)
    assert result.params["best"] == 90.0
    assert result.params["weeks"] == 10
    assert "89.1" in result.message % result.params


def test_a_target_at_the_95th_percentile_is_realistic():
    assert finding(smart_findings(draft(target=89.1)), Criterion.ACHIEVABLE).passed


def test_lower_is_better_flags_targets_below_the_5th_percentile():
    lower = {"direction": Direction.LOWER}
    assert not finding(smart_findings(draft(target=78.5, **lower)), Criterion.ACHIEVABLE).passed
    assert finding(smart_findings(draft(target=79.0, **lower)), Criterion.ACHIEVABLE).passed


def test_too_little_history_is_said_not_judged():
    result = finding(smart_findings(draft(weekly_history=[80.0, None, 81.0])), Criterion.ACHIEVABLE)
    assert not result.passed
    assert result.params == {"weeks": 2, "needed": 4}


def test_no_data_is_not_measurable():
    result = smart_findings(draft(weekly_history=[None, None]))
    assert not finding(result, Criterion.MEASURABLE).passed


def test_specific_needs_a_known_metric_and_one_scope():
    assert not finding(smart_findings(draft(metric_known=False)), Criterion.SPECIFIC).passed
    assert not finding(smart_findings(draft(scope_count=2)), Criterion.SPECIFIC).passed
    assert not finding(smart_findings(draft(scope_count=0)), Criterion.SPECIFIC).passed
    objective = draft(scope_count=0, organisation_wide=True)
    assert finding(smart_findings(objective), Criterion.SPECIFIC).passed


def test_standalone_goals_are_flagged_not_relevant_but_objectives_head_a_cascade():
    assert not finding(smart_findings(draft(has_parent=False)), Criterion.RELEVANT).passed
    objective = draft(has_parent=False, organisation_wide=True, scope_count=0)
    assert finding(smart_findings(objective), Criterion.RELEVANT).passed


def test_time_bound_needs_a_period_ending_after_it_starts():
    assert not finding(smart_findings(draft(end=None)), Criterion.TIME_BOUND).passed
    same_day = draft(end=date(2026, 11, 1))
    assert not finding(smart_findings(same_day), Criterion.TIME_BOUND).passed
    assert finding(smart_findings(draft()), Criterion.TIME_BOUND).params == {"days": 30}


def test_no_target_is_not_achievable():
    assert not finding(smart_findings(draft(target=None)), Criterion.ACHIEVABLE).passed


def test_attainment_in_both_directions():
    assert attainment(80, 90, 85, Direction.HIGHER) == pytest.approx(50.0)
    assert attainment(300, 270, 280, Direction.LOWER) == pytest.approx(100 * 20 / 30)
    assert attainment(300, 270, 310, Direction.LOWER) == pytest.approx(-100 / 3)
    assert attainment(80, 90, 95, Direction.HIGHER) == pytest.approx(150.0)


def test_a_target_asking_no_improvement_is_all_or_nothing():
    assert attainment(90, 85, 86, Direction.HIGHER) == 100.0
    assert attainment(90, 85, 84, Direction.HIGHER) == 0.0
    assert is_met(270, 260, Direction.LOWER)


@given(
    baseline=st.floats(-1000, 1000),
    target=st.floats(-1000, 1000),
    low=st.floats(-1000, 1000),
    step=st.floats(0, 1000),
    direction=st.sampled_from(list(Direction)),
)
def test_attainment_never_falls_as_the_value_gets_better(baseline, target, low, step, direction):
    worse, better = (low, low + step) if direction is Direction.HIGHER else (low + step, low)
    assert (
        attainment(baseline, target, better, direction)
        >= attainment(baseline, target, worse, direction) - 1e-9
    )


def test_projection_extends_a_linear_trend_for_a_ratio():
    # weeks 0..3 at 80, 82, 84, 86; two weeks to come at 88, 90 → mean of the six
    projected = projection([80.0, 82.0, 84.0, 86.0], 6, 83.0, is_count=False)
    assert projected == pytest.approx(sum([80, 82, 84, 86, 88, 90]) / 6)


def test_projection_of_a_count_adds_the_projected_weeks():
    projected = projection([10.0, 20.0, 30.0], 5, 60.0, is_count=True)
    assert projected == pytest.approx(60 + 40 + 50)


def test_projection_with_too_few_weeks_keeps_the_current_value_or_run_rate():
    assert projection([80.0, None], 4, 80.0, is_count=False) == 80.0
    assert projection([10.0, 14.0], 4, 24.0, is_count=True) == pytest.approx(48.0)
    assert projection([None], 4, None, is_count=False) is None


def test_projection_at_the_end_of_the_period_is_the_mean_of_its_weeks():
    assert projection([1.0, 2.0, 6.0], 3, 3.0, is_count=False) == pytest.approx(3.0)
