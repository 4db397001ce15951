from django.urls import reverse
from django.utils import timezone

from floorwalk.development.models import Assessment
from floorwalk.hiring.models import Candidate, CandidateStatus, Interview
from floorwalk.org.models import Person
from tests.conftest import client_for
from tests.hiring.conftest import (
    make_candidate,
    make_interview,
    north_candidate,
    south_candidate,
)


def test_nav_shows_hiring_to_leaders_and_not_to_agents(floor):
    url = reverse("hiring:candidates")

    assert url in client_for("leader").get(reverse("home")).content.decode()
    assert url not in client_for("agent").get(reverse("home")).content.decode()


def test_list_shows_only_the_sites_candidates_and_filters_by_status(floor):
    north_candidate(floor)
    make_candidate(
        floor.north,
        name="Hana Held",
        status=CandidateStatus.ON_HOLD,
        decided_by=floor.user("manager"),
        decided_at=timezone.now(),
    )
    south_candidate(floor)
    client = client_for("leader")

    everyone = client.get(reverse("hiring:candidates")).content.decode()
    held = client.get(reverse("hiring:candidates"), {"status": "on_hold"}).content.decode()

    assert ("Cleo Candidate" in everyone, "Hana Held" in everyone) == (True, True)
    assert "Sol Southcandidate" not in everyone
    assert ("Cleo Candidate" in held, "Hana Held" in held) == (False, True)


def test_admin_filters_the_list_by_site(floor):
    north_candidate(floor)
    south_candidate(floor)

    body = (
        client_for("admin")
        .get(reverse("hiring:candidates"), {"site": floor.south.pk})
        .content.decode()
    )

    assert ("Sol Southcandidate" in body, "Cleo Candidate" in body) == (True, False)


def test_list_is_paginated(floor):
    for number in range(51):
        make_candidate(floor.north, name=f"Candidate {number:02d}")

    response = client_for("leader").get(reverse("hiring:candidates"), {"page": 2})

    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 1


def test_add_a_candidate(floor):
    response = client_for("leader").post(
        reverse("hiring:candidate_create"),
        {
            "name": "Cleo Candidate",
            "email": "cleo@example.com",
            "site": floor.north.pk,
            "team": floor.alpha.pk,
            "applied_on": "2025-03-03",
        },
    )

    candidate = Candidate.objects.get()
    assert response["Location"] == reverse("hiring:candidate", args=[candidate.pk])
    assert (candidate.site, candidate.team, candidate.created_by.username) == (
        floor.north,
        floor.alpha,
        "leader",
    )


def test_leader_cannot_add_a_candidate_at_another_site(floor):
    response = client_for("leader").post(
        reverse("hiring:candidate_create"),
        {"name": "X", "site": floor.south.pk, "applied_on": "2025-03-03"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["site"]
    assert Candidate.objects.count() == 0


def test_record_an_interview_with_ratings(floor, screening):
    candidate = north_candidate(floor)
    listening = screening["listening"]

    response = client_for("manager").post(
        reverse("hiring:interview_create", args=[candidate.pk]),
        {
            "held_on": "2025-03-10",
            "recommendation": "hire",
            "notes": "",
            f"level_{listening.pk}": "4",
            f"evidence_{listening.pk}": "Summarised the complaint.",
        },
    )

    assert response.status_code == 302
    interview = Interview.objects.get()
    assert [(r.competency, r.level, r.evidence) for r in interview.ratings.all()] == [
        (listening, 4, "Summarised the complaint.")
    ]


def test_interview_form_offers_only_screening_competencies(floor, screening):
    candidate = north_candidate(floor)

    body = (
        client_for("leader")
        .get(reverse("hiring:interview_create", args=[candidate.pk]))
        .content.decode()
    )

    assert ("Active listening" in body, "Resilience" in body) == (True, True)
    assert ("Product knowledge" in body, "Typing" in body) == (False, False)


def test_evidence_without_a_level_is_a_field_error(floor, screening):
    candidate = north_candidate(floor)
    listening = screening["listening"]

    response = client_for("leader").post(
        reverse("hiring:interview_create", args=[candidate.pk]),
        {
            "held_on": "2025-03-10",
            "recommendation": "hire",
            f"evidence_{listening.pk}": "Good",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors[f"level_{listening.pk}"]
    assert Interview.objects.count() == 0


def test_empty_interview_is_refused_with_a_clear_error(floor, screening):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("hiring:interview_create", args=[candidate.pk]),
        {"held_on": "2025-03-10", "recommendation": "hold"},
    )

    assert response.status_code == 400
    assert "Rate at least one competency" in response.content.decode()


def test_candidate_page_shows_interviews_and_the_summary(floor, screening):
    candidate = north_candidate(floor)
    listening = screening["listening"]
    make_interview(candidate, floor.user("leader"), {listening: 4})
    make_interview(candidate, floor.user("manager"), {listening: 1}, recommendation="reject")

    response = client_for("leader").get(reverse("hiring:candidate", args=[candidate.pk]))

    row = next(r for r in response.context["summary"].competencies if r.competency == listening)
    assert (row.mean, row.spread) == ((4 + 1) / 2, 3)
    body = response.content.decode()
    assert "Lena Leader" in body
    assert "Max Manager" in body
    assert "2.5" in body


def test_hire_lands_on_the_new_person(floor, screening):
    candidate = north_candidate(floor)
    make_interview(candidate, floor.user("leader"), {screening["listening"]: 4})

    response = client_for("leader").post(
        reverse("hiring:candidate_decide", args=[candidate.pk]),
        {
            "decision": "hire",
            "employee_number": "N-0042",
            "team": floor.alpha.pk,
            "hire_date": "2025-04-01",
            "email": "cleo@work.example.com",
        },
    )

    person = Person.objects.get(employee_number="N-0042")
    assert response["Location"] == reverse("org:person", args=[person.pk])
    assert Assessment.objects.filter(person=person).count() == 1
    page = client_for("leader").get(reverse("hiring:candidate", args=[candidate.pk]))
    assert reverse("org:person", args=[person.pk]) in page.content.decode()


def test_duplicate_employee_number_is_a_form_error(floor):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("hiring:candidate_decide", args=[candidate.pk]),
        {
            "decision": "hire",
            "employee_number": floor.agent.employee_number,
            "hire_date": "2025-04-01",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["employee_number"]
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN


def test_hire_needs_employee_number_and_hire_date(floor):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("hiring:candidate_decide", args=[candidate.pk]), {"decision": "hire"}
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"employee_number", "hire_date"}


def test_a_decided_candidate_cannot_be_decided_again(floor):
    candidate = north_candidate(floor)
    client = client_for("leader")
    client.post(
        reverse("hiring:candidate_decide", args=[candidate.pk]),
        {"decision": "reject", "note": "Not a fit"},
    )

    again = client.post(
        reverse("hiring:candidate_decide", args=[candidate.pk]),
        {"decision": "hire", "employee_number": "N-9", "hire_date": "2025-04-01"},
    )

    assert again["Location"] == reverse("hiring:candidate", args=[candidate.pk])
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decision_note) == (CandidateStatus.REJECTED, "Not a fit")
    assert not Person.objects.filter(employee_number="N-9").exists()


def test_leader_of_another_site_gets_404_on_every_candidate_page(floor):
    candidate = north_candidate(floor)
    client = client_for("far_leader")

    statuses = [
        client.get(reverse(name, args=[candidate.pk])).status_code
        for name in ("hiring:candidate", "hiring:interview_create", "hiring:candidate_decide")
    ]

    assert statuses == [404, 404, 404]


def test_interview_date_before_application_is_a_field_error(floor):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("hiring:interview_create", args=[candidate.pk]),
        {"held_on": "2025-01-01", "recommendation": "hold", "notes": "Early"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["held_on"]


def test_hire_into_a_team_the_leader_does_not_lead_lands_on_the_candidate(floor):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("hiring:candidate_decide", args=[candidate.pk]),
        {
            "decision": "hire",
            "employee_number": "N-0043",
            "team": floor.beta.pk,
            "hire_date": "2025-04-01",
        },
    )

    assert response["Location"] == reverse("hiring:candidate", args=[candidate.pk])
    assert Person.objects.get(employee_number="N-0043").team == floor.beta
