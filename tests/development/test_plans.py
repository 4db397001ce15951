"""Development plans: the gaps a plan starts from, actions added and moved by those who lead
the agent (each audited), the agent reading but never editing, and the one-to-one review."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from floorwalk.audit.models import AuditEvent
from floorwalk.development.models import AssessmentSource, PlanAction
from floorwalk.development.plan_demo import plan_demo_load
from floorwalk.development.plan_selectors import metric_gaps
from floorwalk.development.plan_services import (
    plan_action_add,
    plan_action_set_status,
    plan_actions_review,
)
from floorwalk.metrics.ingest import interactions_import
from floorwalk.metrics.models import Standard
from tests.conftest import client_for
from tests.development.test_assessments import assess, make_competency
from tests.metrics.conftest import interaction, write_csv


def add_action(floor, **changes) -> PlanAction:
    fields = {
        "kind": "coaching",
        "description": "Call review every Friday",
        "due_on": timezone.localdate() + timedelta(days=14),
        "gap": "Result orientation",
    }
    return plan_action_add(actor=floor.user("leader"), person=floor.agent, **(fields | changes))


def import_last_weeks_contacts(floor, tmp_path):
    """25 contacts of Ada's last week (AHT 360 s each): 5 transferred, 2 escalated."""
    today = timezone.localdate()
    last_week = today - timedelta(days=today.weekday() + 4)
    outcomes = ["transferred"] * 5 + ["escalated"] * 2 + ["resolved"] * 18
    rows = [
        interaction(
            f"p{n}",
            floor.agent.employee_number,
            started_at=f"{last_week}T09:00:00+01:00",
            outcome=outcome,
        )
        for n, outcome in enumerate(outcomes)
    ]
    interactions_import(path=write_csv(tmp_path / "plan.csv", rows))


def set_standards():
    for metric, target in (("aht", 300), ("transfer_rate", 10), ("escalation_rate", 10)):
        Standard.objects.create(metric=metric, target=target, amber_band=0, valid_from="2020-01-01")


def test_adding_an_action_creates_the_plan_and_audits_it(floor):
    action = add_action(floor)

    assert action.plan.person == floor.agent
    assert action.plan.owner == floor.user("leader")
    event = AuditEvent.objects.get(object_id=str(action.pk), action="create")
    assert event.actor == floor.user("leader")
    assert event.person == floor.agent


def test_a_status_change_is_audited_from_old_to_new(floor):
    action = add_action(floor)

    plan_action_set_status(actor=floor.user("leader"), action=action, status="done")

    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_at is not None
    event = AuditEvent.objects.get(object_id=str(action.pk), action="update")
    assert event.changes["status"] == ["planned", "done"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "holiday"}, "kind"),
        ({"description": "   "}, "description"),
        ({"due_on": None}, "due_on"),
        ({"gap": "x" * 301}, "gap"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(floor, changes, field):
    with pytest.raises(ValidationError) as error:
        add_action(floor, **changes)

    assert field in error.value.message_dict
    assert not PlanAction.objects.exists()


def test_a_bad_status_names_the_field(floor):
    action = add_action(floor)
    with pytest.raises(ValidationError) as error:
        plan_action_set_status(actor=floor.user("leader"), action=action, status="forgotten")
    assert "status" in error.value.message_dict


@pytest.mark.parametrize("username", ["agent", "mentor", "qa", "other_leader"])
def test_only_those_who_lead_the_agent_edit_the_plan(floor, username):
    with pytest.raises(PermissionDenied):
        plan_action_add(
            actor=floor.user(username),
            person=floor.agent,
            kind="training",
            description="Course",
            due_on=date(2099, 1, 1),
        )
    action = add_action(floor)
    with pytest.raises(PermissionDenied):
        plan_action_set_status(actor=floor.user(username), action=action, status="dropped")


def test_metric_gaps_are_the_metrics_off_standard_in_the_last_whole_weeks(floor, tmp_path):
    import_last_weeks_contacts(floor, tmp_path)
    set_standards()

    gaps = {gap.code: gap for gap in metric_gaps(floor.agent, timezone.localdate())}

    # AHT 360 s over 300; transfers 5/25 = 20 % over 10 %; escalations 2/25 = 8 % within 10 %.
    assert set(gaps) == {"aht", "transfer_rate"}
    assert gaps["aht"].value == pytest.approx(360)
    assert gaps["transfer_rate"].value == pytest.approx(100 * 5 / 25)
    assert all(gap.status == "red" for gap in gaps.values())


def test_the_page_lists_the_gaps_and_lets_the_leader_add_an_action(floor, tmp_path):
    import_last_weeks_contacts(floor, tmp_path)
    set_standards()
    today = timezone.localdate()
    behind = make_competency(
        name="Result orientation", target_level=4, development_tools="Call review\nRole play"
    )
    on_target = make_competency(name="Empathy", metrics=(), target_level=3)
    assess(floor, behind, AssessmentSource.LEADER, 2, today - timedelta(days=3))
    assess(floor, on_target, AssessmentSource.LEADER, 3, today - timedelta(days=3))
    url = reverse("development:person_plan", args=[floor.agent.pk])
    client = client_for("leader")

    page = client.get(url).content.decode()

    assert "Result orientation" in page
    assert "Role play" in page
    assert "Empathy" not in page
    metric_section = page.split('id="metric-gaps"')[1].split("</ul>")[0]
    assert "Average handle time" in metric_section
    assert "Transfer rate" in metric_section
    assert "Escalation rate" not in metric_section  # 8 % is within the 10 % standard
    response = client.post(
        url,
        {
            "kind": "training",
            "description": "Product course",
            "listed_gap": "Result orientation",
            "typed_gap": "",
            "due_on": (today + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert (action.kind, action.gap) == ("training", "Result orientation")


def test_a_form_error_is_a_400_on_the_field(floor):
    url = reverse("development:person_plan", args=[floor.agent.pk])
    response = client_for("leader").post(url, {"kind": "training", "description": "Course"})
    assert response.status_code == 400
    assert "due_on_error" in response.content.decode()
    assert not PlanAction.objects.exists()


def test_the_agent_reads_the_plan_without_any_way_to_edit_it(floor):
    action = add_action(floor, due_on=timezone.localdate() - timedelta(days=1))
    url = reverse("development:person_plan", args=[floor.agent.pk])
    agent = client_for("agent")

    page = agent.get(url).content.decode()

    assert "Call review every Friday" in page
    assert "Overdue" in page
    assert 'name="status"' not in page
    assert 'name="description"' not in page
    new_action = {"kind": "task", "description": "x", "due_on": "2099-01-01"}
    assert agent.post(url, new_action).status_code == 404
    status_url = reverse("development:plan_action_status", args=[action.pk])
    assert agent.post(status_url, {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == "planned"


def test_the_one_to_one_reviews_the_plans_open_actions(floor):
    action = add_action(floor)
    finished = add_action(floor, description="Old course")
    plan_action_set_status(actor=floor.user("leader"), action=finished, status="done")
    url = reverse("development:one_to_one_new", args=[floor.agent.pk])
    client = client_for("leader")

    form_page = client.get(url).content.decode()
    assert "Call review every Friday" in form_page
    assert "Old course" not in form_page

    response = client.post(
        url,
        {"held_on": timezone.localdate().isoformat(), f"plan_{action.pk}": "in_progress"},
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert AuditEvent.objects.filter(object_id=str(action.pk), action="update").count() == 1


def test_the_plan_review_refuses_another_agents_action_and_changes_nothing(floor):
    own = add_action(floor)
    theirs = plan_action_add(
        actor=floor.user("other_leader"),
        person=floor.other_agent,
        kind="task",
        description="Special queue",
        due_on=date(2099, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        plan_actions_review(
            actor=floor.user("leader"),
            person=floor.agent,
            statuses={own.pk: "done", theirs.pk: "done"},
        )
    assert "plan" in error.value.message_dict
    own.refresh_from_db()
    assert own.status == "planned"


def test_the_demo_plans_an_action_for_each_gap_of_the_leaders_agents(floor):
    today = timezone.localdate()
    behind = make_competency(
        name="Result orientation", target_level=4, development_tools="Role play"
    )
    assess(floor, behind, AssessmentSource.LEADER, 2, today - timedelta(days=3))

    result = plan_demo_load(today=today)

    action = PlanAction.objects.get(plan__person=floor.agent)
    assert (action.gap, action.description, action.status) == (
        "Result orientation",
        "Role play.",
        "done",
    )
    assert result.actions == PlanAction.objects.count()
