"""The overall rating of a review and the calibration distribution, against hand sums."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorwalk.engine.reviews import (
    Part,
    attainment_rating,
    overall_rating,
    rating_distribution,
)

WEIGHTS = {Part.GOALS: 0.4, Part.COMPETENCIES: 0.3, Part.PEER: 0.1, Part.LEADER: 0.2}


def test_the_overall_rating_is_the_weighted_mean_of_the_parts():
    scores = {Part.GOALS: 4.0, Part.COMPETENCIES: 3.0, Part.PEER: 5.0, Part.LEADER: 4.0}

    rating = overall_rating(scores, WEIGHTS)

    assert rating.value == pytest.approx(0.4 * 4 + 0.3 * 3 + 0.1 * 5 + 0.2 * 4)


def test_an_unused_part_drops_out_and_the_others_are_scaled():
    scores = {Part.GOALS: 4.0, Part.COMPETENCIES: 3.0, Part.PEER: None, Part.LEADER: 4.0}

    rating = overall_rating(scores, WEIGHTS)

    # Without peers the weights 0.4, 0.3, 0.2 are scaled by 1 / 0.9.
    assert rating.value == pytest.approx((0.4 * 4 + 0.3 * 3 + 0.2 * 4) / 0.9)
    assert Part.PEER not in rating.weights
    assert sum(rating.weights.values()) == pytest.approx(1.0)


def test_a_part_without_weight_does_not_count_and_nothing_left_is_no_rating():
    assert overall_rating({Part.SELF: 5.0, Part.GOALS: 2.0}, WEIGHTS).value == 2.0
    assert overall_rating({Part.SELF: 5.0}, WEIGHTS) is None
    assert overall_rating({}, WEIGHTS) is None


@pytest.mark.parametrize(
    ("scores", "weights", "message"),
    [
        ({Part.GOALS: 6.0}, WEIGHTS, "from 1 to 5"),
        ({Part.GOALS: 0.5}, WEIGHTS, "from 1 to 5"),
        ({Part.GOALS: 3.0}, {Part.GOALS: -1.0}, "0 or more"),
        ({Part.GOALS: 3.0}, {Part.GOALS: math.nan}, "0 or more"),
    ],
)
def test_bad_scores_and_weights_are_refused(scores, weights, message):
    with pytest.raises(ValueError, match=message):
        overall_rating(scores, weights)


@pytest.mark.parametrize(
    ("attainment", "rating"),
    [(0, 1), (49.9, 1), (50, 2), (79.9, 2), (80, 3), (95, 4), (104.9, 4), (105, 5), (300, 5)],
)
def test_attainment_bands_give_the_goal_rating(attainment, rating):
    assert attainment_rating(attainment) == rating


def test_attainment_bands_must_rise():
    with pytest.raises(ValueError, match="rise"):
        attainment_rating(90, (50, 95, 80, 105))


def test_the_distribution_counts_whole_ratings_and_gives_mean_and_spread():
    ratings = [3.4, 3.5, 4.0, 4.6, 2.49]

    distribution = rating_distribution(ratings)

    assert distribution.counts == {1: 0, 2: 1, 3: 1, 4: 2, 5: 1}
    assert distribution.total == 5
    mean = sum(ratings) / 5
    assert distribution.mean == pytest.approx(mean)
    assert distribution.stdev == pytest.approx(math.sqrt(sum((r - mean) ** 2 for r in ratings) / 4))
    assert rating_distribution([3.0]).stdev is None
    assert rating_distribution([]).mean is None


scores = st.floats(min_value=1.0, max_value=5.0)


@given(
    st.dictionaries(st.sampled_from(list(Part)), scores, min_size=1),
    st.dictionaries(st.sampled_from(list(Part)), st.floats(min_value=0.01, max_value=10)),
    st.sampled_from(list(Part)),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_a_better_part_never_lowers_the_overall_rating(parts, weights, part, raise_by):
    before = overall_rating(parts, weights)
    if before is None or part not in parts:
        return
    better = dict(parts) | {part: min(5.0, parts[part] + raise_by)}

    after = overall_rating(better, weights)

    assert after.value >= before.value - 1e-9
    assert 1.0 - 1e-9 <= after.value <= 5.0 + 1e-9
