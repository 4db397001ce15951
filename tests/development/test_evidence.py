"""The stage engine's evidence, gathered from an agent's data, against counts by hand."""

import statistics
from datetime import date, timedelta

import pytest
from django.utils import timezone

from floorwalk.development.evidence import engagement_signal, stage_evidence
from floorwalk.development.models import EngagementScore
from floorwalk.metrics.ingest import interactions_import
from floorwalk.metrics.models import Standard
from tests.metrics.conftest import interaction, write_csv


def test_evidence_counts_the_agents_last_whole_weeks(floor, tmp_path):
    today = timezone.localdate()
    last_week = today - timedelta(days=today.weekday() + 4)  # a Thursday of the last whole week
    morning = f"{last_week}T09:00:00+01:00"
    outcomes = ["transferred"] * 5 + ["escalated"] * 2 + ["resolved"] * 18
    rows = [
        interaction(f"e{n}", floor.agent.employee_number, started_at=morning, outcome=outcome)
        for n, outcome in enumerate(outcomes)
    ]
    interactions_import(path=write_csv(tmp_path / "weeks.csv", rows))
    Standard.objects.create(metric="aht", target=300, amber_band=0, valid_from="2020-01-01")
    Standard.objects.create(
        metric="transfer_rate", target=10, amber_band=0, valid_from="2020-01-01"
    )

    evidence = stage_evidence(floor.agent, today=today)

    assert evidence.tenure_days == (today - floor.agent.hire_date).days
    assert evidence.transfer_rate == 100 * 5 / 25
    assert evidence.escalation_rate == 100 * 2 / 25
    # One week judged on two standards: AHT 6:00 is over 5:00, 20 % transfers over 10 %.
    assert (evidence.standards_weeks, evidence.standards_met_share) == (1, 0.0)
    assert evidence.qa_mean is None  # no evaluations: the engine must not pass QA rules


def test_an_agent_without_data_has_no_evidence_but_tenure(floor):
    evidence = stage_evidence(floor.mentor, today=timezone.localdate())

    assert (evidence.standards_weeks, evidence.standards_met_share) == (0, None)
    assert (evidence.transfer_rate, evidence.escalation_rate, evidence.qa_mean) == (None,) * 3


def test_engagement_is_the_newest_score_and_its_monthly_slope(floor):
    today = date(2026, 6, 30)
    # 80 sixty days ago, 70 thirty days ago, 55 today: a straight-ish fall.
    scored = {today - timedelta(days=60): 80.0, today - timedelta(days=30): 70.0, today: 55.0}
    for day, score in scored.items():
        EngagementScore.objects.create(person=floor.agent, measured_on=day, score=score)
    EngagementScore.objects.create(  # too old to count
        person=floor.agent, measured_on=today - timedelta(days=120), score=10.0
    )

    signal = engagement_signal(floor.agent, today=today)

    months = [(day - today).days / 30.44 for day in scored]
    expected_slope = statistics.linear_regression(months, list(scored.values())).slope
    assert signal.score == 55.0
    assert signal.trend_per_month == pytest.approx(expected_slope)


def test_no_engagement_scores_is_no_signal_and_one_day_has_no_trend(floor):
    today = date(2026, 6, 30)
    assert engagement_signal(floor.agent, today=today) is None

    for source in ("pulse", "survey"):
        EngagementScore.objects.create(
            person=floor.agent, measured_on=today, score=40.0, source=source
        )

    assert engagement_signal(floor.agent, today=today).trend_per_month is None
