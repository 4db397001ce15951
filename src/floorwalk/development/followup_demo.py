"""The demo's follow-up: observations and one-to-ones since each agent's stage was set, so
the cadence shows some agents overdue and others planned. One-to-ones carry recognition and
constructive feedback and agreed actions; some actions are done at the next one-to-one,
others stay open and are carried forward."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import Role, User
from floorwalk.accounts.policy import observation_source_for
from floorwalk.development.cadence_services import Rating, observation_log
from floorwalk.development.feedback_services import feedback_give, feedback_request
from floorwalk.development.followup_selectors import open_actions
from floorwalk.development.followup_services import FeedbackItem, NewAction, one_to_one_hold
from floorwalk.development.models import AssessmentSource, Competency
from floorwalk.development.selectors import current_stages
from floorwalk.org.models import Mentorship, Person, PersonStatus

NOTES = (
    "Side by side for an hour on the billing queue.",
    "Listened to four recorded calls together and picked one to redo.",
    "Watched a difficult cancellation; stayed calm and offered the right plan.",
    "Shadowed the morning peak; needed help finding the roaming tariffs.",
)
EVIDENCE = (
    "Kept a steady voice with an upset caller",
    "Found the answer in the knowledge base without help",
    "Summed up the agreement before closing",
    "Asked a colleague instead of guessing",
)
TALKS = (
    "Went through the month's scorecard; agreed on one goal.",
    "Talked about the new queue and what support is needed.",
    "Celebrated the QA results; discussed taking on chat.",
)


PRAISE = (
    FeedbackItem(
        "recognition",
        "Kept the customer on side during the outage.",
        situation="Tuesday's network outage, long queue",
        behaviour="Explained the cause and gave a realistic time",
        impact="The caller thanked you and did not escalate",
    ),
    FeedbackItem("recognition", "Your QA scores went up three months in a row."),
)
CONSTRUCTIVE = (
    FeedbackItem(
        "constructive",
        "Summarise the agreement before closing the call.",
        situation="Two calls this week about a plan change",
        behaviour="The call ended without repeating what was agreed",
        impact="Both customers called back to check",
    ),
    FeedbackItem("constructive", "Use the knowledge base before putting callers on hold."),
)
ACTIONS = (
    ("Shadow a senior colleague on escalations for an hour", "agent"),
    ("Book a seat on the billing refresher", "leader"),
    ("Listen back to two of your own calls and pick one to redo", "agent"),
    ("Ask planning for a chat shift next month", "leader"),
)
PRIVATE = (
    "Seems tired lately; check workload next time.",
    "Candidate for mentoring in a few months.",
    "",
)


@dataclass(frozen=True)
class FollowUpDemoResult:
    observations: int
    one_to_ones: int
    feedback: int = 0


def _days_between(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    span = (end - start).days
    if span < 0:
        return []
    return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))


def _mentor_user(mentor: Person | None, mentee: Person) -> User | None:
    """The mentor's login, when the policy lets it observe the mentee as a mentor."""
    user = getattr(mentor, "user", None) if mentor is not None else None
    if user is None or observation_source_for(user, mentee) != AssessmentSource.MENTOR:
        return None
    return user


@transaction.atomic
def followup_demo_load(*, seed: int, today: date) -> FollowUpDemoResult:
    """0–3 observations and one-to-ones for each agent with a stage, since it was set, logged
    through the same services as the pages."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    agents = list(
        Person.objects.filter(
            status=PersonStatus.ACTIVE,
            role_assignments__role=Role.AGENT,
            team__leader__user__isnull=False,
        )
        .select_related("team__leader__user")
        .order_by("pk")
    )
    active_mentorships = {
        mentorship.mentee_id: mentorship.mentor
        for mentorship in Mentorship.objects.filter(ended_on__isnull=True).select_related(
            "mentor__user"
        )
    }
    staged = current_stages(person.pk for person in agents)
    competencies = list(Competency.objects.filter(is_active=True).order_by("name"))
    observations = one_to_ones = 0
    for person in (agent for agent in agents if agent.pk in staged):
        leader: User = person.team.leader.user  # type: ignore[union-attr]
        stage_day = staged[person.pk].set_at.date()
        for day in _days_between(rng, stage_day, today, rng.randint(0, 3)):
            observer = leader
            mentor_user = _mentor_user(active_mentorships.get(person.pk), person)
            if mentor_user is not None and rng.random() < 0.5:
                observer = mentor_user
            ratings = [
                Rating(competency, rng.randint(2, 5), rng.choice(EVIDENCE))
                for competency in rng.sample(competencies, k=min(len(competencies), 2))
                if rng.random() < 0.5
            ]
            observation_log(
                actor=observer,
                person=person,
                observed_on=day,
                notes=rng.choice(NOTES),
                ratings=ratings,
            )
            observations += 1
        for day in _days_between(rng, stage_day, today, rng.randint(0, 3)):
            _demo_one_to_one(rng, leader, person, day)
            one_to_ones += 1
    feedback = _demo_feedback(rng, agents)
    return FollowUpDemoResult(observations, one_to_ones, feedback)


def _demo_one_to_one(rng: random.Random, leader: User, person: Person, day: date) -> None:
    """A one-to-one with one or two feedback items and an action; about half the agent's open
    actions are ticked done, the rest carried forward."""
    done = [action.pk for action in open_actions(person) if rng.random() < 0.5]
    description, owner = rng.choice(ACTIONS)
    due_on = day + timedelta(days=rng.choice((7, 14, 21)))
    items = [rng.choice(PRAISE)] + ([rng.choice(CONSTRUCTIVE)] if rng.random() < 0.6 else [])
    one_to_one_hold(
        actor=leader,
        person=person,
        held_on=day,
        agenda="Scorecard, feedback, actions from last time.",
        notes=rng.choice(TALKS),
        private_notes=rng.choice(PRIVATE),
        items=items,
        actions=[NewAction(description, owner, due_on)],
        done_action_ids=done,
    )


def _demo_feedback(rng: random.Random, agents: list[Person]) -> int:
    """Team mates give each other feedback; every other agent asks a colleague for some, and
    about half of those requests are answered."""
    given = 0
    by_team: dict[int | None, list[Person]] = {}
    for agent in agents:
        if getattr(agent, "user", None) is not None:
            by_team.setdefault(agent.team_id, []).append(agent)
    for team in by_team.values():
        for giver, receiver in zip(team, team[1:] + team[:1], strict=True):
            if giver.pk == receiver.pk or giver.site_id != receiver.site_id:
                continue
            item = rng.choice(PRAISE + CONSTRUCTIVE)
            feedback_give(actor=giver.user, to=receiver, item=item)
            given += 1
            if rng.random() < 0.5:
                ask = feedback_request(
                    actor=receiver.user, of=giver, topic="How I handle transfers to billing"
                )
                if rng.random() < 0.5:
                    feedback_give(
                        actor=giver.user, to=receiver, item=rng.choice(CONSTRUCTIVE), answers=ask
                    )
                    given += 1
    return given
