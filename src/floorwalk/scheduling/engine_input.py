"""Between the database and the schedule engine: a schedule's site and period with its
templates, labour rules, contracts, approved constraints and preferences, the agents' skills
and the forecast requirement become the engine's `Problem`; the engine's result becomes shift
rows, the report JSON and unmet-preference rows.

Ids. The engine names things by text: people `p<pk>`, templates `t<pk>`, queues `q<pk>`,
preferences `w<pk>`. `EngineInput` keeps the mapping both ways.

Times. The horizon starts at the site's local midnight of the schedule's first day; minute `m`
is the wall-clock time `m mod 1440` on day `m div 1440` at the site, made an aware datetime in
the site's zone. A day with a daylight-saving change is still 1440 engine minutes: a
requirement interval is placed by its wall-clock time (the repeated hour of an autumn change
keeps the larger figure, the skipped hour of a spring change needs nobody), so an 08:00 shift
stays an 08:00 shift on either side of the change.

Only approved constraints and preferences reach the engine; pending and rejected ones never
do. Agents are the site's active people with the agent role and a contract; their skills are
their queues that have a forecast. A weekend pattern "whole weekends, off or on" has no engine
counterpart and is left out (the report lists it under `not_modelled`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from floorwalk.accounts.models import Role
from floorwalk.engine.schedule import problem as ep
from floorwalk.engine.schedule import result as er
from floorwalk.org.models import Person, PersonStatus, Queue
from floorwalk.scheduling.models import (
    RULE_FIELDS,
    ActivityKind,
    AgentConstraint,
    AgentPreference,
    BiddingStatus,
    BidPick,
    ConstraintKind,
    Contract,
    LabourRules,
    PreferenceKind,
    Schedule,
    ScheduledShift,
    ShiftTemplate,
    UnmetReason,
    WeekendPattern,
)
from floorwalk.scheduling.selectors import approved_requests, constraint_text
from floorwalk.scheduling.services.schedules import ActivitySpec, ShiftSpec, UnmetSpec
from floorwalk.wfm.selectors import interval_requirements

MINUTES_PER_DAY = ep.MINUTES_PER_DAY
DEFAULT_SERVICE_TARGET = 0.8


class EngineInputError(Exception):
    """The schedule cannot be generated; the message says what to set up first."""


def person_key(pk: int) -> str:
    return f"p{pk}"


def template_key(pk: int) -> str:
    return f"t{pk}"


def queue_key(pk: int) -> str:
    return f"q{pk}"


def preference_key(pk: int) -> str:
    return f"w{pk}"


def key_pk(key: str) -> int:
    return int(key[1:])


def _minute_of_day(value: time) -> int:
    return value.hour * 60 + value.minute


@dataclass(frozen=True)
class Horizon:
    """The schedule's period at the site: engine minutes <-> aware datetimes."""

    start_date: date
    days: int
    zone: ZoneInfo

    def to_datetime(self, minute: int) -> datetime:
        day, rest = divmod(minute, MINUTES_PER_DAY)
        local = datetime.combine(self.start_date + timedelta(days=day), time(0), tzinfo=self.zone)
        return local.replace(hour=rest // 60, minute=rest % 60)

    def to_minute(self, moment: datetime) -> int:
        local = moment.astimezone(self.zone)
        day = (local.date() - self.start_date).days
        return day * MINUTES_PER_DAY + local.hour * 60 + local.minute

    def day_date(self, day: int) -> date:
        return self.start_date + timedelta(days=day)


@dataclass(frozen=True)
class EngineInput:
    problem: ep.Problem
    horizon: Horizon
    people: dict[str, Person]
    templates: dict[str, ShiftTemplate]
    queues: dict[str, Queue]
    preferences: dict[str, AgentPreference]
    contracts: dict[str, Contract]
    not_modelled: tuple[int, ...] = ()  # preference pks left out
    skipped_people: tuple[int, ...] = ()  # agents without a contract or a forecast queue
    requirement_starts: dict[str, tuple[datetime, ...]] = field(default_factory=dict)


# ---- database -> problem ---------------------------------------------------------------------


def _requirement(
    schedule: Schedule, horizon: Horizon
) -> tuple[int, list[ep.Queue], dict[int, Queue]]:
    requirements = interval_requirements(
        site=schedule.site, start=schedule.start_date, days=schedule.days
    )
    requirements = [item for item in requirements if item.starts]
    if not requirements:
        raise EngineInputError(
            _(
                "No queue of %(site)s has a forecast for %(start)s to %(end)s: make a forecast "
                "first (Forecasts page)."
            )
            % {
                "site": schedule.site.name,
                "start": schedule.start_date.isoformat(),
                "end": (schedule.start_date + timedelta(days=schedule.days - 1)).isoformat(),
            }
        )
    interval = math.gcd(*(item.interval_minutes for item in requirements))
    slots = schedule.days * MINUTES_PER_DAY // interval
    queues = {q.pk: q for q in Queue.objects.filter(pk__in=[r.queue_id for r in requirements])}
    engine_queues = []
    for item in requirements:
        required = [0] * slots
        volume = [0.0] * slots
        aht = [0.0] * slots
        parts = item.interval_minutes // interval
        for start, vol, handle, staff in zip(
            item.starts,
            item.volume,
            item.aht_seconds,
            item.required_with_shrinkage,
            strict=True,
        ):
            first = horizon.to_minute(start) // interval
            for index in range(first, first + parts):
                if 0 <= index < slots and staff >= required[index]:
                    required[index] = int(staff)
                    volume[index] = float(vol) / parts
                    aht[index] = float(handle)
        engine_queues.append(
            ep.Queue(
                id=queue_key(item.queue_id),
                required=tuple(required),
                volume=tuple(volume),
                aht_seconds=tuple(aht),
                service_target=item.service_level_target or DEFAULT_SERVICE_TARGET,
                answer_within_seconds=float(item.answer_within_seconds),
                concurrency=item.concurrency,
                response_hours=item.response_hours,
                shrinkage=item.shrinkage,
                max_occupancy=item.max_occupancy,
                patience_seconds=item.patience_seconds,
            )
        )
    return interval, engine_queues, queues


def _template(template: ShiftTemplate) -> ep.ShiftTemplate:
    return ep.ShiftTemplate(
        id=template_key(template.pk),
        earliest_start=_minute_of_day(template.earliest_start),
        latest_start=_minute_of_day(template.latest_start),
        start_step=template.start_step_minutes,
        paid_minutes=template.paid_minutes,
        breaks=tuple(
            ep.BreakRule(
                minutes=item.minutes,
                paid=item.paid,
                earliest_offset=item.window_start,
                latest_offset=item.window_end - item.minutes,
            )
            for item in template.breaks.all()
        ),
    )


def _rules(site_rules: LabourRules, contract: Contract, weekends: int) -> ep.LabourRules:
    values = {name: getattr(site_rules, name) for name in RULE_FIELDS}
    for name in RULE_FIELDS:
        own = getattr(contract, name, None)
        if own is not None:
            values[name] = own
    values["max_minutes_per_week"] = min(
        values["max_minutes_per_week"], contract.max_minutes_per_week
    )
    return ep.LabourRules(
        max_minutes_per_day=values["max_minutes_per_day"],
        max_minutes_per_week=values["max_minutes_per_week"],
        min_rest_minutes=values["min_rest_minutes"],
        max_consecutive_days=values["max_consecutive_days"],
        min_days_off_per_week=values["min_days_off_per_week"],
        # The site counts weekends per 4 weeks; the horizon gets its share, rounded up.
        max_weekends=math.ceil(values["max_weekends_per_4_weeks"] * weekends / 4),
    )


def _days_between(horizon: Horizon, first: date | None, last: date | None) -> list[int]:
    if first is None:
        return []
    last = last or first
    return [day for day in range(horizon.days) if first <= horizon.day_date(day) <= last]


def _time_range(day: int, start: time | None, end: time | None) -> ep.TimeRange:
    base = day * MINUTES_PER_DAY
    if start is None:
        return ep.TimeRange(base, base + MINUTES_PER_DAY)
    first = _minute_of_day(start)
    last = _minute_of_day(end) if end is not None else MINUTES_PER_DAY
    if last <= first:
        last += MINUTES_PER_DAY  # overnight
    return ep.TimeRange(base + first, base + last)


@dataclass
class _Hard:
    unavailable: list[ep.TimeRange] = field(default_factory=list)
    leave: set[int] = field(default_factory=set)
    end_by: list[ep.EndBy] = field(default_factory=list)


def _constraints(
    items: list[AgentConstraint], horizon: Horizon, start_weekday: int
) -> dict[int, _Hard]:
    hard: dict[int, _Hard] = defaultdict(_Hard)
    for item in items:
        own = hard[item.person_id]
        kind = ConstraintKind(item.kind)
        if kind is ConstraintKind.UNAVAILABLE_WEEKLY:
            for day in range(horizon.days):
                if (start_weekday + day) % 7 in item.weekdays:
                    own.unavailable.append(_time_range(day, item.start_time, item.end_time))
        elif kind is ConstraintKind.UNAVAILABLE_DATES:
            for day in _days_between(horizon, item.start_date, item.end_date):
                own.unavailable.append(_time_range(day, item.start_time, item.end_time))
        elif kind is ConstraintKind.LEAVE:
            own.leave.update(_days_between(horizon, item.start_date, item.end_date))
        elif kind is ConstraintKind.LEAVE_BY and item.end_time is not None:
            own.end_by.append(ep.EndBy(tuple(sorted(item.weekdays)), _minute_of_day(item.end_time)))
    return hard


def _preference(
    item: AgentPreference, horizon: Horizon, templates: dict[str, ShiftTemplate]
) -> ep.Preference | None:
    key, weight = preference_key(item.pk), item.weight
    kind = PreferenceKind(item.kind)
    if kind is PreferenceKind.SHIFT_TEMPLATE:
        if item.template_id is None or template_key(item.template_id) not in templates:
            return None
        return ep.PreferredTemplates(key, weight, (template_key(item.template_id),))
    if kind is PreferenceKind.START_BETWEEN:
        if item.start_time is None or item.end_time is None:
            return None
        return ep.PreferredStart(
            key, weight, _minute_of_day(item.start_time), _minute_of_day(item.end_time)
        )
    if kind is PreferenceKind.DAY_OFF_WEEKDAY:
        return None if item.weekday is None else ep.DayOffOnWeekday(key, weight, item.weekday)
    if kind is PreferenceKind.DAY_OFF_DATE:
        days = _days_between(horizon, item.on_date, item.on_date)
        return ep.DayOffOnDate(key, weight, days[0]) if days else None
    pattern = WeekendPattern(item.weekend_pattern) if item.weekend_pattern else None
    if pattern is WeekendPattern.ALTERNATE:
        return ep.WeekendsOff(key, weight, every_other=True)
    if pattern is WeekendPattern.SATURDAYS_OFF:
        return ep.DayOffOnWeekday(key, weight, ep.SATURDAY)
    if pattern is WeekendPattern.SUNDAYS_OFF:
        return ep.DayOffOnWeekday(key, weight, ep.SUNDAY)
    return None


def _in_horizon(item: AgentPreference, horizon: Horizon) -> bool:
    """A preference for a date outside the period is not this schedule's business."""
    if item.kind == PreferenceKind.DAY_OFF_DATE:
        return bool(_days_between(horizon, item.on_date, item.on_date))
    return True


def build_input(
    schedule: Schedule,
    *,
    fixed: bool = False,
    ledger: dict[int, float] | None = None,
) -> EngineInput:
    """The engine's problem for the schedule's site and period. With `fixed`, the schedule's
    current shifts that have a template must be kept. `ledger` gives each person's fairness
    balance (person pk -> balance) carried in from earlier periods."""
    site = schedule.site
    zone = ZoneInfo(site.time_zone)
    horizon = Horizon(schedule.start_date, schedule.days, zone)
    interval, engine_queues, queues = _requirement(schedule, horizon)
    template_rows = list(
        ShiftTemplate.objects.filter(site=site, is_active=True).prefetch_related("breaks")
    )
    if not template_rows:
        raise EngineInputError(
            _("%(site)s has no shift templates in use: add templates first.") % {"site": site.name}
        )
    templates = {template_key(t.pk): t for t in template_rows}
    engine_templates = tuple(_template(t) for t in template_rows)
    site_rules = LabourRules.objects.filter(site=site).first() or LabourRules(site=site)
    start_weekday = schedule.start_date.weekday()
    constraints, preferences = approved_requests(site=site)
    candidates = list(
        Person.objects.filter(
            site=site, status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT
        )
        .distinct()
        .prefetch_related("queues")
        .order_by("pk")
    )
    contracts = {
        c.person_id: c
        for c in Contract.objects.filter(person__in=candidates).prefetch_related(
            "allowed_templates"
        )
    }
    queue_keys = {queue_key(pk) for pk in queues}
    hard = _constraints(list(constraints), horizon, start_weekday)
    wishes: dict[int, list[AgentPreference]] = defaultdict(list)
    for item in preferences:
        wishes[item.person_id].append(item)
    draft_problem = ep.Problem(
        days=schedule.days,
        interval_minutes=interval,
        queues=tuple(engine_queues),
        templates=engine_templates,
        agents=(),
        start_weekday=start_weekday,
    )
    weekends = len(draft_problem.weekends())
    agents, people, used_prefs, not_modelled, skipped = [], {}, {}, [], []
    contract_of: dict[str, Contract] = {}
    for person in candidates:
        skills = tuple(sorted(queue_key(q.pk) for q in person.queues.all()))
        skills = tuple(s for s in skills if s in queue_keys)
        contract = contracts.get(person.pk)
        if contract is None or not skills:
            skipped.append(person.pk)
            continue
        key = person_key(person.pk)
        allowed = tuple(
            sorted(
                template_key(t.pk)
                for t in contract.allowed_templates.all()
                if template_key(t.pk) in templates
            )
        )
        if contract.allowed_templates.exists() and not allowed:
            skipped.append(person.pk)
            continue
        own_prefs = []
        for item in wishes.get(person.pk, []):
            if not _in_horizon(item, horizon):
                continue
            converted = _preference(item, horizon, templates)
            if converted is None:
                not_modelled.append(item.pk)
                continue
            own_prefs.append(converted)
            used_prefs[converted.id] = item
        limits = hard.get(person.pk, _Hard())
        agents.append(
            ep.Agent(
                id=key,
                skills=skills,
                contract_min_week=contract.min_minutes_per_week,
                contract_max_week=contract.max_minutes_per_week,
                rules=_rules(site_rules, contract, weekends),
                templates=allowed,
                unavailable=tuple(limits.unavailable),
                leave_days=tuple(sorted(limits.leave)),
                must_end_by=tuple(limits.end_by),
                preferences=tuple(own_prefs),
                fairness_balance=float((ledger or {}).get(person.pk, 0.0)),
            )
        )
        people[key] = person
        contract_of[key] = contract
    if not agents:
        raise EngineInputError(
            _(
                "%(site)s has no active agents with a contract and a forecast queue among "
                "their skills: add contracts and queues first."
            )
            % {"site": site.name}
        )
    fixed_shifts: tuple[ep.FixedShift, ...] = ()
    if fixed:
        fixed_shifts = tuple(
            ep.FixedShift(s.agent, s.template, s.start)
            for s in current_shifts(schedule, horizon=horizon)
            if s.agent in people and s.template in templates
        )
    fixed_shifts = _with_bidding_picks(schedule, horizon, fixed_shifts, people, templates)
    problem = ep.Problem(
        days=schedule.days,
        interval_minutes=interval,
        queues=tuple(engine_queues),
        templates=engine_templates,
        agents=tuple(agents),
        fixed=fixed_shifts,
        start_weekday=start_weekday,
    )
    return EngineInput(
        problem=problem,
        horizon=horizon,
        people=people,
        templates=templates,
        queues={queue_key(pk): q for pk, q in queues.items()},
        preferences=used_prefs,
        contracts=contract_of,
        not_modelled=tuple(not_modelled),
        skipped_people=tuple(skipped),
    )


def _with_bidding_picks(
    schedule: Schedule,
    horizon: Horizon,
    fixed: tuple[ep.FixedShift, ...],
    people: dict[str, Person],
    templates: dict[str, ShiftTemplate],
) -> tuple[ep.FixedShift, ...]:
    """The picks of the schedule's closed bidding window are kept by every generation."""
    picks = BidPick.objects.filter(
        window__schedule=schedule, window__status=BiddingStatus.CLOSED
    ).select_related("slot")
    found = list(fixed)
    for pick in picks.order_by("slot__start", "pk"):
        item = ep.FixedShift(
            person_key(pick.person_id),
            template_key(pick.slot.template_id),
            horizon.to_minute(pick.slot.start),
        )
        if item.agent in people and item.template in templates and item not in found:
            found.append(item)
    return tuple(found)


def current_shifts(schedule: Schedule, *, horizon: Horizon | None = None) -> tuple[er.Shift, ...]:
    """The schedule's stored shifts as engine shifts (for `validate_change` or as fixed
    shifts): breaks from their break and lunch activities, queue minutes from their work."""
    horizon = horizon or Horizon(
        schedule.start_date, schedule.days, ZoneInfo(schedule.site.time_zone)
    )
    shifts = []
    rows = ScheduledShift.objects.filter(schedule=schedule).prefetch_related("activities")
    for row in rows.order_by("start", "person_id", "pk"):
        template = row.template
        paid_by_minutes: dict[int, list[bool]] = defaultdict(list)
        if template is not None:
            for rule in template.breaks.all():
                paid_by_minutes[rule.minutes].append(rule.paid)
        breaks: list[er.PlacedBreak] = []
        queue_minutes: dict[str, int] = defaultdict(int)
        for item in sorted(row.activities.all(), key=lambda a: a.start):
            minutes = int((item.end - item.start).total_seconds() // 60)
            if item.kind in (ActivityKind.BREAK, ActivityKind.LUNCH):
                known = paid_by_minutes.get(minutes)
                paid = known.pop(0) if known else item.kind == ActivityKind.BREAK
                breaks.append(er.PlacedBreak(horizon.to_minute(item.start), minutes, paid))
            elif item.kind == ActivityKind.WORK:
                served = item.queue_id or row.queue_id
                if served is not None:
                    queue_minutes[queue_key(served)] += minutes
        if not row.activities.exists() and row.queue_id:
            queue_minutes[queue_key(row.queue_id)] = int(
                (row.end - row.start).total_seconds() // 60
            )
        shifts.append(
            er.Shift(
                agent=person_key(row.person_id),
                template=template_key(row.template_id) if row.template_id else "",
                start=horizon.to_minute(row.start),
                end=horizon.to_minute(row.end),
                breaks=tuple(breaks),
                queue_minutes=tuple(sorted(queue_minutes.items())),
            )
        )
    return tuple(shifts)


# ---- result -> database -----------------------------------------------------------------------


def shift_specs(data: EngineInput, shifts: tuple[er.Shift, ...]) -> list[ShiftSpec]:
    """Engine shifts as rows: work segments on the shift's main queue between its breaks (a
    paid break reads as a break, an unpaid one as lunch)."""
    horizon = data.horizon
    specs = []
    for shift in shifts:
        main = max(shift.queue_minutes, key=lambda item: item[1], default=None)
        queue_id = key_pk(main[0]) if main and main[1] > 0 else None
        activities, cursor = [], shift.start
        for item in sorted(shift.breaks, key=lambda b: b.start):
            if item.start > cursor:
                activities.append(
                    ActivitySpec(
                        ActivityKind.WORK,
                        horizon.to_datetime(cursor),
                        horizon.to_datetime(item.start),
                        queue_id,
                    )
                )
            kind = ActivityKind.BREAK if item.paid else ActivityKind.LUNCH
            activities.append(
                ActivitySpec(
                    kind,
                    horizon.to_datetime(item.start),
                    horizon.to_datetime(item.start + item.minutes),
                )
            )
            cursor = item.start + item.minutes
        if cursor < shift.end:
            activities.append(
                ActivitySpec(
                    ActivityKind.WORK,
                    horizon.to_datetime(cursor),
                    horizon.to_datetime(shift.end),
                    queue_id,
                )
            )
        specs.append(
            ShiftSpec(
                person_id=key_pk(shift.agent),
                start=horizon.to_datetime(shift.start),
                end=horizon.to_datetime(shift.end),
                template_id=key_pk(shift.template) if shift.template else None,
                queue_id=queue_id,
                activities=tuple(activities),
            )
        )
    return specs


def _hm(minute: int) -> str:
    rest = minute % MINUTES_PER_DAY
    return f"{rest // 60:02d}:{rest % 60:02d}"


RULE_LABELS = {
    "max_minutes_per_day": _("most minutes a day"),
    "max_minutes_per_week": _("most minutes a week"),
    "min_rest": _("least rest between shifts"),
    "max_consecutive_days": _("most consecutive working days"),
    "min_days_off_per_week": _("least days off a week"),
    "max_weekends": _("most weekends worked"),
    "shifts_per_day": _("one shift a day"),
    "contract_max_week": _("most contract minutes a week"),
    "template_not_allowed": _("shift templates allowed by the contract"),
    "start_not_allowed": _("the template's start times"),
    "skill": _("skills"),
    "no_shift_allowed": _("no shift fits that day"),
}


def _constraint_of(data: EngineInput, agent: str, rule: str) -> str:
    person = data.people[agent]
    kinds = {
        "unavailable": (ConstraintKind.UNAVAILABLE_WEEKLY, ConstraintKind.UNAVAILABLE_DATES),
        "leave": (ConstraintKind.LEAVE,),
        "must_end_by": (ConstraintKind.LEAVE_BY,),
    }[rule]
    constraints, _prefs = approved_requests(site=person.site)
    found = constraints.filter(person=person, kind__in=kinds).first()
    return constraint_text(found) if found else rule


def unmet_spec(data: EngineInput, item: er.UnmetPreference) -> UnmetSpec:
    """One engine reason in the database's reason kinds (shapes: docs/scheduling.md)."""
    preference = data.preferences[item.preference_id]
    kind, payload = reason_spec(data, item.reason, item.agent)
    return UnmetSpec(preference.pk, kind, payload)


def reason_spec(data: EngineInput, reason: er.Reason, agent: str) -> tuple[str, dict[str, Any]]:
    """An engine reason about `agent` as a reason kind and its data, as `unmet_reason_text`
    words it (shapes: docs/scheduling.md); also used for refused swaps and offers."""
    horizon = data.horizon
    if reason.kind == "coverage" and reason.start is not None and reason.end is not None:
        day = reason.start // MINUTES_PER_DAY
        payload: dict[str, Any] = {
            "day": horizon.day_date(day).isoformat(),
            "start": _hm(reason.start),
            "end": _hm(reason.end),
            "service_level": (
                round(reason.service_level, 4) if reason.service_level is not None else None
            ),
        }
        if reason.queue and reason.queue in data.queues:
            payload["queue"] = data.queues[reason.queue].name
        if reason.target is not None:
            payload["target"] = reason.target
        if reason.response_hours is not None:
            payload["within_hours"] = reason.response_hours
        return UnmetReason.COVERAGE, payload
    if reason.kind == "rule":
        rule = reason.rule or ""
        if rule == "contract_min_week":
            contract = data.contracts[agent]
            return UnmetReason.CONTRACT, {"minutes": contract.min_minutes_per_week}
        if rule in ("unavailable", "leave", "must_end_by"):
            return UnmetReason.CONSTRAINT, {"constraint": _constraint_of(data, agent, rule)}
        return UnmetReason.LABOUR_RULE, {"rule": str(RULE_LABELS.get(rule, rule))}
    if reason.kind == "preference" and reason.preference_id in data.preferences:
        from floorwalk.scheduling.selectors import preference_text

        other = data.preferences[reason.preference_id]
        return UnmetReason.OTHER, {
            "text": _("it would cost your other wish: %(wish)s") % {"wish": preference_text(other)}
        }
    if reason.kind == "fixed":
        return UnmetReason.OTHER, {"text": _("that day holds a shift you picked beforehand")}
    if reason.kind == "fairness":
        return UnmetReason.FAIRNESS, {}
    return UnmetReason.OTHER, {"text": _("the search ran out of time before it could be granted")}


def unmet_specs(data: EngineInput, unmet: tuple[er.UnmetPreference, ...]) -> list[UnmetSpec]:
    """One row per preference: the reason of its first refused day, with every refused day
    listed in `days`."""
    by_pref: dict[str, list[er.UnmetPreference]] = defaultdict(list)
    for item in unmet:
        if item.preference_id in data.preferences:
            by_pref[item.preference_id].append(item)
    specs = []
    for items in by_pref.values():
        items.sort(key=lambda entry: (entry.day is None, entry.day or 0))
        spec = unmet_spec(data, items[0])
        days = sorted(
            {
                data.horizon.day_date(entry.day).isoformat()
                for entry in items
                if entry.day is not None
            }
        )
        specs.append(
            UnmetSpec(spec.preference_id, spec.reason_kind, {**spec.reason_data, "days": days})
        )
    return specs


def report_json(data: EngineInput, result: er.Schedule) -> dict[str, Any]:
    """The engine's result as `Schedule.report` (shape in docs/scheduling.md)."""
    problem, horizon = data.problem, data.horizon
    coverage = []
    for queue in result.coverage:
        for index, (scheduled, required, level) in enumerate(
            zip(queue.scheduled, queue.required, queue.service_level, strict=True)
        ):
            if not required and not scheduled:
                continue
            coverage.append(
                {
                    "start": horizon.to_datetime(index * problem.interval_minutes).isoformat(),
                    "queue": key_pk(queue.queue),
                    "required": required,
                    "scheduled": round(scheduled, 3),
                    "service_level": round(level, 4),
                }
            )
    coverage.sort(key=lambda row: (row["start"], row["queue"]))
    satisfaction = [
        {
            "person": key_pk(row.agent),
            "score": round(row.satisfaction, 4),
            "points_granted": row.granted_weight,
            "points_requested": row.requested_weight,
            "fairness_balance": round(row.fairness_balance, 4),
            "next_balance": round(row.next_balance, 4),
        }
        for row in result.satisfaction
    ]
    scores = [row["score"] for row in satisfaction]
    return {
        "interval_minutes": problem.interval_minutes,
        "coverage": coverage,
        "satisfaction": satisfaction,
        "summary": {
            "status": result.status,
            "under_coverage_minutes": result.under_minutes,
            "over_coverage_minutes": result.over_minutes,
            "mean_satisfaction": round(sum(scores) / len(scores), 4) if scores else None,
            "worst_satisfaction": min(scores) if scores else None,
            "gap": round(max((s.gap for s in result.stages), default=0.0), 4),
            "seconds": round(result.seconds, 2),
            "agents": len(problem.agents),
            "shifts": len(result.shifts),
        },
        "stages": [
            {
                "name": s.name,
                "status": s.status,
                "objective": s.objective,
                "bound": s.bound,
                "gap": round(s.gap, 4),
                "seconds": round(s.seconds, 2),
            }
            for s in result.stages
        ],
        "ledger": {str(key_pk(agent)): round(value, 4) for agent, value in result.ledger.items()},
        "not_modelled": list(data.not_modelled),
        "skipped_people": list(data.skipped_people),
    }
