"""The follow-up over the API: the same rules as the pages, 400s naming the field."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from floorwalk.accounts.models import User
from floorwalk.development.models import Assessment, Competency, Observation, OneToOne
from floorwalk.org.models import Mentorship
from tests.development.conftest import set_stage


def api_for(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


@pytest.fixture
def calm(db):
    return Competency.objects.create(name="Stress resilience", definition="Stays calm")


def observations_url(person) -> str:
    return reverse("api-person-observations", args=[person.pk])


def test_a_mentor_logs_an_observation_with_a_rating(floor, calm):
    response = api_for("mentor").post(
        observations_url(floor.agent),
        {
            "observed_on": "2025-06-02",
            "notes": "Side by side.",
            "ratings": [{"competency": calm.pk, "level": 4, "evidence": "Calm with a shouter"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["source"] == "mentor"
    assert response.json()["ratings"] == [
        {
            "competency": calm.pk,
            "competency_name": "Stress resilience",
            "level": 4,
            "evidence": "Calm with a shouter",
        }
    ]
    assessment = Assessment.objects.get()
    assert (assessment.source, assessment.assessed_on, assessment.level) == (
        "mentor",
        date(2025, 6, 2),
        4,
    )
    listed = api_for("agent").get(observations_url(floor.agent)).json()
    assert listed["count"] == 1
    assert [item["notes"] for item in listed["results"]] == ["Side by side."]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"observed_on": "2999-01-01", "notes": "x"}, "observed_on"),
        ({"observed_on": "not a date", "notes": "x"}, "observed_on"),
        ({"observed_on": "2025-06-02", "notes": ""}, "notes"),
        ({"observed_on": "2025-06-02", "notes": "   "}, "notes"),
        (
            {"observed_on": "2025-06-02", "notes": "x", "ratings": [{"competency": 0, "level": 3}]},
            "ratings",
        ),
    ],
)
def test_bad_observations_get_a_400_naming_the_field_and_nothing_is_saved(floor, calm, body, field):
    response = api_for("leader").post(observations_url(floor.agent), body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Observation.objects.count() == 0


def test_a_level_of_six_names_the_rating(floor, calm):
    response = api_for("leader").post(
        observations_url(floor.agent),
        {
            "observed_on": "2025-06-02",
            "notes": "x",
            "ratings": [{"competency": calm.pk, "level": 6, "evidence": "Superb"}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["ratings"] == {
        "0": {"level": ["Ensure this value is less than or equal to 5."]}
    }


def test_a_planner_who_sees_ada_may_not_observe_her(floor):
    response = api_for("planner").post(
        observations_url(floor.agent), {"observed_on": "2025-06-02", "notes": "x"}, format="json"
    )

    assert response.status_code == 403
    assert Observation.objects.count() == 0


def test_one_to_ones_round_trip_and_future_dates_are_refused(floor):
    url = reverse("api-person-one-to-ones", args=[floor.agent.pk])
    leader = api_for("leader")

    created = leader.post(url, {"held_on": "2025-06-02", "notes": "Goals"}, format="json")
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = leader.post(url, {"held_on": future}, format="json")

    assert created.status_code == 201
    assert refused.status_code == 400
    assert "held_on" in refused.json()
    assert OneToOne.objects.count() == 1
    assert [item["notes"] for item in api_for("agent").get(url).json()["results"]] == ["Goals"]
    assert api_for("mentor").get(url).status_code == 404


def test_the_cadence_endpoint_gives_the_next_due_dates(floor):
    from floorwalk.development.services import playbooks_create_defaults

    playbooks_create_defaults()
    today = timezone.localdate()
    set_stage(floor, floor.agent, "R2", today - timedelta(days=20))
    OneToOne.objects.create(
        person=floor.agent, held_by=floor.user("leader"), held_on=today - timedelta(days=2)
    )

    data = api_for("mentor").get(reverse("api-person-cadence", args=[floor.agent.pk])).json()

    by_kind = {item["kind"]: item for item in data["activities"]}
    assert data["stage"] == "R2"
    assert by_kind["one_to_one"]["due_on"] == (today + timedelta(days=13)).isoformat()
    assert by_kind["one_to_one"]["status"] == "planned"
    assert by_kind["observation"]["due_on"] == (today - timedelta(days=5)).isoformat()
    assert by_kind["observation"]["status"] == "overdue"
    assert by_kind["qa_evaluation"]["interval_days"] == 5


def test_mentorships_assign_with_rules_and_end(floor):
    from floorwalk.accounts.models import Role
    from tests.factories import make_person

    newcomer = make_person("newcomer", Role.AGENT, site=floor.north, team=floor.alpha)
    leader = api_for("leader")
    url = reverse("api-mentorships")

    no_stage = leader.post(url, {"mentor": floor.mentor.pk, "mentee": newcomer.pk}, format="json")
    taken = leader.post(url, {"mentor": newcomer.pk, "mentee": floor.agent.pk}, format="json")
    stranger = leader.post(
        url, {"mentor": floor.other_agent.pk, "mentee": newcomer.pk}, format="json"
    )
    set_stage(floor, floor.mentor, "R2", date(2026, 1, 1))
    created = leader.post(url, {"mentor": floor.mentor.pk, "mentee": newcomer.pk}, format="json")

    assert (no_stage.status_code, list(no_stage.json())) == (400, ["mentor"])
    assert (taken.status_code, list(taken.json())) == (400, ["mentor"])  # newcomer has no stage
    assert (stranger.status_code, list(stranger.json())) == (400, ["mentor"])
    assert created.status_code == 201
    assert created.json()["mentor_name"] == "Mira Mentor"
    mine = api_for("mentor").get(url).json()["results"]
    assert sorted(item["mentee"] for item in mine) == sorted([floor.agent.pk, newcomer.pk])

    end_url = reverse("api-mentorship-end", args=[created.json()["id"]])
    ended = leader.post(end_url)
    again = leader.post(end_url)

    assert (ended.status_code, ended.json()["ended_on"]) == (200, timezone.localdate().isoformat())
    assert (again.status_code, list(again.json())) == (400, ["ended_on"])
    assert Mentorship.objects.filter(mentee=newcomer, ended_on__isnull=True).count() == 0


def test_a_second_mentor_names_the_mentee(floor):
    set_stage(floor, floor.other_agent, "R3", date(2026, 1, 1))
    response = api_for("admin").post(
        reverse("api-mentorships"),
        {"mentor": floor.other_agent.pk, "mentee": floor.agent.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "mentee": ["Ada Agent already has a mentor (Mira Mentor); end that mentorship first."]
    }
