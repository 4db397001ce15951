"""Self-scheduling: a planner opens a bidding window on a draft schedule of a future period;
agents pick shifts from a pool sized to the requirement, each from their turn until the
window closes; on closing, the generator fills the rest of the draft and keeps every pick.

Pick order (computed when the window opens, stored as turns):

- `rotation`: the site's previous window's order, turned by one: who picked last picks first,
  everyone else one place later. Agents new to the order come after, by employee number; the
  first window of a site follows employee numbers.
- `seniority`: earliest hire date first (ties: employee number).
- `points`: the largest points balance first (ties: seniority). Points are earned when a
  window closes, one for each picked shift on a Saturday or Sunday and one for each picked
  shift starting before 07:00 or ending after 20:00 (site time): the unpopular shifts.

Turns: the first agent's turn starts when the window opens and each next one `turn_minutes`
later (0: everyone at once); from their turn until the window closes an agent picks and drops
shifts. A pick is refused, with the reason in plain words, when the pool has no place left on
that shift, the agent does not serve its queue, already works that day, or the pick would
break a labour rule, their contract's hours or a hard constraint (the engine's
`validate_change` on the picks so far). Two agents taking the last place: the slot is locked
while a pick is judged, so exactly one gets it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_bid, can_manage_bidding
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.engine.schedule.changes import PickShift, validate_change
from floorwalk.engine.schedule.pool import build_pool
from floorwalk.engine.schedule.problem import LabourRules
from floorwalk.engine.schedule.result import Reason
from floorwalk.engine.schedule.shifts import make_shift
from floorwalk.org.models import Person, Site
from floorwalk.scheduling.models import (
    BiddingPolicy,
    BiddingStatus,
    BiddingWindow,
    BidPick,
    BidPoints,
    BidSlot,
    BidTurn,
    GenerationRun,
    Schedule,
    ScheduleStatus,
)
from floorwalk.scheduling.services.schedules import period_bounds

EARLY_BEFORE = time(7)
LATE_AFTER = time(20)
MAX_TURN_MINUTES = 7 * 24 * 60
POOL_SECONDS = 5.0


@dataclass(frozen=True)
class WindowInput:
    opens_at: datetime
    closes_at: datetime
    policy: str
    turn_minutes: int


# ---- pick order -------------------------------------------------------------------------------


def rotation_order(previous: Sequence[int], eligible: Sequence[int]) -> list[int]:
    """`previous` turned by one (its last first), keeping only the eligible; the eligible
    not in it follow in the order given."""
    kept = [pk for pk in previous if pk in set(eligible)]
    turned = kept[-1:] + kept[:-1]
    return turned + [pk for pk in eligible if pk not in set(kept)]


def seniority_key(person: Person) -> tuple[object, str]:
    return (person.hire_date, person.employee_number)


def points_balances(people: Sequence[Person]) -> dict[int, int]:
    """Each person's points balance: the sum of their ledger."""
    rows = (
        BidPoints.objects.filter(person__in=people)
        .values("person_id")
        .annotate(total=Sum("points"))
        .values_list("person_id", "total")
    )
    found = {person.pk: 0 for person in people}
    found.update({pk: int(total or 0) for pk, total in rows})
    return found


def pick_order(site: Site, policy: str, people: Sequence[Person]) -> list[Person]:
    """The people in the order they pick under `policy` (see the module's description)."""
    by_number = sorted(people, key=lambda p: p.employee_number)
    if policy == BiddingPolicy.SENIORITY:
        return sorted(people, key=seniority_key)
    if policy == BiddingPolicy.POINTS:
        balances = points_balances(people)
        return sorted(people, key=lambda p: (-balances[p.pk], *seniority_key(p)))
    last = (
        BiddingWindow.objects.filter(schedule__site=site)
        .order_by("-opens_at", "-pk")
        .prefetch_related("turns")
        .first()
    )
    previous = [t.person_id for t in last.turns.all()] if last else []
    by_pk = {p.pk: p for p in people}
    return [by_pk[pk] for pk in rotation_order(previous, [p.pk for p in by_number])]


def shift_points(start: datetime, end: datetime, zone: ZoneInfo) -> dict[str, int]:
    """The points a picked shift earns: weekend, and early or late (site time)."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    weekend = int(local_start.weekday() >= 5)
    early_late = int(
        local_start.time() < EARLY_BEFORE
        or local_end.date() > local_start.date()
        or local_end.time() > LATE_AFTER
    )
    return {"weekend": weekend, "early_late": early_late}


# ---- opening ----------------------------------------------------------------------------------


def _open_errors(schedule: Schedule, data: WindowInput, now: datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    first_moment, _end = period_bounds(schedule)
    if schedule.status != ScheduleStatus.DRAFT:
        errors["schedule"] = _("Bidding is on a draft; this schedule is published.")
    elif first_moment <= now:
        errors["schedule"] = _("Bidding is for a future period; this schedule has started.")
    elif BiddingWindow.objects.filter(schedule=schedule).exists():
        errors["schedule"] = _("This schedule already has a bidding window.")
    if data.policy not in BiddingPolicy.values:
        errors["policy"] = _("Choose rotation, seniority or points.")
    if not 0 <= data.turn_minutes <= MAX_TURN_MINUTES:
        errors["turn_minutes"] = _("Give 0 to %(most)d minutes between turns.") % {
            "most": MAX_TURN_MINUTES
        }
    if timezone.is_naive(data.opens_at) or timezone.is_naive(data.closes_at):
        errors["opens_at"] = _("Times need a time zone.")
    elif data.closes_at <= data.opens_at:
        errors["closes_at"] = _("The window closes after it opens.")
    elif data.closes_at <= now:
        errors["closes_at"] = _("The window closes in the future.")
    elif data.closes_at > first_moment:
        errors["closes_at"] = _("The window closes before the schedule's first day.")
    return errors


@transaction.atomic
def bidding_window_open(
    *, actor: User, schedule: Schedule, data: WindowInput, now: datetime | None = None
) -> BiddingWindow:
    """Opens a window: the pool from the requirement, the order and each turn's start."""
    from floorwalk.scheduling.engine_input import EngineInputError, build_input, key_pk

    if not can_manage_bidding(actor, schedule.site):
        raise PermissionDenied
    now = now or timezone.now()
    errors = _open_errors(schedule, data, now)
    if errors:
        raise ValidationError(errors)
    try:
        engine = build_input(schedule)
    except EngineInputError as error:
        raise ValidationError({"schedule": str(error)}) from None
    people = pick_order(schedule.site, data.policy, list(engine.people.values()))
    last_turn = data.opens_at + timedelta(minutes=data.turn_minutes * (len(people) - 1))
    if last_turn >= data.closes_at:
        raise ValidationError(
            {
                "turn_minutes": _(
                    "With %(count)d agents the last turn would start at or after the close: "
                    "shorten the turns or close later."
                )
                % {"count": len(people)}
            }
        )
    pool = build_pool(engine.problem, time_limit=POOL_SECONDS)
    window = BiddingWindow.objects.create(
        schedule=schedule,
        policy=data.policy,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        turn_minutes=data.turn_minutes,
        created_by=actor,
        pool_report={
            "shifts": pool.size,
            "required_minutes": {
                str(key_pk(q.id)): sum(q.required) * engine.problem.interval_minutes
                for q in engine.problem.queues
            },
            "uncovered_minutes": {str(key_pk(q)): m for q, m in pool.uncovered_minutes},
        },
    )
    balances = points_balances(people) if data.policy == BiddingPolicy.POINTS else {}
    BidTurn.objects.bulk_create(
        BidTurn(
            window=window,
            person=person,
            position=number,
            starts_at=data.opens_at + timedelta(minutes=data.turn_minutes * (number - 1)),
            points=balances.get(person.pk, 0),
        )
        for number, person in enumerate(people, start=1)
    )
    horizon = engine.horizon
    BidSlot.objects.bulk_create(
        BidSlot(
            window=window,
            template_id=key_pk(slot.template),
            queue_id=key_pk(slot.queue),
            start=horizon.to_datetime(slot.start),
            end=horizon.to_datetime(
                slot.start + engine.problem.template(slot.template).span_minutes
            ),
            capacity=count,
        )
        for slot, count in pool.slots
    )
    audit_record(
        actor=actor,
        instance=window,
        action=AuditAction.CREATE,
        after={
            **snapshot(window, ("schedule", "policy", "opens_at", "closes_at", "turn_minutes")),
            "order": [p.pk for p in people],
            "pool": pool.size,
        },
    )
    return window


# ---- picking ----------------------------------------------------------------------------------


def _slot_label(slot: BidSlot, zone: ZoneInfo) -> str:
    start = slot.start.astimezone(zone)
    return _("%(day)s %(time)s %(template)s shift") % {
        "day": date_format(start, "l"),
        "time": start.strftime("%H:%M"),
        "template": slot.template.name,
    }


def _number(detail: str) -> int:
    found = re.match(r"-?\d+", detail)
    return int(found.group()) if found else 0


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def reason_text(reason: Reason, rules: LabourRules, contract_max: int) -> str:
    """One refusal of a pick in plain words (`rules`: the agent's engine labour rules)."""
    rule, detail = reason.rule or "", reason.detail
    if reason.kind == "already_working":
        return _("you already have a shift that day")
    if reason.kind == "skill":
        return _("it is for a queue you do not serve")
    if reason.kind == "coverage":
        return _("it would leave a queue short")
    texts = {
        "max_consecutive_days": lambda: (
            _("you would work %(days)d days in a row (most %(most)d)")
            % {"days": _number(detail), "most": rules.max_consecutive_days}
        ),
        "min_rest": lambda: (
            _("you would have only %(rest)s hours of rest between shifts (least %(least)s)")
            % {"rest": _hours(_number(detail)), "least": _hours(rules.min_rest_minutes)}
        ),
        "max_minutes_per_week": lambda: (
            _("you would work %(hours)s paid hours that week (most %(most)s)")
            % {"hours": _hours(_number(detail)), "most": _hours(rules.max_minutes_per_week)}
        ),
        "contract_max_week": lambda: (
            _("you would work %(hours)s paid hours that week, more than your contract's %(most)s")
            % {"hours": _hours(_number(detail)), "most": _hours(contract_max)}
        ),
        "min_days_off_per_week": lambda: (
            _("you would have %(off)d days off that week (least %(least)d)")
            % {"off": 7 - _number(detail), "least": rules.min_days_off_per_week}
        ),
        "max_weekends": lambda: (
            _("you would work %(count)d weekends (most %(most)d)")
            % {"count": _number(detail), "most": rules.max_weekends}
        ),
        "max_minutes_per_day": lambda: _("it is longer than your daily maximum"),
        "template_not_allowed": lambda: _("your contract does not include this shift"),
        "unavailable": lambda: _("it overlaps a time you are unavailable"),
        "leave": lambda: _("you are on leave that day"),
        "must_end_by": lambda: _("it ends after the time you must leave that day"),
        "shifts_per_day": lambda: _("you already have a shift that day"),
    }
    text = texts.get(rule)
    return text() if text else _("it breaks a rule (%(rule)s)") % {"rule": rule}


def pick_refusals(window: BiddingWindow, person: Person, slot: BidSlot) -> list[str]:
    """Every reason the person may not take the slot now, in plain words (empty: allowed).
    Places left are counted by the caller under the slot's lock."""
    from floorwalk.scheduling.engine_input import (
        EngineInputError,
        build_input,
        person_key,
        queue_key,
        template_key,
    )

    try:
        engine = build_input(window.schedule)
    except EngineInputError as error:
        return [str(error)]
    key = person_key(person.pk)
    if key not in engine.people:
        return [
            _(
                "You are not among the agents this schedule is built for (a contract and a "
                "queue with a forecast are needed): ask your planner."
            )
        ]
    agent = engine.problem.agent(key)
    label = _slot_label(slot, engine.horizon.zone)
    if queue_key(slot.queue_id) not in agent.skills:
        return [
            _("%(shift)s: it is for %(queue)s, which you do not serve")
            % {"shift": label, "queue": slot.queue.name}
        ]
    horizon, problem = engine.horizon, engine.problem
    picks = BidPick.objects.filter(window=window).select_related("slot")
    shifts = [
        make_shift(
            person_key(p.person_id),
            problem.template(template_key(p.slot.template_id)),
            horizon.to_minute(p.slot.start),
        )
        for p in picks
        if person_key(p.person_id) in engine.people
    ]
    change = PickShift(key, template_key(slot.template_id), horizon.to_minute(slot.start))
    reasons = validate_change(problem, shifts, change)
    # The week's maximum is the contract's when lower: say it once, as the contract's.
    contract_weeks = {r.day for r in reasons if r.rule == "contract_max_week"}
    reasons = tuple(
        r for r in reasons if not (r.rule == "max_minutes_per_week" and r.day in contract_weeks)
    )
    texts: list[str] = []
    for reason in reasons:
        text = reason_text(reason, agent.rules, agent.contract_max_week)
        if text not in texts:
            texts.append(text)
    return [_("%(shift)s: %(reason)s") % {"shift": label, "reason": text} for text in texts]


def _turn_errors(window: BiddingWindow, person: Person, now: datetime) -> str | None:
    zone = ZoneInfo(window.schedule.site.time_zone)
    if window.status != BiddingStatus.OPEN or now >= window.closes_at:
        return _("The bidding window is closed.")
    turn = window.turns.filter(person=person).first()
    if turn is None:
        return _("You have no turn in this bidding window.")
    if now < turn.starts_at:
        return _("Your turn starts %(when)s.") % {
            "when": date_format(turn.starts_at.astimezone(zone), "DATETIME_FORMAT")
        }
    return None


def bidding_pick(*, actor: User, slot: BidSlot, now: datetime | None = None) -> BidPick:
    """Takes a place on the pool shift for the actor, or refuses with every reason."""
    window = slot.window
    if not can_bid(actor, window):
        raise PermissionDenied
    person = actor.person
    if person is None:
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        # The agent's turn, then the slot: one pick at a time per agent and per slot.
        BidTurn.objects.select_for_update().filter(window=window, person=person).first()
        locked = (
            BidSlot.objects.select_for_update().select_related("template", "queue").get(pk=slot.pk)
        )
        problem = _turn_errors(window, person, now)
        if problem:
            raise ValidationError({"slot": problem})
        zone = ZoneInfo(window.schedule.site.time_zone)
        if BidPick.objects.filter(slot=locked, person=person).exists():
            raise ValidationError({"slot": _("You already picked this shift.")})
        if BidPick.objects.filter(slot=locked).count() >= locked.capacity:
            raise ValidationError(
                {
                    "slot": _("%(shift)s: no place is left on it; choose another.")
                    % {"shift": _slot_label(locked, zone)}
                }
            )
        refusals = pick_refusals(window, person, locked)
        if refusals:
            raise ValidationError({"slot": refusals})
        pick = BidPick.objects.create(window=window, slot=locked, person=person)
        audit_record(
            actor=actor,
            instance=pick,
            action=AuditAction.CREATE,
            person=person,
            after={"window": window.pk, "slot": locked.pk, "start": locked.start.isoformat()},
        )
    return pick


def bidding_pick_drop(*, actor: User, pick: BidPick, now: datetime | None = None) -> None:
    """Gives a pick back to the pool while the window is open."""
    window = pick.window
    if actor.person_id != pick.person_id or not can_bid(actor, window):
        raise PermissionDenied
    now = now or timezone.now()
    if now >= window.closes_at:
        raise ValidationError({"pick": _("The bidding window is closed.")})
    with transaction.atomic():
        before = {"window": window.pk, "slot": pick.slot_id}
        audit_record(
            actor=actor, instance=pick, action=AuditAction.DELETE, person=pick.person, before=before
        )
        pick.delete()


# ---- closing ----------------------------------------------------------------------------------


def bidding_points_award(window: BiddingWindow) -> list[BidPoints]:
    """The points ledger's entries for the window's picks (one per agent with points)."""
    zone = ZoneInfo(window.schedule.site.time_zone)
    totals: dict[int, dict[str, int]] = {}
    for pick in window.picks.select_related("slot"):
        earned = shift_points(pick.slot.start, pick.slot.end, zone)
        own = totals.setdefault(pick.person_id, {"weekend": 0, "early_late": 0, "picks": 0})
        own["weekend"] += earned["weekend"]
        own["early_late"] += earned["early_late"]
        own["picks"] += 1
    entries = [
        BidPoints(
            person_id=pk,
            window=window,
            points=detail["weekend"] + detail["early_late"],
            detail=detail,
        )
        for pk, detail in sorted(totals.items())
        if detail["weekend"] + detail["early_late"] > 0
    ]
    return BidPoints.objects.bulk_create(entries)


def bidding_window_close(
    *, actor: User, window: BiddingWindow, time_limit: int = 60, run_now: bool = False
) -> GenerationRun:
    """Closes the window (no more picks), adds the picks' points to the ledger and starts the
    generator on the draft, which keeps every pick. `run_now` generates at once (the command
    line, the demo); otherwise the background worker does."""
    from floorwalk.scheduling.services.generate import (
        schedule_generate,
        schedule_generate_start,
    )

    if not can_manage_bidding(actor, window.schedule.site):
        raise PermissionDenied
    with transaction.atomic():
        locked = BiddingWindow.objects.select_for_update().get(pk=window.pk)
        if locked.status != BiddingStatus.OPEN:
            raise ValidationError({"window": _("This bidding window is already closed.")})
        before = snapshot(locked, ("status",))
        locked.status, locked.closed_at, locked.closed_by = (
            BiddingStatus.CLOSED,
            timezone.now(),
            actor,
        )
        locked.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
        bidding_points_award(locked)
        audit_record(
            actor=actor,
            instance=locked,
            action=AuditAction.UPDATE,
            before=before,
            after={**snapshot(locked, ("status",)), "picks": locked.picks.count()},
            reason=_("Bidding closed"),
        )
        if not run_now:
            run = schedule_generate_start(
                actor=actor, schedule=locked.schedule, time_limit=time_limit
            )
            locked.generation = run
            locked.save(update_fields=["generation", "updated_at"])
    if run_now:
        run = schedule_generate(actor=actor, schedule=locked.schedule, time_limit=time_limit)
        locked.generation = run
        locked.save(update_fields=["generation", "updated_at"])
    window.refresh_from_db()
    return run
