"""Reads of the development app."""

from collections.abc import Iterable
from dataclasses import fields

from floorwalk.development.models import (
    PULSE_SOURCE,
    EngagementScore,
    Playbook,
    Stage,
    StageAssignment,
    StageRequirement,
)
from floorwalk.engine.stages import DEFAULT_STAGE_RULES, StageRequirements, StageRules
from floorwalk.org.models import Person
from floorwalk.org.selectors import organisation

REQUIREMENT_FIELDS = tuple(field.name for field in fields(StageRequirements))


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


def current_stages(person_ids: Iterable[int]) -> dict[int, StageAssignment]:
    """The current stage of each of these people who has one, in one query (histories are
    short: a few confirmations a year)."""
    current: dict[int, StageAssignment] = {}
    for assignment in StageAssignment.objects.filter(person_id__in=list(person_ids)).order_by(
        "person_id", "-set_at", "-pk"
    ):
        current.setdefault(assignment.person_id, assignment)
    return current


def qa_sample_sizes(person_ids: Iterable[int], *, default: int) -> dict[int, int]:
    """How many QA evaluations a month each agent's stage asks for (its playbook's number);
    `default` for agents without a stage or whose stage has no playbook."""
    ids = list(person_ids)
    per_stage = dict(Playbook.objects.values_list("stage", "qa_evaluations_per_month"))
    stages = current_stages(ids)
    return {pk: per_stage.get(stages[pk].stage, default) if pk in stages else default for pk in ids}


def requirements_by_stage(rules: StageRules) -> dict[Stage, StageRequirements]:
    """The requirements of R2, R3 and R4 of `rules`, by the model's stage."""
    return {Stage.R2: rules.r2, Stage.R3: rules.r3, Stage.R4: rules.r4}


def stage_rules() -> StageRules:
    """The organisation's stage rules: its stage requirements and engagement floors, with
    the engine's defaults for whatever it has not set."""
    rows = {row.stage: row for row in StageRequirement.objects.all()}
    requirements = {
        stage: requirements_of(rows[stage]) if stage in rows else default
        for stage, default in requirements_by_stage(DEFAULT_STAGE_RULES).items()
    }
    settings = organisation()
    return StageRules(
        r2=requirements[Stage.R2],
        r3=requirements[Stage.R3],
        r4=requirements[Stage.R4],
        engagement_floor=settings.engagement_floor,
        engagement_trend_floor=settings.engagement_trend_floor,
    )


def requirements_of(row: StageRequirement) -> StageRequirements:
    return StageRequirements(**{name: getattr(row, name) for name in REQUIREMENT_FIELDS})


def latest_pulse(person: Person) -> EngagementScore | None:
    """The agent's newest own pulse answer."""
    return (
        EngagementScore.objects.filter(person=person, source=PULSE_SOURCE)
        .order_by("-measured_on")
        .first()
    )
