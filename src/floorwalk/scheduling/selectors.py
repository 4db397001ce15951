"""Reads for scheduling: the agent's week, a schedule's grid, versions and their changes, the
generator's report as a page shows it, requests waiting for a decision, and the published
activities adherence is measured against."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from floorwalk.accounts.models import Role, User
from floorwalk.accounts.policy import schedule_deciders_people_for
from floorwalk.org.models import Person, PersonStatus, Site
from floorwalk.scheduling.models import (
    ActivityKind,
    AgentConstraint,
    AgentPreference,
    BiddingStatus,
    BiddingWindow,
    BidPick,
    BidSlot,
    BidTurn,
    ConstraintKind,
    PreferenceKind,
    RequestStatus,
    Schedule,
    ScheduleChangeNotice,
    ScheduledActivity,
    ScheduledShift,
    ScheduleStatus,
    ScheduleVersion,
    UnmetPreference,
    UnmetReason,
    WeekendPattern,
)

UTC = ZoneInfo("UTC")


def weekday_name(day: int) -> str:
    return date_format(date(2024, 1, 1) + timedelta(days=day), "l")


def _hm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


# ---- how constraints, preferences and unmet reasons read --------------------------------------


def constraint_text(item: AgentConstraint) -> str:
    days = ", ".join(weekday_name(day) for day in item.weekdays)
    kind = ConstraintKind(item.kind)
    if kind is ConstraintKind.UNAVAILABLE_WEEKLY:
        return _("Unavailable on %(days)s %(start)s–%(end)s") % {
            "days": days,
            "start": _hm(item.start_time),
            "end": _hm(item.end_time),
        }
    if kind is ConstraintKind.LEAVE_BY:
        return _("Must leave by %(time)s on %(days)s") % {"time": _hm(item.end_time), "days": days}
    span = f"{item.start_date:%Y-%m-%d}–{item.end_date:%Y-%m-%d}"
    if kind is ConstraintKind.LEAVE:
        return _("Leave %(span)s") % {"span": span}
    if item.start_time:
        return _("Unavailable %(span)s, %(start)s–%(end)s each day") % {
            "span": span,
            "start": _hm(item.start_time),
            "end": _hm(item.end_time),
        }
    return _("Unavailable %(span)s") % {"span": span}


def preference_text(item: AgentPreference) -> str:
    kind = PreferenceKind(item.kind)
    if kind is PreferenceKind.SHIFT_TEMPLATE:
        return _("%(template)s shifts") % {"template": item.template.name if item.template else "?"}
    if kind is PreferenceKind.START_BETWEEN:
        return _("Start between %(start)s and %(end)s") % {
            "start": _hm(item.start_time),
            "end": _hm(item.end_time),
        }
    if kind is PreferenceKind.DAY_OFF_WEEKDAY:
        return _("%(day)s off") % {"day": weekday_name(item.weekday or 0)}
    if kind is PreferenceKind.DAY_OFF_DATE:
        return _("Day off on %(date)s") % {"date": f"{item.on_date:%Y-%m-%d}"}
    return str(WeekendPattern(item.weekend_pattern).label)


def unmet_reason_text(kind: str, data: Mapping[str, Any]) -> str:
    """Why a preference was not granted, in words (reason data shapes: docs/scheduling.md)."""
    if kind == UnmetReason.COVERAGE:
        level = data.get("service_level")
        day = data.get("day")
        weekday = weekday_name(date.fromisoformat(day).weekday()) if day else ""
        if level is not None and data.get("within_hours") is not None:
            return _(
                "%(day)s %(start)s–%(end)s: %(queue)s would answer %(level)s %% within %(hours)s h"
            ) % {
                "day": weekday,
                "start": data.get("start", ""),
                "end": data.get("end", ""),
                "queue": data.get("queue", ""),
                "level": round(float(level) * 100),
                "hours": f"{float(data['within_hours']):g}",
            }
        if level is not None:
            return _("%(day)s %(start)s–%(end)s would fall to %(level)s %% service level") % {
                "day": weekday,
                "start": data.get("start", ""),
                "end": data.get("end", ""),
                "level": round(float(level) * 100),
            }
        return _("%(day)s %(start)s–%(end)s would be under-staffed") % {
            "day": weekday,
            "start": data.get("start", ""),
            "end": data.get("end", ""),
        }
    if kind == UnmetReason.LABOUR_RULE:
        return _("it would break the labour rule: %(rule)s") % {"rule": data.get("rule", "")}
    if kind == UnmetReason.CONTRACT:
        return _("your contract needs %(minutes)s minutes that week") % {
            "minutes": data.get("minutes", "")
        }
    if kind == UnmetReason.CONSTRAINT:
        return _("it conflicts with a constraint: %(constraint)s") % {
            "constraint": data.get("constraint", "")
        }
    if kind == UnmetReason.FAIRNESS:
        return _("granted to colleagues whose wishes were refused more often before")
    return str(data.get("text", _("no reason recorded")))


@dataclass(frozen=True)
class UnmetView:
    person: Person
    preference: str
    weight: int
    reason: str


def unmet_views(unmet: Iterable[UnmetPreference]) -> list[UnmetView]:
    return [
        UnmetView(
            person=item.preference.person,
            preference=preference_text(item.preference),
            weight=item.preference.weight,
            reason=unmet_reason_text(item.reason_kind, item.reason_data),
        )
        for item in unmet
    ]


def schedule_requests_of(person: Person) -> tuple[list[AgentConstraint], list[AgentPreference]]:
    constraints = list(person.schedule_constraints.order_by("-created_at", "-pk"))
    preferences = list(
        person.schedule_preferences.select_related("template").order_by("-weight", "pk")
    )
    return constraints, preferences


def pending_requests_for(
    user: User,
) -> tuple[QuerySet[AgentConstraint], QuerySet[AgentPreference]]:
    """Constraints and preferences waiting for this user's decision."""
    people = schedule_deciders_people_for(user)
    constraints = AgentConstraint.objects.filter(
        person__in=people, status=RequestStatus.PENDING
    ).select_related("person")
    preferences = AgentPreference.objects.filter(
        person__in=people, status=RequestStatus.PENDING
    ).select_related("person", "template")
    return constraints.order_by("created_at", "pk"), preferences.order_by("created_at", "pk")


# ---- the agent's week -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityView:
    kind: str
    label: str
    start: datetime  # in the site's zone
    end: datetime
    queue: str


@dataclass(frozen=True)
class ShiftView:
    pk: int
    start: datetime
    end: datetime
    template: str
    queue: str
    activities: tuple[ActivityView, ...]


@dataclass
class DayView:
    day: date
    shifts: list[ShiftView] = field(default_factory=list)


@dataclass(frozen=True)
class AgentWeek:
    person: Person
    monday: date
    zone: str
    days: list[DayView]
    unmet: list[UnmetView]
    notices: list[ScheduleChangeNotice]

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def has_shifts(self) -> bool:
        return any(day.shifts for day in self.days)

    @property
    def paid_hours(self) -> float:
        minutes = 0.0
        for day in self.days:
            for shift in day.shifts:
                unpaid = sum(
                    (item.end - item.start).total_seconds() / 60
                    for item in shift.activities
                    if item.kind == ActivityKind.LUNCH
                )
                minutes += (shift.end - shift.start).total_seconds() / 60 - unpaid
        return round(minutes / 60, 2)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _shift_view(shift: ScheduledShift, zone: ZoneInfo) -> ShiftView:
    return ShiftView(
        pk=shift.pk,
        start=shift.start.astimezone(zone),
        end=shift.end.astimezone(zone),
        template=shift.template.name if shift.template else "",
        queue=shift.queue.name if shift.queue else "",
        activities=tuple(
            ActivityView(
                kind=item.kind,
                label=str(ActivityKind(item.kind).label),
                start=item.start.astimezone(zone),
                end=item.end.astimezone(zone),
                queue=item.queue.name if item.queue else "",
            )
            for item in shift.activities.all()
        ),
    )


def _with_details(shifts: QuerySet[ScheduledShift]) -> QuerySet[ScheduledShift]:
    return shifts.select_related("template", "queue", "person").prefetch_related(
        Prefetch(
            "activities",
            queryset=ScheduledActivity.objects.select_related("queue").order_by("start"),
        )
    )


def agent_week(person: Person, monday: date) -> AgentWeek:
    """The agent's published shifts of the week starting `monday` (site-local days), the
    unmet preferences of the published schedules it touches, and changes not yet seen."""
    zone = ZoneInfo(person.site.time_zone)
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = start + timedelta(days=7)
    shifts = _with_details(
        ScheduledShift.objects.filter(
            person=person,
            schedule__status=ScheduleStatus.PUBLISHED,
            start__lt=end,
            end__gt=start,
        ).order_by("start")
    )
    days = [DayView(monday + timedelta(days=offset)) for offset in range(7)]
    for shift in shifts:
        view = _shift_view(shift, zone)
        offset = (view.start.date() - monday).days
        if 0 <= offset < 7:
            days[offset].shifts.append(view)
    schedules = Schedule.objects.filter(
        site_id=person.site_id,
        status=ScheduleStatus.PUBLISHED,
        start_date__lt=monday + timedelta(days=7),
        start_date__gte=monday - timedelta(days=56),
    )
    schedules_in_week = [
        schedule.pk
        for schedule in schedules
        if schedule.start_date + timedelta(days=schedule.days) > monday
    ]
    unmet = UnmetPreference.objects.filter(
        schedule_id__in=schedules_in_week, preference__person=person
    ).select_related("preference__person", "preference__template")
    notices = list(
        ScheduleChangeNotice.objects.filter(person=person, seen_at__isnull=True).select_related(
            "version__schedule"
        )
    )
    return AgentWeek(
        person=person,
        monday=monday,
        zone=person.site.time_zone,
        days=days,
        unmet=unmet_views(unmet),
        notices=notices,
    )


# ---- schedules: the grid, the report, the versions --------------------------------------------


@dataclass(frozen=True)
class GridRow:
    person: Person
    cells: list[list[ShiftView]]
    hours: float


def schedule_days(schedule: Schedule) -> list[date]:
    return [schedule.start_date + timedelta(days=offset) for offset in range(schedule.days)]


def schedule_grid(schedule: Schedule, readable: QuerySet[Person]) -> list[GridRow]:
    """Agents × days of the schedule for the people the reader may see: everyone with a shift
    in it and the site's other current agents (an empty row shows who has none)."""
    zone = ZoneInfo(schedule.site.time_zone)
    shifts = _with_details(schedule.shifts.filter(person__in=readable))
    by_person: dict[int, list[ScheduledShift]] = defaultdict(list)
    for shift in shifts:
        by_person[shift.person_id].append(shift)
    agents = Q(
        site_id=schedule.site_id,
        role_assignments__role=Role.AGENT,
        status__in=[PersonStatus.ACTIVE, PersonStatus.ON_LEAVE],
    )
    shown = readable.filter(Q(pk__in=list(by_person)) | agents).distinct()
    rows = []
    for person in shown.order_by("display_name"):
        cells: list[list[ShiftView]] = [[] for _day in range(schedule.days)]
        minutes = 0.0
        for shift in by_person.get(person.pk, []):
            view = _shift_view(shift, zone)
            offset = (view.start.date() - schedule.start_date).days
            if 0 <= offset < schedule.days:
                cells[offset].append(view)
            minutes += (shift.end - shift.start).total_seconds() / 60
        rows.append(GridRow(person, cells, round(minutes / 60, 1)))
    return rows


@dataclass(frozen=True)
class SatisfactionRow:
    person: Person | None
    person_id: int
    score: float | None
    granted: int | None
    requested: int | None


@dataclass(frozen=True)
class ReportView:
    has_report: bool
    chart: dict[str, Any]
    intervals: list[dict[str, Any]]
    satisfaction: list[SatisfactionRow]
    summary: dict[str, Any]


def _interval_label(start: str, zone: ZoneInfo) -> str:
    return datetime.fromisoformat(start).astimezone(zone).strftime("%a %d %H:%M")


def report_view(schedule: Schedule, readable: QuerySet[Person]) -> ReportView:
    """The stored generator report as the planner's page shows it: coverage against the
    requirement per interval (summed over queues) for the chart and table, service level,
    each readable agent's satisfaction, and the summary figures."""
    report = schedule.report or {}
    zone = ZoneInfo(schedule.site.time_zone)
    totals: dict[str, dict[str, float]] = {}
    levels: dict[str, list[float]] = defaultdict(list)
    for row in report.get("coverage", []):
        entry = totals.setdefault(row["start"], {"required": 0.0, "scheduled": 0.0})
        entry["required"] += float(row.get("required", 0))
        entry["scheduled"] += float(row.get("scheduled", 0))
        if row.get("service_level") is not None:
            levels[row["start"]].append(float(row["service_level"]))
    starts = sorted(totals, key=datetime.fromisoformat)
    intervals = [
        {
            "label": _interval_label(start, zone),
            "required": round(totals[start]["required"], 2),
            "scheduled": round(totals[start]["scheduled"], 2),
            "gap": round(totals[start]["scheduled"] - totals[start]["required"], 2),
            "service_level": (round(min(levels[start]) * 100, 1) if levels.get(start) else None),
        }
        for start in starts
    ]
    chart = {
        "labels": [row["label"] for row in intervals],
        "yTitle": str(_("Agents")),
        "yMin": 0,
        "datasets": [
            {
                "label": str(_("Required")),
                "data": [row["required"] for row in intervals],
                "borderColor": "#d55e00",
                "backgroundColor": "#d55e00",
                "borderDash": [6, 4],
                "pointRadius": 0,
            },
            {
                "label": str(_("Scheduled")),
                "data": [row["scheduled"] for row in intervals],
                "borderColor": "#0072b2",
                "backgroundColor": "#0072b2",
                "pointRadius": 0,
            },
        ],
    }
    people = {person.pk: person for person in readable}
    satisfaction = [
        SatisfactionRow(
            person=people[int(row["person"])],
            person_id=int(row["person"]),
            score=row.get("score"),
            granted=row.get("points_granted"),
            requested=row.get("points_requested"),
        )
        for row in report.get("satisfaction", [])
        if int(row["person"]) in people
    ]
    satisfaction.sort(key=lambda row: row.score if row.score is not None else 2.0)
    return ReportView(
        has_report=bool(report),
        chart=chart,
        intervals=intervals,
        satisfaction=satisfaction,
        summary=dict(report.get("summary", {})),
    )


@dataclass(frozen=True)
class PersonChanges:
    person: Person | None
    person_id: int
    added: list[tuple[datetime, datetime]]
    removed: list[tuple[datetime, datetime]]


def local_spans(shifts: list[dict[str, Any]], zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """A version snapshot's or diff's shifts as (start, end) on the site's clock."""
    return [
        (
            datetime.fromisoformat(shift["start"]).astimezone(zone),
            datetime.fromisoformat(shift["end"]).astimezone(zone),
        )
        for shift in shifts
    ]


def version_changes(version: ScheduleVersion, readable: QuerySet[Person]) -> list[PersonChanges]:
    """The version's changes from the one before, per person the reader may see."""
    zone = ZoneInfo(version.schedule.site.time_zone)
    people = {
        person.pk: person for person in readable.filter(pk__in=[int(k) for k in version.diff])
    }

    return [
        PersonChanges(
            person=people[int(key)],
            person_id=int(key),
            added=local_spans(changes["added"], zone),
            removed=local_spans(changes["removed"], zone),
        )
        for key, changes in version.diff.items()
        if int(key) in people
    ]


def schedules_for_sites(sites: QuerySet[Site]) -> QuerySet[Schedule]:
    return Schedule.objects.filter(site__in=sites).select_related("site", "published_by")


# ---- adherence --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedActivity:
    kind: str
    start: datetime
    end: datetime
    queue_id: int | None


def published_activities(
    *, people: Iterable[Person | int], start: datetime, end: datetime
) -> dict[int, list[PublishedActivity]]:
    """Each person's scheduled activities overlapping [start, end), from the latest published
    version of every schedule (its immutable snapshot), in time order. A shift stored without
    activities counts as work on its queue. Activities are not clipped to the window."""
    ids = {person if isinstance(person, int) else person.pk for person in people}
    result: dict[int, list[PublishedActivity]] = {pk: [] for pk in ids}
    if not ids:
        return result
    sites = Person.objects.filter(pk__in=ids).values("site_id")
    earliest = (start - timedelta(days=60)).date()
    schedules = Schedule.objects.filter(
        site_id__in=sites,
        status=ScheduleStatus.PUBLISHED,
        start_date__lte=end.date() + timedelta(days=1),
        start_date__gte=earliest,
    )
    latest = ScheduleVersion.objects.filter(
        schedule__in=schedules,
        number=F("schedule__version"),
    )
    for version in latest:
        for shift in version.shifts:
            if shift["person"] not in ids:
                continue
            items = shift["activities"] or [
                {
                    "kind": ActivityKind.WORK,
                    "start": shift["start"],
                    "end": shift["end"],
                    "queue": shift["queue"],
                }
            ]
            for item in items:
                item_start = datetime.fromisoformat(item["start"])
                item_end = datetime.fromisoformat(item["end"])
                if item_start < end and item_end > start:
                    result[shift["person"]].append(
                        PublishedActivity(
                            kind=item["kind"],
                            start=item_start.astimezone(UTC),
                            end=item_end.astimezone(UTC),
                            queue_id=item["queue"],
                        )
                    )
    for activities in result.values():
        activities.sort(key=lambda item: (item.start, item.end))
    return result


def approved_requests(*, site: Site) -> tuple[QuerySet[AgentConstraint], QuerySet[AgentPreference]]:
    """What the generator takes from the site's agents: approved constraints and preferences
    only (pending and rejected ones never reach the solver)."""
    constraints = AgentConstraint.objects.filter(
        person__site=site, status=RequestStatus.APPROVED
    ).select_related("person")
    preferences = AgentPreference.objects.filter(
        person__site=site, status=RequestStatus.APPROVED
    ).select_related("person", "template")
    return constraints.order_by("person_id", "pk"), preferences.order_by("person_id", "pk")


# ---- fairness ledger --------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    person: Person
    balance: float
    schedules: int
    last: float | None  # satisfaction in the latest published schedule


def ledger_rows(*, site: Site) -> list[LedgerRow]:
    """The site's active agents with their fairness balance, worst off first (no ledger yet
    reads as 0: never generated and published)."""
    from floorwalk.scheduling.models import FairnessLedger

    people = Person.objects.filter(
        site=site, status=PersonStatus.ACTIVE, role_assignments__role=Role.AGENT
    ).distinct()
    ledgers = {
        ledger.person_id: ledger for ledger in FairnessLedger.objects.filter(person__in=people)
    }
    rows = []
    for person in people.order_by("display_name"):
        ledger = ledgers.get(person.pk)
        history = ledger.history if ledger else []
        rows.append(
            LedgerRow(
                person=person,
                balance=round(ledger.balance, 3) if ledger else 0.0,
                schedules=len(history),
                last=history[-1].get("satisfaction") if history else None,
            )
        )
    rows.sort(key=lambda row: (row.balance, row.person.display_name))
    return rows


# ---- scheduled staff on a queue ---------------------------------------------------------------


def scheduled_agents(
    *, site: Site, queue_id: int, starts: Iterable[datetime], interval_minutes: int
) -> list[float]:
    """Agents the published schedules put on the queue in each interval starting at `starts`:
    minutes of work on the queue over the interval length, summed over the site's people."""
    start_list = list(starts)
    if not start_list:
        return []
    length = timedelta(minutes=interval_minutes)
    window_start, window_end = min(start_list), max(start_list) + length
    people = Person.objects.filter(site=site).values_list("pk", flat=True)
    activities = published_activities(people=list(people), start=window_start, end=window_end)
    work = [
        (item.start, item.end)
        for items in activities.values()
        for item in items
        if item.kind == ActivityKind.WORK and item.queue_id == queue_id
    ]
    result = []
    for start in start_list:
        end = start + length
        seconds = sum(max(0.0, (min(end, b) - max(start, a)).total_seconds()) for a, b in work)
        result.append(round(seconds / length.total_seconds(), 2))
    return result


# ---- self-scheduling: a bidding window as a page shows it --------------------------------------


@dataclass(frozen=True)
class TurnView:
    turn: BidTurn
    starts_at: datetime  # site time
    started: bool
    is_me: bool
    picks: int


@dataclass(frozen=True)
class SlotView:
    slot: BidSlot
    start: datetime  # site time
    end: datetime
    left: int
    mine: BidPick | None


@dataclass(frozen=True)
class BiddingDay:
    day: date
    slots: list[SlotView]


@dataclass(frozen=True)
class BiddingView:
    window: BiddingWindow
    zone: str
    turns: list[TurnView]
    my_turn: TurnView | None
    can_pick: bool  # the viewer's turn has started and the window is open
    days: list[BiddingDay]
    my_picks: list[SlotView]
    places: int
    places_left: int
    picks: int


def bidding_view(window: BiddingWindow, person: Person | None, now: datetime) -> BiddingView:
    """The order with each turn, the pool by day with the places left, and the viewer's own
    picks (`person`: the viewer, None for a login without a person)."""
    zone = ZoneInfo(window.schedule.site.time_zone)
    picks = list(window.picks.select_related("slot"))
    by_person: dict[int, int] = defaultdict(int)
    taken: dict[int, int] = defaultdict(int)
    mine: dict[int, BidPick] = {}
    for pick in picks:
        by_person[pick.person_id] += 1
        taken[pick.slot_id] += 1
        if person is not None and pick.person_id == person.pk:
            mine[pick.slot_id] = pick
    is_open = window.status == BiddingStatus.OPEN and now < window.closes_at
    turns = [
        TurnView(
            turn=turn,
            starts_at=turn.starts_at.astimezone(zone),
            started=now >= turn.starts_at,
            is_me=person is not None and turn.person_id == person.pk,
            picks=by_person[turn.person_id],
        )
        for turn in window.turns.select_related("person").order_by("position")
    ]
    my_turn = next((t for t in turns if t.is_me), None)
    days: dict[date, list[SlotView]] = defaultdict(list)
    own: list[SlotView] = []
    for slot in window.slots.select_related("template", "queue").order_by("start", "pk"):
        view = SlotView(
            slot=slot,
            start=slot.start.astimezone(zone),
            end=slot.end.astimezone(zone),
            left=slot.capacity - taken[slot.pk],
            mine=mine.get(slot.pk),
        )
        days[view.start.date()].append(view)
        if view.mine is not None:
            own.append(view)
    places = sum(v.slot.capacity for items in days.values() for v in items)
    return BiddingView(
        window=window,
        zone=str(zone),
        turns=turns,
        my_turn=my_turn,
        can_pick=is_open and my_turn is not None and my_turn.started,
        days=[BiddingDay(day, items) for day, items in sorted(days.items())],
        my_picks=own,
        places=places,
        places_left=places - len(picks),
        picks=len(picks),
    )


def open_bidding_turns(person: Person, now: datetime) -> list[BidTurn]:
    """The person's turns in open windows that have not closed (for their home page)."""
    return list(
        BidTurn.objects.filter(
            person=person, window__status=BiddingStatus.OPEN, window__closes_at__gt=now
        )
        .select_related("window__schedule__site")
        .order_by("window__closes_at")
    )


# ---- shift swaps and offers -------------------------------------------------------------------


def now() -> datetime:
    """The present moment for swaps and offers (only future shifts trade)."""
    from django.utils import timezone

    return timezone.now()


def trade_reason_text(row: Mapping[str, Any], names: Mapping[int, str]) -> str:
    """One reason a swap or offer went to a leader, in words, naming the agent it is about."""
    from floorwalk.scheduling.models import TradeReason

    kind, data = row.get("kind", ""), row.get("data", {})
    day = data.get("day")
    weekday = weekday_name(date.fromisoformat(day).weekday()) if day else ""
    if kind == TradeReason.SKILL:
        text = _("does not serve %(queue)s, which the shift on %(day)s serves") % {
            "queue": data.get("queue", ""),
            "day": weekday,
        }
    elif kind == TradeReason.ALREADY_WORKING:
        text = _("already works on %(day)s") % {"day": weekday}
    elif kind == TradeReason.NOT_WORKING:
        text = _("no longer has a shift on %(day)s") % {"day": weekday}
    elif kind == TradeReason.UNCHECKED:
        return str(data.get("text", ""))
    else:
        text = unmet_reason_text(kind, data)
    person = row.get("person")
    if person is not None and int(person) in names:
        return f"{names[int(person)]}: {text}"
    return text


@dataclass(frozen=True)
class TradeView:
    trade: Any  # ShiftTrade
    shift: tuple[datetime, datetime]
    other: tuple[datetime, datetime] | None
    reasons: list[str]
    stale: bool


def trade_views(trades: Iterable[Any]) -> list[TradeView]:
    """Requests with their shifts on the site's clock and their reasons in words."""
    rows = list(trades)
    ids = {
        pk
        for trade in rows
        for pk in (trade.person_id, trade.colleague_id, trade.taker_id)
        if pk is not None
    }
    ids |= {int(r["person"]) for t in rows for r in t.reasons if r.get("person") is not None}
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "display_name"))
    # The shifts as they stand now (a request may hold them as they were).
    current = ScheduledShift.objects.in_bulk(
        {pk for trade in rows for pk in (trade.shift_id, trade.other_shift_id) if pk}
    )
    views = []
    for trade in rows:
        zone = ZoneInfo(trade.schedule.site.time_zone)
        shift_now, other_now = current.get(trade.shift_id), current.get(trade.other_shift_id)
        stale = trade.is_undecided and (
            shift_now is None
            or (shift_now.person_id, shift_now.start, shift_now.end)
            != (trade.person_id, trade.shift_start, trade.shift_end)
            or (
                trade.kind == "swap"
                and (
                    other_now is None
                    or (other_now.person_id, other_now.start, other_now.end)
                    != (trade.colleague_id, trade.other_start, trade.other_end)
                )
            )
        )
        views.append(
            TradeView(
                trade=trade,
                shift=(trade.shift_start.astimezone(zone), trade.shift_end.astimezone(zone)),
                other=(trade.other_start.astimezone(zone), trade.other_end.astimezone(zone))
                if trade.other_start and trade.other_end
                else None,
                reasons=[trade_reason_text(row, names) for row in trade.reasons],
                stale=stale,
            )
        )
    return views


def _trades() -> QuerySet[Any]:
    from floorwalk.scheduling.models import ShiftTrade

    return ShiftTrade.objects.select_related(
        "schedule__site", "person", "colleague", "taker", "decided_by"
    )


def own_trades(person: Person) -> tuple[list[TradeView], list[TradeView]]:
    """The agent's own requests (newest first), and those meant for or taken by them."""
    mine = _trades().filter(person=person).order_by("-created_at", "-pk")[:100]
    theirs = (
        _trades()
        .filter(Q(colleague=person) | Q(taker=person))
        .exclude(person=person)
        .order_by("-created_at", "-pk")[:100]
    )
    return trade_views(mine), trade_views(theirs)


def open_offers_for(person: Person) -> list[TradeView]:
    """The site's open offers of future shifts the agent could take: offered to anyone (or
    to them by name), by someone else, on a queue they serve (or no queue named)."""
    from floorwalk.scheduling.models import TradeKind, TradeStatus

    queues = person.queues.values("pk")
    offers = (
        _trades()
        .filter(
            schedule__site_id=person.site_id,
            kind=TradeKind.OFFER,
            status=TradeStatus.OPEN,
            shift_start__gt=now(),
        )
        .filter(Q(colleague__isnull=True) | Q(colleague=person))
        .filter(Q(shift__queue__isnull=True) | Q(shift__queue__in=queues))
        .exclude(person=person)
        .order_by("shift_start", "pk")
    )
    return trade_views(offers)


def trades_to_decide(user: User) -> list[TradeView]:
    """Requests the engine sent to a human that this user may decide: both agents are
    among those whose schedule requests the user decides on."""
    from floorwalk.scheduling.models import TradeStatus

    people = schedule_deciders_people_for(user)
    pending = (
        _trades()
        .filter(status=TradeStatus.PENDING, person__in=people, taker__in=people)
        .order_by("created_at", "pk")
    )
    return trade_views(pending)


def future_shifts_of(person: Person) -> QuerySet[ScheduledShift]:
    """The agent's shifts of published schedules that have not started yet."""
    return (
        ScheduledShift.objects.filter(
            person=person, schedule__status=ScheduleStatus.PUBLISHED, start__gt=now()
        )
        .select_related("schedule__site", "template", "queue")
        .order_by("start")
    )
