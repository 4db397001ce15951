"""Writes for schedules: a draft and its shifts, the generator's report, publishing (version
1), and changes after publishing, each a new version that tells the agents affected."""

from __future__ import annotations

import itertools
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
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    Access,
    can_change_scheduled_shift,
    can_publish_schedule,
    schedule_sites_for,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.org.models import Person, PersonStatus, Queue, Site
from floorwalk.scheduling.models import (
    MAX_SCHEDULE_DAYS,
    ActivityKind,
    AgentPreference,
    Schedule,
    ScheduleChangeNotice,
    ScheduledActivity,
    ScheduledShift,
    ScheduleStatus,
    ScheduleVersion,
    ShiftTemplate,
    UnmetPreference,
    UnmetReason,
)
from floorwalk.scheduling.selectors import local_spans
from floorwalk.scheduling.services.published import (
    adherence_rebuild_after_commit,
    fairness_ledger_apply,
)

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


def version_published_change(
    schedule: Schedule, actor: User, *, reason: str
) -> tuple[ScheduleVersion, dict[str, Any]]:
    """A new version of a published schedule after a change, with its diff from the last."""
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
    version, diff = version_published_change(locked, actor, reason=_("Published"))
    fairness_ledger_apply(schedule=locked)
    adherence_rebuild_after_commit(schedule=locked, diff=diff)
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditAction.UPDATE,
        before={"status": ScheduleStatus.DRAFT, "version": 0},
        after={"status": locked.status, "version": locked.version},
    )
    schedule.status, schedule.version = locked.status, locked.version
    return version


def notify_week_changed(
    schedule: Schedule, version: ScheduleVersion, diff: Mapping[str, Any]
) -> None:
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

    context = {
        "person": person,
        "schedule": schedule,
        "version": version,
        "added": local_spans(changes["added"], zone),
        "removed": local_spans(changes["removed"], zone),
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
        version, diff = version_published_change(
            schedule, actor, reason=reason or _("Shift changed")
        )
        notify_week_changed(schedule, version, diff)
        adherence_rebuild_after_commit(schedule=schedule, diff=diff)
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
        version, diff = version_published_change(
            schedule, actor, reason=reason or _("Shift removed")
        )
        notify_week_changed(schedule, version, diff)
        adherence_rebuild_after_commit(schedule=schedule, diff=diff)


@transaction.atomic
def schedule_notices_mark_seen(*, actor: User, person: Person) -> int:
    """The agent has looked at their week: their change notices are seen."""
    if actor.person_id != person.pk:
        raise PermissionDenied
    return ScheduleChangeNotice.objects.filter(person=person, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )
