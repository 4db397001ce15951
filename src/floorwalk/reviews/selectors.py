"""Reads of reviews."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import Access, Aspect, people_for
from floorwalk.engine.metrics import Metric, Totals, metric
from floorwalk.engine.periods import custom_period
from floorwalk.engine.reviews import Distribution, rating_distribution
from floorwalk.metrics.selectors import totals_by_agent_and_period
from floorwalk.org.models import Person
from floorwalk.reviews.models import Review, ReviewCycle, ReviewFeedbackKind, ReviewStatus

VISIBLE_TO_THE_PERSON = (ReviewStatus.RELEASED, ReviewStatus.ACKNOWLEDGED)


def reviews_for(user: User) -> QuerySet[Review]:
    """Reviews the user reads: those of people whose HR data they read (their leader, the
    site manager, administrators), and their own only once released (a site manager's own
    draft is no more theirs to read than an agent's)."""
    readable = people_for(user, Aspect.HR_NOTES, Access.READ).exclude(pk=user.person_id or 0)
    own = Review.objects.filter(person_id=user.person_id or 0, status__in=VISIBLE_TO_THE_PERSON)
    return (
        (Review.objects.filter(person__in=readable) | own)
        .distinct()
        .select_related("cycle__template", "person__team", "reviewer")
    )


def reviewable_people(user: User, cycle: ReviewCycle) -> QuerySet[Person]:
    """People the user may review who have no review in the cycle yet."""
    return (
        people_for(user, Aspect.HR_NOTES, Access.CHANGE)
        .exclude(pk=user.person_id or 0)
        .exclude(reviews__cycle=cycle)
        .order_by("display_name")
    )


@dataclass(frozen=True)
class FeedbackShown:
    kind: str
    author: str
    rating: float
    text: str
    code: str = ""  # the kind's code (self, peer, upward) beside its label


def feedback_shown(review: Review, user: User) -> list[FeedbackShown]:
    """The review's feedback as `user` sees it: the reviewed person does not see who gave
    anonymous peer or upward feedback."""
    template = review.cycle.template
    anonymous: dict[str, bool] = {
        ReviewFeedbackKind.PEER: template.peer_anonymous,
        ReviewFeedbackKind.UPWARD: template.upward_anonymous,
    }
    hide = user.person_id == review.person_id
    return [
        FeedbackShown(
            kind=item.get_kind_display(),
            author="" if hide and anonymous.get(item.kind, False) else item.author.display_name,
            rating=item.rating,
            text=item.text,
            code=item.kind,
        )
        for item in review.feedback.select_related("author__person")
    ]


# The results shown beside the ratings, so a generous or strict reviewer can be told from a
# team that really did better or worse.
CALIBRATION_METRICS = ("fcr", "aht", "qa_score")


@dataclass(frozen=True)
class LeaderRatings:
    reviewer: str
    team: str
    distribution: Distribution
    results: list[tuple[Metric, float | None]]


def calibration_rows(reviews: QuerySet[Review], cycle: ReviewCycle) -> list[LeaderRatings]:
    """The overall ratings of a cycle per reviewer and team, side by side with the reviewed
    people's results over the cycle's period (their summed totals, not an average of
    averages)."""
    ratings: dict[tuple[str, str], list[float]] = defaultdict(list)
    people: dict[tuple[str, str], list[int]] = defaultdict(list)
    for review in reviews.select_related("reviewer__person", "person__team"):
        if review.final_overall is not None:
            key = (
                review.reviewer.display_name,
                review.person.team.name if review.person.team else "",
            )
            ratings[key].append(review.final_overall)
            people[key].append(review.person_id)
    period = custom_period(cycle.period_start, cycle.period_end)
    totals = totals_by_agent_and_period([pk for ids in people.values() for pk in ids], [period])
    return [
        LeaderRatings(
            reviewer,
            team,
            rating_distribution(ratings[(reviewer, team)]),
            _results(Totals.sum(totals[pk][0] for pk in people[(reviewer, team)] if pk in totals)),
        )
        for reviewer, team in sorted(ratings)
    ]


def _results(totals: Totals) -> list[tuple[Metric, float | None]]:
    return [(metric(code), metric(code).value(totals)) for code in CALIBRATION_METRICS]
