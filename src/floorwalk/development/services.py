"""Writes of the development app."""

from dataclasses import asdict
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import Access, Aspect, can_access_person, is_admin
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record
from floorwalk.development.defaults import DEFAULT_COMPETENCIES, DEFAULT_PLAYBOOKS
from floorwalk.development.models import (
    PULSE_SOURCE,
    Competency,
    CompetencyIndicator,
    CompetencyUse,
    EngagementScore,
    Playbook,
    Stage,
    StageAssignment,
    StageRequirement,
)
from floorwalk.development.selectors import requirements_by_stage
from floorwalk.engine.stages import DEFAULT_STAGE_RULES, StageRules
from floorwalk.org.models import Person
from floorwalk.org.selectors import organisation


@transaction.atomic
def competencies_create_defaults() -> list[Competency]:
    """Adds the default competencies the organisation does not have yet (by name, in the
    active language); ones it already has, edited or not, are left as they are."""
    created = []
    for default in DEFAULT_COMPETENCIES:
        competency, is_new = Competency.objects.get_or_create(
            name=_(default.name),
            defaults={
                "definition": _(default.definition),
                "benefit": _(default.benefit),
                "assessment_methods": _(default.assessment_methods),
                "development_tools": _(default.development_tools),
                "use": CompetencyUse.BOTH,
            },
        )
        if not is_new:
            continue
        CompetencyIndicator.objects.bulk_create(
            [CompetencyIndicator(competency=competency, metric=code) for code in default.metrics]
            + [
                CompetencyIndicator(competency=competency, behaviour=_(text))
                for text in default.behaviours
            ]
        )
        created.append(competency)
    return created


@transaction.atomic
def playbooks_create_defaults() -> list[Playbook]:
    """Adds the default playbook of every stage that has none; edited ones are kept."""
    created = []
    for default in DEFAULT_PLAYBOOKS:
        playbook, is_new = Playbook.objects.get_or_create(
            stage=default.stage,
            defaults={
                "leadership_style": default.leadership_style,
                "qa_evaluations_per_month": default.qa_evaluations_per_month,
                "observations_per_month": default.observations_per_month,
                "one_to_ones_per_month": default.one_to_ones_per_month,
                "feedback_form": _(default.feedback_form),
                "latitude": _(default.latitude),
                "motivation_needs": _(default.motivation_needs),
            },
        )
        if is_new:
            created.append(playbook)
    return created


def day_error(day: date, person: Person) -> str | None:
    """Why a record of `person` cannot be dated `day`, or None: not in the future, not before
    they joined."""
    if day > timezone.localdate():
        return _("The date cannot be in the future.")
    if day < person.hire_date:
        return _("%(name)s joined on %(hired)s; the date cannot be earlier.") % {
            "name": person.display_name,
            "hired": person.hire_date.isoformat(),
        }
    return None


def check_day(field: str, day: date, person: Person) -> None:
    """Raises a ValidationError on `field` when `day_error` finds one."""
    error = day_error(day, person)
    if error:
        raise ValidationError({field: error})


class StageReasonRequiredError(ValidationError):
    """A stage other than the proposed one was set without saying why."""


@transaction.atomic
def stage_confirm(
    *,
    actor: User,
    person: Person,
    stage: Stage,
    proposed_stage: Stage | None = None,
    evidence: dict[str, Any] | None = None,
    reason: str = "",
) -> StageAssignment:
    """Sets the agent's stage as a team leader decides it: the proposal confirmed, or
    overridden with a reason. Only those who may change the person's development data may."""
    if not can_access_person(actor, person, Aspect.DEVELOPMENT, Access.CHANGE):
        raise PermissionDenied
    reason = reason.strip()
    if proposed_stage is not None and stage != proposed_stage and not reason:
        raise StageReasonRequiredError(
            _("Say why the stage differs from the proposed %(proposed)s.")
            % {"proposed": proposed_stage}
        )
    previous = StageAssignment.objects.filter(person=person).order_by("-set_at", "-pk").first()
    assignment = StageAssignment.objects.create(
        person=person,
        stage=stage,
        proposed_stage=proposed_stage or "",
        reason=reason,
        evidence=evidence or {},
        set_by=actor,
        set_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        instance=assignment,
        action=AuditAction.CREATE,
        before={"stage": previous.stage if previous else None},
        after={"stage": assignment.stage, "proposed_stage": assignment.proposed_stage or None},
        person=person,
        reason=reason,
    )
    return assignment


@transaction.atomic
def stage_requirements_create_defaults() -> list[StageRequirement]:
    """Writes the engine's default requirements for every stage that has none yet."""
    created = []
    for stage, requirements in requirements_by_stage(DEFAULT_STAGE_RULES).items():
        row, is_new = StageRequirement.objects.get_or_create(
            stage=stage, defaults=asdict(requirements)
        )
        if is_new:
            created.append(row)
    return created


@transaction.atomic
def stage_rules_update(*, actor: User, rules: StageRules) -> None:
    """Stores the organisation's stage rules (already checked by the engine when built):
    administrators only."""
    if not is_admin(actor):
        raise PermissionDenied
    for stage, requirements in requirements_by_stage(rules).items():
        StageRequirement.objects.update_or_create(stage=stage, defaults=asdict(requirements))
    settings = organisation()
    settings.engagement_floor = rules.engagement_floor
    settings.engagement_trend_floor = rules.engagement_trend_floor
    settings.save()


PULSE_SCORES = {1: 0.0, 2: 25.0, 3: 50.0, 4: 75.0, 5: 100.0}


def engagement_pulse_record(*, actor: User, answer: int, on: date) -> EngagementScore:
    """The signed-in agent's own pulse answer (1–5) for `on`, stored as 0–100; answering
    again the same day replaces that day's answer."""
    if actor.person_id is None:
        raise PermissionDenied
    if answer not in PULSE_SCORES:
        raise ValidationError(_("A pulse answer is from 1 to 5."), code="invalid")
    score, _created = EngagementScore.objects.update_or_create(
        person_id=actor.person_id,
        measured_on=on,
        source=PULSE_SOURCE,
        defaults={"score": PULSE_SCORES[answer]},
    )
    return score
