"""Catalogue writes: courses, enrolments, completion and its reinforcement plan, follow-ups and
booking one as a coaching session."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from floorwalk.audit.models import AuditEvent
from floorwalk.coaching.models import CoachingSession
from floorwalk.learning.models import Course, Enrolment, EnrolmentStatus, FollowUp
from floorwalk.learning.training_services import (
    CourseValues,
    course_save,
    enrolment_create,
    enrolment_set_status,
    follow_up_book_coaching,
    follow_up_record,
)
from tests.learning.training.conftest import BEHAVIOURS, session_of
from tests.metrics.qa.conftest import qa_form_of

pytestmark = pytest.mark.django_db


def test_leader_adds_a_course_with_items_of_its_qa_form(floor):
    course = course_save(
        actor=floor.user("leader"),
        values=CourseValues(
            name="  Calm closings ",
            delivery="virtual",
            duration_hours=Decimal("2.5"),
            target_metric="aht",
            qa_form=qa_form_of(floor),
            qa_item_keys=["solution", "upsell"],
            target_behaviours=["Summarises", " "],
            reinforcement_offsets=[7, 28],
        ),
    )
    assert (course.name, course.qa_item_keys, course.target_behaviours) == (
        "Calm closings",
        ["solution", "upsell"],
        ["Summarises"],
    )
    assert course.reinforcement_offsets == [7, 28]


def test_unknown_qa_item_is_refused_naming_the_known_ones(floor):
    with pytest.raises(ValidationError) as error:
        course_save(
            actor=floor.user("leader"),
            values=CourseValues(
                name="X", delivery="virtual", qa_form=qa_form_of(floor), qa_item_keys=["hello"]
            ),
        )
    assert error.value.message_dict["qa_item_keys"] == [
        "hello: not an item of Voice quality (items: delight, greeting, solution, upsell, "
        "verification)."
    ]
    assert not Course.objects.exists()


@pytest.mark.parametrize("username", ["agent", "mentor", "qa", "planner"])
def test_only_trainers_add_courses(floor, username):
    with pytest.raises(PermissionDenied):
        course_save(actor=floor.user(username), values=CourseValues(name="X", delivery="virtual"))
    assert not Course.objects.exists()


def test_leader_enrols_own_agent_and_the_enrolment_is_audited(floor, next_session):
    enrolment = enrolment_create(
        actor=floor.user("leader"),
        person=floor.agent,
        course=next_session.course,
        session=next_session,
    )
    assert (enrolment.status, enrolment.assigned_by) == ("enrolled", "manual")
    event = AuditEvent.objects.get(object_type="learning.enrolment")
    assert (event.person, event.action) == (floor.agent, "create")


@pytest.mark.parametrize("person", ["other_agent", "far_agent"])
def test_leader_cannot_enrol_outside_their_team(floor, next_session, person):
    with pytest.raises(PermissionDenied):
        enrolment_create(
            actor=floor.user("leader"),
            person=getattr(floor, person),
            course=next_session.course,
            session=next_session,
        )
    assert not Enrolment.objects.exists()


def test_full_session_refuses_one_more(floor, course):
    session = session_of(floor, course, capacity=1)
    enrolment_create(
        actor=floor.user("manager"), person=floor.agent, course=course, session=session
    )
    with pytest.raises(ValidationError) as error:
        enrolment_create(
            actor=floor.user("manager"), person=floor.other_agent, course=course, session=session
        )
    assert error.value.message_dict == {"session": ["The session is full (1 places)."]}
    assert Enrolment.objects.count() == 1


def test_waiting_enrolment_moves_into_the_session(floor, course, next_session):
    waiting = enrolment_create(actor=floor.user("leader"), person=floor.agent, course=course)
    assert waiting.session is None
    moved = enrolment_create(
        actor=floor.user("leader"), person=floor.agent, course=course, session=next_session
    )
    assert moved.pk == waiting.pk
    assert Enrolment.objects.get().session == next_session


def _completed(floor, session, person=None, days_ago=2):
    enrolment = enrolment_create(
        actor=floor.user("manager"),
        person=person or floor.agent,
        course=session.course,
        session=session,
    )
    return enrolment_set_status(
        actor=floor.user("manager"),
        enrolment=enrolment,
        status="completed",
        completed_on=timezone.localdate() - timedelta(days=days_ago),
    )


def test_completion_plans_follow_ups_owned_by_the_mentor(floor, past_session):
    enrolment = _completed(floor, past_session)
    done_day = timezone.localdate() - timedelta(days=2)
    follow_ups = list(enrolment.follow_ups.order_by("due_on"))
    assert [(f.offset_days, f.due_on) for f in follow_ups] == [
        (days, done_day + timedelta(days=days)) for days in (2, 7, 14, 28, 56)
    ]
    assert {f.owner for f in follow_ups} == {floor.mentor}  # Ada's current mentor


def test_without_a_mentor_the_team_leader_owns_the_follow_ups(floor, past_session):
    enrolment = _completed(floor, past_session, person=floor.other_agent)
    assert set(enrolment.follow_ups.values_list("owner", flat=True)) == {floor.other_leader.pk}


def test_completion_needs_a_day_not_in_the_future_nor_before_the_session(floor, past_session):
    enrolment = enrolment_create(
        actor=floor.user("leader"),
        person=floor.agent,
        course=past_session.course,
        session=past_session,
    )
    for day, message in [
        (None, "Give the day the training was completed."),
        (timezone.localdate() + timedelta(days=1), "The date cannot be in the future."),
        (
            past_session.starts_on - timedelta(days=1),
            "The training cannot be completed before its first day.",
        ),
    ]:
        with pytest.raises(ValidationError) as error:
            enrolment_set_status(
                actor=floor.user("leader"),
                enrolment=enrolment,
                status="completed",
                completed_on=day,
            )
        assert error.value.message_dict == {"completed_on": [message]}
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"
    assert not FollowUp.objects.exists()


def test_no_show_frees_the_place_and_plans_nothing(floor, past_session):
    enrolment = enrolment_create(
        actor=floor.user("leader"),
        person=floor.agent,
        course=past_session.course,
        session=past_session,
    )
    enrolment_set_status(actor=floor.user("leader"), enrolment=enrolment, status="no_show")
    assert Enrolment.objects.get().status == EnrolmentStatus.NO_SHOW
    assert not FollowUp.objects.exists()


def test_mentor_records_a_follow_up_and_it_is_on_time_within_three_days(floor, past_session):
    follow_up = _completed(floor, past_session, days_ago=10).follow_ups.get(offset_days=2)
    done_on = follow_up.due_on + timedelta(days=3)
    follow_up_record(
        actor=floor.user("mentor"),
        follow_up=follow_up,
        done_on=done_on,
        observations={BEHAVIOURS[0]: "consistently", BEHAVIOURS[1]: "not_yet"},
        note=" Good start ",
    )
    follow_up.refresh_from_db()
    assert follow_up.observations == [
        {"behaviour": BEHAVIOURS[0], "level": "consistently"},
        {"behaviour": BEHAVIOURS[1], "level": "not_yet"},
    ]
    assert (follow_up.note, follow_up.on_time) == ("Good start", True)
    follow_up.done_on = follow_up.due_on + timedelta(days=4)
    assert follow_up.on_time is False


def test_follow_up_needs_a_level_for_every_behaviour(floor, past_session):
    follow_up = _completed(floor, past_session, days_ago=10).follow_ups.get(offset_days=2)
    with pytest.raises(ValidationError) as error:
        follow_up_record(
            actor=floor.user("leader"),
            follow_up=follow_up,
            done_on=follow_up.due_on,
            observations={BEHAVIOURS[0]: "consistently", BEHAVIOURS[1]: "often"},
        )
    assert error.value.message_dict == {
        "behaviour_1": [f"Say how often you observed: {BEHAVIOURS[1]}"]
    }
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


@pytest.mark.parametrize("username", ["agent", "other_leader", "qa", "planner"])
def test_others_cannot_record_a_follow_up(floor, past_session, username):
    follow_up = _completed(floor, past_session, days_ago=10).follow_ups.get(offset_days=2)
    with pytest.raises(PermissionDenied):
        follow_up_record(
            actor=floor.user(username),
            follow_up=follow_up,
            done_on=follow_up.due_on,
            observations=dict.fromkeys(BEHAVIOURS, "sometimes"),
        )
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_done_follow_up_is_booked_as_a_coaching_session_on_the_target_metric(floor, past_session):
    follow_up = _completed(floor, past_session, days_ago=10).follow_ups.get(offset_days=2)
    follow_up_record(
        actor=floor.user("leader"),
        follow_up=follow_up,
        done_on=follow_up.due_on,
        observations={BEHAVIOURS[0]: "consistently", BEHAVIOURS[1]: "sometimes"},
        note="Listened well",
    )
    session = follow_up_book_coaching(actor=floor.user("leader"), follow_up=follow_up)
    assert (session.agent, session.focus_metric, session.held_on) == (
        floor.agent,
        "fcr",
        follow_up.due_on,
    )
    assert (session.keep_doing, session.to_change, session.observations) == (
        BEHAVIOURS[0],
        BEHAVIOURS[1],
        "Listened well",
    )
    follow_up.refresh_from_db()
    assert follow_up.coaching_session == session
    with pytest.raises(ValidationError):
        follow_up_book_coaching(actor=floor.user("leader"), follow_up=follow_up)
    assert CoachingSession.objects.count() == 1
