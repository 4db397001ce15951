"""Development plans and activities over the API: the same rules as the pages, the gaps the
plan starts from, 400s naming the field, and nothing changed by a refused write."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from floorwalk.accounts.models import User
from floorwalk.audit.models import AuditEvent
from floorwalk.development.models import Activity, AssessmentSource, PlanAction
from tests.development.test_assessments import assess, make_competency
from tests.development.test_plans import add_action, import_last_weeks_contacts, set_standards


def api_for(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def plan_url(person) -> str:
    return reverse("api-person-plan", args=[person.pk])


def actions_url(person) -> str:
    return reverse("api-person-plan-actions", args=[person.pk])


def activities_url(person) -> str:
    return reverse("api-person-activities", args=[person.pk])


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


# ---- The plan ------------------------------------------------------------------------------


def test_the_plan_gives_the_competency_and_metric_gaps_and_the_actions(floor, tmp_path):
    import_last_weeks_contacts(floor, tmp_path)
    set_standards()
    today = timezone.localdate()
    behind = make_competency(
        name="Result orientation", target_level=4, development_tools="Call review\nRole play"
    )
    on_target = make_competency(name="Empathy", metrics=(), target_level=3)
    assess(floor, behind, AssessmentSource.LEADER, 2, today - timedelta(days=3))
    assess(floor, on_target, AssessmentSource.LEADER, 3, today - timedelta(days=3))
    add_action(floor, due_on=today - timedelta(days=1))

    plan = api_for("leader").get(plan_url(floor.agent)).json()

    assert plan["person"] == floor.agent.pk
    assert plan["owner"] == "Lena Leader"
    assert plan["can_edit"] is True
    assert plan["gaps"]["competencies"] == [
        {
            "competency": behind.pk,
            "name": "Result orientation",
            "level": 2,
            "target": 4,
            "gap": 2,
            "development_actions": ["Call review", "Role play"],
        }
    ]
    metrics = {gap["metric"]: gap for gap in plan["gaps"]["metrics"]}
    # 25 contacts of 360 s against 300 s; 5 of 25 transferred (20 %) against 10 %; 2 of 25
    # escalated (8 %) is within its 10 % standard.
    assert set(metrics) == {"aht", "transfer_rate"}
    assert metrics["aht"]["value"] == pytest.approx(360)
    assert metrics["transfer_rate"]["value"] == pytest.approx(100 * 5 / 25)
    assert {gap["status"] for gap in metrics.values()} == {"red"}
    [action] = plan["actions"]
    assert (action["description"], action["gap"], action["status"], action["overdue"]) == (
        "Call review every Friday",
        "Result orientation",
        "planned",
        True,
    )


def test_the_agent_reads_their_plan_but_may_not_edit_it(floor):
    add_action(floor)

    plan = api_for("agent").get(plan_url(floor.agent)).json()

    assert plan["can_edit"] is False
    assert [action["description"] for action in plan["actions"]] == ["Call review every Friday"]


def test_a_plan_nobody_started_is_empty(floor):
    plan = api_for("mentor").get(plan_url(floor.agent)).json()

    assert (plan["owner"], plan["actions"], plan["can_edit"]) == (None, [], False)


@pytest.mark.parametrize("username", ["qa", "planner", "other_agent", "other_leader"])
def test_those_who_do_not_read_the_agents_development_get_a_404(floor, username):
    add_action(floor)

    response = api_for(username).get(plan_url(floor.agent))

    assert response.status_code == 404
    assert "Call review" not in response.content.decode()


def test_a_leader_adds_an_action_from_a_gap_and_it_is_audited(floor):
    response = api_for("leader").post(
        actions_url(floor.agent),
        {
            "kind": "training",
            "description": "Product course",
            "gap": "Result orientation",
            "due_on": in_days(7),
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["gap"], body["due_on"], body["status"]) == (
        "training",
        "Result orientation",
        in_days(7),
        "planned",
    )
    action = PlanAction.objects.get()
    assert action.plan.person == floor.agent
    assert AuditEvent.objects.filter(object_id=str(action.pk), action="create").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "holiday"}, "kind"),
        ({"description": "   "}, "description"),
        ({"due_on": None}, "due_on"),
        ({"due_on": "soon"}, "due_on"),
        ({"gap": "x" * 301}, "gap"),
    ],
)
def test_a_bad_action_is_a_400_naming_the_field_and_nothing_is_saved(floor, body, field):
    good = {"kind": "training", "description": "Course", "due_on": in_days(7)}

    response = api_for("leader").post(actions_url(floor.agent), good | body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not PlanAction.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("agent", 403), ("mentor", 403), ("qa", 404)])
def test_only_those_who_lead_the_agent_add_actions(floor, username, status):
    response = api_for(username).post(
        actions_url(floor.agent),
        {"kind": "training", "description": "Course", "due_on": in_days(7)},
        format="json",
    )

    assert response.status_code == status
    assert not PlanAction.objects.exists()


def test_a_leader_marks_an_action_done(floor):
    action = add_action(floor)

    response = api_for("leader").patch(
        reverse("api-plan-action", args=[action.pk]), {"status": "done"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["done_at"] is not None
    action.refresh_from_db()
    assert action.status == "done"
    event = AuditEvent.objects.get(object_id=str(action.pk), action="update")
    assert event.changes["status"] == ["planned", "done"]


def test_a_bad_status_is_a_400_naming_status(floor):
    action = add_action(floor)

    response = api_for("leader").patch(
        reverse("api-plan-action", args=[action.pk]), {"status": "forgotten"}, format="json"
    )

    assert response.status_code == 400
    assert "status" in response.json()
    action.refresh_from_db()
    assert action.status == "planned"


@pytest.mark.parametrize(
    ("username", "status"), [("agent", 403), ("mentor", 403), ("qa", 404), ("other_leader", 404)]
)
def test_a_refused_status_change_changes_nothing(floor, username, status):
    action = add_action(floor)

    response = api_for(username).patch(
        reverse("api-plan-action", args=[action.pk]), {"status": "dropped"}, format="json"
    )

    assert response.status_code == status
    action.refresh_from_db()
    assert action.status == "planned"
    assert not AuditEvent.objects.filter(object_id=str(action.pk), action="update").exists()


# ---- Activities ----------------------------------------------------------------------------

VIP_QUEUE = {
    "title": "VIP queue for a month",
    "kind": "special_queue",
    "description": "Takes the VIP line while Sam is away",
    "starts_on": "2026-11-02",
    "ends_on": "2026-11-30",
}


def test_a_leader_assigns_an_activity_and_the_agent_lists_it(floor):
    response = api_for("leader").post(activities_url(floor.agent), VIP_QUEUE, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["assigned_by"] == "Lena Leader"
    listed = api_for("agent").get(activities_url(floor.agent)).json()
    assert listed["count"] == 1
    [activity] = listed["results"]
    assert (activity["title"], activity["kind"], activity["rating"], activity["comment"]) == (
        "VIP queue for a month",
        "special_queue",
        None,
        "",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "  "}, "title"),
        ({"kind": "holiday"}, "kind"),
        ({"starts_on": "not a date"}, "starts_on"),
        ({"ends_on": "2026-10-01"}, "ends_on"),
    ],
)
def test_a_bad_activity_is_a_400_naming_the_field(floor, body, field):
    response = api_for("leader").post(activities_url(floor.agent), VIP_QUEUE | body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("agent", 403), ("mentor", 403), ("qa", 404)])
def test_only_those_who_lead_the_agent_assign_activities(floor, username, status):
    response = api_for(username).post(activities_url(floor.agent), VIP_QUEUE, format="json")

    assert response.status_code == status
    assert not Activity.objects.exists()


def test_other_agents_never_list_the_agents_activities(floor):
    api_for("leader").post(activities_url(floor.agent), VIP_QUEUE, format="json")

    response = api_for("other_agent").get(activities_url(floor.agent))

    assert response.status_code == 404
    assert "VIP" not in response.content.decode()


def assigned(floor) -> Activity:
    response = api_for("leader").post(activities_url(floor.agent), VIP_QUEUE, format="json")
    return Activity.objects.get(pk=response.json()["id"])


def evaluation_url(activity) -> str:
    return reverse("api-activity-evaluation", args=[activity.pk])


def test_a_leader_evaluates_an_activity_and_it_is_audited(floor):
    activity = assigned(floor)

    response = api_for("leader").post(
        evaluation_url(activity), {"rating": 4, "comment": "Calm with every VIP"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["rating"], response.json()["comment"]) == (4, "Calm with every VIP")
    assert response.json()["evaluated_at"] is not None
    activity.refresh_from_db()
    assert (activity.rating, activity.evaluation) == (4, "Calm with every VIP")
    event = AuditEvent.objects.get(object_id=str(activity.pk), action="update")
    assert event.changes["rating"] == [None, 4]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": 6, "comment": "Great"}, "rating"),
        ({"rating": 0, "comment": "Great"}, "rating"),
        ({"rating": "four", "comment": "Great"}, "rating"),
        ({"rating": 4, "comment": ""}, "comment"),
        ({"rating": 4, "comment": "   "}, "comment"),
        ({"rating": 4}, "comment"),
    ],
)
def test_a_bad_evaluation_is_a_400_naming_the_field(floor, body, field):
    activity = assigned(floor)

    response = api_for("leader").post(evaluation_url(activity), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    activity.refresh_from_db()
    assert (activity.rating, activity.evaluation, activity.evaluated_at) == (None, "", None)


@pytest.mark.parametrize(
    ("username", "status"), [("agent", 403), ("mentor", 403), ("qa", 404), ("other_leader", 404)]
)
def test_a_refused_evaluation_changes_nothing(floor, username, status):
    activity = assigned(floor)

    response = api_for(username).post(
        evaluation_url(activity), {"rating": 5, "comment": "Perfect"}, format="json"
    )

    assert response.status_code == status
    activity.refresh_from_db()
    assert (activity.rating, activity.evaluation) == (None, "")


def test_the_schema_lists_the_new_endpoints_and_generates_without_warnings(floor, tmp_path):
    schema = api_for("agent").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert {
        "/api/v1/people/{id}/plan/",
        "/api/v1/people/{id}/plan/actions/",
        "/api/v1/plan-actions/{id}/",
        "/api/v1/people/{id}/activities/",
        "/api/v1/activities/{id}/evaluation/",
        "/api/v1/review-cycles/",
        "/api/v1/review-cycles/{id}/",
        "/api/v1/reviews/{id}/",
        "/api/v1/reviews/{id}/calibrate/",
        "/api/v1/reviews/{id}/release/",
        "/api/v1/reviews/{id}/acknowledge/",
        "/api/v1/reviews/{id}/feedback/",
        "/api/v1/review-cycles/{id}/reviews/",
    } <= set(schema.json()["paths"])
