"""Continuous feedback: colleagues of a site give and ask for it at any time; the receiver,
those who lead them and the giver read it, nobody else."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from floorwalk.development.feedback_selectors import feedback_for
from floorwalk.development.feedback_services import feedback_give, feedback_request
from floorwalk.development.followup_services import FeedbackItem
from floorwalk.development.models import Feedback, FeedbackRequest
from tests.conftest import client_for

PRAISE = FeedbackItem("recognition", "You covered my queue when I was ill.", impact="No SLA miss")


def test_a_colleague_gives_feedback_through_the_page(floor):
    response = client_for("mentor").post(
        reverse("development:feedback_give"),
        {"given_to": floor.agent.pk, "kind": "recognition", "text": "Great handover."},
    )

    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.given_by, feedback.given_to, feedback.text) == (
        floor.mentor,
        floor.agent,
        "Great handover.",
    )
    page = client_for("agent").get(reverse("development:my_feedback")).content.decode()
    assert "Great handover." in page


@pytest.mark.parametrize(
    ("username", "reads"),
    [
        ("agent", True),  # received it
        ("mentor", True),  # gave it
        ("leader", True),  # leads Ada
        ("manager", True),  # leads Ada's site
        ("other_leader", False),
        ("qa", False),
        ("planner", False),
    ],
)
def test_feedback_is_read_by_the_receiver_their_leaders_and_the_giver(floor, username, reads):
    feedback_give(actor=floor.user("mentor"), to=floor.agent, item=PRAISE)

    assert feedback_for(floor.user(username)).exists() is reads


def test_feedback_to_someone_of_another_site_or_oneself_names_the_field(floor):
    for colleague in (floor.far_agent, floor.agent):
        with pytest.raises(ValidationError) as error:
            feedback_give(actor=floor.user("agent"), to=colleague, item=PRAISE)
        assert "given_to" in error.value.message_dict
    response = client_for("agent").post(
        reverse("development:feedback_give"),
        {"given_to": floor.far_agent.pk, "kind": "recognition", "text": "Hi"},
    )
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_a_request_is_answered_by_the_feedback_given_for_it(floor):
    ask = feedback_request(actor=floor.user("agent"), of=floor.mentor, topic="My chat tone")

    page = client_for("mentor").get(reverse("development:my_feedback")).content.decode()
    assert "My chat tone" in page
    response = client_for("mentor").post(
        reverse("development:feedback_give") + f"?request={ask.pk}",
        {"given_to": floor.agent.pk, "kind": "constructive", "text": "Shorter sentences."},
    )

    assert response.status_code == 302
    ask.refresh_from_db()
    assert ask.answered_at is not None
    assert Feedback.objects.get().answers == ask


def test_nobody_else_answers_a_request(floor):
    ask = feedback_request(actor=floor.user("agent"), of=floor.mentor, topic="My chat tone")

    response = client_for("leader").get(reverse("development:feedback_give") + f"?request={ask.pk}")

    assert response.status_code == 404
    assert FeedbackRequest.objects.get().answered_at is None


def test_the_api_gives_feedback_and_names_a_bad_field(floor):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(floor.user("mentor"))
    url = reverse("api-feedback")

    bad = client.post(url, {"given_to": floor.far_agent.pk, "kind": "recognition", "text": "Hi"})
    good = client.post(
        url, {"given_to": floor.agent.pk, "kind": "constructive", "text": "Slow down"}
    )

    assert bad.status_code == 400
    assert "given_to" in bad.json()
    assert good.status_code == 201
    assert good.json()["given_to"] == floor.agent.pk
    other = APIClient()
    other.force_authenticate(floor.user("other_leader"))
    assert other.get(url).json()["results"] == []
