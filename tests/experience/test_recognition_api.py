"""The API of kudos, compliments, boundary incidents and grants: same services, same policy."""

from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from floorwalk.accounts.models import User
from floorwalk.experience.empowerment_services import latitude_rule_set
from floorwalk.experience.models import BoundaryIncident, Compliment, EmpowermentGrant, Kudos
from tests.metrics.qa.conftest import make_interaction


def api_for(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def test_kudos_over_the_api_and_a_refusal_names_the_field(floor):
    sent = api_for("agent").post(
        reverse("api-kudos"),
        {"given_to": floor.mentor.pk, "value": "teamwork", "message": "Thanks"},
        format="json",
    )
    to_self = api_for("agent").post(
        reverse("api-kudos"),
        {"given_to": floor.agent.pk, "value": "teamwork", "message": "Me"},
        format="json",
    )

    assert sent.status_code == 201
    assert (to_self.status_code, list(to_self.json())) == (400, ["given_to"])
    assert Kudos.objects.count() == 1
    listed = api_for("mentor").get(reverse("api-kudos")).json()
    assert [item["message"] for item in listed["results"]] == ["Thanks"]


def test_a_compliment_for_an_agent_outside_ones_teams_is_refused(floor):
    response = api_for("leader").post(
        reverse("api-compliments"),
        {"agent": floor.other_agent.pk, "received_on": "2026-10-05", "text": "Nice"},
        format="json",
    )

    assert (response.status_code, list(response.json())) == (400, ["agent"])
    assert Compliment.objects.count() == 0


def test_flag_and_close_an_incident_over_the_api(floor):
    interaction = make_interaction(floor.agent)

    flagged = api_for("agent").post(
        reverse("api-boundary-incidents"),
        {"interaction": interaction.pk, "kind": "abuse", "description": "Insults"},
        format="json",
    )
    closed = api_for("leader").post(
        reverse("api-boundary-incident-close", args=[flagged.json()["id"]]),
        {"support_given": "Debrief", "customer_action": "escalated"},
        format="json",
    )

    assert flagged.status_code == 201
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert BoundaryIncident.objects.get().customer_action == "escalated"


def test_incidents_and_grants_on_a_colleagues_contact_are_refused_naming_the_field(floor):
    colleagues = make_interaction(floor.mentor)

    flagged = api_for("agent").post(
        reverse("api-boundary-incidents"),
        {"interaction": colleagues.pk, "kind": "abuse", "description": "Insults"},
        format="json",
    )
    granted = api_for("agent").post(
        reverse("api-grants"),
        {
            "interaction": colleagues.pk,
            "kind": "fee_waiver",
            "currency": "EUR",
            "amount": "5.00",
            "reason": "Late delivery",
        },
        format="json",
    )

    assert flagged.status_code == granted.status_code == 400
    assert (
        flagged.json()
        == granted.json()
        == {"interaction": ["None of your interactions has this id."]}
    )
    assert not BoundaryIncident.objects.exists()
    assert not EmpowermentGrant.objects.exists()


def test_a_grant_above_the_limit_waits_then_the_leader_approves_over_the_api(floor):
    latitude_rule_set(
        actor=floor.user("manager"),
        site=floor.north,
        kind="fee_waiver",
        currency="EUR",
        limit=Decimal(10),
    )
    interaction = make_interaction(floor.agent)

    recorded = api_for("agent").post(
        reverse("api-grants"),
        {
            "interaction": interaction.pk,
            "kind": "fee_waiver",
            "currency": "EUR",
            "amount": "12.00",
            "reason": "Fee charged twice",
        },
        format="json",
    )
    decided = api_for("leader").post(
        reverse("api-grant-decision", args=[recorded.json()["id"]]),
        {"decision": "approve", "reason": "Our mistake"},
        format="json",
    )

    assert (recorded.status_code, recorded.json()["status"]) == (201, "pending")
    assert recorded.json()["limit_applied"] == "10.00"
    assert (decided.status_code, decided.json()["status"]) == (200, "approved")
    assert EmpowermentGrant.objects.get().decided_by == floor.user("leader")


def test_the_schema_lists_the_endpoints_and_generates_without_warnings(floor, tmp_path):
    schema = api_for("agent").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert {
        "/api/v1/kudos/",
        "/api/v1/compliments/",
        "/api/v1/boundary-incidents/",
        "/api/v1/boundary-incidents/{id}/close/",
        "/api/v1/grants/",
        "/api/v1/grants/{id}/decision/",
    } <= set(schema.json()["paths"])
