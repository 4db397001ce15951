"""October 2026 on the shared floor, with one thing of each kind to report for team Alpha
(and a few that must not be reported), and one overdue action in team Beta."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from floorwalk.accounts.models import Role, User
from floorwalk.coaching.models import CoachingRequest, CoachingSession, RequestStatus
from floorwalk.development.models import (
    ActionStatus,
    Activity,
    AgreedAction,
    DevelopmentPlan,
    OneToOne,
    PlanAction,
    PlanActionStatus,
)
from floorwalk.goals.models import Goal, GoalLevel
from floorwalk.metrics.models import DailyAgentQueueStats, Standard
from floorwalk.org.models import Queue
from tests.factories import make_person

OCTOBER_DAY = date(2026, 10, 15)
DIGEST_DAY = date(2026, 11, 1)  # the day after October
TODAY = date(2026, 11, 10)

AHT_TARGET = 300
AHT_BAND = 30


def add_day(agent, day: date, *, handled: int, talk_each: int) -> None:
    """One rollup row: `handled` contacts of `talk_each` seconds."""
    queue = Queue.objects.get(name="Billing voice")
    DailyAgentQueueStats.objects.create(
        agent=agent,
        date=day,
        queue=queue,
        channel=queue.channel,
        contacts=handled,
        handled=handled,
        talk_seconds=handled * talk_each,
    )


@dataclass
class DigestFloor:
    floor: object
    newcomer: object  # in Alpha, too few contacts to be judged
    ada_goal: Goal
    mira_goal: Goal
    overdue_action: AgreedAction
    overdue_plan_action: PlanAction
    activity: Activity
    follow_up: CoachingSession
    request: CoachingRequest


@pytest.fixture
def digest_floor(floor) -> DigestFloor:
    leader_user = User.objects.get(username="leader")
    newcomer = make_person(
        "newcomer", Role.AGENT, site=floor.north, team=floor.alpha, display_name="Nina Newcomer"
    )
    Standard.objects.create(
        metric="aht", target=AHT_TARGET, amber_band=AHT_BAND, valid_from=date(2026, 1, 1)
    )
    # AHT: Ada 400 s on 25 contacts (off), Mira 250 s on 25 (on), Nina 1000 s on 5 (too few to
    # judge); Oskar (Beta) 900 s on 30. September: Ada fine, so only October is off.
    add_day(floor.agent, date(2026, 10, 6), handled=25, talk_each=400)
    add_day(floor.mentor, date(2026, 10, 7), handled=25, talk_each=250)
    add_day(newcomer, date(2026, 10, 8), handled=5, talk_each=1000)
    add_day(floor.other_agent, date(2026, 10, 8), handled=30, talk_each=900)
    add_day(floor.agent, date(2026, 9, 8), handled=25, talk_each=200)

    def goal(person, target):
        return Goal.objects.create(
            level=GoalLevel.INDIVIDUAL,
            title=f"Handle {target} contacts",
            metric="contacts_handled",
            person=person,
            period_start=date(2026, 10, 1),
            period_end=date(2026, 10, 31),
            target=target,
        )

    ada_goal = goal(floor.agent, 1000)  # 25 handled: missed
    mira_goal = goal(floor.mentor, 10)  # 25 handled: met
    goal(floor.other_agent, 1000)  # Beta's: never in Alpha's digest

    talk = OneToOne.objects.create(
        person=floor.agent, held_by=leader_user, held_on=date(2026, 10, 1)
    )

    def agreed(person, talk, description, due_on, status=ActionStatus.OPEN):
        return AgreedAction.objects.create(
            person=person,
            agreed_in=talk,
            description=description,
            owner="agent",
            due_on=due_on,
            status=status,
        )

    overdue_action = agreed(floor.agent, talk, "Listen to two calls", date(2026, 10, 20))
    agreed(floor.agent, talk, "Read the refund guide", date(2026, 10, 10), ActionStatus.DONE)
    agreed(floor.agent, talk, "Shadow a senior", date(2026, 11, 5))  # due after the digest's day
    other_talk = OneToOne.objects.create(
        person=floor.other_agent,
        held_by=User.objects.get(username="other_leader"),
        held_on=date(2026, 10, 1),
    )
    agreed(floor.other_agent, other_talk, "Beta's own action", date(2026, 10, 3))

    plan = DevelopmentPlan.objects.create(person=floor.mentor, owner=leader_user)
    overdue_plan_action = PlanAction.objects.create(
        plan=plan, kind="training", description="Billing course", due_on=date(2026, 10, 25)
    )
    PlanAction.objects.create(
        plan=plan,
        kind="task",
        description="Dropped task",
        due_on=date(2026, 10, 2),
        status=PlanActionStatus.DROPPED,
    )

    activity = Activity.objects.create(
        person=floor.agent,
        title="Special queue",
        kind="special_queue",
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 10, 28),
        assigned_by=leader_user,
    )
    Activity.objects.create(
        person=floor.mentor,
        title="Evaluated project",
        kind="project",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 5),
        assigned_by=leader_user,
        rating=4,
        evaluation="Good",
        evaluated_at=datetime(2026, 10, 6, tzinfo=UTC),
    )

    def session(agent, held_on, follow_up_on):
        return CoachingSession.objects.create(
            agent=agent,
            coach=leader_user,
            kind="call_review",
            held_on=held_on,
            focus_metric="aht",
            keep_doing="Warm greeting",
            to_change="Shorter holds",
            follow_up_on=follow_up_on,
        )

    follow_up = session(floor.agent, date(2026, 10, 1), date(2026, 10, 15))
    session(floor.mentor, date(2026, 10, 2), date(2026, 10, 16))
    session(floor.mentor, date(2026, 10, 20), None)  # the follow-up took place

    request = CoachingRequest.objects.create(agent=floor.agent, topic="Angry callers")
    CoachingRequest.objects.filter(pk=request.pk).update(
        created_at=datetime(2026, 10, 20, 9, tzinfo=UTC)
    )
    later_request = CoachingRequest.objects.create(agent=floor.agent, topic="Asked in November")
    CoachingRequest.objects.filter(pk=later_request.pk).update(
        created_at=datetime(2026, 11, 3, 9, tzinfo=UTC)
    )
    CoachingRequest.objects.create(
        agent=floor.mentor, topic="Already done", status=RequestStatus.DONE
    )
    return DigestFloor(
        floor=floor,
        newcomer=newcomer,
        ada_goal=ada_goal,
        mira_goal=mira_goal,
        overdue_action=overdue_action,
        overdue_plan_action=overdue_plan_action,
        activity=activity,
        follow_up=follow_up,
        request=request,
    )
