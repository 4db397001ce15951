"""Observations: who observes an agent and as whom, the ratings that become assessments, and
bad input refused whole."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from floorwalk.accounts.policy import observation_source_for
from floorwalk.development.cadence_services import Rating, observation_log
from floorwalk.development.models import Assessment, Competency, Observation
from tests.conftest import client_for, site_today


@pytest.fixture
def competencies(db):
    return {
        "calm": Competency.objects.create(name="Stress resilience", definition="Stays calm"),
        "product": Competency.objects.create(name="Product knowledge", definition="Knows"),
        "retired": Competency.objects.create(
            name="Fax etiquette", definition="Old", is_active=False
        ),
    }


def new_observation_url(person) -> str:
    return reverse("development:observation_new", args=[person.pk])


@pytest.mark.parametrize(
    ("username", "source"),
    [
        ("mentor", "mentor"),
        ("leader", "leader"),
        ("manager", "leader"),
        ("admin", "leader"),
        ("qa", "qa"),
        ("agent", None),  # nobody observes themselves
        ("planner", None),
        ("other_leader", None),
    ],
)
def test_who_observes_ada_and_as_whom(floor, username, source):
    assert observation_source_for(floor.user(username), floor.agent) == source


def test_a_mentor_whose_mentorship_ended_no_longer_observes(floor):
    floor.agent.mentored_by.update(ended_on=timezone.localdate() - timedelta(days=1))

    assert observation_source_for(floor.user("mentor"), floor.agent) is None


def test_a_mentor_logs_an_observation_and_its_ratings_become_assessments(floor, competencies):
    calm, product = competencies["calm"], competencies["product"]
    day = timezone.localdate() - timedelta(days=2)

    response = client_for("mentor").post(
        new_observation_url(floor.agent),
        {
            "observed_on": day.isoformat(),
            "notes": "Side by side for an hour.",
            f"level_{calm.pk}": "4",
            f"evidence_{calm.pk}": "Kept her voice level with a shouting caller",
            f"level_{product.pk}": "",
            f"evidence_{product.pk}": "",
        },
    )

    assert response.status_code == 302
    observation = Observation.objects.get(person=floor.agent)
    assert (observation.source, observation.observer.username, observation.observed_on) == (
        "mentor",
        "mentor",
        day,
    )
    assessments = list(
        Assessment.objects.filter(person=floor.agent).values_list(
            "competency__name", "level", "source", "assessed_by__username", "assessed_on"
        )
    )
    assert assessments == [("Stress resilience", 4, "mentor", "mentor", day)]
    assert Assessment.objects.get().observation == observation

    listing = client_for("agent").get(
        reverse("development:person_observations", args=[floor.agent.pk])
    )
    assert "Side by side for an hour." in listing.content.decode()
    assert "Kept her voice level with a shouting caller" in listing.content.decode()


def test_a_qa_specialist_observes_as_qa(floor, competencies):
    observation = observation_log(
        actor=floor.user("qa"),
        person=floor.agent,
        observed_on=timezone.localdate(),
        notes="Listened to three recordings.",
        ratings=[Rating(competencies["product"], 3, "Knew the tariffs, not the roaming rules")],
    )

    assert observation.source == "qa"
    assert Assessment.objects.get().source == "qa"


def test_a_future_date_is_refused_and_nothing_is_saved(floor, competencies):
    tomorrow = site_today(floor.north) + timedelta(days=1)

    response = client_for("leader").post(
        new_observation_url(floor.agent), {"observed_on": tomorrow.isoformat(), "notes": "x"}
    )

    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()
    assert Observation.objects.count() == 0


def test_notes_are_required(floor, competencies):
    response = client_for("leader").post(
        new_observation_url(floor.agent), {"observed_on": "2025-06-02", "notes": "  "}
    )

    assert response.status_code == 400
    assert "Say what you observed." in response.content.decode()
    assert Observation.objects.count() == 0


def test_a_level_needs_its_evidence_and_evidence_its_level(floor, competencies):
    calm, product = competencies["calm"], competencies["product"]

    response = client_for("leader").post(
        new_observation_url(floor.agent),
        {
            "observed_on": "2025-06-02",
            "notes": "Watched the morning shift.",
            f"level_{calm.pk}": "5",
            f"evidence_{product.pk}": "Explained the new plan well",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Say what showed this level of Stress resilience." in body
    assert "Pick the level this evidence shows, or clear the evidence." in body
    assert (Observation.objects.count(), Assessment.objects.count()) == (0, 0)


def test_a_level_outside_one_to_five_is_refused(floor, competencies):
    calm = competencies["calm"]

    response = client_for("leader").post(
        new_observation_url(floor.agent),
        {
            "observed_on": "2025-06-02",
            "notes": "Watched.",
            f"level_{calm.pk}": "6",
            f"evidence_{calm.pk}": "Superb",
        },
    )

    assert response.status_code == 400
    assert Observation.objects.count() == 0


def test_retired_competencies_are_not_offered_nor_accepted(floor, competencies):
    page = client_for("leader").get(new_observation_url(floor.agent)).content.decode()
    assert "Stress resilience" in page
    assert "Fax etiquette" not in page

    with pytest.raises(ValidationError) as error:
        observation_log(
            actor=floor.user("leader"),
            person=floor.agent,
            observed_on=date(2025, 6, 2),
            notes="Watched.",
            ratings=[
                Rating(competencies["calm"], 4, "Calm"),
                Rating(competencies["retired"], 2, "Slow"),
            ],
        )

    assert "ratings" in error.value.message_dict
    assert (Observation.objects.count(), Assessment.objects.count()) == (0, 0)


def test_rating_a_competency_twice_is_refused(floor, competencies):
    calm = competencies["calm"]

    with pytest.raises(ValidationError, match="rated twice"):
        observation_log(
            actor=floor.user("leader"),
            person=floor.agent,
            observed_on=date(2025, 6, 2),
            notes="Watched.",
            ratings=[Rating(calm, 4, "Calm"), Rating(calm, 2, "Not calm")],
        )
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("username", ["agent", "planner", "other_leader"])
def test_those_who_do_not_observe_ada_cannot_log_and_nothing_changes(floor, username):
    with pytest.raises(PermissionDenied):
        observation_log(
            actor=floor.user(username),
            person=floor.agent,
            observed_on=date(2025, 6, 2),
            notes="Watched.",
        )

    assert Observation.objects.count() == 0


def test_a_date_before_the_agent_joined_is_refused(floor, competencies):
    before = floor.agent.hire_date - timedelta(days=1)

    response = client_for("leader").post(
        new_observation_url(floor.agent), {"observed_on": before.isoformat(), "notes": "x"}
    )

    assert response.status_code == 400
    assert f"joined on {floor.agent.hire_date.isoformat()}" in response.content.decode()
    assert Observation.objects.count() == 0
