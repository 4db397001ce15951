"""The demo's training, on the named floor with the demo's QA form and three months of
contacts: one course, 16 trainees split 3 / 2 / 9 / 2, follow-ups on time and late, a rule."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from floorwalk.accounts.models import Role
from floorwalk.learning.models import AutoAssignRule, Course, Enrolment, FollowUp, TrainingSession
from floorwalk.learning.training_demo import training_clear, training_demo_load
from floorwalk.metrics.models import Interaction
from floorwalk.metrics.qa.demo import DEMO_FORM, DEMO_ITEMS
from floorwalk.metrics.qa.services import qa_form_create
from floorwalk.org.models import Person
from tests.conftest import client_for
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def demo_like_floor(floor, today):
    """The demo's QA form, 16 more agents hired long ago, and one contact a day each for the
    last 100 days."""
    qa_form_create(actor=floor.user("qa"), name=DEMO_FORM, description="", items=DEMO_ITEMS)
    queue = floor.agent.queues.first()
    for index in range(16):
        make_person(
            f"trainee{index}",
            Role.AGENT,
            site=floor.north,
            team=floor.alpha if index % 2 else floor.beta,
            display_name=f"Trainee {index:02d}",
            hire_date=today - timedelta(days=400),
        )
    Person.objects.update(hire_date=today - timedelta(days=400))
    agents = Person.objects.filter(role_assignments__role=Role.AGENT, site=floor.north)
    Interaction.objects.bulk_create(
        Interaction(
            source="platform",
            external_id=f"D{agent.pk}-{days}",
            agent=agent,
            queue=queue,
            channel=queue.channel,
            started_at=datetime.combine(today - timedelta(days=days), datetime.min.time(), UTC)
            + timedelta(hours=10),
            local_date=today - timedelta(days=days),
            talk_seconds=300,
            hold_seconds=0,
            acw_seconds=30,
            outcome="resolved",
            first_contact_resolution=True,
        )
        for agent in agents
        for days in range(1, 101)
    )


def test_demo_course_has_the_planned_split_follow_ups_and_a_rule(floor):
    today = timezone.localdate()
    demo_like_floor(floor, today)

    result = training_demo_load(today=today, seed=7)

    assert result.message == (
        "Training: 1 course, 16 trainees: 3 adopted, 2 never adopted, 9 reverted, 2 too early, "
        "0 without data; 76 follow-ups done, 23 missed; 3 enrolled by the empathy rule."
    )
    # 14 trainees × 5 follow-ups 10 weeks ago, 2 × 4 due of 5 six weeks ago.
    assert FollowUp.objects.count() == 14 * 5 + 2 * 5
    assert TrainingSession.objects.filter(starts_on__gt=today).count() == 1
    assert AutoAssignRule.objects.get().qa_item_key == "empathy"
    overdue = client_for("leader").get("/").context["training_follow_ups"]
    assert [(f.enrolment.person, f.offset_days) for f in overdue] == [
        (floor.agent, 28),
        (floor.mentor, 28),
    ]
    by_rule = Enrolment.objects.filter(assigned_by="rule")
    assert {e.session.starts_on for e in by_rule} == {today + timedelta(days=14)}
    assert [len(e.evidence) for e in by_rule] == [3, 3, 3]


def test_demo_training_is_cleared(floor):
    today = timezone.localdate()
    demo_like_floor(floor, today)
    training_demo_load(today=today, seed=7)

    training_clear()

    assert not Course.objects.exists()
    assert not Enrolment.objects.exists()
