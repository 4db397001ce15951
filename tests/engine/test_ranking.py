"""Placings: competition ranks with shared ties, and percentiles among the ranked."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.metrics import Direction
from floorwalk.engine.ranking import Placing, placings


def test_ties_share_the_best_rank_and_the_next_rank_is_skipped() -> None:
    fcr = {"ana": 90.0, "ben": 80.0, "cleo": 80.0, "dev": 70.0}

    result = placings(fcr, Direction.HIGHER)

    assert {key: (p.rank, p.out_of) for key, p in result.items()} == {
        "ana": (1, 4),
        "ben": (2, 4),
        "cleo": (2, 4),
        "dev": (4, 4),
    }
    # Ben and Cleo are at least as good as two of their three colleagues: each other and Dev.
    assert {key: p.percentile for key, p in result.items()} == {
        "ana": 100.0,
        "ben": pytest.approx(200 / 3),
        "cleo": pytest.approx(200 / 3),
        "dev": 0.0,
    }


def test_lower_is_better_ranks_the_shortest_first() -> None:
    aht = {"ana": 420.0, "ben": 300.0, "cleo": 360.0}

    result = placings(aht, Direction.LOWER)

    assert {k: p.rank for k, p in result.items()} == {"ben": 1, "cleo": 2, "ana": 3}
    assert result["ben"].percentile == 100.0
    assert result["cleo"].percentile == 50.0


def test_members_without_a_value_are_not_ranked() -> None:
    result = placings({"ana": 90.0, "ben": None, "cleo": 85.0}, Direction.HIGHER)

    assert set(result) == {"ana", "cleo"}
    assert result["cleo"] == Placing(rank=2, out_of=2, percentile=0.0)


def test_a_single_member_is_first_at_the_100th_percentile() -> None:
    assert placings({7: 12.0}, Direction.LOWER) == {7: Placing(rank=1, out_of=1, percentile=100.0)}
    assert placings({}, Direction.HIGHER) == {}


def test_a_value_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError, match="'ana'"):
        placings({"ana": math.nan}, Direction.HIGHER)


@settings(max_examples=200)
@given(
    values=st.dictionaries(
        st.integers(0, 50), st.none() | st.integers(-4, 4).map(float), max_size=25
    ),
    direction=st.sampled_from(list(Direction)),
)
def test_placings_match_pairwise_comparison(
    values: dict[int, float | None], direction: Direction
) -> None:
    ranked = {k: v for k, v in values.items() if v is not None}

    def better(a: float, b: float) -> bool:
        return a > b if direction is Direction.HIGHER else a < b

    result = placings(values, direction)

    assert set(result) == set(ranked)
    for key, value in ranked.items():
        others = [v for k, v in ranked.items() if k != key]
        strictly_better = sum(better(other, value) for other in others)
        at_least_as_good_as = sum(not better(other, value) for other in others)
        expected_percentile = 100.0 * at_least_as_good_as / len(others) if others else 100.0
        assert result[key].rank == strictly_better + 1
        assert result[key].out_of == len(ranked)
        assert result[key].percentile == pytest.approx(expected_percentile)
