"""Metric formulas, checked against the same numbers computed straight from raw records."""

from __future__ import annotations

import ast
import inspect
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.engine import metrics as metrics_module
from floorwalk.engine.metrics import (
    METRICS,
    METRICS_BY_CODE,
    OUTCOMES,
    TOTALS_FIELDS,
    Direction,
    InteractionRecord,
    Totals,
    Unit,
    is_reliable,
    metric,
    totals_from_qa_scores,
    totals_from_records,
)

records_strategy = st.lists(
    st.builds(
        InteractionRecord,
        talk_seconds=st.integers(0, 3_600),
        hold_seconds=st.integers(0, 900),
        acw_seconds=st.integers(0, 600),
        outcome=st.sampled_from(OUTCOMES),
        first_contact_resolution=st.none() | st.booleans(),
        csat=st.none() | st.integers(1, 5),
        nps=st.none() | st.integers(0, 10),
    ),
    max_size=60,
)


def ratio(numerator: float, denominator: int, scale: float = 1.0) -> float | None:
    return None if denominator == 0 else scale * numerator / denominator


def expected_from_records(records: list[InteractionRecord]) -> dict[str, float | None]:
    """Every metric, computed the long way from the raw records."""
    handled = [r for r in records if r.outcome != "abandoned"]
    fcr_known = [r for r in handled if r.first_contact_resolution is not None]
    ratings = [r.csat for r in records if r.csat is not None]
    nps = [r.nps for r in records if r.nps is not None]
    return {
        "contacts_handled": float(len(handled)),
        "aht": ratio(
            sum(r.talk_seconds + r.hold_seconds + r.acw_seconds for r in handled), len(handled)
        ),
        "avg_talk": ratio(sum(r.talk_seconds for r in handled), len(handled)),
        "avg_hold": ratio(sum(r.hold_seconds for r in handled), len(handled)),
        "avg_acw": ratio(sum(r.acw_seconds for r in handled), len(handled)),
        "fcr": ratio(
            sum(r.first_contact_resolution is True for r in fcr_known), len(fcr_known), 100
        ),
        "csat": ratio(sum(rating >= 4 for rating in ratings), len(ratings), 100),
        "csat_mean": ratio(sum(ratings), len(ratings)),
        "tnps": ratio(sum(a >= 9 for a in nps) - sum(a <= 6 for a in nps), len(nps), 100),
        "qa_score": None,
        "transfer_rate": ratio(sum(r.outcome == "transferred" for r in handled), len(handled), 100),
        "escalation_rate": ratio(sum(r.outcome == "escalated" for r in handled), len(handled), 100),
        "adherence": None,  # interactions say nothing about the schedule
        "conformance": None,
    }


@settings(max_examples=150)
@given(records=records_strategy)
def test_every_metric_from_totals_matches_the_records(records: list[InteractionRecord]) -> None:
    totals = totals_from_records(records)

    expected = expected_from_records(records)

    assert totals.contacts == len(records)
    for m in METRICS:
        value = m.value(totals)
        if expected[m.code] is None:
            assert value is None, m.code
        else:
            assert value == pytest.approx(expected[m.code]), m.code


@settings(max_examples=100)
@given(records=records_strategy, cut=st.integers(0, 60))
def test_totals_of_two_halves_add_up_to_the_totals_of_the_whole(
    records: list[InteractionRecord], cut: int
) -> None:
    first, second = records[:cut], records[cut:]

    assert totals_from_records(first) + totals_from_records(second) == totals_from_records(records)
    assert Totals.sum([totals_from_records(first), totals_from_records(second)]) == (
        totals_from_records(records)
    )


@settings(max_examples=100)
@given(records=records_strategy)
def test_metric_sample_counts_what_the_value_is_divided_by(
    records: list[InteractionRecord],
) -> None:
    totals = totals_from_records(records)
    handled = sum(r.outcome != "abandoned" for r in records)

    assert metric("aht").sample(totals) == handled
    assert metric("transfer_rate").sample(totals) == handled
    assert metric("fcr").sample(totals) == sum(
        r.outcome != "abandoned" and r.first_contact_resolution is not None for r in records
    )
    assert metric("csat").sample(totals) == sum(r.csat is not None for r in records)
    assert metric("tnps").sample(totals) == sum(r.nps is not None for r in records)


def test_abandoned_contacts_count_as_contacts_but_add_no_handle_time() -> None:
    records = [
        InteractionRecord(100, 20, 30, "resolved", first_contact_resolution=True),
        InteractionRecord(500, 0, 0, "abandoned", first_contact_resolution=False),
    ]

    totals = totals_from_records(records)

    assert (totals.contacts, totals.handled, totals.fcr_known) == (2, 1, 1)
    assert metric("aht").value(totals) == 150.0
    assert metric("fcr").value(totals) == 100.0


def test_tnps_is_promoters_minus_detractors_in_points() -> None:
    answers = [10, 9, 9, 10, 9, 8, 7, 7, 0, 6]
    totals = totals_from_records(InteractionRecord(0, 0, 0, "resolved", nps=a) for a in answers)

    assert metric("tnps").value(totals) == 30.0  # 50 % promoters − 20 % detractors


def test_csat_share_and_mean_of_the_same_ratings() -> None:
    ratings = [5, 4, 3, 1]
    totals = totals_from_records(InteractionRecord(0, 0, 0, "resolved", csat=r) for r in ratings)

    assert metric("csat").value(totals) == 50.0
    assert metric("csat_mean").value(totals) == 3.25


def test_qa_score_is_the_mean_evaluation_score() -> None:
    totals = totals_from_qa_scores([80.0, 90.0, 100.0])

    assert metric("qa_score").value(totals) == 90.0
    assert metric("qa_score").sample(totals) == 3


def test_qa_score_outside_0_to_100_is_refused() -> None:
    with pytest.raises(ValueError, match="101"):
        totals_from_qa_scores([50.0, 101.0])


def test_adding_totals_adds_every_field() -> None:
    one = Totals(**{name: index + 1 for index, name in enumerate(TOTALS_FIELDS)})

    doubled = one + one

    assert [getattr(doubled, n) for n in TOTALS_FIELDS] == [
        2 * (i + 1) for i in range(len(TOTALS_FIELDS))
    ]
    assert Totals.sum([]) == Totals()
    assert tuple(f.name for f in fields(Totals)) == TOTALS_FIELDS
    assert TOTALS_FIELDS[0] == "contacts"
    assert TOTALS_FIELDS[-1] == "worked_seconds"


def test_no_data_gives_no_value_except_a_count_of_zero() -> None:
    empty = Totals()

    assert metric("contacts_handled").value(empty) == 0.0
    assert all(m.value(empty) is None for m in METRICS if m.code != "contacts_handled")
    assert not any(is_reliable(m, empty) for m in METRICS)


def test_a_metric_is_reliable_from_its_minimum_sample() -> None:
    aht = metric("aht")

    assert not is_reliable(aht, Totals(handled=19, talk_seconds=1_900))
    assert is_reliable(aht, Totals(handled=20, talk_seconds=2_000))


def test_the_catalogue_lists_the_metrics_in_display_order() -> None:
    table = [(m.code, m.unit, m.direction, m.min_sample) for m in METRICS]

    assert table == [
        ("contacts_handled", Unit.COUNT, Direction.HIGHER, 1),
        ("aht", Unit.SECONDS, Direction.LOWER, 20),
        ("avg_talk", Unit.SECONDS, Direction.LOWER, 20),
        ("avg_hold", Unit.SECONDS, Direction.LOWER, 20),
        ("avg_acw", Unit.SECONDS, Direction.LOWER, 20),
        ("fcr", Unit.PERCENT, Direction.HIGHER, 20),
        ("csat", Unit.PERCENT, Direction.HIGHER, 10),
        ("csat_mean", Unit.SCORE, Direction.HIGHER, 10),
        ("tnps", Unit.POINTS, Direction.HIGHER, 10),
        ("qa_score", Unit.PERCENT, Direction.HIGHER, 1),
        ("transfer_rate", Unit.PERCENT, Direction.LOWER, 20),
        ("escalation_rate", Unit.PERCENT, Direction.LOWER, 20),
        ("adherence", Unit.PERCENT, Direction.HIGHER, 4),
        ("conformance", Unit.PERCENT, Direction.HIGHER, 4),
    ]
    assert list(METRICS_BY_CODE) == [m.code for m in METRICS]
    assert all(m.name and m.definition.endswith(".") and m.formula for m in METRICS)


def test_an_unknown_metric_code_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match=r"'speed'.*aht"):
        metric("speed")


def test_every_text_of_the_catalogue_is_marked_for_translation() -> None:
    tree = ast.parse(inspect.getsource(metrics_module))
    marked_names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and is_gettext_noop(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    metric_calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Metric"
    ]

    assert len(metric_calls) == len(METRICS)
    for call in metric_calls:
        for keyword in call.keywords:
            if keyword.arg in {"name", "definition", "formula", "sample_label"}:
                value = keyword.value
                assert is_gettext_noop(value) or (
                    isinstance(value, ast.Name) and value.id in marked_names
                ), ast.unparse(value)


def is_gettext_noop(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop"


@pytest.mark.parametrize(
    "changes",
    [
        {"outcome": "lost"},
        {"csat": 0},
        {"csat": 6},
        {"nps": 11},
        {"talk_seconds": -1},
    ],
)
def test_impossible_records_are_refused(changes: dict[str, object]) -> None:
    fields_of_record: dict[str, object] = {
        "talk_seconds": 10,
        "hold_seconds": 0,
        "acw_seconds": 0,
        "outcome": "resolved",
    }
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by field
        InteractionRecord(**(fields_of_record | changes))  # type: ignore[arg-type]


def test_adherence_and_conformance_are_ratios_of_summed_seconds() -> None:
    monday = Totals(
        scheduled_seconds=8 * 3600,
        adherent_seconds=7 * 3600,
        scheduled_work_seconds=7 * 3600,
        worked_seconds=7 * 3600,
    )
    short_day = Totals(
        scheduled_seconds=3600,
        adherent_seconds=0,
        scheduled_work_seconds=3600,
        worked_seconds=1800,
    )

    both = monday + short_day

    assert metric("adherence").value(both) == pytest.approx(100 * 7 / 9)
    assert metric("conformance").value(both) == pytest.approx(100 * 7.5 / 8)
    assert metric("adherence").sample(both) == 9
    assert metric("adherence").value(Totals()) is None
    assert not is_reliable(metric("adherence"), short_day)
