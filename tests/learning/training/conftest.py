"""Training fixtures on the named floor: a course linked to the QA test form's "upsell" item,
with two behaviours, and sessions at North."""

from datetime import timedelta

import pytest
from django.utils import timezone

from floorwalk.learning.models import Course, TrainingSession
from tests.metrics.qa.conftest import qa_form_of

BEHAVIOURS = ["Names the customer's feeling", "Owns the next step"]


def course_of(floor, **fields) -> Course:
    values = {
        "name": "Empathy and ownership",
        "delivery": "classroom",
        "target_metric": "fcr",
        "qa_form": qa_form_of(floor),
        "qa_item_keys": ["upsell"],
        "target_behaviours": BEHAVIOURS,
    }
    values.update(fields)
    return Course.objects.create(**values)


def session_of(floor, course: Course, *, days_from_today: int = 14, capacity: int = 10):
    first = timezone.localdate() + timedelta(days=days_from_today)
    return TrainingSession.objects.create(
        course=course,
        starts_on=first,
        ends_on=first,
        trainer=floor.leader,
        site=floor.north,
        capacity=capacity,
        location="Room 2",
    )


@pytest.fixture
def course(floor) -> Course:
    return course_of(floor)


@pytest.fixture
def past_session(floor, course) -> TrainingSession:
    return session_of(floor, course, days_from_today=-20)


@pytest.fixture
def next_session(floor, course) -> TrainingSession:
    return session_of(floor, course, days_from_today=14)
