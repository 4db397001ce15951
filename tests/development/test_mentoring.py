"""Mentoring (D5): who may mentor (R2 or above, active, with room), one mentor per mentee,
ending a mentorship, and the mentor role that lets the mentor read the mentee."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from floorwalk.accounts.models import Role
from floorwalk.accounts.policy import Aspect, can_access_person
from floorwalk.development.cadence_services import mentorship_assign, mentorship_end
from floorwalk.org.models import Mentorship, Organisation, PersonStatus
from tests.conftest import client_for, site_today
from tests.development.conftest import set_stage
from tests.factories import make_person


@pytest.fixture
def newcomer(floor):
    return make_person(
        "newcomer", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Nina Newcomer"
    )


@pytest.fixture
def veteran(floor):
    """An R3 agent of Alpha who has never mentored (no mentor role yet)."""
    person = make_person(
        "veteran", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Vera Veteran"
    )
    set_stage(floor, person, "R3", date(2026, 6, 1))
    return person


def assign(floor, mentee, mentor, actor="leader"):
    return mentorship_assign(actor=floor.user(actor), mentee=mentee, mentor=mentor)


def rule_broken(floor, mentee, mentor) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        assign(floor, mentee, mentor)
    return error.value.message_dict


def test_a_leader_assigns_an_r3_agent_who_then_reads_the_mentee(floor, newcomer, veteran):
    mentorship = assign(floor, newcomer, veteran)

    assert (mentorship.mentor, mentorship.mentee) == (veteran, newcomer)
    assert mentorship.started_on == timezone.localdate()
    assert veteran.role_assignments.filter(role=Role.MENTOR).exists()
    assert can_access_person(floor.user("veteran"), newcomer, Aspect.DEVELOPMENT)


def test_a_mentor_without_a_stage_is_refused(floor, newcomer):
    assert rule_broken(floor, newcomer, floor.mentor) == {
        "mentor": ["Mira Mentor has no stage yet; mentors must be at R2 or above."]
    }


def test_a_mentor_at_r1_is_refused(floor, newcomer):
    set_stage(floor, floor.mentor, "R1", date(2026, 6, 1))

    assert rule_broken(floor, newcomer, floor.mentor) == {
        "mentor": ["Mira Mentor is at R1; mentors must be at R2 or above."]
    }


def test_the_newest_stage_counts(floor, newcomer):
    set_stage(floor, floor.mentor, "R3", date(2026, 1, 1))
    set_stage(floor, floor.mentor, "R1", date(2026, 6, 1))

    assert "mentor" in rule_broken(floor, newcomer, floor.mentor)


def test_a_mentor_at_the_organisations_limit_is_refused(floor, newcomer):
    Organisation.objects.create(pk=1, name="Floorwalk", max_mentees_per_mentor=1)
    set_stage(floor, floor.mentor, "R2", date(2026, 6, 1))  # already mentors Ada

    assert rule_broken(floor, newcomer, floor.mentor) == {
        "mentor": ["Mira Mentor already mentors 1 person, the most the organisation allows (1)."]
    }


def test_below_the_limit_a_mentor_takes_another_mentee(floor, newcomer):
    set_stage(floor, floor.mentor, "R2", date(2026, 6, 1))  # mentors Ada; the default is 2

    assign(floor, newcomer, floor.mentor)

    assert Mentorship.objects.filter(mentor=floor.mentor, ended_on__isnull=True).count() == 2


def test_a_mentee_has_one_mentor_at_a_time(floor, veteran):
    assert rule_broken(floor, floor.agent, veteran) == {
        "mentee": ["Ada Agent already has a mentor (Mira Mentor); end that mentorship first."]
    }


def test_an_agent_on_leave_cannot_mentor(floor, newcomer, veteran):
    veteran.status = PersonStatus.ON_LEAVE
    veteran.save()

    assert "not active" in rule_broken(floor, newcomer, veteran)["mentor"][0]


def test_nobody_mentors_themselves(floor, veteran):
    assert rule_broken(floor, veteran, veteran) == {
        "mentor": ["Nobody can mentor themselves; pick someone else."]
    }


def test_ending_frees_the_mentee_for_a_new_mentor(floor, veteran):
    current = floor.agent.mentored_by.get()

    ended = mentorship_end(actor=floor.user("leader"), mentorship=current)
    assign(floor, floor.agent, veteran)

    assert ended.ended_on == timezone.localdate()
    assert list(
        Mentorship.objects.filter(mentee=floor.agent, ended_on__isnull=True).values_list(
            "mentor__display_name", flat=True
        )
    ) == ["Vera Veteran"]


def test_ending_twice_is_refused(floor):
    current = floor.agent.mentored_by.get()
    mentorship_end(actor=floor.user("leader"), mentorship=current)

    with pytest.raises(ValidationError, match="already ended"):
        mentorship_end(actor=floor.user("leader"), mentorship=current)


@pytest.mark.parametrize("username", ["other_leader", "mentor", "qa", "agent"])
def test_only_those_who_lead_the_mentee_assign_and_nothing_changes(
    floor, newcomer, veteran, username
):
    with pytest.raises(PermissionDenied):
        assign(floor, newcomer, veteran, actor=username)

    assert not Mentorship.objects.filter(mentee=newcomer).exists()


def test_the_page_names_the_broken_rule(floor, newcomer):
    set_stage(floor, floor.mentor, "R1", date(2026, 6, 1))

    response = client_for("leader").post(
        reverse("development:person_mentorship", args=[newcomer.pk]),
        {"mentor": floor.mentor.pk},
    )

    assert response.status_code == 400
    assert "Mira Mentor is at R1; mentors must be at R2 or above." in response.content.decode()
    assert not Mentorship.objects.filter(mentee=newcomer).exists()


def test_the_page_assigns_and_ends(floor, newcomer, veteran):
    client = client_for("leader")
    url = reverse("development:person_mentorship", args=[newcomer.pk])

    assert client.post(url, {"mentor": veteran.pk}).status_code == 302
    mentorship = Mentorship.objects.get(mentee=newcomer)
    assert "Vera Veteran" in client.get(url).content.decode()
    ended = client.post(reverse("development:mentorship_end", args=[mentorship.pk]))

    assert ended.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.ended_on == site_today(floor.north)


def test_the_page_offers_only_people_the_leader_leads(floor, newcomer):
    body = (
        client_for("leader")
        .get(reverse("development:person_mentorship", args=[newcomer.pk]))
        .content.decode()
    )

    assert "Mira Mentor" in body
    assert "Oskar Otheragent" not in body  # Beta is Otto's team
