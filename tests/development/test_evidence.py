"""The stage engine's evidence, gathered from an agent's data, against counts by hand."""

from datetime import timedelta

from django.utils import timezone

from floorwalk.development.evidence import stage_evidence
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
