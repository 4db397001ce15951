"""Stages are set by people, with their reasons, and the playbooks say how to lead each."""

import pytest
from django.core.exceptions import PermissionDenied

from floorwalk.development.models import LeadershipStyle, Playbook, Stage, StageAssignment
from floorwalk.development.selectors import current_stage, playbook_for, stage_history
from floorwalk.development.services import (
    StageReasonRequiredError,
    playbooks_create_defaults,
    stage_confirm,
)


def test_the_default_playbooks_lead_from_directing_to_delegating(db):
    playbooks_create_defaults()

    styles = {p.stage: p.leadership_style for p in Playbook.objects.all()}
    assert styles == {
        "R1": LeadershipStyle.DIRECTING,
        "R2": LeadershipStyle.COACHING,
        "R3": LeadershipStyle.SUPPORTING,
        "R4": LeadershipStyle.DELEGATING,
    }
    monitoring = [p.qa_evaluations_per_month for p in Playbook.objects.order_by("stage")]
    assert monitoring == sorted(monitoring, reverse=True)  # less often as the agent grows
    assert "several solutions" in playbook_for("R2").feedback_form
    assert "motivating stimuli" in playbook_for("R2").motivation_needs


def test_loading_the_playbooks_again_keeps_an_edited_one(db):
    playbooks_create_defaults()
    Playbook.objects.filter(stage="R3").update(qa_evaluations_per_month=5)

    assert playbooks_create_defaults() == []
    assert playbook_for("R3").qa_evaluations_per_month == 5


def test_a_leader_confirms_the_proposed_stage(floor):
    assignment = stage_confirm(
        actor=floor.user("leader"),
        person=floor.agent,
        stage=Stage.R2,
        proposed_stage=Stage.R2,
        evidence={"tenure_days": 120},
    )

    assert current_stage(floor.agent) == assignment
    assert (assignment.set_by, assignment.reason) == (floor.user("leader"), "")


def test_overriding_the_proposal_needs_a_reason_and_keeps_the_history(floor):
    leader = floor.user("leader")
    stage_confirm(actor=leader, person=floor.agent, stage=Stage.R1, proposed_stage=Stage.R1)

    with pytest.raises(StageReasonRequiredError):
        stage_confirm(actor=leader, person=floor.agent, stage=Stage.R3, proposed_stage=Stage.R2)
    stage_confirm(
        actor=leader,
        person=floor.agent,
        stage=Stage.R3,
        proposed_stage=Stage.R2,
        reason="Handles the escalation queue alone since October",
    )

    assert [a.stage for a in stage_history(floor.agent)] == ["R3", "R1"]
    assert current_stage(floor.agent).reason == "Handles the escalation queue alone since October"


@pytest.mark.parametrize("username", ["agent", "mentor", "other_leader", "planner", "qa"])
def test_only_those_who_lead_the_agent_set_a_stage(floor, username):
    with pytest.raises(PermissionDenied):
        stage_confirm(actor=floor.user(username), person=floor.agent, stage=Stage.R2)

    assert not StageAssignment.objects.exists()
