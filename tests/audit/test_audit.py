"""The audit trail: every stage change is recorded with who, when, old and new value, and
only managers read it."""

import pytest
from django.urls import reverse

from floorwalk.audit.models import AuditAction, AuditEvent
from floorwalk.audit.services import audit_record, changes_between, snapshot
from floorwalk.development.competency_services import assessment_record
from floorwalk.development.models import Competency, Stage
from floorwalk.development.services import stage_confirm
from tests.conftest import client_for


def test_changes_are_the_fields_whose_values_differ():
    before = {"target": 300, "period": "2026-W10", "note": "x"}
    after = {"target": 280, "period": "2026-W10", "metric": "aht"}

    assert changes_between(before, after) == {
        "metric": [None, "aht"],
        "note": ["x", None],
        "target": [300, 280],
    }


def test_an_update_that_changes_nothing_is_not_recorded(floor):
    values = snapshot(floor.agent, ["display_name", "hire_date", "team"])

    event = audit_record(
        actor=floor.user("admin"),
        instance=floor.agent,
        action=AuditAction.UPDATE,
        before=values,
        after=dict(values),
    )

    assert event is None
    assert values["hire_date"] == floor.agent.hire_date.isoformat()
    assert values["team"] == floor.agent.team_id


def test_every_stage_change_is_in_the_trail_with_old_and_new_value(floor):
    leader = floor.user("leader")
    stage_confirm(actor=leader, person=floor.agent, stage=Stage.R1, proposed_stage=Stage.R1)
    stage_confirm(
        actor=leader,
        person=floor.agent,
        stage=Stage.R3,
        proposed_stage=Stage.R1,
        reason="Runs the escalation queue alone",
    )

    first, second = AuditEvent.objects.order_by("pk")
    assert (first.actor, first.person, first.changes["stage"]) == (
        leader,
        floor.agent,
        [None, "R1"],
    )
    assert second.changes == {"stage": ["R1", "R3"], "proposed_stage": [None, "R1"]}
    assert second.reason == "Runs the escalation queue alone"
    assert second.object_type == "development.stageassignment"


def test_a_site_manager_reads_their_sites_trail_only(floor):
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R2)
    stage_confirm(actor=floor.user("admin"), person=floor.far_agent, stage=Stage.R2)

    manager_page = client_for(floor.user("manager")).get(reverse("audit:list"))
    admin_page = client_for(floor.user("admin")).get(reverse("audit:list"))

    assert [event.person for event in manager_page.context["page"]] == [floor.agent]
    assert {event.person for event in admin_page.context["page"]} == {
        floor.agent,
        floor.far_agent,
    }


@pytest.mark.parametrize("username", ["agent", "mentor", "leader", "qa", "planner"])
def test_others_cannot_read_the_trail(floor, username):
    assert client_for(floor.user(username)).get(reverse("audit:list")).status_code == 403


def test_the_trail_cannot_be_edited_in_the_administration(floor):
    stage_confirm(actor=floor.user("leader"), person=floor.agent, stage=Stage.R2)
    event = AuditEvent.objects.get()
    admin = client_for(floor.user("admin"))

    change = admin.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"reason": "rewritten"}
    )
    delete = admin.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})

    assert change.status_code == 403
    assert delete.status_code == 403
    event.refresh_from_db()
    assert event.reason == ""


def test_a_recorded_competency_rating_is_in_the_trail(floor):
    competency = Competency.objects.create(name="Stress resilience", definition="Stays calm")

    assessment_record(
        actor=floor.user("leader"),
        person=floor.agent,
        competency=competency,
        level=4,
        evidence="Calm with a shouting caller",
    )

    event = AuditEvent.objects.get(object_type="development.assessment")
    assert (event.actor, event.person, event.action) == (
        floor.user("leader"),
        floor.agent,
        "create",
    )
    assert event.changes["level"] == [None, 4]
    assert event.changes["competency"] == [None, competency.pk]
