"""One-to-ones: recorded by those who lead the agent, read by them and the agent."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from floorwalk.development.cadence_services import one_to_one_record
from floorwalk.development.models import OneToOne
from tests.conftest import client_for, site_today


def test_a_leader_records_a_one_to_one_and_the_agent_reads_it(floor):
    day = timezone.localdate() - timedelta(days=1)

    response = client_for("leader").post(
        reverse("development:one_to_one_new", args=[floor.agent.pk]),
        {"held_on": day.isoformat(), "notes": "Agreed to shadow Mira on escalations."},
    )

    assert response.status_code == 302
    talk = OneToOne.objects.get()
    assert (talk.person, talk.held_by.username, talk.held_on) == (floor.agent, "leader", day)
    listing = client_for("agent").get(
        reverse("development:person_one_to_ones", args=[floor.agent.pk])
    )
    assert "Agreed to shadow Mira on escalations." in listing.content.decode()


def test_the_mentor_does_not_read_the_one_to_ones(floor):
    OneToOne.objects.create(
        person=floor.agent, held_by=floor.user("leader"), held_on=timezone.localdate()
    )

    response = client_for("mentor").get(
        reverse("development:person_one_to_ones", args=[floor.agent.pk])
    )

    assert response.status_code == 404


def test_a_future_date_is_refused(floor):
    tomorrow = site_today(floor.north) + timedelta(days=1)

    response = client_for("leader").post(
        reverse("development:one_to_one_new", args=[floor.agent.pk]),
        {"held_on": tomorrow.isoformat(), "notes": ""},
    )

    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()
    assert OneToOne.objects.count() == 0


def test_a_missing_date_names_the_field(floor):
    response = client_for("leader").post(
        reverse("development:one_to_one_new", args=[floor.agent.pk]), {"held_on": "soon"}
    )

    assert response.status_code == 400
    assert 'id="id_held_on_error"' in response.content.decode()
    assert OneToOne.objects.count() == 0


@pytest.mark.parametrize("username", ["agent", "mentor", "qa", "other_leader"])
def test_only_those_who_lead_the_agent_record_one_to_ones(floor, username):
    with pytest.raises(PermissionDenied):
        one_to_one_record(
            actor=floor.user(username), person=floor.agent, held_on=timezone.localdate()
        )

    assert OneToOne.objects.count() == 0


def test_a_date_before_the_agent_joined_is_refused(floor):
    before = floor.agent.hire_date - timedelta(days=1)

    response = client_for("leader").post(
        reverse("development:one_to_one_new", args=[floor.agent.pk]),
        {"held_on": before.isoformat(), "notes": ""},
    )

    assert response.status_code == 400
    assert f"joined on {floor.agent.hire_date.isoformat()}" in response.content.decode()
    assert OneToOne.objects.count() == 0
