"""Calibration: spread of answers per item, alignment with the reference, and leniency."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.calibration import (
    ItemSpread,
    evaluator_alignment,
    item_spread,
    leniency,
)

SESSION: dict[str, dict[str, float | None]] = {
    "ola": {"greeting": 1.0, "hold": 0.5, "closing": None},
    "piotr": {"greeting": 0.0, "hold": None, "closing": None},
    "zofia": {"greeting": 1.0, "hold": None, "closing": None},
}


def test_spread_per_item_over_the_evaluators_who_answered() -> None:
    spread = item_spread(SESSION)

    greeting = spread["greeting"]
    assert (greeting.item, greeting.count, greeting.minimum, greeting.maximum) == (
        "greeting",
        3,
        0.0,
        1.0,
    )
    assert greeting.mean == pytest.approx(2 / 3)
    assert greeting.stdev == pytest.approx((2 / 9) ** 0.5)
    assert spread["hold"] == ItemSpread("hold", 1, 0.5, 0.5, 0.5, 0.0)
    assert "closing" not in spread  # everyone marked it N/A


def test_alignment_counts_only_items_both_answered() -> None:
    reference: dict[str, float | None] = {"greeting": 1.0, "hold": 1.0, "closing": 1.0}

    assert evaluator_alignment(SESSION["ola"], reference) == 50.0
    assert evaluator_alignment(SESSION["zofia"], reference) == 100.0
    assert evaluator_alignment(SESSION["piotr"], reference) == 0.0
    assert evaluator_alignment(SESSION["ola"], {"closing": 1.0}) is None


def test_alignment_tolerates_float_noise_but_not_a_different_answer() -> None:
    assert evaluator_alignment({"a": 0.1 + 0.2}, {"a": 0.3}) == 100.0
    assert evaluator_alignment({"a": 0.31}, {"a": 0.3}) == 0.0


def test_leniency_is_the_mean_gap_above_the_calibrated_total() -> None:
    assert leniency([(90.0, 80.0), (70.0, 75.0)]) == 2.5
    assert leniency([(60.0, 80.0)]) == -20.0
    assert leniency([]) is None


answers = st.none() | st.sampled_from([0.0, 0.5, 1.0])
sessions = st.dictionaries(
    st.sampled_from(["ola", "piotr", "zofia", "jan"]),
    st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), answers, min_size=1),
    max_size=4,
)


@settings(max_examples=200)
@given(scores=sessions)
def test_spread_summarises_exactly_the_given_answers(
    scores: dict[str, dict[str, float | None]],
) -> None:
    spread = item_spread(scores)

    for item in {key for answers in scores.values() for key in answers}:
        given_answers = [a for answers in scores.values() if (a := answers.get(item)) is not None]
        if not given_answers:
            assert item not in spread
            continue
        summary = spread[item]
        assert summary.count == len(given_answers)
        assert summary.minimum == min(given_answers)
        assert summary.maximum == max(given_answers)
        assert summary.mean == pytest.approx(sum(given_answers) / len(given_answers))
        assert summary.stdev == pytest.approx(statistics.pstdev(given_answers))
        assert summary.minimum <= summary.mean <= summary.maximum
    assert set(spread) <= {key for answers in scores.values() for key in answers}


@settings(max_examples=200)
@given(
    evaluator=st.dictionaries(st.sampled_from("abcdef"), answers),
    reference=st.dictionaries(st.sampled_from("abcdef"), answers),
)
def test_alignment_is_the_share_of_matching_answers(
    evaluator: dict[str, float | None], reference: dict[str, float | None]
) -> None:
    both = [k for k in evaluator if evaluator[k] is not None and reference.get(k) is not None]

    alignment = evaluator_alignment(evaluator, reference)

    if not both:
        assert alignment is None
    else:
        matches = sum(evaluator[k] == reference[k] for k in both)
        assert alignment == pytest.approx(100 * matches / len(both))
