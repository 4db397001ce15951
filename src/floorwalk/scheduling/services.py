"""Writes for scheduling. Each checks the access policy, validates everything before it
changes anything (a refusal changes nothing), runs in one transaction and records the change
in the audit trail; emails go out only after the transaction commits.

Setting up: shift templates, labour rules, contracts (planners, administrators).
Agents' wishes: constraints and preferences, entered by the agent (pending) or set by whoever
may change the agent's schedule (approved at once); approved or rejected with a reason.
Schedules: a draft, its shifts replaced as a whole (by the generator or a planner), published
by a human as version 1; any later change makes a new version and tells each agent affected.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    Access,
    can_change_scheduled_shift,
    can_decide_schedule_requests,
    can_enter_own_schedule_requests,
    can_manage_schedule_setup,
    can_publish_schedule,
    schedule_sites_for,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.org.models import Person, PersonStatus, Queue, Site
from floorwalk.scheduling.models import (
    MAX_SCHEDULE_DAYS,
    PREFERENCE_POINTS,
    RULE_FIELDS,
    ActivityKind,
    AgentConstraint,
    AgentPreference,
    BreakKind,
    CalendarFeed,
    ConstraintKind,
    Contract,
    LabourRules,
    PreferenceKind,
    RequestStatus,
    Schedule,
    ScheduleChangeNotice,
    ScheduledActivity,
    ScheduledShift,
    ScheduleStatus,
    ScheduleVersion,
    ShiftBreak,
    ShiftTemplate,
    UnmetPreference,
    UnmetReason,
    WeekendPattern,
)

# ---- shift templates, labour rules, contracts -------------------------------------------------

TEMPLATE_FIELDS = (
    "name",
    "earliest_start",
    "latest_start",
    "start_step_minutes",
    "paid_minutes",
    "is_active",
)


@dataclass(frozen=True)
class BreakSpec:
    kind: str
    minutes: int
    paid: bool
    window_start: int  # minutes after the shift starts
    window_end: int


@dataclass(frozen=True)
class ShiftTemplateInput:
    name: str
    earliest_start: time
    latest_start: time
    start_step_minutes: int
    paid_minutes: int
    breaks: tuple[BreakSpec, ...] = ()
    queue_ids: tuple[int, ...] = ()
    is_active: bool = True


def _template_errors(site: Site, data: ShiftTemplateInput, *, pk: int | None) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not data.name.strip():
        errors["name"] = _("Give the template a name.")
    elif (
        ShiftTemplate.objects.filter(site=site, name=data.name.strip()).exclude(pk=pk or 0).exists()
    ):
        errors["name"] = _("The site already has a template of this name.")
    if data.latest_start < data.earliest_start:
        errors["latest_start"] = _("The latest start cannot be before the earliest start.")
    if data.start_step_minutes < 5:
        errors["start_step_minutes"] = _("Starts are at least 5 minutes apart.")
    if not 30 <= data.paid_minutes <= 16 * 60:
        errors["paid_minutes"] = _("A shift pays between 30 minutes and 16 hours.")
    length = data.paid_minutes + sum(item.minutes for item in data.breaks if not item.paid)
    break_errors = []
    for number, item in enumerate(data.breaks, start=1):
        if item.kind not in BreakKind.values:
            break_errors.append(_("Break %(n)d: choose break or lunch.") % {"n": number})
        elif item.minutes < 5:
            break_errors.append(_("Break %(n)d: lasts at least 5 minutes.") % {"n": number})
        elif item.window_end < item.window_start + item.minutes:
            break_errors.append(
                _("Break %(n)d: its window is shorter than the break.") % {"n": number}
            )
        elif item.window_start < 0 or item.window_end > length:
            break_errors.append(
                _("Break %(n)d: its window must lie within the shift's %(length)d minutes.")
                % {"n": number, "length": length}
            )
    if break_errors:
        errors["breaks"] = break_errors
    site_queues = set(Queue.objects.filter(site=site).values_list("pk", flat=True))
    if set(data.queue_ids) - site_queues:
        errors["queues"] = _("Choose queues of the template's site.")
    return errors


def _store_template(template: ShiftTemplate, data: ShiftTemplateInput) -> None:
    template.name = data.name.strip()
    template.earliest_start, template.latest_start = data.earliest_start, data.latest_start
    template.start_step_minutes, template.paid_minutes = data.start_step_minutes, data.paid_minutes
    template.is_active = data.is_active
    template.save()
    template.breaks.all().delete()
    ShiftBreak.objects.bulk_create(
        ShiftBreak(
            template=template,
            kind=item.kind,
            minutes=item.minutes,
            paid=item.paid,
            window_start=item.window_start,
            window_end=item.window_end,
        )
        for item in data.breaks
    )
    template.queues.set(data.queue_ids)


def _template_snapshot(template: ShiftTemplate) -> dict[str, Any]:
    values = snapshot(template, TEMPLATE_FIELDS)
    values["breaks"] = [
        [item.kind, item.minutes, item.paid, item.window_start, item.window_end]
        for item in template.breaks.all()
    ]
    values["queues"] = sorted(template.queues.values_list("pk", flat=True))
    return values


@transaction.atomic
def shift_template_create(*, actor: User, site: Site, data: ShiftTemplateInput) -> ShiftTemplate:
    if not can_manage_schedule_setup(actor, site):
        raise PermissionDenied
    errors = _template_errors(site, data, pk=None)
    if errors:
        raise ValidationError(errors)
    template = ShiftTemplate(site=site)
    _store_template(template, data)
    audit_record(
        actor=actor,
        instance=template,
        action=AuditAction.CREATE,
        after=_template_snapshot(template),
    )
    return template


@transaction.atomic
def shift_template_update(
    *, actor: User, template: ShiftTemplate, data: ShiftTemplateInput
) -> ShiftTemplate:
    if not can_manage_schedule_setup(actor, template.site):
        raise PermissionDenied
    errors = _template_errors(template.site, data, pk=template.pk)
    if errors:
        raise ValidationError(errors)
    before = _template_snapshot(template)
    _store_template(template, data)
    audit_record(
        actor=actor,
        instance=template,
        action=AuditAction.UPDATE,
        before=before,
        after=_template_snapshot(template),
    )
    return template


RULE_LIMITS = {
    "max_minutes_per_day": (60, 24 * 60),
    "max_minutes_per_week": (60, 7 * 24 * 60),
    "min_rest_minutes": (0, 24 * 60),
    "max_consecutive_days": (1, 14),
    "min_days_off_per_week": (0, 7),
    "max_weekends_per_4_weeks": (0, 4),
}


def _rule_errors(values: Mapping[str, int | None], *, optional: bool) -> dict[str, str]:
    errors = {}
    for name in RULE_FIELDS:
        value = values.get(name)
        if value is None:
            if not optional:
                errors[name] = _("Give a value.")
            continue
        low, high = RULE_LIMITS[name]
        if not low <= value <= high:
            errors[name] = _("Give a value from %(low)d to %(high)d.") % {"low": low, "high": high}
    return errors


@transaction.atomic
def labour_rules_set(*, actor: User, site: Site, values: Mapping[str, int]) -> LabourRules:
    """The site's labour rules, every one of `RULE_FIELDS` given."""
    if not can_manage_schedule_setup(actor, site):
        raise PermissionDenied
    errors = _rule_errors(values, optional=False)
    if errors:
        raise ValidationError(errors)
    rules = LabourRules.objects.select_for_update().filter(site=site).first()
    before = snapshot(rules, RULE_FIELDS) if rules else None
    if rules is None:
        rules = LabourRules(site=site)
    for name in RULE_FIELDS:
        setattr(rules, name, values[name])
    rules.save()
    audit_record(
        actor=actor,
        instance=rules,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=snapshot(rules, RULE_FIELDS),
    )
    return rules


CONTRACT_OVERRIDES = tuple(name for name in RULE_FIELDS if name != "max_minutes_per_week")
CONTRACT_FIELDS = ("min_minutes_per_week", "max_minutes_per_week", *CONTRACT_OVERRIDES)


@dataclass(frozen=True)
class ContractInput:
    min_minutes_per_week: int
    max_minutes_per_week: int
    template_ids: tuple[int, ...] = ()
    overrides: Mapping[str, int | None] = field(default_factory=dict)


@transaction.atomic
def contract_set(*, actor: User, person: Person, data: ContractInput) -> Contract:
    """The agent's contract, created or replaced."""
    if not can_manage_schedule_setup(actor, person.site):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if not 0 <= data.min_minutes_per_week <= 7 * 24 * 60:
        errors["min_minutes_per_week"] = _("Give minutes from 0 to a week's.")
    if data.max_minutes_per_week < data.min_minutes_per_week:
        errors["max_minutes_per_week"] = _("The most minutes cannot be below the least.")
    elif data.max_minutes_per_week > 7 * 24 * 60:
        errors["max_minutes_per_week"] = _("Give minutes from 0 to a week's.")
    unknown = set(data.overrides) - set(CONTRACT_OVERRIDES)
    if unknown:
        errors["overrides"] = _("Unknown rules: %(names)s.") % {"names": ", ".join(sorted(unknown))}
    errors.update(_rule_errors(data.overrides, optional=True))
    site_templates = ShiftTemplate.objects.filter(site_id=person.site_id)
    if set(data.template_ids) - set(site_templates.values_list("pk", flat=True)):
        errors["allowed_templates"] = _("Choose templates of the agent's site.")
    if errors:
        raise ValidationError(errors)
    contract = Contract.objects.select_for_update().filter(person=person).first()
    before = None
    if contract is not None:
        before = snapshot(contract, CONTRACT_FIELDS)
        before["allowed_templates"] = sorted(
            contract.allowed_templates.values_list("pk", flat=True)
        )
    else:
        contract = Contract(person=person)
    contract.min_minutes_per_week = data.min_minutes_per_week
    contract.max_minutes_per_week = data.max_minutes_per_week
    for name in CONTRACT_OVERRIDES:
        setattr(contract, name, data.overrides.get(name))
    contract.save()
    contract.allowed_templates.set(data.template_ids)
    after = snapshot(contract, CONTRACT_FIELDS)
    after["allowed_templates"] = sorted(data.template_ids)
    audit_record(
        actor=actor,
        instance=contract,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=after,
        person=person,
    )
    return contract


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


# ---- schedules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivitySpec:
    kind: str
    start: datetime
    end: datetime
    queue_id: int | None = None


@dataclass(frozen=True)
class ShiftSpec:
    """One shift as the generator or a planner gives it."""

    person_id: int
    start: datetime
    end: datetime
    template_id: int | None = None
    queue_id: int | None = None
    activities: tuple[ActivitySpec, ...] = ()


@dataclass(frozen=True)
class UnmetSpec:
    preference_id: int
    reason_kind: str
    reason_data: Mapping[str, Any] = field(default_factory=dict)


def _require_schedule_editor(actor: User, site: Site) -> None:
    if not schedule_sites_for(actor, Access.CHANGE).filter(pk=site.pk).exists():
        raise PermissionDenied


def period_bounds(schedule: Schedule) -> tuple[datetime, datetime]:
    """The schedule's period as aware instants: midnight of its first day at the site to
    midnight after its last day."""
    zone = ZoneInfo(schedule.site.time_zone)
    start = datetime.combine(schedule.start_date, time(0), tzinfo=zone)
    end = datetime.combine(
        schedule.start_date + timedelta(days=schedule.days), time(0), tzinfo=zone
    )
    return start, end


@transaction.atomic
def schedule_create_draft(*, actor: User, site: Site, start_date: date, days: int) -> Schedule:
    """An empty draft for the site's period; the generator or a planner fills it."""
    _require_schedule_editor(actor, site)
    if not 1 <= days <= MAX_SCHEDULE_DAYS:
        raise ValidationError(
            {"days": _("A schedule covers 1 to %(most)d days.") % {"most": MAX_SCHEDULE_DAYS}}
        )
    schedule = Schedule.objects.create(
        site=site, start_date=start_date, days=days, created_by=actor
    )
    audit_record(
        actor=actor,
        instance=schedule,
        action=AuditAction.CREATE,
        after=snapshot(schedule, ("site", "start_date", "days", "status")),
    )
    return schedule


def _activity_errors(
    label: str,
    shift_start: datetime,
    shift_end: datetime,
    activities: Iterable[ActivitySpec],
    site_queues: set[int],
) -> list[str]:
    errors = []
    previous_end = None
    for number, activity in enumerate(sorted(activities, key=lambda item: item.start), start=1):
        where = _("%(shift)s, activity %(n)d") % {"shift": label, "n": number}
        if activity.kind not in ActivityKind.values:
            errors.append(_("%(where)s: unknown activity kind.") % {"where": where})
        if timezone.is_naive(activity.start) or timezone.is_naive(activity.end):
            errors.append(_("%(where)s: times need a time zone.") % {"where": where})
            continue
        if activity.end <= activity.start:
            errors.append(_("%(where)s: ends before it starts.") % {"where": where})
        if activity.start < shift_start or activity.end > shift_end:
            errors.append(_("%(where)s: lies outside the shift.") % {"where": where})
        if previous_end is not None and activity.start < previous_end:
            errors.append(_("%(where)s: overlaps the activity before.") % {"where": where})
        if activity.queue_id is not None and activity.queue_id not in site_queues:
            errors.append(_("%(where)s: the queue is not one of the site's.") % {"where": where})
        previous_end = activity.end
    return errors


def _shift_errors(schedule: Schedule, shifts: list[ShiftSpec]) -> list[str]:
    """Every problem of the shifts, each naming the shift by its row (1-based)."""
    site = schedule.site
    people = {
        person.pk: person
        for person in Person.objects.filter(
            pk__in={spec.person_id for spec in shifts}, site=site
        ).exclude(status=PersonStatus.LEFT)
    }
    templates = set(ShiftTemplate.objects.filter(site=site).values_list("pk", flat=True))
    queues = set(Queue.objects.filter(site=site).values_list("pk", flat=True))
    period_start, period_end = period_bounds(schedule)
    errors: list[str] = []
    by_person: dict[int, list[tuple[datetime, datetime, int]]] = defaultdict(list)
    for number, spec in enumerate(shifts, start=1):
        label = _("Shift %(n)d") % {"n": number}
        if spec.person_id not in people:
            errors.append(
                _("%(shift)s: person %(id)s is not a current member of %(site)s.")
                % {"shift": label, "id": spec.person_id, "site": site.name}
            )
        if timezone.is_naive(spec.start) or timezone.is_naive(spec.end):
            errors.append(_("%(shift)s: times need a time zone.") % {"shift": label})
            continue
        if spec.end <= spec.start:
            errors.append(_("%(shift)s: ends before it starts.") % {"shift": label})
            continue
        if spec.end - spec.start > timedelta(hours=16):
            errors.append(_("%(shift)s: is longer than 16 hours.") % {"shift": label})
        if not period_start <= spec.start < period_end:
            errors.append(_("%(shift)s: starts outside the schedule's period.") % {"shift": label})
        if spec.template_id is not None and spec.template_id not in templates:
            errors.append(_("%(shift)s: the template is not one of the site's.") % {"shift": label})
        if spec.queue_id is not None and spec.queue_id not in queues:
            errors.append(_("%(shift)s: the queue is not one of the site's.") % {"shift": label})
        errors.extend(_activity_errors(label, spec.start, spec.end, spec.activities, queues))
        by_person[spec.person_id].append((spec.start, spec.end, number))
    for intervals in by_person.values():
        intervals.sort()
        for (_start, end, first), (start, _end, second) in itertools.pairwise(intervals):
            if start < end:
                errors.append(
                    _("Shift %(second)d overlaps shift %(first)d of the same person.")
                    % {"first": first, "second": second}
                )
    return errors


def _create_shift(schedule: Schedule, spec: ShiftSpec) -> ScheduledShift:
    shift = ScheduledShift.objects.create(
        schedule=schedule,
        person_id=spec.person_id,
        start=spec.start,
        end=spec.end,
        template_id=spec.template_id,
        queue_id=spec.queue_id,
    )
    ScheduledActivity.objects.bulk_create(
        ScheduledActivity(
            shift=shift,
            kind=activity.kind,
            start=activity.start,
            end=activity.end,
            queue_id=activity.queue_id,
        )
        for activity in spec.activities
    )
    return shift


@transaction.atomic
def schedule_draft_replace_shifts(
    *, actor: User, schedule: Schedule, shifts: Iterable[ShiftSpec]
) -> int:
    """Replaces every shift of a draft with `shifts`; all or nothing. The number stored."""
    _require_schedule_editor(actor, schedule.site)
    locked = Schedule.objects.select_for_update().select_related("site").get(pk=schedule.pk)
    if locked.status != ScheduleStatus.DRAFT:
        raise ValidationError(
            _("A published schedule changes shift by shift, each change a new version.")
        )
    specs = list(shifts)
    errors = _shift_errors(locked, specs)
    if errors:
        raise ValidationError({"shifts": errors})
    locked.shifts.all().delete()
    for spec in specs:
        _create_shift(locked, spec)
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditAction.UPDATE,
        before={"shifts": None},
        after={"shifts": len(specs)},
        reason=_("Draft shifts replaced"),
    )
    return len(specs)


@transaction.atomic
def schedule_report_store(
    *, actor: User, schedule: Schedule, report: Mapping[str, Any], unmet: Iterable[UnmetSpec]
) -> None:
    """Stores the generator's report and the preferences it could not grant, replacing any
    stored before (shapes in docs/scheduling.md)."""
    _require_schedule_editor(actor, schedule.site)
    items = list(unmet)
    known = set(
        AgentPreference.objects.filter(
            pk__in=[item.preference_id for item in items], person__site_id=schedule.site_id
        ).values_list("pk", flat=True)
    )
    errors = [
        _("Unmet preference %(n)d: preference %(id)s is not one of the site's agents'.")
        % {"n": number, "id": item.preference_id}
        for number, item in enumerate(items, start=1)
        if item.preference_id not in known
    ]
    errors += [
        _("Unmet preference %(n)d: unknown reason kind %(kind)r.")
        % {"n": number, "kind": item.reason_kind}
        for number, item in enumerate(items, start=1)
        if item.reason_kind not in UnmetReason.values
    ]
    if not isinstance(report, Mapping):
        errors.append(_("The report must be a JSON object."))
    if errors:
        raise ValidationError({"unmet": errors})
    schedule.report = dict(report)
    schedule.save(update_fields=["report", "updated_at"])
    schedule.unmet.all().delete()
    UnmetPreference.objects.bulk_create(
        UnmetPreference(
            schedule=schedule,
            preference_id=item.preference_id,
            reason_kind=item.reason_kind,
            reason_data=dict(item.reason_data),
        )
        for item in items
    )


def shifts_snapshot(schedule: Schedule) -> list[dict[str, Any]]:
    """The schedule's shifts as JSON (the shape a version stores), in a stable order."""
    shifts = schedule.shifts.prefetch_related("activities").order_by("start", "person_id", "pk")
    return [
        {
            "person": shift.person_id,
            "start": shift.start.astimezone(ZoneInfo("UTC")).isoformat(),
            "end": shift.end.astimezone(ZoneInfo("UTC")).isoformat(),
            "template": shift.template_id,
            "queue": shift.queue_id,
            "activities": [
                {
                    "kind": activity.kind,
                    "start": activity.start.astimezone(ZoneInfo("UTC")).isoformat(),
                    "end": activity.end.astimezone(ZoneInfo("UTC")).isoformat(),
                    "queue": activity.queue_id,
                }
                for activity in sorted(shift.activities.all(), key=lambda item: item.start)
            ],
        }
        for shift in shifts
    ]


def shifts_diff(
    previous: list[dict[str, Any]], current: list[dict[str, Any]]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{person id (as text): {"added": [...], "removed": [...]}} for each person whose shifts
    differ; a changed shift shows as its old version removed and its new one added."""

    def by_person(shifts: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for shift in shifts:
            grouped[str(shift["person"])].append(shift)
        return grouped

    before, after = by_person(previous), by_person(current)
    diff = {}
    for person in sorted(set(before) | set(after), key=int):
        old, new = before.get(person, []), after.get(person, [])
        removed = [shift for shift in old if shift not in new]
        added = [shift for shift in new if shift not in old]
        if removed or added:
            diff[person] = {"added": added, "removed": removed}
    return diff


def _new_version(
    schedule: Schedule, actor: User, *, reason: str
) -> tuple[ScheduleVersion, dict[str, Any]]:
    previous = schedule.versions.order_by("-number").first()
    current = shifts_snapshot(schedule)
    diff = shifts_diff(previous.shifts if previous else [], current)
    number = (previous.number if previous else 0) + 1
    version = ScheduleVersion.objects.create(
        schedule=schedule,
        number=number,
        published_at=timezone.now(),
        published_by=actor,
        reason=reason,
        shifts=current,
        diff=diff,
    )
    schedule.version = number
    schedule.status = ScheduleStatus.PUBLISHED
    schedule.save(update_fields=["version", "status", "updated_at", "published_at", "published_by"])
    return version, diff


def _shift_people(schedule: Schedule) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=schedule.shifts.values("person_id"))


@transaction.atomic
def schedule_publish(*, actor: User, schedule: Schedule) -> ScheduleVersion:
    """Publishes a draft as version 1: an immutable snapshot of its shifts. Humans decide:
    planners and managers of the site, administrators, and team leaders whose teams have
    shifts in it publish."""
    locked = Schedule.objects.select_for_update().select_related("site").get(pk=schedule.pk)
    if not can_publish_schedule(actor, locked.site, _shift_people(locked)):
        raise PermissionDenied
    if locked.status != ScheduleStatus.DRAFT:
        raise ValidationError(_("This schedule is already published."))
    if not locked.shifts.exists():
        raise ValidationError(_("The schedule has no shifts yet; there is nothing to publish."))
    end = locked.start_date + timedelta(days=locked.days)
    overlapping = (
        Schedule.objects.filter(
            site=locked.site, status=ScheduleStatus.PUBLISHED, start_date__lt=end
        )
        .exclude(pk=locked.pk)
        .select_related("site")
    )
    for other in overlapping:
        if other.start_date + timedelta(days=other.days) > locked.start_date:
            raise ValidationError(
                _("The published schedule from %(start)s already covers part of this period.")
                % {"start": other.start_date.isoformat()}
            )
    locked.published_at, locked.published_by = timezone.now(), actor
    version, _diff = _new_version(locked, actor, reason=_("Published"))
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditAction.UPDATE,
        before={"status": ScheduleStatus.DRAFT, "version": 0},
        after={"status": locked.status, "version": locked.version},
    )
    schedule.status, schedule.version = locked.status, locked.version
    return version


def _notify_changed(schedule: Schedule, version: ScheduleVersion, diff: Mapping[str, Any]) -> None:
    """A notice on each affected agent's week, and an email after commit in their language."""
    people = list(Person.objects.filter(pk__in=[int(pk) for pk in diff]).select_related("site"))
    ScheduleChangeNotice.objects.bulk_create(
        ScheduleChangeNotice(person=person, version=version) for person in people
    )
    for person in people:
        transaction.on_commit(
            partial(_send_change_email, person, schedule, version, diff[str(person.pk)])
        )


def _send_change_email(
    person: Person, schedule: Schedule, version: ScheduleVersion, changes: Mapping[str, Any]
) -> None:
    login = User.objects.filter(person=person, is_active=True).first()
    address = person.email or (login.email if login else "")
    if not address:
        return
    zone = ZoneInfo(schedule.site.time_zone)

    def local(shifts: list[dict[str, Any]]) -> list[tuple[datetime, datetime]]:
        return [
            (
                datetime.fromisoformat(shift["start"]).astimezone(zone),
                datetime.fromisoformat(shift["end"]).astimezone(zone),
            )
            for shift in shifts
        ]

    context = {
        "person": person,
        "schedule": schedule,
        "version": version,
        "added": local(changes["added"]),
        "removed": local(changes["removed"]),
        "url": settings.FLOORWALK_BASE_URL.rstrip("/") + "/schedule/",
    }
    language = (login.language if login else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = render_to_string("scheduling/email/changed_subject.txt", context).strip()
        body = render_to_string("scheduling/email/changed.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Content-Language": language},
    ).send()


SHIFT_FIELDS = ("start", "end", "queue", "template")


@transaction.atomic
def scheduled_shift_change(
    *,
    actor: User,
    shift: ScheduledShift,
    start: datetime,
    end: datetime,
    queue_id: int | None = None,
    activities: Iterable[ActivitySpec] | None = None,
    reason: str = "",
) -> ScheduledShift:
    """Moves or reshapes a shift. Without `activities`, a shift moved as a whole takes its
    activities along and a shift that changes length keeps those that still fit (it must
    keep all of them). On a published schedule the change is a new version, and the agent
    is told."""
    schedule = Schedule.objects.select_for_update().select_related("site").get(pk=shift.schedule_id)
    if not can_change_scheduled_shift(actor, schedule.site, shift.person):
        raise PermissionDenied
    current = ScheduledShift.objects.select_for_update().get(pk=shift.pk)
    existing = list(current.activities.all())
    if activities is None:
        if end - start == current.end - current.start:
            delta = start - current.start
            specs = [
                ActivitySpec(item.kind, item.start + delta, item.end + delta, item.queue_id)
                for item in existing
            ]
        else:
            specs = [
                ActivitySpec(item.kind, item.start, item.end, item.queue_id) for item in existing
            ]
    else:
        specs = list(activities)
    others = [
        ShiftSpec(other.person_id, other.start, other.end)
        for other in schedule.shifts.filter(person_id=current.person_id).exclude(pk=current.pk)
    ]
    changed = ShiftSpec(current.person_id, start, end, current.template_id, queue_id, tuple(specs))
    errors = _shift_errors(schedule, [changed, *others])
    if errors:
        raise ValidationError({"shift": errors})
    before = snapshot(current, SHIFT_FIELDS)
    current.start, current.end, current.queue_id = start, end, queue_id
    current.save()
    current.activities.all().delete()
    ScheduledActivity.objects.bulk_create(
        ScheduledActivity(
            shift=current, kind=item.kind, start=item.start, end=item.end, queue_id=item.queue_id
        )
        for item in specs
    )
    audit_record(
        actor=actor,
        instance=current,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(current, SHIFT_FIELDS),
        person=current.person,
        reason=reason,
    )
    if schedule.status == ScheduleStatus.PUBLISHED:
        version, diff = _new_version(schedule, actor, reason=reason or _("Shift changed"))
        _notify_changed(schedule, version, diff)
    return current


@transaction.atomic
def scheduled_shift_remove(*, actor: User, shift: ScheduledShift, reason: str = "") -> None:
    """Takes a shift out; on a published schedule a new version, and the agent is told."""
    schedule = Schedule.objects.select_for_update().select_related("site").get(pk=shift.schedule_id)
    if not can_change_scheduled_shift(actor, schedule.site, shift.person):
        raise PermissionDenied
    audit_record(
        actor=actor,
        instance=shift,
        action=AuditAction.DELETE,
        before=snapshot(shift, SHIFT_FIELDS),
        person=shift.person,
        reason=reason,
    )
    shift.delete()
    if schedule.status == ScheduleStatus.PUBLISHED:
        version, diff = _new_version(schedule, actor, reason=reason or _("Shift removed"))
        _notify_changed(schedule, version, diff)


@transaction.atomic
def schedule_notices_mark_seen(*, actor: User, person: Person) -> int:
    """The agent has looked at their week: their change notices are seen."""
    if actor.person_id != person.pk:
        raise PermissionDenied
    return ScheduleChangeNotice.objects.filter(person=person, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_reset(*, actor: User, person: Person) -> str:
    """A new private calendar link for the agent; the old one stops working at once. The
    token is returned once and only its hash is kept."""
    if not can_enter_own_schedule_requests(actor, person):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        person=person, defaults={"token_hash": feed_token_hash(token)}
    )
    audit_record(
        actor=actor,
        instance=feed,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        before=None if created else {"link": "old"},
        after={"link": "new"},
        person=person,
        reason=_("Calendar link reset"),
    )
    return token


def scheduling_clear() -> None:
    """Deletes every schedule, wish, contract and template, for the demo's --replace only."""
    Schedule.objects.all().delete()
    AgentConstraint.objects.all().delete()
    AgentPreference.objects.all().delete()
    CalendarFeed.objects.all().delete()
    Contract.objects.all().delete()
    LabourRules.objects.all().delete()
    ShiftTemplate.objects.all().delete()
