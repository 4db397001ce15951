"""Bonus tiers: the highest tier reached counts; the next tier says what more would earn."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorwalk.engine.rewards import Tier, bonus_for, next_tier, reached_tier

LADDER = [Tier(100.0, 100.0), Tier(80.0, 50.0), Tier(110.0, 150.0)]  # in any order


@pytest.mark.parametrize(
    ("attainment", "bonus", "next_threshold"),
    [
        (None, 0.0, 80.0),
        (-20.0, 0.0, 80.0),
        (79.9, 0.0, 80.0),
        (80.0, 50.0, 100.0),
        (99.0, 50.0, 100.0),
        (100.0, 100.0, 110.0),
        (130.0, 150.0, None),
    ],
)
def test_the_highest_tier_reached_counts(attainment, bonus, next_threshold):
    assert bonus_for(attainment, LADDER) == bonus
    upcoming = next_tier(attainment, LADDER)
    assert (upcoming.min_attainment if upcoming else None) == next_threshold


def test_no_tiers_no_bonus():
    assert bonus_for(120.0, []) == 0.0
    assert reached_tier(120.0, []) is None
    assert next_tier(120.0, []) is None


@given(st.floats(min_value=-200, max_value=300), st.floats(min_value=0, max_value=100))
def test_more_attainment_never_earns_less_on_a_rising_ladder(attainment, more):
    assert bonus_for(attainment + more, LADDER) >= bonus_for(attainment, LADDER)
