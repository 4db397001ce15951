"""Development for the demo floor, written through the same services as the pages.

- Competency history: results-derived levels on the first of each of the last months, and a
  team leader's and a QA specialist's reviews of a few agents in between, so profiles have
  lines to show and gaps to suggest actions for.
- Engagement pulses, and every agent's stage confirmed by their team leader five weeks ago
  from what the evidence proposed then, so today's proposals show who has grown since."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import assessment_source_for
from floorwalk.development.competency_services import assessment_record, assessments_derive
from floorwalk.development.evidence import DAYS_A_MONTH, stage_review
from floorwalk.development.models import (
    Assessment,
    AssessmentSource,
    Competency,
    EngagementScore,
    Observation,
    OneToOne,
    Stage,
    StageAssignment,
)
from floorwalk.development.selectors import stage_rules
from floorwalk.development.services import PULSE_SCORES, stage_confirm
from floorwalk.org.models import Person, PersonStatus, Team

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
            if review_day < person.hire_date:
                continue
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


CONFIRMED_DAYS_AGO = 35
PULSE_EVERY_DAYS = 14
PULSE_DAYS = 84
FALLING_SHARE = 0.3  # of agents whose engagement falls over the last months
FALL_PER_MONTH = 12.0
# The reason a leader gives for keeping an agent below the proposal.
KEPT_BELOW_REASON = "Wants another month on the complaints queue with coaching before less support."


@dataclass(frozen=True)
class DevelopmentDemoResult:
    confirmed: Counter[str]
    pulses: int


@transaction.atomic
def development_demo_load(*, today: date, seed: int) -> DevelopmentDemoResult:
    """Pulses for every agent, then each agent's stage as of five weeks ago."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    agents = list(_demo_agents())
    pulses = sum(_pulses(agent, today, rng) for agent in agents)
    confirmed_on = today - timedelta(days=CONFIRMED_DAYS_AGO)
    rules = stage_rules()
    confirmed: Counter[str] = Counter()
    kept_below = False
    for agent in agents:
        review = stage_review(agent, today=confirmed_on, rules=rules)
        stage = review.proposed
        reason = ""
        if stage == Stage.R3 and not kept_below:
            stage, reason, kept_below = Stage.R2, KEPT_BELOW_REASON, True
        assignment = stage_confirm(
            actor=_leader_user(agent),
            person=agent,
            stage=stage,
            proposed_stage=review.proposed,
            evidence=review.record(),
            reason=reason,
        )
        set_at = timezone.make_aware(datetime.combine(confirmed_on, time(10)))
        StageAssignment.objects.filter(pk=assignment.pk).update(set_at=set_at)
        confirmed[stage] += 1
    return DevelopmentDemoResult(confirmed=confirmed, pulses=pulses)


def _demo_agents():
    """Active members of teams who lead no team: the front line."""
    return (
        Person.objects.filter(team__isnull=False)
        .exclude(status=PersonStatus.LEFT)
        .exclude(pk__in=Team.objects.filter(leader__isnull=False).values("leader_id"))
        .select_related("team__leader__user", "site")
        .order_by("pk")
    )


def _leader_user(agent: Person) -> User:
    leader = agent.team.leader if agent.team else None
    user = getattr(leader, "user", None) if leader else None
    return user or User.objects.get(username="admin")


def _pulses(agent: Person, today: date, rng: random.Random) -> int:
    """A pulse every two weeks over the last twelve weeks; for some agents a falling one."""
    start = max(agent.hire_date, today - timedelta(days=PULSE_DAYS))
    level = rng.uniform(55, 95)
    fall = FALL_PER_MONTH if rng.random() < FALLING_SHARE else 0.0
    days = range(0, (today - start).days + 1, PULSE_EVERY_DAYS)
    scores = []
    for offset in days:
        score = level - fall * offset / DAYS_A_MONTH + rng.gauss(0, 6)
        answer = min(5, max(1, round(score / 25) + 1))
        scores.append(
            EngagementScore(
                person=agent,
                measured_on=start + timedelta(days=offset),
                score=PULSE_SCORES[answer],
            )
        )
    EngagementScore.objects.bulk_create(scores)
    return len(scores)
