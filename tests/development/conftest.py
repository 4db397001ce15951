"""Helpers for the follow-up tests: stages set on a chosen day, and the default playbooks."""

from datetime import UTC, date, datetime

import pytest

from floorwalk.development.models import StageAssignment
from floorwalk.development.services import playbooks_create_defaults
from floorwalk.org.models import Person


@pytest.fixture
def playbooks(db):
    """The default playbooks: R1 8/4/4, R2 6/2/2, R3 4/1/1, R4 2/0/1 (QA evaluations,
    observations, one-to-ones a month)."""
    return {playbook.stage: playbook for playbook in playbooks_create_defaults()}


def set_stage(floor, person: Person, stage: str, on: date) -> StageAssignment:
    """The person's stage as their leader set it at noon UTC of `on`."""
    return StageAssignment.objects.create(
        person=person,
        stage=stage,
        set_by=floor.user("leader"),
        set_at=datetime(on.year, on.month, on.day, 12, tzinfo=UTC),
    )
