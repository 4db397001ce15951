"""The demo's follow-up: every agent staged, observations and one-to-ones logged through the
services, and a cadence with some agents overdue and others planned."""

from collections import Counter

from django.core.management import call_command
from django.utils import timezone

from floorwalk.accounts.models import Role
from floorwalk.development.cadence_selectors import cadence_for
from floorwalk.development.followup_demo import followup_demo_load
from floorwalk.development.models import Assessment, Observation, OneToOne, StageAssignment
from floorwalk.development.services import competencies_create_defaults, playbooks_create_defaults
from floorwalk.org.models import Mentorship, Person, PersonStatus


def test_the_demo_follow_up_mixes_overdue_and_planned(loaded_tiny_floor):
    competencies_create_defaults()
    playbooks_create_defaults()
    today = timezone.localdate()

    result = followup_demo_load(seed=3, today=today)

    agents = Person.objects.filter(
        status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT, team__isnull=False
    )
    assert StageAssignment.objects.filter(person__in=agents).count() == agents.count()
    assert result.stages == agents.count()
    assert (Observation.objects.count(), OneToOne.objects.count()) == (
        result.observations,
        result.one_to_ones,
    )
    assert result.observations > 0
    assert Assessment.objects.filter(observation__isnull=False).exists()
    mentors = Mentorship.objects.filter(ended_on__isnull=True).values("mentor")
    assert set(
        StageAssignment.objects.filter(person__in=mentors).values_list("stage", flat=True)
    ) == {"R3"}
    statuses = Counter(
        item.status.value
        for cadence in cadence_for(agents, today).values()
        for item in cadence.items
        if item.status is not None
    )
    assert statuses["overdue"] > 0
    assert statuses["planned"] > 0


def test_loading_again_adds_no_second_stage(loaded_tiny_floor):
    playbooks_create_defaults()
    today = timezone.localdate()
    followup_demo_load(seed=3, today=today)

    again = followup_demo_load(seed=4, today=today)

    assert again.stages == 0


def test_the_demo_with_its_follow_up_can_be_replaced(db):
    options = {"agents": 8, "months": 1, "seed": 3, "verbosity": 0}
    call_command("demo", **options)
    assert Observation.objects.exists()

    call_command("demo", replace=True, **options)

    assert StageAssignment.objects.exists()
