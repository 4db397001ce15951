"""Competency levels derived from results: each branch of the mapping, and that a better
value never gives a lower level."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.competencies import (
    MetricReading,
    Unused,
    derive_level,
    metric_level,
    round_half_up,
)
from floorwalk.engine.metrics import Direction
from floorwalk.engine.standards import Threshold

QA_STANDARD = Threshold(target=85.0, amber_band=5.0, direction=Direction.HIGHER)
AHT_STANDARD = Threshold(target=300.0, amber_band=30.0, direction=Direction.LOWER)


def reading(value, threshold=QA_STANDARD, *, sample=50, min_sample=20, code="qa_score"):
    return MetricReading(
        code=code, value=value, sample=sample, min_sample=min_sample, threshold=threshold
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (95.0, 5),  # 10 better: two bands beyond
        (90.0, 5),  # exactly one band beyond the target: clearly better
        (89.9, 4),  # better, by less than a band: on standard
        (85.0, 4),  # at the target
        (80.0, 3),  # short by exactly the band: amber
        (84.9, 3),
        (79.9, 2),  # short by a bit more than one band
        (75.0, 2),  # short by exactly two bands
        (74.9, 1),  # beyond two bands
        (0.0, 1),
    ],
)
def test_higher_is_better_levels(value, expected):
    assert metric_level(value, QA_STANDARD) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (240.0, 5),  # 60 s under a 300 s target, band 30
        (270.0, 5),
        (271.0, 4),
        (300.0, 4),
        (330.0, 3),
        (331.0, 2),
        (360.0, 2),
        (361.0, 1),
    ],
)
def test_lower_is_better_levels(value, expected):
    assert metric_level(value, AHT_STANDARD) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(301.0, 1), (300.0, 4), (299.0, 5)], ids=["worse", "at", "better"]
)
def test_without_an_amber_band_short_of_target_is_level_one(value, expected):
    no_band = Threshold(target=300.0, amber_band=0.0, direction=Direction.LOWER)

    assert metric_level(value, no_band) == expected


def test_the_level_is_the_mean_of_the_used_metrics_rounded_half_up():
    derived = derive_level(
        [
            reading(92.0),  # 5
            reading(290.0, AHT_STANDARD, code="aht"),  # 4
            reading(None, code="csat"),
        ]
    )

    assert derived.level == 5  # (5 + 4) / 2 = 4.5, rounded up
    assert [(item.code, item.level) for item in derived.judgements] == [
        ("qa_score", 5),
        ("aht", 4),
        ("csat", None),
    ]
    assert derived.judgements[2].unused is Unused.NO_VALUE


def test_metrics_without_a_reliable_sample_or_standard_are_not_used():
    derived = derive_level(
        [
            reading(99.0, sample=5, min_sample=10, code="tnps"),
            reading(70.0, None, code="csat"),
            reading(80.0),  # 3
        ]
    )

    assert derived.level == 3
    assert [item.unused for item in derived.judgements] == [
        Unused.SMALL_SAMPLE,
        Unused.NO_STANDARD,
        None,
    ]
    assert [item.code for item in derived.used] == ["qa_score"]


def test_no_usable_metric_gives_no_level():
    derived = derive_level([reading(99.0, None), reading(None)])

    assert derived.level is None
    assert derive_level([]).level is None


def test_the_explanation_names_metric_value_target_band_and_level():
    explanation = derive_level([reading(82.0)]).explanation()

    assert explanation == {
        "level": 3,
        "metrics": [
            {
                "metric": "qa_score",
                "value": 82.0,
                "sample": 50,
                "target": 85.0,
                "amber_band": 5.0,
                "direction": "higher",
                "level": 3,
                "unused": None,
            }
        ],
    }


@pytest.mark.parametrize(("value", "expected"), [(2.5, 3), (3.49, 3), (3.5, 4), (1.0, 1)])
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


finite = st.floats(-1e6, 1e6)
bands = st.floats(0, 1e4)
directions = st.sampled_from(list(Direction))


@settings(max_examples=300)
@given(value=finite, step=st.floats(0, 1e6), target=finite, band=bands, direction=directions)
def test_a_better_value_never_gives_a_lower_level(value, step, target, band, direction):
    threshold = Threshold(target=target, amber_band=band, direction=direction)
    better = value + step if direction is Direction.HIGHER else value - step

    assert metric_level(better, threshold) >= metric_level(value, threshold)
    assert 1 <= metric_level(value, threshold) <= 5
