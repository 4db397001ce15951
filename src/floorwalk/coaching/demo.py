"""The demo's coaching: sessions the demo leader held with their agents over the last months
(old enough to be measured, and recent ones still waiting for data), the agents'
confirmations, a few requests and topics spread over the board's states."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import Role, User
from floorwalk.coaching.models import CoachingRequest, CoachingSession, SessionKind, TopicState
from floorwalk.coaching.services import request_create, session_confirm, session_record
from floorwalk.development.models import Competency
from floorwalk.org.models import Person, PersonStatus

DEMO_LEADER = "leader"
# (days before today, focus metric or None for a competency, kind, state)
PLAN = (
    (75, "aht", SessionKind.SIDE_BY_SIDE, TopicState.MAKING_PROGRESS),
    (50, "fcr", SessionKind.CALL_REVIEW, TopicState.FOLLOW_UP),
    (40, "avg_hold", SessionKind.CALL_REVIEW, TopicState.NEEDS_ATTENTION),
    (20, None, SessionKind.ROLE_PLAY, TopicState.INITIAL_FEEDBACK),
    (6, "csat", SessionKind.SIDE_BY_SIDE, TopicState.INITIAL_FEEDBACK),
)
KEEP = (
    "Your greeting sets a calm tone; keep it.",
    "You checked the account before answering; keep doing that.",
    "Clear summary of the agreement at the end of the call.",
)
CHANGE = (
    "Tell the caller why you put them on hold and how long it will be.",
    "Ask one more question before transferring.",
    "Use the knowledge base search before asking a colleague.",
)
REQUESTS = ("Handling cancellations", "Explaining roaming charges", "Shorter wrap-up notes")


@dataclass(frozen=True)
class CoachingDemoResult:
    sessions: int
    requests: int


def coaching_clear() -> None:
    """Deletes every coaching record (the demo's --replace, before people go)."""
    CoachingSession.objects.all().delete()
    CoachingRequest.objects.all().delete()


@transaction.atomic
def coaching_demo_load(*, seed: int, today: date) -> CoachingDemoResult:
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    leader = User.objects.filter(username=DEMO_LEADER, person__isnull=False).first()
    if leader is None:
        return CoachingDemoResult(0, 0)
    agents = list(
        Person.objects.filter(
            team__leader=leader.person,
            status=PersonStatus.ACTIVE,
            role_assignments__role=Role.AGENT,
        )
        .select_related("user")
        .order_by("pk")[:6]
    )
    competency = Competency.objects.filter(is_active=True).order_by("name").first()
    sessions = requests = 0
    for index, agent in enumerate(agents):
        # Every other agent gets every other session of the plan, so the board varies.
        for days_ago, focus, kind, state in PLAN[index % 2 :: 1 + index % 2]:
            held_on = today - timedelta(days=days_ago)
            if held_on < agent.hire_date or (focus is None and competency is None):
                continue
            session = session_record(
                actor=leader,
                agent=agent,
                kind=kind,
                held_on=held_on,
                focus_metric=focus or "",
                focus_competency=None if focus else competency,
                observations="Listened to calls together on the main queue.",
                keep_doing=rng.choice(KEEP),
                to_change=rng.choice(CHANGE),
                agreed_behaviours=rng.choice(CHANGE),
                follow_up_on=held_on + timedelta(days=14),
                topic_state=state,
            )
            sessions += 1
            agent_user = getattr(agent, "user", None)
            if agent_user is not None and rng.random() < 0.7:
                session_confirm(actor=agent_user, session=session, usefulness=rng.randint(3, 5))
        if index % 3 == 0 and getattr(agent, "user", None) is not None:
            request_create(actor=agent.user, agent=agent, topic=rng.choice(REQUESTS))
            requests += 1
    return CoachingDemoResult(sessions, requests)
