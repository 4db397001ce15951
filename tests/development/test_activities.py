"""Activities: a leader assigns a task or project to an agent and evaluates it; the agent
reads but cannot change them; every write is audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from floorwalk.audit.models import AuditEvent
from floorwalk.development.activity_services import activity_assign, activity_evaluate
from floorwalk.development.models import Activity
from tests.conftest import client_for


def assign(floor, username="leader", **changes) -> Activity:
    fields = {
        "title": "Mentor the new joiner",
        "kind": "mentoring",
        "starts_on": date(2026, 1, 5),
        "ends_on": date(2026, 3, 5),
    }
    return activity_assign(actor=floor.user(username), person=floor.agent, **(fields | changes))


def test_assigning_and_evaluating_are_audited(floor):
    activity = assign(floor)
    activity_evaluate(actor=floor.user("leader"), activity=activity, rating=4, comment="Patient")

    activity.refresh_from_db()
    assert (activity.rating, activity.evaluation) == (4, "Patient")
    update = AuditEvent.objects.get(object_id=str(activity.pk), action="update")
    assert update.changes["rating"] == [None, 4]
    assert AuditEvent.objects.filter(object_id=str(activity.pk), action="create").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"kind": "nap"}, "kind"),
        ({"ends_on": date(2026, 1, 1)}, "ends_on"),
    ],
)
def test_bad_input_names_the_field(floor, changes, field):
    with pytest.raises(ValidationError) as error:
        assign(floor, **changes)
    assert field in error.value.message_dict
    assert not Activity.objects.exists()


def test_a_rating_outside_1_to_5_names_the_field(floor):
    activity = assign(floor)
    with pytest.raises(ValidationError) as error:
        activity_evaluate(actor=floor.user("leader"), activity=activity, rating=6, comment="x")
    assert "rating" in error.value.message_dict


@pytest.mark.parametrize("username", ["agent", "mentor", "other_leader"])
def test_only_those_who_lead_the_agent_assign(floor, username):
    with pytest.raises(PermissionDenied):
        assign(floor, username=username)


def test_the_leader_evaluates_on_the_page_and_the_agent_only_reads(floor):
    activity = assign(floor)
    url = reverse("development:person_activities", args=[floor.agent.pk])

    response = client_for("leader").post(
        url, {"activity": activity.pk, "rating": "5", "evaluation": "Great onboarding"}
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.rating == 5
    agent = client_for("agent")
    page = agent.get(url).content.decode()
    assert "Great onboarding" in page
    assert 'name="title"' not in page
    assert agent.post(url, {"title": "x"}).status_code == 404


def test_a_form_error_is_a_400(floor):
    url = reverse("development:person_activities", args=[floor.agent.pk])
    response = client_for("leader").post(url, {"title": "Queue", "kind": "task"})
    assert response.status_code == 400
    assert not Activity.objects.exists()
