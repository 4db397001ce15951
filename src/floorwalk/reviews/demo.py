"""A calibrated review cycle for the demo leader's team, written through the services: the
leader's part for every agent, peers' feedback, the manager's calibration (one rating
adjusted with a reason), most reviews released and some acknowledged."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import review_feedback_kind_for
from floorwalk.org.models import Person, PersonStatus
from floorwalk.reviews.models import Review, ReviewCycle, ReviewTemplate
from floorwalk.reviews.services import (
    review_acknowledge,
    review_calibrate,
    review_feedback_give,
    review_release,
    review_score,
    review_start,
)

PEER_NOTES = (
    "Always ready to take a hard call off a newer colleague.",
    "Shares tips from the knowledge base in the team chat.",
    "Calm on busy Mondays; keeps the mood up.",
)
NARRATIVES = (
    "A steady half year: results on standard most weeks and a clear step up in quality.",
    "Growing fast; the next step is handling complaints without help.",
    "Reliable and kind with customers; speed is the thing to work on.",
)


@transaction.atomic
def reviews_demo_load(*, today: date, seed: int) -> int:
    """The half-year review of the demo leader's agents; the number of reviews."""
    leader = User.objects.filter(username="leader", person__isnull=False).first()
    manager = User.objects.filter(username="manager", person__isnull=False).first()
    if leader is None or manager is None:
        return 0
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    template = ReviewTemplate.objects.create(name="Half-year review")
    cycle = ReviewCycle.objects.create(
        name=f"Half-year to {today:%B %Y}",
        template=template,
        period_start=today - timedelta(days=182),
        period_end=today - timedelta(days=1),
        created_by=manager,
    )
    agents = list(
        Person.objects.filter(team__leader_id=leader.person_id)
        .exclude(pk=leader.person_id or 0)
        .exclude(status=PersonStatus.LEFT)
        .filter(hire_date__lte=cycle.period_start)  # in the team for the whole half year
        .select_related("user")
    )
    for index, agent in enumerate(sorted(agents, key=lambda person: person.pk)):
        review = review_start(actor=leader, cycle=cycle, person=agent)
        review_score(
            actor=leader,
            review=review,
            goal_attainment=review.goal_attainment,  # from the agent's goals
            competencies_score=review.competencies_score,
            leader_score=rng.choice((3.0, 3.5, 4.0, 4.0, 4.5)),
            narrative=rng.choice(NARRATIVES),
        )
        _peer_feedback(review, agents, rng)
        if index % 4 == 3:
            continue  # still a draft: the manager has not calibrated it yet
        adjusted = index == 0
        review_calibrate(
            actor=manager,
            review=review,
            overall=max(1.0, round((review_reloaded(review).overall or 3.0) - 0.5, 1))
            if adjusted
            else None,
            reason="In line with the other teams: results were on standard, not above."
            if adjusted
            else "",
        )
        if index % 4 != 2:
            review_release(actor=leader, review=review)
            if index % 2 == 0 and getattr(agent, "user", None) is not None:
                review_acknowledge(actor=agent.user, review=review)
    return cycle.reviews.count()


def review_reloaded(review: Review) -> Review:
    review.refresh_from_db()
    return review


def _peer_feedback(review: Review, agents, rng: random.Random) -> None:
    """Two teammates rate the agent."""
    peers = [
        agent
        for agent in agents
        if agent.pk != review.person_id and getattr(agent, "user", None) is not None
    ]
    for peer in rng.sample(peers, k=min(2, len(peers))):
        if review_feedback_kind_for(peer.user, review.person) is not None:
            review_feedback_give(
                actor=peer.user,
                review=review,
                rating=rng.choice((3.0, 4.0, 4.0, 5.0)),
                text=rng.choice(PEER_NOTES),
            )
