from datetime import date

import pytest
from django.utils import timezone

from floorwalk.reviews.models import ReviewCycle, ReviewTemplate


@pytest.fixture
def cycle(floor):
    today = timezone.localdate()
    template = ReviewTemplate.objects.create(
        name="Half-year",
        weight_goals=0.4,
        weight_competencies=0.3,
        weight_self=0.0,
        weight_peer=0.1,
        weight_upward=0.0,
        weight_leader=0.2,
    )
    return ReviewCycle.objects.create(
        name="H2",
        template=template,
        period_start=date(today.year, 1, 1),
        period_end=today,
        created_by=floor.user("manager"),
    )
