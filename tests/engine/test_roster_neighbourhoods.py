"""Neighbourhoods have the shape their kind names, stay inside the roster, aim at short days,
and their sizes stay between their bounds however the steps go."""

import random

from hypothesis import given
from hypothesis import strategies as st

from floorwalk.engine.roster.check import check
from floorwalk.engine.roster.model import Solution
from floorwalk.engine.roster.neighbourhoods import (
    KINDS,
    SMALLEST_SHARE,
    AdaptiveSizes,
    choose,
    short_days,
    window_over,
)
from tests.engine.roster_examples import small_problem

ROWS = {
    "ann": ["L", None, None, "L", None],
    "bob": ["E", "E", "E", None, None],
    "cy": ["E", None, None, "E", "L"],
}


@given(st.integers(0, 10_000), st.lists(st.sampled_from(KINDS), max_size=30))
def test_every_neighbourhood_has_its_kinds_shape(seed, shrunk):
    problem = small_problem()
    sizes = AdaptiveSizes()
    for kind in shrunk:
        sizes.timed_out(kind)
    rng = random.Random(seed)
    free = choose(problem, Solution.from_rows(ROWS), sizes, rng)
    employees = {e for e, _ in free.cells}
    days = sorted({d for _, d in free.cells})
    assert free.cells == {(e, d) for e in employees for d in days}  # a rectangle
    assert employees <= set(ROWS)
    assert len(employees) >= 2
    assert days == list(range(days[0], days[-1] + 1))  # consecutive days
    assert days[0] >= 0
    assert days[-1] < problem.horizon.days
    if free.kind == "employees":
        assert days == list(range(problem.horizon.days))
    if free.kind == "days":
        assert employees == set(ROWS)


@given(st.lists(st.tuples(st.sampled_from(KINDS), st.booleans()), max_size=200))
def test_sizes_stay_between_their_bounds(steps):
    sizes = AdaptiveSizes()
    for kind, closed in steps:
        if closed:
            sizes.closed(kind)
        else:
            sizes.timed_out(kind)
        assert all(SMALLEST_SHARE <= share <= 1.0 for share in sizes.share.values())


@given(st.integers(0, 40), st.integers(1, 28), st.integers(1, 28), st.integers(0, 1000))
def test_a_window_holds_its_day_and_stays_in_the_horizon(day, width, days, seed):
    width = min(width, days)
    day = day % days
    window = window_over(day, width, days, random.Random(seed))
    assert len(window) == width
    assert day in window
    assert window.start >= 0
    assert window.stop <= days


def test_short_days_are_where_the_checker_counts_under_cover():
    problem = small_problem()
    roster = Solution.from_rows(ROWS)
    # By hand (see test_roster_check): E is short on day 4, L on days 1 and 2.
    assert sorted(short_days(problem, roster)) == [1, 2, 4]
    full = Solution.from_rows({"ann": ["L", "L", "L", "L", "L"], "bob": ["E"] * 5, "cy": ["E"] * 5})
    assert short_days(problem, full) == []
    assert check(problem, full).objective.under_cover == 0
