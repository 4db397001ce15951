"""The demo's follow-up: observations and one-to-ones logged through the services for agents
with a stage, and a cadence with some agents overdue and others planned."""

from collections import Counter
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from floorwalk.accounts.models import Role
from floorwalk.development.cadence_selectors import cadence_for
from floorwalk.development.followup_demo import followup_demo_load
from floorwalk.development.models import (
    AgreedAction,
    Assessment,
    Feedback,
    Observation,
    OneToOne,
    OneToOneItem,
    Stage,
    StageAssignment,
)
from floorwalk.development.services import (
    competencies_create_defaults,
    playbooks_create_defaults,
    stage_confirm,
)
from floorwalk.org.models import Person, PersonStatus


def staged_agents(today):
    """The tiny floor's agents, all but the last given a stage 40 days ago by their leader."""
    agents = list(
        Person.objects.filter(
            status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT, team__isnull=False
        ).order_by("pk")
    )
    for person in agents[:-1]:
        assignment = stage_confirm(
            actor=person.team.leader.user,
            person=person,
            stage=Stage.R1 if person.pk % 2 else Stage.R3,
        )
        StageAssignment.objects.filter(pk=assignment.pk).update(
            set_at=assignment.set_at - timedelta(days=40)
        )
    return agents


def test_the_demo_follow_up_mixes_overdue_and_planned(loaded_tiny_floor):
    competencies_create_defaults()
    playbooks_create_defaults()
    today = timezone.localdate()
    agents = staged_agents(today)

    result = followup_demo_load(seed=3, today=today)

    assert (Observation.objects.count(), OneToOne.objects.count()) == (
        result.observations,
        result.one_to_ones,
    )
    assert result.observations > 0
    assert Assessment.objects.filter(observation__isnull=False).exists()
    # The agent without a stage has no cadence, so the demo gives them no follow-up.
    assert not Observation.objects.filter(person=agents[-1]).exists()
    assert not OneToOne.objects.filter(person=agents[-1]).exists()
    statuses = Counter(
        item.status.value
        for cadence in cadence_for(agents, today).values()
        for item in cadence.items
        if item.status is not None
    )
    assert statuses["overdue"] > 0
    assert statuses["planned"] > 0
    # Every one-to-one agrees an action and gives feedback; some actions are done later.
    assert AgreedAction.objects.count() == result.one_to_ones
    assert OneToOneItem.objects.values("one_to_one").distinct().count() == result.one_to_ones
    assert Feedback.objects.count() == result.feedback > 0


def test_the_demo_with_its_follow_up_can_be_replaced(db):
    options = {"agents": 8, "months": 1, "seed": 3, "verbosity": 0}
    call_command("demo", **options)
    assert Observation.objects.exists()

    call_command("demo", replace=True, **options)

    assert StageAssignment.objects.exists()
    assert Observation.objects.exists()
