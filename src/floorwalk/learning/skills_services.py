"""Writes of the skills matrix and the training paths. `skill_level_set` is the one writer of
an agent's level on a queue and keeps `Person.queues` (what the schedule engine uses) in step
with it: a level at or above "supported" serves the queue, a lower or removed level doesn't.
Every change is kept in the level's history and audited in the same transaction."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_edit_skill_paths, can_set_skill_level
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.learning.models import (
    SERVING_LEVEL,
    Course,
    PathEnrolment,
    PathStep,
    PathStepKind,
    Proficiency,
    SkillLevel,
    SkillLevelChange,
    StepCompletion,
    TrainingPath,
)
from floorwalk.org.models import Person, Queue

SKILL_LEVEL_AUDIT_FIELDS = ("person", "queue", "level", "reached_on", "assessed_on")
PATH_AUDIT_FIELDS = ("name", "target_queue", "target_level", "description")
ENROLMENT_AUDIT_FIELDS = ("path", "person", "enrolled_on", "completed_on")
NOTE_MAX_LENGTH = 300


def _check_actor(actor: User | None, person: Person) -> None:
    # No actor: the system itself (demo, data loads), which the policy does not govern.
    if actor is not None and not can_set_skill_level(actor, person):
        raise PermissionDenied


def _actor_or_none(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


@transaction.atomic
def skill_level_set(
    *,
    actor: User | None,
    person: Person,
    queue: Queue,
    level: int | None,
    assessed_on: date,
    note: str = "",
) -> SkillLevel | None:
    """Sets (or with `level=None` removes) the agent's level on the queue, assessed on
    `assessed_on`, and adds or removes the queue from those the agent is scheduled on.
    Returns the level, or None once removed. Setting what is already there changes nothing."""
    _check_actor(actor, person)
    if level is not None and level not in Proficiency.values:
        raise ValidationError({"level": _("Pick a level from 1 (learning) to 4 (expert).")})
    if queue.site_id != person.site_id:
        raise ValidationError({"queue": _("The queue belongs to another site than the agent.")})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The assessment date cannot be in the future.")})
    if len(note.strip()) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("Keep the note to at most 300 characters.")})
    # One change at a time per person: the level row may not exist yet to be locked itself.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    current = SkillLevel.objects.filter(person=person, queue=queue).first()
    previous = current.level if current is not None else None
    if level is None:
        if current is not None:
            audit_record(
                actor=actor,
                instance=current,
                action=AuditAction.DELETE,
                before=snapshot(current, SKILL_LEVEL_AUDIT_FIELDS),
                person=person,
                reason=note.strip(),
            )
            current.delete()
        elif not person.queues.filter(pk=queue.pk).exists():
            return None
        person.queues.remove(queue)
        _history(actor, person, queue, previous, None, assessed_on, note)
        return None
    if current is not None and current.level == level and current.assessed_on == assessed_on:
        _serve(person, queue, level)
        return current
    before: dict[str, Any] | None = None
    if current is None:
        current = SkillLevel(person=person, queue=queue)
    else:
        before = snapshot(current, SKILL_LEVEL_AUDIT_FIELDS)
        if current.level == level and assessed_on < current.reached_on:
            message = _("The level was reached on %(date)s: assess it on or after.") % {
                "date": current.reached_on.isoformat()
            }
            raise ValidationError({"assessed_on": message})
    if current.pk is None or current.level != level:
        current.reached_on = assessed_on
    current.level = level
    current.assessed_on = assessed_on
    current.assessed_by = _actor_or_none(actor)
    current.save()
    audit_record(
        actor=actor,
        instance=current,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        before=before,
        after=snapshot(current, SKILL_LEVEL_AUDIT_FIELDS),
        person=person,
        reason=note.strip(),
    )
    _serve(person, queue, level)
    _history(actor, person, queue, previous, level, assessed_on, note)
    return current


def _serve(person: Person, queue: Queue, level: int) -> None:
    if level >= SERVING_LEVEL:
        person.queues.add(queue)
    else:
        person.queues.remove(queue)


def _history(
    actor: User | None,
    person: Person,
    queue: Queue,
    previous: int | None,
    level: int | None,
    assessed_on: date,
    note: str,
) -> None:
    SkillLevelChange.objects.create(
        person=person,
        queue=queue,
        previous_level=previous,
        level=level,
        assessed_on=assessed_on,
        changed_by=_actor_or_none(actor),
        note=note.strip()[:NOTE_MAX_LENGTH],
    )


@transaction.atomic
def skill_matrix_from_queues(*, actor: User | None, level: int = Proficiency.PROFICIENT) -> int:
    """Gives every agent serving a queue without a level on it `level` on that queue, reached
    and assessed on their hire date. Returns how many levels were added; running it again adds
    none."""
    assessed = set(SkillLevel.objects.values_list("person_id", "queue_id"))
    added = 0
    links = Person.queues.through.objects.select_related("person", "queue").order_by(
        "person_id", "queue_id"
    )
    for link in links:
        if (link.person_id, link.queue_id) in assessed:
            continue
        skill_level_set(
            actor=actor,
            person=link.person,
            queue=link.queue,
            level=level,
            assessed_on=min(link.person.hire_date, timezone.localdate()),
            note=_("From the queues the person served"),
        )
        added += 1
    return added


# ---- Training paths ----------------------------------------------------------------------------


@transaction.atomic
def training_path_create(
    *,
    actor: User,
    name: str,
    target_queue: Queue,
    target_level: int = Proficiency.SUPPORTED,
    description: str = "",
) -> TrainingPath:
    if not can_edit_skill_paths(actor, target_queue.site):
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Name the path.")})
    if target_level not in Proficiency.values or target_level < SERVING_LEVEL:
        raise ValidationError(
            {"target_level": _("A path leads to a serving level: 2 (supported) or above.")}
        )
    if TrainingPath.objects.filter(target_queue=target_queue, name=name.strip()).exists():
        raise ValidationError({"name": _("This queue already has a path with this name.")})
    path = TrainingPath.objects.create(
        name=name.strip(),
        target_queue=target_queue,
        target_level=target_level,
        description=description.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        instance=path,
        action=AuditAction.CREATE,
        after=snapshot(path, PATH_AUDIT_FIELDS),
    )
    return path


@dataclass(frozen=True)
class StepInput:
    kind: str
    title: str
    course: Course | None = None
    contacts: int | None = None


@transaction.atomic
def path_step_add(*, actor: User, path: TrainingPath, data: StepInput) -> PathStep:
    """Appends a step to the path's end."""
    path = (
        TrainingPath.objects.select_for_update()
        .select_related("target_queue__site")
        .get(pk=path.pk)
    )
    if not can_edit_skill_paths(actor, path.target_queue.site):
        raise PermissionDenied
    if data.kind not in PathStepKind.values:
        raise ValidationError(
            {"kind": _("Pick a course, shadowing, supervised contacts or an assessment.")}
        )
    if not data.title.strip():
        raise ValidationError({"title": _("Say what the step is.")})
    if data.course is not None and data.kind != PathStepKind.COURSE:
        raise ValidationError({"course": _("Only a course step names a course.")})
    if data.kind == PathStepKind.SUPERVISED and not data.contacts:
        raise ValidationError(
            {"contacts": _("Say how many contacts the agent handles under supervision.")}
        )
    if data.kind != PathStepKind.SUPERVISED and data.contacts is not None:
        raise ValidationError({"contacts": _("Only supervised contacts are counted.")})
    last = path.steps.aggregate(last=Max("position"))["last"] or 0
    step = PathStep.objects.create(
        path=path,
        position=last + 1,
        kind=data.kind,
        title=data.title.strip(),
        course=data.course,
        contacts=data.contacts,
    )
    audit_record(
        actor=actor,
        instance=step,
        action=AuditAction.CREATE,
        after=snapshot(step, ("path", "position", "kind", "title", "course", "contacts")),
    )
    return step


@transaction.atomic
def path_enrol(
    *, actor: User, path: TrainingPath, person: Person, enrolled_on: date
) -> PathEnrolment:
    _check_actor(actor, person)
    queue = path.target_queue
    if person.site_id != queue.site_id:
        raise ValidationError({"person": _("The agent works at another site than the queue.")})
    if not path.steps.exists():
        raise ValidationError({"path": _("Add the path's steps before enrolling anyone.")})
    if enrolled_on > timezone.localdate():
        raise ValidationError({"enrolled_on": _("The enrolment date cannot be in the future.")})
    current = SkillLevel.objects.filter(person=person, queue=queue).first()
    if current is not None and current.level >= path.target_level:
        raise ValidationError(
            {"person": _("The agent is already at the path's target level on this queue.")}
        )
    try:
        with transaction.atomic():
            enrolment = PathEnrolment.objects.create(
                path=path, person=person, enrolled_on=enrolled_on, enrolled_by=actor
            )
    except IntegrityError:
        raise ValidationError({"person": _("The agent is already on this path.")}) from None
    audit_record(
        actor=actor,
        instance=enrolment,
        action=AuditAction.CREATE,
        after=snapshot(enrolment, ENROLMENT_AUDIT_FIELDS),
        person=person,
    )
    return enrolment


@transaction.atomic
def path_step_done(
    *, actor: User, enrolment: PathEnrolment, step: PathStep, done_on: date
) -> PathEnrolment:
    """Ticks the next step of the agent's path. Steps are done in order; ticking the last one
    completes the path and sets the agent's level on the queue to the path's target (a higher
    level already reached is kept)."""
    enrolment = (
        PathEnrolment.objects.select_for_update()
        .select_related("path__target_queue", "person")
        .get(pk=enrolment.pk)
    )
    person, path = enrolment.person, enrolment.path
    _check_actor(actor, person)
    if step.path_id != path.pk:
        raise ValidationError({"step": _("The step belongs to another path.")})
    if enrolment.completed_on is not None:
        raise ValidationError({"step": _("The agent has already completed this path.")})
    steps = list(path.steps.order_by("position"))
    done = {item.step_id: item.done_on for item in enrolment.completions.all()}
    pending = [item for item in steps if item.pk not in done]
    if not pending or pending[0].pk != step.pk:
        raise ValidationError(
            {
                "step": _("Tick the steps in order: next is “%(title)s”.")
                % {"title": pending[0].title}
            }
            if pending
            else {"step": _("Every step is already done.")}
        )
    earliest = max([enrolment.enrolled_on, *done.values()])
    if done_on < earliest:
        raise ValidationError(
            {"done_on": _("Give a date on or after %(date)s.") % {"date": earliest.isoformat()}}
        )
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    completion = StepCompletion.objects.create(
        enrolment=enrolment, step=step, done_on=done_on, recorded_by=actor
    )
    audit_record(
        actor=actor,
        instance=completion,
        action=AuditAction.CREATE,
        after=snapshot(completion, ("enrolment", "step", "done_on")),
        person=person,
    )
    if len(pending) == 1:
        before = snapshot(enrolment, ENROLMENT_AUDIT_FIELDS)
        enrolment.completed_on = done_on
        enrolment.save(update_fields=["completed_on", "updated_at"])
        audit_record(
            actor=actor,
            instance=enrolment,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(enrolment, ENROLMENT_AUDIT_FIELDS),
            person=person,
        )
        current = SkillLevel.objects.filter(person=person, queue=path.target_queue).first()
        if current is None or current.level < path.target_level:
            skill_level_set(
                actor=actor,
                person=person,
                queue=path.target_queue,
                level=path.target_level,
                assessed_on=done_on,
                note=_("Completed the path %(name)s") % {"name": path.name},
            )
    return enrolment
