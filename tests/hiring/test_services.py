from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from floorwalk.development.models import Assessment, AssessmentSource
from floorwalk.hiring.models import Candidate, CandidateStatus, Interview, Recommendation
from floorwalk.hiring.selectors import candidate_interviews, candidate_summary
from floorwalk.hiring.services import (
    CandidateAlreadyDecidedError,
    HireDetails,
    RatingInput,
    candidate_create,
    candidate_decide,
    interview_record,
)
from floorwalk.org.models import Person
from tests.hiring.conftest import (
    INTERVIEWED_ON,
    make_interview,
    north_candidate,
)

HIRE = HireDetails(employee_number="N-0042", hire_date=date(2025, 4, 1))


def test_candidate_create_records_who_added_them(floor):
    candidate = candidate_create(
        actor=floor.user("leader"),
        site=floor.north,
        name="  Cleo Candidate ",
        applied_on=date(2025, 3, 3),
        team=floor.alpha,
    )

    assert (candidate.name, candidate.status, candidate.created_by.username) == (
        "Cleo Candidate",
        CandidateStatus.OPEN,
        "leader",
    )


def test_leader_cannot_add_a_candidate_at_another_site(floor):
    with pytest.raises(PermissionDenied):
        candidate_create(
            actor=floor.user("leader"), site=floor.south, name="X", applied_on=date(2025, 3, 3)
        )

    assert Candidate.objects.count() == 0


def test_candidate_team_must_be_of_the_hiring_site(floor):
    with pytest.raises(ValidationError) as raised:
        candidate_create(
            actor=floor.user("admin"),
            site=floor.north,
            name="X",
            applied_on=date(2025, 3, 3),
            team=floor.gamma,
        )

    assert "team" in raised.value.message_dict
    assert Candidate.objects.count() == 0


def test_interview_records_ratings_of_screening_competencies(floor, screening):
    candidate = north_candidate(floor)

    interview = interview_record(
        actor=floor.user("leader"),
        candidate=candidate,
        held_on=INTERVIEWED_ON,
        recommendation=Recommendation.HIRE,
        notes="Calm under pressure.",
        ratings=[
            RatingInput(screening["listening"], 4, "Summarised my question back."),
            RatingInput(screening["resilience"], 3),
        ],
    )

    assert interview.interviewer.username == "leader"
    assert sorted((r.competency.name, r.level) for r in interview.ratings.all()) == [
        ("Active listening", 4),
        ("Resilience", 3),
    ]


@pytest.mark.parametrize("key", ["product", "retired"])
def test_rating_a_competency_not_screened_at_hiring_is_refused(floor, screening, key):
    candidate = north_candidate(floor)

    with pytest.raises(ValidationError) as raised:
        interview_record(
            actor=floor.user("leader"),
            candidate=candidate,
            held_on=INTERVIEWED_ON,
            recommendation=Recommendation.HIRE,
            ratings=[RatingInput(screening["listening"], 4), RatingInput(screening[key], 3)],
        )

    assert screening[key].name in raised.value.message_dict["ratings"][0]
    assert Interview.objects.count() == 0


def test_interview_needs_a_rating_or_notes(floor, screening):
    with pytest.raises(ValidationError) as raised:
        interview_record(
            actor=floor.user("leader"),
            candidate=north_candidate(floor),
            held_on=INTERVIEWED_ON,
            recommendation=Recommendation.HOLD,
            notes="   ",
        )

    assert "ratings" in raised.value.message_dict
    assert Interview.objects.count() == 0


def test_interview_cannot_be_in_the_future(floor, screening):
    with pytest.raises(ValidationError) as raised:
        interview_record(
            actor=floor.user("leader"),
            candidate=north_candidate(floor),
            held_on=timezone.localdate() + timedelta(days=1),
            recommendation=Recommendation.HOLD,
            notes="Planned",
        )

    assert "held_on" in raised.value.message_dict


def test_leader_of_another_site_cannot_interview(floor, screening):
    with pytest.raises(PermissionDenied):
        interview_record(
            actor=floor.user("far_leader"),
            candidate=north_candidate(floor),
            held_on=INTERVIEWED_ON,
            recommendation=Recommendation.HIRE,
            notes="Sneaky",
        )

    assert Interview.objects.count() == 0


def test_hire_creates_the_person_and_an_assessment_per_rating(floor, screening):
    candidate = north_candidate(floor)
    candidate.email = "cleo@example.com"
    candidate.save()
    lena, max_ = floor.user("leader"), floor.user("manager")
    make_interview(
        candidate,
        lena,
        {screening["listening"]: 4, screening["resilience"]: 2},
        notes="First talk",
    )
    make_interview(
        candidate, max_, {screening["listening"]: 3}, held_on=date(2025, 3, 12), notes="Second"
    )

    decided = candidate_decide(
        actor=lena,
        candidate=candidate,
        decision=Recommendation.HIRE,
        note="Strong listener.",
        hire=HireDetails(employee_number="N-0042", hire_date=date(2025, 4, 1), team=floor.alpha),
    )

    person = Person.objects.get(employee_number="N-0042")
    assert decided.person == person
    assert (decided.status, decided.decided_by, decided.decision_note) == (
        CandidateStatus.HIRED,
        lena,
        "Strong listener.",
    )
    assert decided.decided_at is not None
    assert (person.display_name, person.site, person.team, person.email, person.hire_date) == (
        "Cleo Candidate",
        floor.north,
        floor.alpha,
        "cleo@example.com",
        date(2025, 4, 1),
    )
    assessments = Assessment.objects.filter(person=person).order_by("assessed_on", "level")
    assert [
        (a.competency.name, a.level, a.assessed_by.username, a.assessed_on, a.source)
        for a in assessments
    ] == [
        ("Resilience", 2, "leader", date(2025, 3, 10), AssessmentSource.HIRING),
        ("Active listening", 4, "leader", date(2025, 3, 10), AssessmentSource.HIRING),
        ("Active listening", 3, "manager", date(2025, 3, 12), AssessmentSource.HIRING),
    ]
    first = assessments.get(level=4)
    assert first.evidence.startswith("Active listening at 4")
    assert "2025-03-10" in first.evidence
    assert first.details["interview_notes"] == "First talk"


def test_a_duplicate_employee_number_refuses_the_hire_and_changes_nothing(floor, screening):
    candidate = north_candidate(floor)
    make_interview(candidate, floor.user("leader"), {screening["listening"]: 4})
    taken = floor.agent.employee_number

    with pytest.raises(ValidationError) as raised:
        candidate_decide(
            actor=floor.user("leader"),
            candidate=candidate,
            decision=Recommendation.HIRE,
            hire=HireDetails(employee_number=taken, hire_date=date(2025, 4, 1)),
        )

    assert taken in raised.value.message_dict["employee_number"][0]
    candidate.refresh_from_db()
    assert (candidate.status, candidate.person, candidate.decided_by) == (
        CandidateStatus.OPEN,
        None,
        None,
    )
    assert Assessment.objects.count() == 0
    assert Person.objects.filter(display_name="Cleo Candidate").count() == 0


def test_hire_into_a_team_of_another_site_is_refused(floor):
    candidate = north_candidate(floor)

    with pytest.raises(ValidationError) as raised:
        candidate_decide(
            actor=floor.user("admin"),
            candidate=candidate,
            decision=Recommendation.HIRE,
            hire=HireDetails(employee_number="N-1", hire_date=date(2025, 4, 1), team=floor.gamma),
        )

    assert "team" in raised.value.message_dict
    assert not Person.objects.filter(employee_number="N-1").exists()


@pytest.mark.parametrize("first", [Recommendation.HIRE, Recommendation.REJECT])
def test_a_hired_or_rejected_candidate_cannot_be_decided_again(floor, first):
    candidate = north_candidate(floor)
    candidate_decide(
        actor=floor.user("leader"), candidate=candidate, decision=first, note="Final", hire=HIRE
    )

    with pytest.raises(CandidateAlreadyDecidedError):
        candidate_decide(
            actor=floor.user("manager"),
            candidate=candidate,
            decision=Recommendation.HOLD,
            note="Second thoughts",
        )

    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by.username, candidate.decision_note) == (
        CandidateStatus.HIRED if first == Recommendation.HIRE else CandidateStatus.REJECTED,
        "leader",
        "Final",
    )


def test_a_candidate_on_hold_can_be_decided_later(floor):
    candidate = north_candidate(floor)
    candidate_decide(
        actor=floor.user("leader"),
        candidate=candidate,
        decision=Recommendation.HOLD,
        note="No seat yet",
    )

    decided = candidate_decide(
        actor=floor.user("manager"),
        candidate=candidate,
        decision=Recommendation.REJECT,
        note="Seat went to another",
    )

    assert (decided.status, decided.decided_by.username) == (CandidateStatus.REJECTED, "manager")


def test_reject_and_hold_need_a_note(floor):
    candidate = north_candidate(floor)

    with pytest.raises(ValidationError) as raised:
        candidate_decide(
            actor=floor.user("leader"), candidate=candidate, decision=Recommendation.REJECT
        )

    assert "note" in raised.value.message_dict
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN


def test_leader_of_another_site_cannot_decide(floor):
    candidate = north_candidate(floor)

    with pytest.raises(PermissionDenied):
        candidate_decide(
            actor=floor.user("far_leader"),
            candidate=candidate,
            decision=Recommendation.REJECT,
            note="No",
        )

    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN


def test_summary_gives_mean_and_spread_per_competency(floor, screening):
    candidate = north_candidate(floor)
    listening, resilience = screening["listening"], screening["resilience"]
    given = {
        "leader": ({listening: 4, resilience: 2}, Recommendation.HIRE),
        "manager": ({listening: 2}, Recommendation.HOLD),
        "admin": ({listening: 5, resilience: 3}, Recommendation.HIRE),
    }
    for username, (levels, recommendation) in given.items():
        make_interview(candidate, floor.user(username), levels, recommendation=recommendation)

    summary = candidate_summary(candidate_interviews(candidate))

    assert [
        (row.competency.name, row.ratings, round(row.mean, 4), row.spread)
        for row in summary.competencies
    ] == [
        ("Active listening", 3, round((4 + 2 + 5) / 3, 4), 5 - 2),
        ("Resilience", 2, 2.5, 1),
    ]
    assert summary.recommendations == {"hire": 2, "reject": 0, "hold": 1}
