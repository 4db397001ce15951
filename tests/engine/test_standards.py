"""RAG status against a target, and which of several standards is in force."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine.metrics import Direction
from floorwalk.engine.standards import (
    Level,
    StandardCandidate,
    Status,
    Threshold,
    most_specific,
    status,
)

SEVERITY = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}
FCR_TARGET = Threshold(target=80.0, amber_band=5.0, direction=Direction.HIGHER)
AHT_TARGET = Threshold(target=300.0, amber_band=30.0, direction=Direction.LOWER)

values = st.floats(-1e6, 1e6)
bands = st.floats(0, 1e4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (95.0, Status.GREEN),
        (80.0, Status.GREEN),
        (76.0, Status.AMBER),
        (75.0, Status.AMBER),
        (74.9, Status.RED),
    ],
)
def test_higher_is_better_status(value: float, expected: Status) -> None:
    assert status(value, FCR_TARGET) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(250.0, Status.GREEN), (300.0, Status.GREEN), (330.0, Status.AMBER), (330.5, Status.RED)],
)
def test_lower_is_better_status(value: float, expected: Status) -> None:
    assert status(value, AHT_TARGET) is expected


def test_no_value_or_no_standard_has_no_status() -> None:
    assert status(None, FCR_TARGET) is Status.NONE
    assert status(85.0, None) is Status.NONE


def test_a_zero_band_has_no_amber() -> None:
    strict = Threshold(target=80.0, amber_band=0.0, direction=Direction.HIGHER)

    assert status(80.0, strict) is Status.GREEN
    assert status(79.99, strict) is Status.RED


def test_a_negative_band_is_refused() -> None:
    with pytest.raises(ValueError, match="amber band"):
        Threshold(target=80.0, amber_band=-1.0, direction=Direction.HIGHER)


@settings(max_examples=200)
@given(value=values, target=values, band=bands)
def test_lower_is_better_mirrors_higher_is_better(value: float, target: float, band: float) -> None:
    higher = Threshold(target=target, amber_band=band, direction=Direction.HIGHER)
    lower = Threshold(target=-target, amber_band=band, direction=Direction.LOWER)

    assert status(value, higher) is status(-value, lower)


@settings(max_examples=200)
@given(a=values, b=values, target=values, band=bands, direction=st.sampled_from(list(Direction)))
def test_a_better_value_never_gets_a_worse_status(
    a: float, b: float, target: float, band: float, direction: Direction
) -> None:
    threshold = Threshold(target=target, amber_band=band, direction=direction)
    low, high = sorted((a, b))
    better, worse = (high, low) if direction is Direction.HIGHER else (low, high)

    assert SEVERITY[status(better, threshold)] <= SEVERITY[status(worse, threshold)]


def candidate(level: Level, valid_from: date, target: float = 80.0) -> StandardCandidate:
    return StandardCandidate(
        level=level,
        valid_from=valid_from,
        threshold=Threshold(target=target, amber_band=5.0, direction=Direction.HIGHER),
    )


def test_a_team_standard_overrides_the_site_and_organisation() -> None:
    organisation = candidate(Level.ORGANISATION, date(2026, 1, 1), 70.0)
    site = candidate(Level.SITE, date(2026, 3, 1), 75.0)
    team = candidate(Level.TEAM, date(2026, 9, 1), 85.0)
    everything = [organisation, site, team]

    assert most_specific(everything, on=date(2025, 12, 31)) is None
    assert most_specific(everything, on=date(2026, 2, 1)) == organisation
    assert most_specific(everything, on=date(2026, 8, 31)) == site
    assert most_specific(everything, on=date(2026, 9, 1)) == team


def test_within_a_level_the_latest_standard_in_force_wins() -> None:
    old = candidate(Level.SITE, date(2026, 1, 1), 70.0)
    new = candidate(Level.SITE, date(2026, 6, 1), 75.0)
    future = candidate(Level.SITE, date(2027, 1, 1), 90.0)

    assert most_specific([new, future, old], on=date(2026, 7, 1)) == new


candidates = st.lists(
    st.builds(
        candidate,
        level=st.sampled_from(list(Level)),
        valid_from=st.dates(date(2025, 1, 1), date(2027, 12, 31)),
        target=st.integers(0, 100).map(float),
    ),
    max_size=12,
)


@settings(max_examples=200)
@given(options=candidates, on=st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_the_chosen_standard_is_in_force_and_nothing_more_specific_or_newer_is(
    options: list[StandardCandidate], on: date
) -> None:
    in_force = [c for c in options if c.valid_from <= on]

    chosen = most_specific(options, on=on)

    if not in_force:
        assert chosen is None
        return
    assert chosen is not None
    assert chosen.valid_from <= on
    assert all(c.level <= chosen.level for c in in_force)
    assert all(c.valid_from <= chosen.valid_from for c in in_force if c.level == chosen.level)
