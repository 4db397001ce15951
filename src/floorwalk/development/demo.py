"""The demo's competency history: results-derived levels on the first of each of the last
months, and a team leader's and a QA specialist's reviews of a few agents in between, so
profiles have lines to show and gaps to suggest actions for."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import assessment_source_for
from floorwalk.development.competency_services import assessment_record, assessments_derive
from floorwalk.development.models import (
    Assessment,
    AssessmentSource,
    Competency,
    EngagementScore,
    Observation,
    OneToOne,
    StageAssignment,
)
from floorwalk.org.models import Person

DEMO_MONTHS = 4
REVIEWED_AGENTS = 8
LEADER_EVIDENCE = (
    "Reviewed in our one-to-one: talked through last week's hardest calls together.",
    "Side-by-side listening: stayed with the customer's problem until it was solved.",
    "Kept the agreed goals for the month and asked for the next ones.",
    "Needed a nudge after a rude caller, then recovered and finished the shift well.",
)
QA_EVIDENCE = (
    "Calibrated listening of three calls: polite, clear next steps for the customer.",
    "Two recorded chats: empathetic wording, one missed summary at the end.",
    "Handled a complaint calmly; offered options and let the customer choose.",
)


@dataclass(frozen=True)
class CompetencyDemoResult:
    derived: int
    recorded: int


def demo_dates(today: date) -> list[date]:
    """The first of each of the last DEMO_MONTHS months, oldest first, then today."""
    firsts = []
    month = today.replace(day=1)
    for _ in range(DEMO_MONTHS):
        firsts.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return sorted(set(firsts) | {today})


def _reviewed_agents(leader: User) -> list[Person]:
    """The demo agent's login first, then others of the leader's teams."""
    agents = Person.objects.filter(
        team__leader_id=leader.person_id, role_assignments__role="agent"
    ).order_by("pk")
    demo_agent = User.objects.filter(username="agent").values_list("person_id", flat=True).first()
    chosen = sorted(agents.distinct()[: REVIEWED_AGENTS * 2], key=lambda p: p.pk != demo_agent)
    return chosen[:REVIEWED_AGENTS]


def _level_near(person: Person, competency: Competency, on: date, rng: random.Random) -> int:
    """Close to what the results said that month, as a human judgement differs a little."""
    derived = (
        Assessment.objects.filter(
            person=person,
            competency=competency,
            source=AssessmentSource.KPI,
            assessed_on__lte=on,
        )
        .order_by("-assessed_on")
        .values_list("level", flat=True)
        .first()
    )
    base = derived if derived is not None else rng.choice((2, 3, 3, 4))
    return min(5, max(1, base + rng.choice((-1, 0, 0, 1))))


@transaction.atomic
def development_records_clear() -> None:
    """Removes every agent's development records (they name people's logins, which the
    demo's --replace deletes); the framework and playbooks stay. Demo use only."""
    Assessment.objects.all().delete()
    Observation.objects.all().delete()
    OneToOne.objects.all().delete()
    StageAssignment.objects.all().delete()
    EngagementScore.objects.all().delete()


@transaction.atomic
def competency_demo_load(*, seed: int, today: date) -> CompetencyDemoResult:
    """Derives levels on each demo date and records leader and QA reviews between them."""
    dates = demo_dates(today)
    derived = sum(assessments_derive(on=day).created for day in dates)
    leader = User.objects.filter(username="leader", person__isnull=False).first()
    qa = User.objects.filter(username="qa", person__isnull=False).first()
    if leader is None:
        return CompetencyDemoResult(derived=derived, recorded=0)
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    competencies = list(Competency.objects.filter(is_active=True))
    recorded = 0
    for person in _reviewed_agents(leader):
        for index, day in enumerate(dates[:-1]):
            review_day = min(day + timedelta(days=9), today)
            reviewers: list[tuple[User, tuple[str, ...]]] = [(leader, LEADER_EVIDENCE)]
            if qa is not None and index % 2 == 1:
                reviewers.append((qa, QA_EVIDENCE))
            for actor, evidence in reviewers:
                if assessment_source_for(actor, person) is None:
                    continue
                for competency in competencies:
                    assessment_record(
                        actor=actor,
                        person=person,
                        competency=competency,
                        level=_level_near(person, competency, review_day, rng),
                        evidence=rng.choice(evidence),
                        assessed_on=review_day,
                    )
                    recorded += 1
    return CompetencyDemoResult(derived=derived, recorded=recorded)
