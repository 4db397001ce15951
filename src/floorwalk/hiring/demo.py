"""Hiring for the demo floor: candidates at the demo site in every state, interviewed by its
team leader and site manager, written through the same services as the pages."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import User
from floorwalk.hiring.models import Candidate, Recommendation
from floorwalk.hiring.selectors import screen_competencies
from floorwalk.hiring.services import (
    HireDetails,
    RatingInput,
    candidate_create,
    candidate_decide,
    interview_record,
)

# Name, days since applying, interviews as (interviewer, days ago, recommendation, levels
# in the order of the screening competencies, notes), and the decision (or None).
DemoInterview = tuple[str, int, Recommendation, tuple[int, ...], str]


@dataclass(frozen=True)
class DemoCandidate:
    name: str
    applied_days_ago: int
    interviews: tuple[DemoInterview, ...]
    decision: tuple[str, Recommendation, str] | None = None  # decider, decision, note


DEMO_CANDIDATES = (
    DemoCandidate(
        "Iris Novak",
        12,
        (("leader", 5, Recommendation.HIRE, (4, 3, 4, 3), "Warm, asked good questions."),),
    ),
    DemoCandidate("Jonas Berg", 3, ()),
    DemoCandidate(
        "Tomás Reyes",
        30,
        (
            ("leader", 25, Recommendation.HOLD, (3, 2, 3, 3), "Good attitude, slow on systems."),
            ("manager", 22, Recommendation.HIRE, (4, 3, 3, 4), "Would grow with a mentor."),
        ),
        ("manager", Recommendation.HOLD, "No seat this month; ask again when Alpha grows."),
    ),
    DemoCandidate(
        "Wen Li",
        40,
        (("manager", 35, Recommendation.REJECT, (2, 2, 1, 2), "Not at ease with customers."),),
        ("manager", Recommendation.REJECT, "Ratings well below the screening bar."),
    ),
    DemoCandidate(
        "Amara Okafor",
        45,
        (
            ("leader", 40, Recommendation.HIRE, (4, 4, 3, 4), "Calm and structured."),
            ("manager", 38, Recommendation.HIRE, (5, 4, 4, 3), "Best call simulation so far."),
        ),
        ("leader", Recommendation.HIRE, "Both interviewers recommend her."),
    ),
)
DEMO_EMPLOYEE_NUMBER = "H0001"


@transaction.atomic
def hiring_demo_load(*, today: date) -> int:
    """Loads the demo's candidates at the leader's site; nothing without the demo logins or
    screening competencies. Returns how many candidates it added."""
    users = {
        user.username: user for user in User.objects.filter(username__in=("leader", "manager"))
    }
    competencies = list(screen_competencies())
    if len(users) < 2 or not competencies or users["leader"].person is None:
        return 0
    leader_person = users["leader"].person
    team = leader_person.led_teams.first()
    for spec in DEMO_CANDIDATES:
        candidate = candidate_create(
            actor=users["leader"],
            site=leader_person.site,
            name=spec.name,
            applied_on=today - timedelta(days=spec.applied_days_ago),
            email=f"{spec.name.split()[0].lower()}@example.com",
            team=team,
        )
        for interviewer, days_ago, recommendation, levels, notes in spec.interviews:
            interview_record(
                actor=users[interviewer],
                candidate=candidate,
                held_on=today - timedelta(days=days_ago),
                recommendation=recommendation,
                notes=notes,
                ratings=[
                    RatingInput(competency, level, notes)
                    for competency, level in zip(competencies, levels, strict=False)
                ],
            )
        if spec.decision is not None:
            _decide(candidate, users, spec.decision, team, today)
    return len(DEMO_CANDIDATES)


def _decide(candidate: Candidate, users, decision, team, today: date) -> None:
    decider, outcome, note = decision
    candidate_decide(
        actor=users[decider],
        candidate=candidate,
        decision=outcome,
        note=note,
        hire=HireDetails(employee_number=DEMO_EMPLOYEE_NUMBER, hire_date=today, team=team)
        if outcome == Recommendation.HIRE
        else None,
    )
