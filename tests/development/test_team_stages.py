"""The leader's view of the team's development: the distribution of confirmed stages, who
the evidence says may be ready for more, and R2 agents whose engagement dips."""

from dataclasses import replace
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from floorwalk.development.models import EngagementScore, Stage, StageAssignment
from floorwalk.development.services import (
    playbooks_create_defaults,
    stage_confirm,
    stage_rules_update,
)
from floorwalk.engine.stages import DEFAULT_STAGE_RULES
from floorwalk.metrics.ingest import interactions_import
from floorwalk.metrics.models import Standard
from tests.conftest import client_for, site_noon
from tests.metrics.conftest import interaction, write_csv

# R2 asks only for a week of results with at least half the standards met.
EASY_R2 = replace(
    DEFAULT_STAGE_RULES,
    r2=replace(
        DEFAULT_STAGE_RULES.r2,
        min_tenure_days=0,
        min_standards_weeks=1,
        min_standards_met_share=0.5,
        min_qa_mean=None,
        max_transfer_rate=None,
        max_escalation_rate=None,
        min_competency_level=None,
    ),
)


def a_week_on_standard(floor, tmp_path):
    """Ada's last whole week: 20 calls of 6:00 against an AHT standard of 7:00."""
    today = timezone.localdate()
    thursday = today - timedelta(days=today.weekday() + 4)
    rows = [
        interaction(f"w{n}", floor.agent.employee_number, started_at=f"{thursday}T09:00:00+01:00")
        for n in range(20)
    ]
    interactions_import(path=write_csv(tmp_path / "week.csv", rows))
    Standard.objects.create(metric="aht", target=420, amber_band=0, valid_from="2020-01-01")


def team_page(floor):
    response = client_for(floor.user("leader")).get(
        reverse("development:team_stages", args=[floor.alpha.pk])
    )
    assert response.status_code == 200
    return response.context


def test_the_distribution_counts_confirmed_stages_of_the_team(floor):
    leader = floor.user("leader")
    team_leader = floor.alpha.leader
    team_leader.team = floor.alpha  # a leader in their own team is not one of its agents
    team_leader.save()
    members = list(floor.alpha.members.exclude(status="left").exclude(pk=team_leader.pk))
    stage_confirm(actor=leader, person=floor.agent, stage=Stage.R1)
    stage_confirm(actor=leader, person=floor.agent, stage=Stage.R3, reason="Took over a queue")

    context = team_page(floor)

    counts = dict(context["distribution"])
    assert counts[Stage.R3.label] == 1  # only the newest stage counts
    assert counts[Stage.R1.label] == 0
    assert counts[""] == len(members) - 1
    assert sum(counts.values()) == len(members) == len(context["rows"])
    assert team_leader not in [row.person for row in context["rows"]]


def test_an_agent_whose_evidence_passes_the_next_stage_is_listed_as_ready(floor, tmp_path):
    a_week_on_standard(floor, tmp_path)
    stage_rules_update(actor=floor.user("admin"), rules=EASY_R2)
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R1)

    context = team_page(floor)

    ready = [row.person for row in context["ready"]]
    assert ready == [floor.agent]
    assert context["ready"][0].review.proposed == Stage.R2
    assert context["ready"][0].review.evidence.standards_met_share == 1.0


def test_an_agent_confirmed_at_the_proposed_stage_is_not_ready(floor, tmp_path):
    a_week_on_standard(floor, tmp_path)
    stage_rules_update(actor=floor.user("admin"), rules=EASY_R2)
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R2)

    assert team_page(floor)["ready"] == []


def test_an_r2_agent_with_falling_engagement_is_flagged(floor):
    today = timezone.localdate()
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R2)
    for days_ago, score in ((60, 85.0), (30, 70.0), (0, 50.0)):
        EngagementScore.objects.create(
            person=floor.agent, measured_on=today - timedelta(days=days_ago), score=score
        )

    context = team_page(floor)

    [flagged] = context["engagement_falling"]
    assert flagged.person == floor.agent
    # 50 is under the floor of 60, and 35 points in two months is faster than −5 a month.
    assert {note.threshold for note in flagged.engagement_notes} == {60.0, -5.0}
    assert "motivating stimuli" in context["engagement_falling"][0].engagement_notes[0].message


def test_steady_engagement_or_another_stage_is_not_flagged(floor):
    today = timezone.localdate()
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R3)
    EngagementScore.objects.create(person=floor.agent, measured_on=today, score=20.0)

    assert team_page(floor)["engagement_falling"] == []


def test_the_team_page_lists_what_is_due_and_overdue(floor):
    playbooks_create_defaults()
    earlier = stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R3)
    StageAssignment.objects.filter(pk=earlier.pk).update(set_at=site_noon(floor.north, 40))

    context = team_page(floor)

    # R3 asks one observation and one one-to-one a month: both 10 days late, nothing done.
    overdue = [(person, item.kind.value) for person, item in context["due"]]
    assert (floor.agent, "observation") in overdue
    assert (floor.agent, "one_to_one") in overdue
    assert {
        item.days_late for person, item in context["due"] if item.kind.value != "qa_evaluation"
    } == {10}
