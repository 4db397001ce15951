"""The demo's activities: each agent of the demo leader's team is given one activity that is
over and evaluated (mentoring a new hire, a month on the VIP queue, running the floor
huddles) and one still running (a process-improvement project or a knowledge-base task),
through the same services as the page."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import Role, User
from floorwalk.development.activity_services import activity_assign, activity_evaluate
from floorwalk.development.models import ActivityKind
from floorwalk.development.plan_demo import DEMO_LEADER
from floorwalk.org.models import Person, PersonStatus


@dataclass(frozen=True)
class DemoActivity:
    title: str
    kind: str
    description: str
    starts_days_ago: int
    length_days: int
    rating: int | None = None
    comment: str = ""


FINISHED = (
    DemoActivity(
        "Mentor a new hire through nesting",
        ActivityKind.MENTORING,
        "Sit with %(newcomer)s for their first weeks on the phones: two side-by-sides a week "
        "and a short check-in every Friday.",
        starts_days_ago=70,
        length_days=35,
        rating=4,
        comment="%(newcomer)s passed the nesting QA at the first try; the Friday check-ins "
        "never slipped. Next time, write down what was covered so the leader can follow.",
    ),
    DemoActivity(
        "Handle the VIP queue for a month",
        ActivityKind.SPECIAL_QUEUE,
        "Take the VIP line while its usual agent is on leave.",
        starts_days_ago=50,
        length_days=30,
        rating=5,
        comment="No VIP complaint all month and two written compliments; calm with every "
        "escalation.",
    ),
    DemoActivity(
        "Run the Monday floor huddles",
        ActivityKind.TASK,
        "Ten minutes at 9:00: last week's numbers, one tip, one recognition.",
        starts_days_ago=45,
        length_days=28,
        rating=3,
        comment="Every huddle started on time, but most ran to twenty minutes; keep to ten "
        "and prepare the tip the day before.",
    ),
)

RUNNING = (
    DemoActivity(
        "Process improvement: shorten the refund process",
        ActivityKind.PROJECT,
        "Map the refund calls of one week, find where the hold time goes and propose a "
        "shorter path with the back office.",
        starts_days_ago=14,
        length_days=56,
    ),
    DemoActivity(
        "Update the billing knowledge-base articles",
        ActivityKind.TASK,
        "Check the ten most used billing articles against the current price list and fix "
        "what is out of date.",
        starts_days_ago=7,
        length_days=21,
    ),
)


@dataclass(frozen=True)
class ActivityDemoResult:
    activities: int
    evaluated: int


@transaction.atomic
def activity_demo_load(*, today: date) -> ActivityDemoResult:
    leader = User.objects.filter(username=DEMO_LEADER, person__isnull=False).first()
    if leader is None:
        return ActivityDemoResult(0, 0)
    agents = list(
        Person.objects.filter(
            team__leader=leader.person,
            status=PersonStatus.ACTIVE,
            role_assignments__role=Role.AGENT,
        )
        .distinct()
        .order_by("pk")
    )
    activities = evaluated = 0
    for index, person in enumerate(agents):
        newcomer = _newest_colleague(person, agents)
        for item in (FINISHED[index % len(FINISHED)], RUNNING[index % len(RUNNING)]):
            _give(leader, person, item, today, newcomer)
            activities += 1
            evaluated += item.rating is not None
    return ActivityDemoResult(activities, evaluated)


def _newest_colleague(person: Person, team: list[Person]) -> str:
    others = [colleague for colleague in team if colleague.pk != person.pk]
    if not others:
        return "a new colleague"
    return max(others, key=lambda colleague: (colleague.hire_date, colleague.pk)).display_name


def _give(leader: User, person: Person, item: DemoActivity, today: date, newcomer: str) -> None:
    names = {"newcomer": newcomer}
    starts_on = today - timedelta(days=item.starts_days_ago)
    activity = activity_assign(
        actor=leader,
        person=person,
        title=item.title,
        kind=item.kind,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=item.length_days),
        description=item.description % names,
    )
    if item.rating is not None:
        activity_evaluate(
            actor=leader, activity=activity, rating=item.rating, comment=item.comment % names
        )
