"""Stages are set by people, with their reasons, and the playbooks say how to lead each."""

from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from floorwalk.development.models import LeadershipStyle, Playbook, Stage, StageAssignment
from floorwalk.development.selectors import current_stage, playbook_for, stage_history
from floorwalk.development.services import (
    StageReasonRequiredError,
    playbooks_create_defaults,
    stage_confirm,
)
from floorwalk.metrics.models import QaAssignment
from tests.conftest import client_for
from tests.metrics.qa.conftest import make_interaction


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


def test_the_agent_page_says_how_to_lead_them_now(floor):
    playbooks_create_defaults()
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R2)

    page = client_for("leader").get(reverse("org:person", args=[floor.agent.pk])).content.decode()

    assert "How to lead this agent now" in page
    assert "R2 · growing, needs coaching: Coaching." in page
    assert "several solutions" in page
    assert "6 QA evaluations, 2 observations, 2 one-to-ones" in page


def test_agents_see_their_own_stage_and_planners_see_no_stage(floor):
    playbooks_create_defaults()
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R1)
    url = reverse("org:person", args=[floor.agent.pk])

    own = client_for("agent").get(url).content.decode()
    planner = client_for("planner").get(url).content.decode()

    assert "Your stage and how you are led" in own
    assert "R1 · new, needs direction" in own
    assert "R1 · new" not in planner
    assert "How to lead" not in planner


def test_the_roster_shows_stages_to_the_leader_only(floor):
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R3)
    url = reverse("org:team", args=[floor.alpha.pk])

    leader_rows = {row.person: row.stage for row in client_for("leader").get(url).context["rows"]}
    planner_rows = {row.person: row.stage for row in client_for("planner").get(url).context["rows"]}

    assert leader_rows == {floor.agent: "R3", floor.mentor: ""}
    assert planner_rows == {floor.agent: "", floor.mentor: ""}


def test_the_qa_sample_takes_each_agents_number_from_their_stage(floor):
    playbooks_create_defaults()
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R1)
    stage_confirm(actor=floor.user("leader"), person=floor.mentor, stage=Stage.R4)
    for agent in (floor.agent, floor.mentor, floor.other_agent):
        for day in range(1, 29):
            make_interaction(agent, day=date(2026, 10, day))

    client_for("qa").post(
        reverse("qa:sampling"),
        {
            "site": floor.north.pk,
            "month": "2026-10",
            "per_agent": "3",
            "by_stage": "on",
            "evaluators": [floor.qa.pk],
        },
    )

    planned = Counter(QaAssignment.objects.values_list("interaction__agent", flat=True))
    assert planned == {floor.agent.pk: 8, floor.mentor.pk: 2, floor.other_agent.pk: 3}


def test_a_leader_sees_the_proposal_with_its_evidence_and_confirms_it(floor):
    url = reverse("development:person_stage", args=[floor.agent.pk])
    client = client_for("leader")

    page = client.get(url)
    override = client.post(url, {"stage": "R3", "reason": ""})
    confirmed = client.post(url, {"stage": "R1", "reason": ""})

    body = page.content.decode()
    assert "The evidence proposes R1 · new, needs direction" in body
    assert "Tenure (days)" in body
    assert "no data" in body  # Ada has no QA evaluations
    assert override.status_code == 400
    assert "Say why the stage differs from the proposed R1." in override.content.decode()
    assert confirmed.status_code == 302
    stage = current_stage(floor.agent)
    assert (stage.stage, stage.proposed_stage, stage.reason) == ("R1", "R1", "")
    assert stage.evidence["tenure_days"] == page.context["evidence"].tenure_days
    assert {check["rule"] for check in stage.evidence["checks"]} >= {"tenure", "qa_mean"}


def test_the_api_shows_an_agent_their_stage_and_the_leader_the_proposal(floor):
    playbooks_create_defaults()
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R1)
    url = reverse("api-person-stage", args=[floor.agent.pk])

    own = client_for("agent").get(url).json()
    leaders = client_for("leader").get(url).json()

    assert own["current"]["stage"] == "R1"
    assert own["playbook"]["leadership_style"] == "directing"
    assert own["proposal"] is None  # the proposal is the leader's tool
    assert leaders["proposal"]["stage"] == "R1"
    assert "qa_mean" in leaders["proposal"]["missing_for_next"]  # no evaluations yet


def test_the_api_sets_a_stage_with_the_same_rules_as_the_page(floor):
    url = reverse("api-person-stage", args=[floor.agent.pk])
    client = client_for("leader")

    refused = client.post(url, {"stage": "R2"}, content_type="application/json")
    accepted = client.post(
        url,
        {"stage": "R2", "reason": "Covers the chat queue alone"},
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert "reason" in refused.json()
    assert accepted.status_code == 201
    assert (accepted.json()["stage"], accepted.json()["proposed_stage"]) == ("R2", "R1")
    assert current_stage(floor.agent).reason == "Covers the chat queue alone"
