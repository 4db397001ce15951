"""Writes for agents' constraints and preferences: entered by the agent (pending) or set by
whoever may change the agent's schedule (approved at once); approved or rejected with a
reason; withdrawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_decide_schedule_requests,
    can_enter_own_schedule_requests,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.org.models import Person
from floorwalk.scheduling.models import (
    PREFERENCE_POINTS,
    AgentConstraint,
    AgentPreference,
    ConstraintKind,
    PreferenceKind,
    RequestStatus,
    ShiftTemplate,
    WeekendPattern,
)

# ---- constraints and preferences --------------------------------------------------------------

CONSTRAINT_FIELDS = (
    "kind",
    "weekdays",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "note",
    "status",
    "decision_reason",
)
PREFERENCE_FIELDS = (
    "kind",
    "weight",
    "template",
    "start_time",
    "end_time",
    "weekday",
    "on_date",
    "weekend_pattern",
    "note",
    "status",
    "decision_reason",
)


@dataclass(frozen=True)
class ConstraintInput:
    kind: str
    weekdays: tuple[int, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    note: str = ""


@dataclass(frozen=True)
class PreferenceInput:
    kind: str
    weight: int
    template_id: int | None = None
    start_time: time | None = None
    end_time: time | None = None
    weekday: int | None = None
    on_date: date | None = None
    weekend_pattern: str = ""
    note: str = ""


def _constraint_cleaned(data: ConstraintInput) -> ConstraintInput:
    """The input with only the fields its kind uses, or ValidationError by field."""
    errors: dict[str, str] = {}
    weekdays = tuple(sorted(set(data.weekdays)))
    if data.kind not in ConstraintKind.values:
        raise ValidationError({"kind": _("Choose a kind of constraint.")})
    kind = ConstraintKind(data.kind)
    uses_weekdays = kind in (ConstraintKind.UNAVAILABLE_WEEKLY, ConstraintKind.LEAVE_BY)
    uses_dates = kind in (ConstraintKind.UNAVAILABLE_DATES, ConstraintKind.LEAVE)
    if uses_weekdays and (not weekdays or any(day not in range(7) for day in weekdays)):
        errors["weekdays"] = _("Choose at least one weekday.")
    if uses_dates:
        if data.start_date is None:
            errors["start_date"] = _("Give the first date.")
        if data.end_date is None:
            errors["end_date"] = _("Give the last date.")
        elif data.start_date is not None and data.end_date < data.start_date:
            errors["end_date"] = _("The last date cannot be before the first.")
    start_time, end_time = data.start_time, data.end_time
    if kind is ConstraintKind.UNAVAILABLE_WEEKLY or (
        kind is ConstraintKind.UNAVAILABLE_DATES and (start_time or end_time)
    ):
        if start_time is None:
            errors["start_time"] = _("Give the time you become unavailable.")
        if end_time is None:
            errors["end_time"] = _("Give the time you are available again.")
        elif start_time is not None and end_time <= start_time:
            errors["end_time"] = _("The end must be after the start.")
    elif kind is ConstraintKind.LEAVE_BY:
        start_time = None
        if end_time is None:
            errors["end_time"] = _("Give the time you must leave by.")
    elif kind is ConstraintKind.LEAVE:
        start_time = end_time = None
    if errors:
        raise ValidationError(errors)
    return ConstraintInput(
        kind=kind,
        weekdays=weekdays if uses_weekdays else (),
        start_date=data.start_date if uses_dates else None,
        end_date=data.end_date if uses_dates else None,
        start_time=start_time,
        end_time=end_time,
        note=data.note.strip(),
    )


def _preference_cleaned(person: Person, data: PreferenceInput) -> PreferenceInput:
    errors: dict[str, str] = {}
    if data.kind not in PreferenceKind.values:
        raise ValidationError({"kind": _("Choose a kind of preference.")})
    kind = PreferenceKind(data.kind)
    if not 1 <= data.weight <= PREFERENCE_POINTS:
        errors["weight"] = _("Give 1 to %(points)d points.") % {"points": PREFERENCE_POINTS}
    cleaned = PreferenceInput(kind=kind, weight=data.weight, note=data.note.strip())
    if kind is PreferenceKind.SHIFT_TEMPLATE:
        exists = ShiftTemplate.objects.filter(
            pk=data.template_id or 0, site_id=person.site_id, is_active=True
        ).exists()
        if not exists:
            errors["template"] = _("Choose one of your site's shift templates.")
        cleaned = PreferenceInput(**{**cleaned.__dict__, "template_id": data.template_id})
    elif kind is PreferenceKind.START_BETWEEN:
        if data.start_time is None:
            errors["start_time"] = _("Give the earliest start you would like.")
        if data.end_time is None:
            errors["end_time"] = _("Give the latest start you would like.")
        elif data.start_time is not None and data.end_time < data.start_time:
            errors["end_time"] = _("The latest start cannot be before the earliest.")
        cleaned = PreferenceInput(
            **{**cleaned.__dict__, "start_time": data.start_time, "end_time": data.end_time}
        )
    elif kind is PreferenceKind.DAY_OFF_WEEKDAY:
        if data.weekday is None or data.weekday not in range(7):
            errors["weekday"] = _("Choose the weekday.")
        cleaned = PreferenceInput(**{**cleaned.__dict__, "weekday": data.weekday})
    elif kind is PreferenceKind.DAY_OFF_DATE:
        if data.on_date is None:
            errors["on_date"] = _("Give the date.")
        cleaned = PreferenceInput(**{**cleaned.__dict__, "on_date": data.on_date})
    elif kind is PreferenceKind.WEEKEND_PATTERN:
        if data.weekend_pattern not in WeekendPattern.values:
            errors["weekend_pattern"] = _("Choose a weekend pattern.")
        cleaned = PreferenceInput(**{**cleaned.__dict__, "weekend_pattern": data.weekend_pattern})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _initial_status(actor: User, person: Person) -> RequestStatus:
    """Pending when the agent enters it, approved when whoever decides sets it directly."""
    if can_decide_schedule_requests(actor, person):
        return RequestStatus.APPROVED
    if can_enter_own_schedule_requests(actor, person):
        return RequestStatus.PENDING
    raise PermissionDenied


def _decided(item: AgentConstraint | AgentPreference, actor: User, status: str) -> None:
    item.status = status
    if status != RequestStatus.PENDING:
        item.decided_by = actor
        item.decided_at = timezone.now()


@transaction.atomic
def agent_constraint_create(
    *, actor: User, person: Person, data: ConstraintInput
) -> AgentConstraint:
    """A hard constraint of the agent's: pending their leader's approval when they enter it
    themselves, approved at once when their leader (or a planner, manager, admin) sets it."""
    status = _initial_status(actor, person)
    cleaned = _constraint_cleaned(data)
    item = AgentConstraint(
        person=person,
        kind=cleaned.kind,
        weekdays=list(cleaned.weekdays),
        start_date=cleaned.start_date,
        end_date=cleaned.end_date,
        start_time=cleaned.start_time,
        end_time=cleaned.end_time,
        note=cleaned.note,
        created_by=actor,
    )
    _decided(item, actor, status)
    item.save()
    audit_record(
        actor=actor,
        instance=item,
        action=AuditAction.CREATE,
        after=snapshot(item, CONSTRAINT_FIELDS),
        person=person,
    )
    return item


@transaction.atomic
def agent_preference_create(
    *, actor: User, person: Person, data: PreferenceInput
) -> AgentPreference:
    """A weighted wish of the agent's; the points of their pending and approved preferences
    together stay within `PREFERENCE_POINTS`."""
    status = _initial_status(actor, person)
    cleaned = _preference_cleaned(person, data)
    # Lock the agent's row so two requests at once cannot both spend the last points.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    spent = (
        AgentPreference.objects.filter(person=person)
        .exclude(status=RequestStatus.REJECTED)
        .aggregate(total=Sum("weight"))["total"]
        or 0
    )
    if spent + cleaned.weight > PREFERENCE_POINTS:
        raise ValidationError(
            {
                "weight": _(
                    "Only %(left)d of your %(points)d points are left; give this preference "
                    "fewer points or withdraw another."
                )
                % {"left": PREFERENCE_POINTS - spent, "points": PREFERENCE_POINTS}
            }
        )
    item = AgentPreference(
        person=person,
        kind=cleaned.kind,
        weight=cleaned.weight,
        template_id=cleaned.template_id,
        start_time=cleaned.start_time,
        end_time=cleaned.end_time,
        weekday=cleaned.weekday,
        on_date=cleaned.on_date,
        weekend_pattern=cleaned.weekend_pattern,
        note=cleaned.note,
        created_by=actor,
    )
    _decided(item, actor, status)
    item.save()
    audit_record(
        actor=actor,
        instance=item,
        action=AuditAction.CREATE,
        after=snapshot(item, PREFERENCE_FIELDS),
        person=person,
    )
    return item


def _fields_of(item: AgentConstraint | AgentPreference) -> tuple[str, ...]:
    return CONSTRAINT_FIELDS if isinstance(item, AgentConstraint) else PREFERENCE_FIELDS


@transaction.atomic
def schedule_request_decide(
    *,
    actor: User,
    item: AgentConstraint | AgentPreference,
    approve: bool,
    reason: str = "",
) -> AgentConstraint | AgentPreference:
    """Approves or rejects a pending constraint or preference; a rejection says why."""
    if not can_decide_schedule_requests(actor, item.person):
        raise PermissionDenied
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(
            _("This was already decided: %(status)s.") % {"status": locked.get_status_display()}
        )
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why it is rejected; the agent will read it.")})
    fields = _fields_of(locked)
    before = snapshot(locked, fields)
    _decided(locked, actor, RequestStatus.APPROVED if approve else RequestStatus.REJECTED)
    locked.decision_reason = reason
    locked.save()
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(locked, fields),
        person=locked.person,
        reason=reason,
    )
    return locked


@transaction.atomic
def schedule_request_withdraw(*, actor: User, item: AgentConstraint | AgentPreference) -> None:
    """The agent withdraws their own constraint or preference (its points come back); whoever
    decides on the agent's requests may remove one too. Schedules already built keep what
    they were built from."""
    if not (
        can_enter_own_schedule_requests(actor, item.person)
        or can_decide_schedule_requests(actor, item.person)
    ):
        raise PermissionDenied
    audit_record(
        actor=actor,
        instance=item,
        action=AuditAction.DELETE,
        before=snapshot(item, _fields_of(item)),
        person=item.person,
    )
    item.delete()
