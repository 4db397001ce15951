"""The demo's scheduling set-up: three shift templates with breaks and the labour rules for
every site, a contract for every current agent (one in ten part-time), and for the demo
leader's team the agents' own constraints and preferences: some approved by the leader, some
rejected with a reason, the rest waiting in the leader's approval queue. Schedules come from
the generator, so none is loaded here."""

from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import permutations, product
from zoneinfo import ZoneInfo

from django.db import transaction

from floorwalk.accounts.models import Role, User
from floorwalk.org.models import Person, PersonStatus, Site
from floorwalk.scheduling.models import RULE_FIELDS, Schedule, ScheduledShift, ShiftTemplate
from floorwalk.scheduling.services import (
    BreakSpec,
    ConstraintInput,
    ContractInput,
    PreferenceInput,
    ShiftTemplateInput,
    agent_constraint_create,
    agent_preference_create,
    contract_set,
    labour_rules_set,
    schedule_request_decide,
    shift_template_create,
)

BREAKS = (
    BreakSpec("break", 15, True, 60, 150),
    BreakSpec("lunch", 30, False, 180, 300),
    BreakSpec("break", 15, True, 330, 420),
)
# Eight paid hours and an unpaid half-hour lunch; the late shift ends by 20:00, when the
# floor closes, and an early one at 07:00 lets those who must leave by 15:50 work.
TEMPLATES = (
    ("Early", time(7), time(8, 30)),
    ("Day", time(9), time(10)),
    ("Late", time(10, 30), time(11, 30)),
)
PAID_MINUTES = 480
PART_TIME_EVERY = 10  # one agent in ten works part-time
RULES = dict(
    zip(RULE_FIELDS, (600, 2400, 660, 5, 2, 2), strict=True)
)  # 10 h a day, 40 h a week, 11 h rest, 5 days in a row, 2 days off, 2 weekends in 4


@dataclass(frozen=True)
class SchedulingDemoResult:
    templates: int
    contracts: int
    constraints: int
    preferences: int
    pending: int


def _site_agents(site: Site) -> list[Person]:
    return list(
        Person.objects.filter(
            site=site, role_assignments__role=Role.AGENT, status=PersonStatus.ACTIVE
        )
        .distinct()
        .order_by("employee_number")
    )


def _wishes(index: int, templates: list[ShiftTemplate], today: date):
    """A deterministic mix: who must leave early, who is on leave, what each would like."""
    constraints: list[ConstraintInput] = []
    if index % 4 == 0:
        constraints.append(
            ConstraintInput(kind="leave_by", weekdays=(0, 1, 2, 3, 4), end_time=time(15, 50))
        )
    if index % 5 == 1:
        first = today + timedelta(days=14 + index)
        constraints.append(
            ConstraintInput(kind="leave", start_date=first, end_date=first + timedelta(days=4))
        )
    if index % 6 == 2:
        constraints.append(
            ConstraintInput(
                kind="unavailable_weekly", weekdays=(2,), start_time=time(17), end_time=time(21)
            )
        )
    preferences = [
        PreferenceInput(kind="day_off_weekday", weight=30 + 5 * (index % 3), weekday=index % 5),
        PreferenceInput(
            kind="shift_template", weight=25, template_id=templates[index % len(templates)].pk
        ),
    ]
    if index % 2 == 0:
        preferences.append(
            PreferenceInput(kind="weekend_pattern", weight=20, weekend_pattern="alternate")
        )
    else:
        preferences.append(
            PreferenceInput(
                kind="start_between", weight=20, start_time=time(8), end_time=time(9, 30)
            )
        )
    return constraints, preferences


@transaction.atomic
def scheduling_demo_load(*, today: date) -> SchedulingDemoResult:
    """Through the same services as the pages (validation, audit trail)."""
    admin = User.objects.get(username="admin")
    planner = User.objects.filter(username="planner").first() or admin
    leader = User.objects.filter(username="leader").select_related("person").first()
    counts = {"templates": 0, "contracts": 0, "constraints": 0, "preferences": 0, "pending": 0}
    for site in Site.objects.order_by("name"):
        actor = planner if planner.person and planner.person.site_id == site.pk else admin
        templates = [
            shift_template_create(
                actor=actor,
                site=site,
                data=ShiftTemplateInput(name, earliest, latest, 30, PAID_MINUTES, BREAKS),
            )
            for name, earliest, latest in TEMPLATES
        ]
        counts["templates"] += len(templates)
        labour_rules_set(actor=actor, site=site, values=RULES)
        for index, agent in enumerate(_site_agents(site)):
            part_time = index % PART_TIME_EVERY == PART_TIME_EVERY - 1
            contract_set(
                actor=actor,
                person=agent,
                data=ContractInput(
                    min_minutes_per_week=1440 if part_time else 2400,
                    max_minutes_per_week=1920 if part_time else 2400,
                    template_ids=tuple(item.pk for item in templates[:2]) if part_time else (),
                ),
            )
            counts["contracts"] += 1
    if leader is None or leader.person is None:
        return SchedulingDemoResult(**counts)
    team_agents = Person.objects.filter(
        team__leader=leader.person, role_assignments__role=Role.AGENT, status=PersonStatus.ACTIVE
    ).exclude(pk=leader.person.pk)
    templates = list(ShiftTemplate.objects.filter(site_id=leader.person.site_id))
    agents = list(team_agents.distinct().order_by("employee_number"))
    users = {user.person_id: user for user in User.objects.filter(person__in=agents)}
    for index, agent in enumerate(agents):
        user = users.get(agent.pk)
        if user is None:
            continue
        constraints, preferences = _wishes(index, templates, today)
        items = [
            agent_constraint_create(actor=user, person=agent, data=data) for data in constraints
        ] + [agent_preference_create(actor=user, person=agent, data=data) for data in preferences]
        counts["constraints"] += len(constraints)
        counts["preferences"] += len(preferences)
        # The leader has decided on the first agents' wishes; the rest wait in the queue.
        for number, item in enumerate(items):
            if index % 3 == 2:
                counts["pending"] += 1
            elif index % 3 == 1 and number == len(items) - 1:
                schedule_request_decide(
                    actor=leader,
                    item=item,
                    approve=False,
                    reason="Two of the team already have this; let's talk about it at our 1:1.",
                )
            else:
                schedule_request_decide(actor=leader, item=item, approve=True)
    return SchedulingDemoResult(**counts)


@dataclass(frozen=True)
class GeneratedDemoResult:
    schedule: int | None
    shifts: int
    unmet: int
    message: str


DEMO_TIME_LIMIT = 8  # seconds: the whole demo stays under a minute


def schedule_demo_generate(*, today: date) -> GeneratedDemoResult:
    """Generates and publishes the demo site's next week (from the Monday on or after
    `today`) with a short time limit, as the demo planner; some agents' wishes come back
    refused with their reasons."""
    from floorwalk.scheduling.services import (
        schedule_create_draft,
        schedule_generate,
        schedule_publish,
    )

    planner = User.objects.filter(username="planner", person__isnull=False).first()
    if planner is None or planner.person is None:
        return GeneratedDemoResult(None, 0, 0, "no demo planner")
    site = planner.person.site
    monday = today + timedelta(days=(7 - today.weekday()) % 7)
    schedule = schedule_create_draft(actor=planner, site=site, start_date=monday, days=7)
    run = schedule_generate(actor=planner, schedule=schedule, time_limit=DEMO_TIME_LIMIT)
    if run.status != "done":
        return GeneratedDemoResult(schedule.pk, 0, 0, run.message)
    schedule_publish(actor=planner, schedule=schedule)
    return GeneratedDemoResult(
        schedule.pk, schedule.shifts.count(), schedule.unmet.count(), run.summary["status"]
    )


STATE_OF_ACTIVITY = {"work": "on_contact", "break": "break", "lunch": "lunch"}


def schedule_demo_past_week(
    *, schedule_id: int | None, today: date, seed: int = 7
) -> tuple[int, int]:
    """The generated week's shifts repeated in the last full week before `today` and
    published, with agent states that mostly follow them (some late starts and long lunches),
    so adherence has a week to show. Returns (shifts, states)."""
    import random
    from datetime import datetime

    from floorwalk.metrics.adherence.services import adherence_rebuild
    from floorwalk.metrics.models import AgentStateEvent
    from floorwalk.scheduling.models import Schedule
    from floorwalk.scheduling.services import (
        ActivitySpec,
        ShiftSpec,
        schedule_create_draft,
        schedule_draft_replace_shifts,
        schedule_publish,
    )

    planner = User.objects.filter(username="planner", person__isnull=False).first()
    if planner is None or schedule_id is None:
        return 0, 0
    upcoming = Schedule.objects.filter(pk=schedule_id).select_related("site").first()
    if upcoming is None:
        return 0, 0
    past_monday = today - timedelta(days=today.weekday() + 7)
    week = upcoming.start_date - past_monday
    shifts = list(upcoming.shifts.prefetch_related("activities").order_by("start", "pk"))
    specs = [
        ShiftSpec(
            person_id=shift.person_id,
            start=shift.start - week,
            end=shift.end - week,
            template_id=shift.template_id,
            queue_id=shift.queue_id,
            activities=tuple(
                ActivitySpec(item.kind, item.start - week, item.end - week, item.queue_id)
                for item in shift.activities.all()
            ),
        )
        for shift in shifts
    ]
    past = schedule_create_draft(actor=planner, site=upcoming.site, start_date=past_monday, days=7)
    schedule_draft_replace_shifts(actor=planner, schedule=past, shifts=specs)
    schedule_publish(actor=planner, schedule=past)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    now = datetime.now().astimezone()
    states: list[AgentStateEvent] = []
    for spec in specs:
        late = timedelta(minutes=rng.choice((0, 0, 0, 2, 5, 12)))
        long_lunch = timedelta(minutes=rng.choice((0, 0, 0, 10)))
        for number, item in enumerate(sorted(spec.activities, key=lambda a: a.start)):
            start = item.start + (late if number == 0 else timedelta(0))
            end = item.end + (long_lunch if item.kind == "lunch" else timedelta(0))
            if states and states[-1].agent_id == spec.person_id and states[-1].ended_at > start:
                start = states[-1].ended_at
            if end <= start or end > now:
                continue
            states.append(
                AgentStateEvent(
                    source="demo",
                    agent_id=spec.person_id,
                    state=STATE_OF_ACTIVITY.get(item.kind, "available"),
                    started_at=start,
                    ended_at=end,
                )
            )
    AgentStateEvent.objects.bulk_create(states)
    adherence_rebuild(
        people=Person.objects.filter(pk__in={spec.person_id for spec in specs}),
        days=[past.start_date + timedelta(days=n) for n in range(7)],
    )
    return len(specs), len(states)


@dataclass(frozen=True)
class BiddingDemoResult:
    window: int | None
    places: int
    picks: int
    message: str


DEMO_TURN_MINUTES = 30
DEMO_EARLY_BIDDERS = 6  # agents whose turn has started before the demo agent's
DEMO_PICKS_EACH = 2


def bidding_demo_open(*, today: date) -> BiddingDemoResult:
    """An open bidding window on a draft of the week after next at the demo planner's site,
    in rotation order with turns half an hour apart: the first agents have picked a few
    shifts, and the demo agent's turn has started."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from floorwalk.scheduling.engine_input import EngineInputError, build_input
    from floorwalk.scheduling.models import BiddingWindow
    from floorwalk.scheduling.services import (
        WindowInput,
        bidding_pick,
        bidding_window_open,
        pick_order,
        schedule_create_draft,
    )

    planner = User.objects.filter(username="planner", person__isnull=False).first()
    agent_user = User.objects.filter(username="agent", person__isnull=False).first()
    if planner is None or planner.person is None or agent_user is None:
        return BiddingDemoResult(None, 0, 0, "no demo planner or agent")
    site = planner.person.site
    monday = today + timedelta(days=(7 - today.weekday()) % 7 + 7)
    existing = BiddingWindow.objects.filter(
        schedule__site=site, schedule__start_date=monday
    ).first()
    if existing is not None:
        return BiddingDemoResult(existing.pk, 0, existing.picks.count(), "already open")
    schedule = schedule_create_draft(actor=planner, site=site, start_date=monday, days=7)
    try:
        people = pick_order(site, "rotation", list(build_input(schedule).people.values()))
    except EngineInputError as error:
        return BiddingDemoResult(None, 0, 0, str(error))
    position = next((n for n, p in enumerate(people) if p.pk == agent_user.person_id), 0)
    zone = ZoneInfo(site.time_zone)
    # The demo's day is normally today; a demo of another day opens the window on that day.
    now = timezone.now()
    if timezone.localdate(now, zone) != today:
        now = datetime.combine(today, time(9), tzinfo=zone)
    started = max(position, DEMO_EARLY_BIDDERS)
    first_moment = datetime.combine(monday, time(0), tzinfo=zone)
    try:
        window = bidding_window_open(
            actor=planner,
            schedule=schedule,
            data=WindowInput(
                opens_at=now - timedelta(minutes=10 + DEMO_TURN_MINUTES * started),
                closes_at=min(now + timedelta(days=3), first_moment - timedelta(hours=12)),
                policy="rotation",
                turn_minutes=DEMO_TURN_MINUTES,
            ),
            now=now,
        )
    except ValidationError as error:
        return BiddingDemoResult(None, 0, 0, " ".join(error.messages))
    slots = list(window.slots.select_related("window").order_by("start", "pk"))
    users = {
        user.person_id: user
        for user in User.objects.filter(
            person__in=[p for p in people if p.pk != agent_user.person_id]
        )
    }
    picks = 0
    bidders = [p for p in people[: started + 1] if p.pk in users][:DEMO_EARLY_BIDDERS]
    for number, person in enumerate(bidders):
        taken = 0
        # Each starts on a different day, so the picks spread over the week.
        ordered = slots[number * 3 :] + slots[: number * 3]
        for slot in ordered:
            if taken == DEMO_PICKS_EACH:
                break
            try:
                bidding_pick(actor=users[person.pk], slot=slot, now=now)
            except ValidationError:
                continue
            taken += 1
        picks += taken
    return BiddingDemoResult(window.pk, window.pool_report.get("shifts", 0), picks, "open")


@dataclass(frozen=True)
class SwapsDemoResult:
    approved: int
    pending: int
    offers: int


def schedule_demo_swaps(*, schedule_id: int | None, today: date) -> SwapsDemoResult:
    """On the published next week, among the demo leader's agents: a swap the checks allow
    (approved at once, so the schedule has a second version), a swap the checks send to the
    leader with their reasons, and an open offer on the site's board. Through the services,
    as of the demo's `today`; a schedule that already has swaps is left as it is."""
    from datetime import datetime

    from floorwalk.scheduling.models import ShiftTrade, TradeStatus
    from floorwalk.scheduling.services import shift_offer, shift_swap_propose, shift_trade_accept

    nothing = SwapsDemoResult(0, 0, 0)
    leader = User.objects.filter(username="leader").select_related("person").first()
    schedule = Schedule.objects.filter(pk=schedule_id or 0).select_related("site").first()
    if schedule is None or leader is None or leader.person is None:
        return nothing
    if ShiftTrade.objects.filter(schedule=schedule).exists():
        return nothing
    moment = datetime.combine(today, time(0), tzinfo=ZoneInfo(schedule.site.time_zone))
    users: dict[int, User] = {}
    logins = User.objects.filter(
        person__team__leader=leader.person,
        person__status=PersonStatus.ACTIVE,
        person__role_assignments__role=Role.AGENT,
        is_active=True,
    ).exclude(person=leader.person)
    for user in logins.distinct():
        if user.person_id is not None:
            users[user.person_id] = user
    counts = {"approved": 0, "pending": 0, "offers": 0}
    for want_reasons in (False, True):
        pair = _demo_swap(schedule, sorted(users), want_reasons=want_reasons)
        if pair is None:
            continue
        mine, theirs = pair
        trade = shift_swap_propose(
            actor=users[mine.person_id],
            shift=mine,
            other_shift=theirs,
            note="Could we swap? I have a family thing that day.",
            at=moment,
        )
        done = shift_trade_accept(actor=users[theirs.person_id], trade=trade, at=moment)
        counts["pending" if done.status == TradeStatus.PENDING else "approved"] += 1
    busy = set(
        ShiftTrade.objects.filter(schedule=schedule).values_list("shift_id", flat=True)
    ) | set(ShiftTrade.objects.filter(schedule=schedule).values_list("other_shift_id", flat=True))
    for shift in schedule.shifts.filter(person_id__in=list(users)).order_by("-start", "pk"):
        if shift.pk not in busy:
            shift_offer(
                actor=users[shift.person_id],
                shift=shift,
                note="Anyone fancy this one? I'd rather have the day off.",
                at=moment,
            )
            counts["offers"] += 1
            break
    return SwapsDemoResult(**counts)


def _demo_swap(
    schedule: Schedule, people: list[int], *, want_reasons: bool
) -> tuple[ScheduledShift, ScheduledShift] | None:
    """The first two shifts of different times (first person's, second's) whose swap the
    engine allows (or, with `want_reasons`, refuses)."""
    from floorwalk.engine.schedule.changes import SwapShifts, validate_change
    from floorwalk.scheduling.engine_input import build_input, current_shifts, person_key

    data = build_input(schedule)
    shifts = current_shifts(schedule, horizon=data.horizon)
    times = {(s.agent, s.day): (s.start, s.end) for s in shifts}
    for first, second in permutations(people, 2):
        a, b = person_key(first), person_key(second)
        if a not in data.people or b not in data.people:
            continue
        for day_a, day_b in product(range(schedule.days), repeat=2):
            if (a, day_a) not in times or (b, day_b) not in times:
                continue
            if times[(a, day_a)] == times[(b, day_b)]:
                continue  # the same times: nothing would change
            reasons = validate_change(data.problem, shifts, SwapShifts(a, day_a, b, day_b))
            if bool(reasons) == want_reasons:
                return (
                    _shift_on(schedule, first, data.horizon.day_date(day_a)),
                    _shift_on(schedule, second, data.horizon.day_date(day_b)),
                )
    return None


def _shift_on(schedule: Schedule, person_id: int, day: date) -> ScheduledShift:
    zone = ZoneInfo(schedule.site.time_zone)
    return next(
        shift
        for shift in schedule.shifts.filter(person_id=person_id)
        if shift.start.astimezone(zone).date() == day
    )
