"""The demo's development plans: for each agent of the demo leader's team, an action for each
of their widest gaps (competencies below target first, then metrics off standard), some
already under way or done, added through the same services as the page."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import Role, User
from floorwalk.development.models import PlanActionKind, PlanActionStatus
from floorwalk.development.plan_selectors import plan_gaps
from floorwalk.development.plan_services import plan_action_add, plan_action_set_status
from floorwalk.org.models import Person, PersonStatus

DEMO_LEADER = "leader"
ACTIONS_PER_AGENT = 3
KINDS = (PlanActionKind.COACHING, PlanActionKind.TRAINING, PlanActionKind.MENTORING)
STATUSES = (PlanActionStatus.DONE, PlanActionStatus.IN_PROGRESS, PlanActionStatus.PLANNED)
METRIC_ACTION = "Side-by-side coaching on %s, then a call review of two calls"


@dataclass(frozen=True)
class PlanDemoResult:
    plans: int
    actions: int


@transaction.atomic
def plan_demo_load(*, today: date) -> PlanDemoResult:
    leader = User.objects.filter(username=DEMO_LEADER, person__isnull=False).first()
    if leader is None:
        return PlanDemoResult(0, 0)
    agents = Person.objects.filter(
        team__leader=leader.person, status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT
    ).order_by("pk")
    plans = actions = 0
    for person in agents:
        added = _plan_for(leader, person, today)
        plans += bool(added)
        actions += added
    return PlanDemoResult(plans, actions)


def _plan_for(leader: User, person: Person, today: date) -> int:
    """Up to three actions from the agent's gaps: the first done, the second under way."""
    gaps = plan_gaps(person, today)
    steps = [
        (suggestion.competency.name, suggestion.actions[0] if suggestion.actions else "")
        for suggestion in gaps.competencies
    ] + [(gap.label, METRIC_ACTION % gap.label) for gap in gaps.metrics]
    for index, (gap, description) in enumerate(steps[:ACTIONS_PER_AGENT]):
        action = plan_action_add(
            actor=leader,
            person=person,
            kind=KINDS[index % len(KINDS)],
            description=description or f"Work on {gap} with the mentor",
            due_on=today + timedelta(days=14 * (index + 1) - 21),
            gap=gap,
        )
        if STATUSES[index] != PlanActionStatus.PLANNED:
            plan_action_set_status(actor=leader, action=action, status=STATUSES[index])
    return min(len(steps), ACTIONS_PER_AGENT)
