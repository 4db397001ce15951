"""Transfer of training: each class and the edges, on hand-computed cases."""

from datetime import date

from floorwalk.engine.transfer import (
    MetricEvidence,
    MetricReading,
    ObservationEvidence,
    QaEvidence,
    QaReading,
    TransferClass,
    TransferInput,
    classify_transfer,
    metric_improved,
    qa_improved,
    transfer_split,
    transfer_windows,
)

SESSION = date(2026, 3, 2)
COMPLETED = date(2026, 3, 3)
WINDOWS = transfer_windows(SESSION, COMPLETED)
LATER = date(2026, 6, 1)  # more than 8 weeks after completion


def csat(before, early, late, *, n=20) -> MetricEvidence:
    return MetricEvidence(
        name="CSAT",
        higher_is_better=True,
        min_sample=10,
        baseline=MetricReading(before, n),
        early=MetricReading(early, n),
        late=MetricReading(late, n),
    )


def aht(before, early, late) -> MetricEvidence:
    return MetricEvidence(
        name="AHT",
        higher_is_better=False,
        min_sample=20,
        baseline=MetricReading(before, 100),
        early=MetricReading(early, 100),
        late=MetricReading(late, 100),
    )


def classify(metric=None, qa=None, observations=None, today=LATER):
    return classify_transfer(
        TransferInput(
            completed_on=COMPLETED,
            windows=WINDOWS,
            today=today,
            metric=metric,
            qa=qa,
            observations=observations,
        )
    )


def test_windows_are_28_days_before_the_session_and_weeks_1_to_4_and_5_to_8_after():
    assert (WINDOWS.baseline_start, WINDOWS.baseline_end) == (date(2026, 2, 2), date(2026, 3, 1))
    assert (WINDOWS.early_start, WINDOWS.early_end) == (date(2026, 3, 4), date(2026, 3, 31))
    assert (WINDOWS.late_start, WINDOWS.late_end) == (date(2026, 4, 1), date(2026, 4, 28))
    assert WINDOWS.ready_on == date(2026, 4, 29)


def test_improved_in_both_windows_is_adopted():
    # 4.0 → 4.4 is +10 %, 4.0 → 4.3 is +7.5 %: both at least +5 %.
    result = classify(csat(4.0, 4.4, 4.3))
    assert result.transfer_class is TransferClass.ADOPTED
    assert (result.early_changed, result.late_changed) == (True, True)
    assert result.evidence[1].startswith(
        "CSAT: 4.00 before (n=20); 4.40 in weeks 1–4 (n=20), +10.0 %"
    )


def test_improved_then_back_is_reverted():
    result = classify(csat(4.0, 4.4, 4.1))  # +10 %, then +2.5 %
    assert result.transfer_class is TransferClass.REVERTED
    assert (result.early_changed, result.late_changed) == (True, False)


def test_never_improved_is_never_adopted():
    result = classify(csat(4.0, 4.1, 3.9))
    assert result.transfer_class is TransferClass.NEVER_ADOPTED


def test_late_improvement_counts_as_adopted():
    assert classify(csat(4.0, 4.0, 4.2)).transfer_class is TransferClass.ADOPTED


def test_exactly_five_percent_is_an_improvement_and_just_below_is_not():
    evidence = csat(4.0, 4.2, 4.19)
    assert metric_improved(evidence, evidence.early) is True  # +0.20 = 5 % of 4.0
    assert metric_improved(evidence, evidence.late) is False  # +0.19 = 4.75 %


def test_lower_is_better_metric_improves_when_it_falls():
    # AHT 400 s → 380 s is −5 % (better); 400 → 390 is −2.5 %; 400 → 420 is worse.
    evidence = aht(400.0, 380.0, 390.0)
    assert metric_improved(evidence, evidence.early) is True
    assert metric_improved(evidence, evidence.late) is False
    assert metric_improved(aht(400.0, 420.0, 420.0), MetricReading(420.0, 100)) is False
    assert classify(aht(400.0, 380.0, 370.0)).transfer_class is TransferClass.ADOPTED


def test_zero_baseline_needs_any_move_the_better_way():
    evidence = csat(0.0, 0.0, 0.1)
    assert metric_improved(evidence, evidence.early) is False
    assert metric_improved(evidence, evidence.late) is True


def test_too_small_sample_is_no_data():
    evidence = csat(4.0, 4.5, 4.5, n=9)  # CSAT needs 10 surveys here
    assert metric_improved(evidence, evidence.early) is None
    result = classify(evidence)
    assert result.transfer_class is TransferClass.NO_DATA


def test_no_evidence_at_all_is_no_data():
    assert classify().transfer_class is TransferClass.NO_DATA


def test_before_eight_weeks_is_too_early_whatever_the_data():
    result = classify(csat(4.0, 4.4, None), today=date(2026, 4, 28))  # last day of weeks 5–8
    assert result.transfer_class is TransferClass.TOO_EARLY
    assert result.evidence[0].startswith("Final on 2026-04-29")
    assert classify(csat(4.0, 4.4, 4.4), today=date(2026, 4, 29)).transfer_class is (
        TransferClass.ADOPTED
    )


def test_qa_pass_rate_needs_ten_points_and_three_answers():
    # 2 of 5 = 40 %; 5 of 10 = 50 % (+10 points); 4 of 9 = 44.4 % (+4.4); 2 of 2 too few.
    evidence = QaEvidence(
        items=("empathy",),
        baseline=QaReading(2, 5),
        early=QaReading(5, 10),
        late=QaReading(4, 9),
    )
    assert qa_improved(evidence, evidence.early) is True
    assert qa_improved(evidence, evidence.late) is False
    assert qa_improved(evidence, QaReading(2, 2)) is None
    assert classify(qa=evidence).transfer_class is TransferClass.REVERTED


def test_signals_vote_and_a_tie_counts_as_changed():
    # Weeks 5–8: metric not improved, QA improved (40 % → 60 %): a tie, so changed.
    qa = QaEvidence(("empathy",), QaReading(2, 5), QaReading(3, 5), QaReading(3, 5))
    result = classify(csat(4.0, 4.0, 4.0), qa)
    assert result.late_changed is True
    assert result.transfer_class is TransferClass.ADOPTED
    # Observations of level 0.25 in weeks 5–8 make it one of three there: not changed; weeks
    # 1–4 stay a tie (no observations), so changed then: reverted.
    observed = ObservationEvidence(early=(), late=("not_yet", "sometimes"))
    result = classify(csat(4.0, 4.0, 4.0), qa, observed)
    assert (result.early_changed, result.late_changed) == (True, False)
    assert result.transfer_class is TransferClass.REVERTED


def test_observations_show_the_change_from_a_mean_level_of_three_quarters():
    # (1 + 1 + 0.5 + 0.5) / 4 = 0.75: shown; (1 + 0.5 + 0.5) / 3 = 0.67: not shown.
    observed = ObservationEvidence(
        early=("consistently", "consistently", "sometimes", "sometimes"),
        late=("consistently", "sometimes", "sometimes"),
    )
    result = classify(observations=observed)
    assert result.transfer_class is TransferClass.REVERTED
    assert "mean level 0.75 (2 of 4 consistently) in weeks 1–4" in result.evidence[1]


def test_split_counts_and_shares_of_decided_trainees():
    split = transfer_split(
        [TransferClass.ADOPTED]
        + [TransferClass.NEVER_ADOPTED]
        + [TransferClass.REVERTED] * 8
        + [TransferClass.TOO_EARLY] * 2
    )
    assert split.total == 12
    assert split.counts[TransferClass.REVERTED] == 8
    assert split.share(TransferClass.ADOPTED) == 10.0  # 1 of the 10 decided
    assert split.share(TransferClass.REVERTED) == 80.0
    assert round(split.share(TransferClass.TOO_EARLY), 2) == 16.67  # 2 of 12
    assert transfer_split([]).share(TransferClass.ADOPTED) is None
