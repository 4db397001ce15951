from datetime import date

from floorwalk.development.models import Assessment, AssessmentSource
from floorwalk.development.services import competencies_create_defaults
from floorwalk.hiring.demo import DEMO_CANDIDATES, DEMO_EMPLOYEE_NUMBER, hiring_demo_load
from floorwalk.hiring.models import Candidate, CandidateStatus, InterviewRating
from floorwalk.hiring.services import hiring_clear
from floorwalk.org.models import Person

TODAY = date(2026, 11, 2)


def test_demo_has_candidates_in_every_state_and_a_hire_with_assessments(loaded_tiny_floor):
    competencies_create_defaults()

    added = hiring_demo_load(today=TODAY)

    assert added == len(DEMO_CANDIDATES) == Candidate.objects.count()
    assert set(Candidate.objects.values_list("status", flat=True)) == set(CandidateStatus.values)
    hired = Candidate.objects.get(status=CandidateStatus.HIRED)
    person = Person.objects.get(employee_number=DEMO_EMPLOYEE_NUMBER)
    assert hired.person == person
    assert (
        Assessment.objects.filter(person=person, source=AssessmentSource.HIRING).count()
        == InterviewRating.objects.filter(interview__candidate=hired).count()
        > 0
    )


def test_demo_hiring_is_cleared_before_the_demo_is_loaded_anew(loaded_tiny_floor):
    competencies_create_defaults()
    hiring_demo_load(today=TODAY)

    hiring_clear()

    assert (Candidate.objects.count(), Assessment.objects.count()) == (0, 0)


def test_demo_without_screening_competencies_adds_nobody(loaded_tiny_floor):
    assert hiring_demo_load(today=TODAY) == 0
