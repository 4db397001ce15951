from django.urls import reverse

from floorwalk.development.models import Assessment, AssessmentSource
from floorwalk.hiring.models import Candidate, CandidateStatus, Interview
from floorwalk.org.models import Person
from tests.conftest import client_for
from tests.hiring.conftest import make_interview, north_candidate, south_candidate


def test_list_gives_the_callers_sites_candidates(floor):
    north_candidate(floor)
    south_candidate(floor)

    response = client_for("leader").get(reverse("api-candidates"))

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Cleo Candidate"]


def test_list_filters_by_status_and_refuses_an_unknown_one(floor):
    north_candidate(floor)
    client = client_for("admin")

    assert client.get(reverse("api-candidates"), {"status": "hired"}).json()["count"] == 0
    bad = client.get(reverse("api-candidates"), {"status": "maybe"})
    assert (bad.status_code, list(bad.json())) == (400, ["status"])


def test_agents_are_refused_the_list(floor):
    assert client_for("agent").get(reverse("api-candidates")).status_code == 403


def test_create_a_candidate(floor):
    response = client_for("manager").post(
        reverse("api-candidates"),
        {"name": "Cleo Candidate", "site": floor.north.pk, "applied_on": "2025-03-03"},
        content_type="application/json",
    )

    assert response.status_code == 201
    candidate = Candidate.objects.get()
    assert (response.json()["id"], candidate.created_by.username) == (candidate.pk, "manager")


def test_create_at_a_site_the_caller_does_not_hire_for_names_the_site(floor):
    response = client_for("leader").post(
        reverse("api-candidates"),
        {"name": "X", "site": floor.south.pk},
        content_type="application/json",
    )

    assert (response.status_code, list(response.json())) == (400, ["site"])
    assert Candidate.objects.count() == 0


def test_create_in_the_future_names_the_date(floor):
    response = client_for("leader").post(
        reverse("api-candidates"),
        {"name": "X", "site": floor.north.pk, "applied_on": "2999-01-01"},
        content_type="application/json",
    )

    assert (response.status_code, list(response.json())) == (400, ["applied_on"])


def test_detail_has_interviews_and_summary(floor, screening):
    candidate = north_candidate(floor)
    listening = screening["listening"]
    make_interview(candidate, floor.user("leader"), {listening: 5})
    make_interview(candidate, floor.user("manager"), {listening: 2}, recommendation="hold")

    data = client_for("leader").get(reverse("api-candidate", args=[candidate.pk])).json()

    assert [interview["interviewer"] for interview in data["interviews"]] == ["leader", "manager"]
    assert data["summary"]["competencies"] == [
        {
            "competency": listening.pk,
            "name": "Active listening",
            "ratings": 2,
            "mean": (5 + 2) / 2,
            "lowest": 2,
            "highest": 5,
            "spread": 3,
        }
    ]
    assert data["summary"]["recommendations"] == {"hire": 1, "reject": 0, "hold": 1}


def test_another_sites_candidate_is_404(floor):
    candidate = south_candidate(floor)
    client = client_for("leader")

    statuses = [
        client.get(reverse("api-candidate", args=[candidate.pk])).status_code,
        client.post(
            reverse("api-candidate-interviews", args=[candidate.pk]),
            {"held_on": "2025-03-10", "recommendation": "hire", "notes": "x"},
            content_type="application/json",
        ).status_code,
        client.post(
            reverse("api-candidate-decision", args=[candidate.pk]),
            {"decision": "reject", "note": "x"},
            content_type="application/json",
        ).status_code,
    ]

    assert statuses == [404, 404, 404]
    assert Interview.objects.count() == 0


def test_record_an_interview(floor, screening):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("api-candidate-interviews", args=[candidate.pk]),
        {
            "held_on": "2025-03-10",
            "recommendation": "hire",
            "ratings": [
                {"competency": screening["listening"].pk, "level": 4, "evidence": "Good"},
                {"competency": screening["resilience"].pk, "level": 3},
            ],
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    assert sorted((r["competency_name"], r["level"]) for r in response.json()["ratings"]) == [
        ("Active listening", 4),
        ("Resilience", 3),
    ]


def test_rating_a_develop_only_competency_is_a_400_naming_ratings(floor, screening):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("api-candidate-interviews", args=[candidate.pk]),
        {
            "held_on": "2025-03-10",
            "recommendation": "hire",
            "ratings": [{"competency": screening["product"].pk, "level": 4}],
        },
        content_type="application/json",
    )

    assert (response.status_code, list(response.json())) == (400, ["ratings"])
    assert Interview.objects.count() == 0


def test_a_level_out_of_range_is_a_400_naming_ratings(floor, screening):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("api-candidate-interviews", args=[candidate.pk]),
        {
            "held_on": "2025-03-10",
            "recommendation": "hire",
            "ratings": [{"competency": screening["listening"].pk, "level": 6}],
        },
        content_type="application/json",
    )

    assert (response.status_code, list(response.json())) == (400, ["ratings"])


def test_hire_creates_the_person_with_assessments(floor, screening):
    candidate = north_candidate(floor)
    make_interview(candidate, floor.user("manager"), {screening["listening"]: 4})

    response = client_for("leader").post(
        reverse("api-candidate-decision", args=[candidate.pk]),
        {
            "decision": "hire",
            "employee_number": "N-0042",
            "team": floor.alpha.pk,
            "hire_date": "2025-04-01",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    person = Person.objects.get(employee_number="N-0042")
    assert (response.json()["status"], response.json()["person"]) == ("hired", person.pk)
    assessment = Assessment.objects.get(person=person)
    assert (assessment.level, assessment.source, assessment.assessed_by.username) == (
        4,
        AssessmentSource.HIRING,
        "manager",
    )


def test_hire_without_employee_number_names_the_field(floor):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("api-candidate-decision", args=[candidate.pk]),
        {"decision": "hire", "hire_date": "2025-04-01"},
        content_type="application/json",
    )

    assert (response.status_code, list(response.json())) == (400, ["employee_number"])


def test_hire_with_a_taken_employee_number_names_the_field(floor):
    candidate = north_candidate(floor)

    response = client_for("leader").post(
        reverse("api-candidate-decision", args=[candidate.pk]),
        {
            "decision": "hire",
            "employee_number": floor.agent.employee_number,
            "hire_date": "2025-04-01",
        },
        content_type="application/json",
    )

    assert (response.status_code, list(response.json())) == (400, ["employee_number"])
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN


def test_deciding_twice_is_a_400_naming_the_decision(floor):
    candidate = north_candidate(floor)
    client = client_for("leader")
    url = reverse("api-candidate-decision", args=[candidate.pk])
    client.post(url, {"decision": "reject", "note": "No"}, content_type="application/json")

    response = client.post(url, {"decision": "hold", "note": "Hm"}, content_type="application/json")

    assert (response.status_code, list(response.json())) == (400, ["decision"])
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
