"""Development for the demo floor, written through the same services as the pages: engagement
pulses, and every agent's stage confirmed by their team leader five weeks ago from what the
evidence proposed then, so today's proposals show who has grown since."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from floorwalk.accounts.models import User
from floorwalk.development.evidence import DAYS_A_MONTH, stage_review
from floorwalk.development.models import EngagementScore, Stage, StageAssignment
from floorwalk.development.selectors import stage_rules
from floorwalk.development.services import PULSE_SCORES, stage_confirm
from floorwalk.org.models import Person, PersonStatus, Team

CONFIRMED_DAYS_AGO = 35
PULSE_EVERY_DAYS = 14
PULSE_DAYS = 84
FALLING_SHARE = 0.3  # of agents whose engagement falls over the last months
FALL_PER_MONTH = 12.0
# The reason a leader gives for keeping an agent below the proposal.
KEPT_BELOW_REASON = (
    "Wants another month on the complaints queue with coaching before less support."
)


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
