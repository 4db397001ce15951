"""The skills matrix's one writer keeps Person.queues in step, keeps history, audits; paths."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from floorwalk.audit.models import AuditEvent
from floorwalk.learning.models import (
    PathEnrolment,
    PathStep,
    SkillLevel,
    SkillLevelChange,
    StepCompletion,
)
from floorwalk.learning.skills_services import (
    StepInput,
    path_enrol,
    path_step_add,
    path_step_done,
    skill_level_set,
    skill_matrix_from_queues,
    training_path_create,
)
from tests.factories import QueueFactory

DAY = date(2025, 6, 2)


@pytest.fixture
def chat(floor):
    return QueueFactory(name="Chat", channel="chat", site=floor.north)


def test_supported_level_puts_the_queue_on_the_agents_schedule(floor, chat):
    leader = floor.user("leader")

    level = skill_level_set(actor=leader, person=floor.agent, queue=chat, level=2, assessed_on=DAY)

    assert (level.level, level.reached_on, level.assessed_on, level.assessed_by) == (
        2,
        DAY,
        DAY,
        leader,
    )
    assert set(floor.agent.queues.values_list("name", flat=True)) == {"Billing voice", "Chat"}
    change = SkillLevelChange.objects.get()
    assert (change.previous_level, change.level, change.changed_by) == (None, 2, leader)
    event = AuditEvent.objects.get(object_type="learning.skilllevel")
    assert (event.action, event.person, event.changes["level"]) == (
        "create",
        floor.agent,
        [None, 2],
    )


def test_learning_level_and_removal_take_the_queue_off_and_keep_history(floor, chat):
    leader = floor.user("leader")
    skill_level_set(actor=leader, person=floor.agent, queue=chat, level=3, assessed_on=DAY)

    skill_level_set(
        actor=leader, person=floor.agent, queue=chat, level=1, assessed_on=DAY + timedelta(1)
    )
    assert not floor.agent.queues.filter(pk=chat.pk).exists()
    assert SkillLevel.objects.get(person=floor.agent, queue=chat).reached_on == DAY + timedelta(1)

    removed = skill_level_set(
        actor=leader, person=floor.agent, queue=chat, level=None, assessed_on=DAY + timedelta(2)
    )

    assert removed is None
    assert not SkillLevel.objects.filter(person=floor.agent, queue=chat).exists()
    history = list(SkillLevelChange.objects.values_list("previous_level", "level"))
    assert history == [(None, 3), (3, 1), (1, None)]
    actions = list(
        AuditEvent.objects.filter(object_type="learning.skilllevel")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_reassessing_at_the_same_level_keeps_the_date_reached(floor, chat):
    leader = floor.user("leader")
    skill_level_set(actor=leader, person=floor.agent, queue=chat, level=3, assessed_on=DAY)

    level = skill_level_set(
        actor=leader, person=floor.agent, queue=chat, level=3, assessed_on=DAY + timedelta(30)
    )

    assert (level.reached_on, level.assessed_on) == (DAY, DAY + timedelta(30))
    assert SkillLevelChange.objects.count() == 2


def test_removing_a_queue_served_without_a_level_removes_it_from_the_schedule(floor):
    voice = floor.agent.queues.get()

    skill_level_set(
        actor=floor.user("leader"), person=floor.agent, queue=voice, level=None, assessed_on=DAY
    )

    assert floor.agent.queues.count() == 0
    assert SkillLevelChange.objects.get().level is None


@pytest.mark.parametrize("username", ["agent", "mentor", "qa", "planner", "other_leader"])
def test_only_those_who_lead_the_agent_set_levels(floor, chat, username):
    with pytest.raises(PermissionDenied):
        skill_level_set(
            actor=floor.user(username), person=floor.agent, queue=chat, level=2, assessed_on=DAY
        )

    assert SkillLevel.objects.count() == 0
    assert SkillLevelChange.objects.count() == 0
    assert not floor.agent.queues.filter(pk=chat.pk).exists()
    assert AuditEvent.objects.count() == 0


def test_bad_input_says_which_field_and_changes_nothing(floor, chat):
    leader = floor.user("leader")
    far_queue = QueueFactory(name="South chat", site=floor.south)
    cases = [
        ({"queue": chat, "level": 5, "assessed_on": DAY}, "level"),
        ({"queue": far_queue, "level": 2, "assessed_on": DAY}, "queue"),
        (
            {"queue": chat, "level": 2, "assessed_on": timezone.localdate() + timedelta(2)},
            "assessed_on",
        ),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            skill_level_set(actor=leader, person=floor.agent, **kwargs)
        assert list(error.value.message_dict) == [field]
    assert SkillLevel.objects.count() == SkillLevelChange.objects.count() == 0


def test_matrix_from_queues_gives_proficient_since_hire_once(floor):
    added = skill_matrix_from_queues(actor=None)
    again = skill_matrix_from_queues(actor=None)

    assert (added, again) == (2, 0)  # Ada and Mira serve Billing voice
    levels = SkillLevel.objects.order_by("person__display_name")
    assert [(lv.person, lv.level, lv.reached_on) for lv in levels] == [
        (floor.agent, 3, floor.agent.hire_date),
        (floor.mentor, 3, floor.mentor.hire_date),
    ]


# ---- Paths -------------------------------------------------------------------------------------


def _chat_path(floor, chat, level=2):
    manager = floor.user("manager")
    path = training_path_create(
        actor=manager, name="Chat for voice agents", target_queue=chat, target_level=level
    )
    for data in [
        StepInput("shadowing", "Shadow an expert"),
        StepInput("supervised", "Chats under supervision", contacts=20),
        StepInput("assessment", "Chat assessment"),
    ]:
        path_step_add(actor=manager, path=path, data=data)
    return path


def test_steps_are_ticked_in_order_and_the_last_sets_the_level(floor, chat):
    leader = floor.user("leader")
    path = _chat_path(floor, chat, level=3)
    steps = list(path.steps.order_by("position"))
    enrolment = path_enrol(actor=leader, path=path, person=floor.agent, enrolled_on=DAY)

    with pytest.raises(ValidationError) as error:
        path_step_done(actor=leader, enrolment=enrolment, step=steps[1], done_on=DAY)
    assert "Shadow an expert" in error.value.message_dict["step"][0]
    path_step_done(actor=leader, enrolment=enrolment, step=steps[0], done_on=DAY + timedelta(3))
    path_step_done(actor=leader, enrolment=enrolment, step=steps[1], done_on=DAY + timedelta(10))
    assert not floor.agent.queues.filter(pk=chat.pk).exists()
    path_step_done(actor=leader, enrolment=enrolment, step=steps[2], done_on=DAY + timedelta(12))

    enrolment.refresh_from_db()
    assert enrolment.completed_on == DAY + timedelta(12)
    level = SkillLevel.objects.get(person=floor.agent, queue=chat)
    assert (level.level, level.reached_on) == (3, DAY + timedelta(12))
    assert floor.agent.queues.filter(pk=chat.pk).exists()
    assert list(StepCompletion.objects.values_list("step__position", "done_on")) == [
        (1, DAY + timedelta(3)),
        (2, DAY + timedelta(10)),
        (3, DAY + timedelta(12)),
    ]


def test_a_step_cannot_be_done_before_the_previous_one(floor, chat):
    leader = floor.user("leader")
    path = _chat_path(floor, chat)
    first, second, _third = path.steps.order_by("position")
    enrolment = path_enrol(actor=leader, path=path, person=floor.agent, enrolled_on=DAY)
    path_step_done(actor=leader, enrolment=enrolment, step=first, done_on=DAY + timedelta(5))

    with pytest.raises(ValidationError) as error:
        path_step_done(actor=leader, enrolment=enrolment, step=second, done_on=DAY + timedelta(4))

    assert list(error.value.message_dict) == ["done_on"]
    assert StepCompletion.objects.count() == 1


def test_path_steps_and_enrolments_are_checked(floor, chat):
    manager, leader = floor.user("manager"), floor.user("leader")
    path = training_path_create(actor=manager, name="Chat", target_queue=chat)
    with pytest.raises(ValidationError) as error:
        path_enrol(actor=leader, path=path, person=floor.agent, enrolled_on=DAY)
    assert list(error.value.message_dict) == ["path"]
    with pytest.raises(ValidationError) as error:
        path_step_add(actor=manager, path=path, data=StepInput("supervised", "Chats"))
    assert list(error.value.message_dict) == ["contacts"]
    with pytest.raises(PermissionDenied):
        path_step_add(actor=leader, path=path, data=StepInput("shadowing", "Shadow"))
    with pytest.raises(PermissionDenied):
        training_path_create(actor=leader, name="Other", target_queue=chat)
    path_step_add(actor=manager, path=path, data=StepInput("shadowing", "Shadow"))
    path_enrol(actor=leader, path=path, person=floor.agent, enrolled_on=DAY)
    with pytest.raises(ValidationError) as error:
        path_enrol(actor=leader, path=path, person=floor.agent, enrolled_on=DAY)
    assert list(error.value.message_dict) == ["person"]
    with pytest.raises(PermissionDenied):
        path_enrol(actor=floor.user("planner"), path=path, person=floor.mentor, enrolled_on=DAY)

    assert PathEnrolment.objects.count() == 1
    assert PathStep.objects.count() == 1
