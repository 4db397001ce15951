"""Reads of the development app."""

from floorwalk.development.models import Playbook, StageAssignment
from floorwalk.org.models import Person


def current_stage(person: Person) -> StageAssignment | None:
    """The agent's newest confirmed stage; None before any was set."""
    return StageAssignment.objects.filter(person=person).order_by("-set_at", "-pk").first()


def stage_history(person: Person) -> list[StageAssignment]:
    """Every stage the agent was given, newest first, with who set it."""
    return list(
        StageAssignment.objects.filter(person=person)
        .select_related("set_by")
        .order_by("-set_at", "-pk")
    )


def playbook_for(stage: str) -> Playbook | None:
    return Playbook.objects.filter(stage=stage).first()
