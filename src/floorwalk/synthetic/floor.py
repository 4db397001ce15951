"""The people of a synthetic contact-center floor: sites, queues, teams, staff, mentorships.

`build_floor` is a pure function of the `FloorSpec`; every random draw comes from a stream
keyed by the seed, so the same spec always yields the same floor.
"""

import calendar
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from floorwalk.synthetic.names import PersonName, draw_name

CHANNELS = ("voice", "chat", "email", "messaging", "back_office")
ROLES = ("agent", "mentor", "team_leader", "qa_specialist", "planner", "site_manager", "admin")
DEMO_USERNAMES = ("agent", "mentor", "leader", "qa", "planner", "manager", "admin")
EMAIL_DOMAIN = "floorwalk.example"


# --------------------------------------------------------------------------------------------
# Public data model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FloorSpec:
    """What to generate: `agents` is the front-line headcount on the last day of history."""

    agents: int = 60
    months: int = 6
    seed: int = 7
    end: date = date(2026, 10, 31)
    site_name: str = "Gdańsk"
    time_zone: str = "Europe/Warsaw"

    def __post_init__(self) -> None:
        # The demo logins need a mentor and a new hire on the first team.
        if self.agents < 2:
            raise ValueError("a floor needs at least 2 agents")
        if self.months < 1:
            raise ValueError("a floor needs at least 1 month of history")
        ZoneInfo(self.time_zone)


@dataclass(frozen=True)
class SyntheticQueue:
    name: str
    channel: str


@dataclass(frozen=True)
class SyntheticTeam:
    name: str
    leader: str


@dataclass(frozen=True)
class SyntheticPerson:
    """One employee. `queues` is ordered by the share of the agent's time each one takes."""

    employee_number: str
    username: str
    display_name: str
    email: str
    team: str | None
    hire_date: date
    leaving_date: date | None
    roles: tuple[str, ...]
    queues: tuple[str, ...]
    languages: tuple[str, ...]
    skill: float

    def employed_on(self, day: date) -> bool:
        return self.hire_date <= day and (self.leaving_date is None or day < self.leaving_date)


@dataclass(frozen=True)
class Mentorship:
    mentor: str
    mentee: str
    started_on: date


@dataclass(frozen=True)
class SyntheticFloor:
    spec: FloorSpec
    queues: tuple[SyntheticQueue, ...]
    teams: tuple[SyntheticTeam, ...]
    people: tuple[SyntheticPerson, ...]
    mentorships: tuple[Mentorship, ...]
    start: date

    def person(self, username: str) -> SyntheticPerson:
        for candidate in self.people:
            if candidate.username == username:
                return candidate
        raise KeyError(username)

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.spec.end:
            yield day
            day += timedelta(days=1)


def history_start(spec: FloorSpec) -> date:
    """First day of history: `months` whole months back from the day after `end`."""
    return _months_before(spec.end + timedelta(days=1), spec.months)


def team_count_for(agents: int) -> int:
    """Teams of 12-16 where the headcount allows it, never more than 16 to a team."""
    return max(1, math.ceil(agents / TEAM_SIZE_MAX), round(agents / TEAM_SIZE_TARGET))


# --------------------------------------------------------------------------------------------
# Floor shape parameters
# --------------------------------------------------------------------------------------------

TEAM_SIZE_MAX = 16
TEAM_SIZE_TARGET = 14
AGENTS_PER_QA = 60
AGENTS_PER_PLANNER = 150
ANNUAL_ATTRITION = 0.15
ANNUAL_HIRING = 0.18
COHORT_EVERY_DAYS = 42
# New hires sit in classroom training before they take contacts.
TRAINING_DAYS = 14
RECENT_HIRE_DAYS = 100
VETERAN_DAYS = 730

TEAM_NAMES = (
    "Amber",
    "Birch",
    "Coral",
    "Dune",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lagoon",
    "Maple",
    "Nordic",
    "Onyx",
    "Pine",
    "Quartz",
    "Reef",
    "Sable",
    "Tide",
    "Umber",
    "Vista",
    "Willow",
    "Zephyr",
)


@dataclass(frozen=True)
class _QueueProfile:
    name: str
    channel: str
    # How often an agent's main queue is this one.
    primary_weight: float
    talk_factor: float


QUEUE_CATALOGUE = (
    _QueueProfile("Billing voice", "voice", 0.30, 0.95),
    _QueueProfile("Technical voice", "voice", 0.22, 1.25),
    _QueueProfile("Sales voice", "voice", 0.12, 1.10),
    _QueueProfile("Support chat", "chat", 0.18, 1.00),
    _QueueProfile("Email", "email", 0.08, 1.00),
    _QueueProfile("Messaging", "messaging", 0.05, 1.00),
    _QueueProfile("Back office", "back_office", 0.05, 1.00),
)
# New hires are trained on one simple queue first.
ENTRY_QUEUES = (("Billing voice", 0.7), ("Support chat", 0.3))
QUEUE_TIME_SHARES = (1.0, 0.5, 0.3)


# --------------------------------------------------------------------------------------------
# Building the floor
# --------------------------------------------------------------------------------------------

FLOOR_STREAM = 1
AGENT_TRAITS_STREAM = 2
OUTAGE_STREAM = 3
DAY_STREAM = 4


def random_stream(*key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([abs(part) for part in key]))


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + (day.month - 1) - months
    year, month_zero_based = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month_zero_based + 1)[1]
    return date(year, month_zero_based + 1, min(day.day, last_day))


def _monday_on_or_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _days_before(day: date, days: float) -> date:
    return day - timedelta(days=int(days))


@dataclass
class _Draft:
    """A person while the floor is being laid out; frozen into `SyntheticPerson` at the end."""

    kind: str
    hire_date: date
    skill: float
    leaving_date: date | None = None
    team: int | None = None
    queues: tuple[str, ...] = ()
    roles: tuple[str, ...] = ("agent",)
    username: str | None = None
    name: PersonName | None = None

    def tenure_days_on(self, day: date) -> int:
        return (day - self.hire_date).days

    def active_at_end(self) -> bool:
        return self.leaving_date is None

    def named(self) -> PersonName:
        if self.name is None:
            raise RuntimeError("names are drawn before the floor is frozen")
        return self.name


def _cohort_dates(spec: FloorSpec, start: date) -> tuple[date, list[date]]:
    """The demo agent's cohort (8-9 weeks before `end`, so still a new hire in their first 90
    days with a mentor) and the cohorts inside the window."""
    anchor = _monday_on_or_before(spec.end - timedelta(days=56))
    first = anchor - timedelta(
        days=COHORT_EVERY_DAYS * ((anchor - start).days // COHORT_EVERY_DAYS)
    )
    in_window = []
    cohort = first
    while cohort <= spec.end - timedelta(days=TRAINING_DAYS + 7):
        if cohort >= start:
            in_window.append(cohort)
        cohort += timedelta(days=COHORT_EVERY_DAYS)
    return anchor, in_window


def _draft_agents(spec: FloorSpec, start: date, rng: np.random.Generator) -> list[_Draft]:
    anchor, cohorts = _cohort_dates(spec, start)
    window_days = (spec.end - start).days + 1
    years = spec.months / 12

    mentor = _Draft(
        "demo_mentor",
        _days_before(spec.end, rng.uniform(3 * 365, 8 * 365)),
        float(rng.uniform(0.85, 0.95)),
        username="mentor",
    )
    newcomer = _Draft("demo_agent", anchor, float(rng.uniform(0.45, 0.6)), username="agent")
    drafts = [mentor, newcomer]

    hires = 0
    if cohorts:
        hires = min(max(2, round(spec.agents * ANNUAL_HIRING * years)), spec.agents - 3)
    for _ in range(max(0, hires)):
        cohort = cohorts[int(rng.integers(len(cohorts)))]
        drafts.append(_Draft("hire", cohort, float(rng.beta(4, 3))))

    before_window = (spec.end - start).days + 30
    for _ in range(spec.agents - len(drafts)):
        drafts.append(_draft_incumbent(spec.end, before_window, rng))

    drafts.extend(_draft_leavers(spec, start, window_days, cohorts, rng))
    return drafts


def _draft_incumbent(end: date, before_window: int, rng: np.random.Generator) -> _Draft:
    """Someone hired before the window: two in five are veterans, the rest mid-tenure."""
    # Weaker people leave sooner, so those who stayed longest skew more skilled.
    if rng.random() < 0.4:
        low = max(VETERAN_DAYS, before_window)
        tenure = rng.uniform(low, low + 2500)
        return _Draft("incumbent", _days_before(end, tenure), float(rng.beta(6, 3)))
    tenure = rng.uniform(before_window, max(before_window + 60, VETERAN_DAYS))
    return _Draft("incumbent", _days_before(end, tenure), float(rng.beta(5, 3)))


def _draft_leavers(
    spec: FloorSpec,
    start: date,
    window_days: int,
    cohorts: Sequence[date],
    rng: np.random.Generator,
) -> list[_Draft]:
    leavers = max(1, round(spec.agents * ANNUAL_ATTRITION * spec.months / 12))
    early_cohorts = [c for c in cohorts if (spec.end - c).days > 60]
    # A quarter of attrition happens in the first months after hire.
    early = round(leavers * 0.25) if early_cohorts else 0
    drafts = []
    for _ in range(early):
        cohort = early_cohorts[int(rng.integers(len(early_cohorts)))]
        stay = rng.uniform(30, min(150, (spec.end - cohort).days - 1))
        draft = _Draft("leaver", cohort, float(rng.beta(3, 4)))
        draft.leaving_date = cohort + timedelta(days=int(stay))
        drafts.append(draft)
    for _ in range(leavers - early):
        leaving = start + timedelta(days=int(rng.integers(window_days)))
        tenure = rng.uniform(60, 540) if rng.random() < 0.6 else rng.uniform(540, 2500)
        hire = min(_days_before(leaving, tenure), start - timedelta(days=7))
        draft = _Draft("leaver", hire, float(rng.beta(3, 4)))
        draft.leaving_date = leaving
        drafts.append(draft)
    return drafts


def _assign_teams(drafts: list[_Draft], team_count: int, rng: np.random.Generator) -> None:
    """Balance the current headcount over teams; the demo mentor and agent land in team 0."""
    active = [d for d in drafts if d.active_at_end()]
    demo = [d for d in active if d.kind in ("demo_mentor", "demo_agent")]
    others = [d for d in active if d.kind not in ("demo_mentor", "demo_agent")]
    shuffled = demo + [others[i] for i in rng.permutation(len(others))]
    for team, members in enumerate(np.array_split(np.arange(len(shuffled)), team_count)):
        for position in members:
            shuffled[int(position)].team = team
    for draft in drafts:
        if not draft.active_at_end():
            draft.team = int(rng.integers(team_count))


def _weighted_pick(
    rng: np.random.Generator, names: Sequence[str], weights: Sequence[float], count: int
) -> list[str]:
    probabilities = np.asarray(weights, dtype=float)
    chosen = rng.choice(
        len(names), size=count, replace=False, p=probabilities / probabilities.sum()
    )
    return [names[int(i)] for i in chosen]


def _assign_queues(drafts: list[_Draft], end: date, rng: np.random.Generator) -> None:
    names = [q.name for q in QUEUE_CATALOGUE]
    weights = [q.primary_weight for q in QUEUE_CATALOGUE]
    entry_names = [name for name, _ in ENTRY_QUEUES]
    entry_weights = [weight for _, weight in ENTRY_QUEUES]
    for draft in drafts:
        tenure = draft.tenure_days_on(draft.leaving_date or end)
        if draft.kind == "demo_agent":
            draft.queues = ("Billing voice",)
        elif draft.kind == "demo_mentor":
            rest = [n for n in names if n != "Billing voice"]
            rest_weights = [w for n, w in zip(names, weights, strict=True) if n != "Billing voice"]
            draft.queues = ("Billing voice", *_weighted_pick(rng, rest, rest_weights, 2))
        elif tenure < 180:
            draft.queues = tuple(_weighted_pick(rng, entry_names, entry_weights, 1))
        else:
            if tenure < VETERAN_DAYS:
                count = 1 + int(rng.random() < 0.5)
            else:
                count = 2 + int(rng.random() < 0.45)
            draft.queues = tuple(_weighted_pick(rng, names, weights, count))
    _staff_every_queue(drafts, end, rng)


def _staff_every_queue(drafts: list[_Draft], end: date, rng: np.random.Generator) -> None:
    """A queue nobody works would carry no traffic at all, so give it to an experienced agent."""
    for profile in QUEUE_CATALOGUE:
        if any(profile.name in d.queues for d in drafts if d.active_at_end()):
            continue
        candidates = [
            d
            for d in drafts
            if d.active_at_end()
            and d.kind not in ("demo_agent", "demo_mentor")
            and len(d.queues) < 3
            and d.tenure_days_on(end) >= 180
        ]
        if candidates:
            chosen = candidates[int(rng.integers(len(candidates)))]
            chosen.queues = (*chosen.queues, profile.name)


def _promote_mentors(drafts: list[_Draft], team_count: int, end: date) -> dict[int, _Draft]:
    """The most skilled veteran of each team mentors; team 0 has the demo mentor."""
    mentors: dict[int, _Draft] = {}
    for draft in drafts:
        if draft.kind == "demo_mentor" and draft.team is not None:
            draft.roles = ("agent", "mentor")
            mentors[draft.team] = draft
    for team in range(team_count):
        if team in mentors:
            continue
        veterans = [
            d
            for d in drafts
            if d.team == team and d.active_at_end() and d.tenure_days_on(end) >= VETERAN_DAYS
        ]
        if veterans:
            best = max(veterans, key=lambda d: d.skill)
            best.roles = ("agent", "mentor")
            mentors[team] = best
    return mentors


def _draft_leaders(team_count: int, end: date, rng: np.random.Generator) -> list[_Draft]:
    leaders = []
    for team in range(team_count):
        hire = _days_before(end, rng.uniform(3 * 365, 12 * 365))
        leader = _Draft("leader", hire, float(rng.beta(7, 3)), team=team, roles=("team_leader",))
        leader.username = "leader" if team == 0 else None
        leaders.append(leader)
    return leaders


def _draft_staff(spec: FloorSpec, rng: np.random.Generator) -> list[_Draft]:
    counts = (
        ("qa_specialist", "qa", max(1, round(spec.agents / AGENTS_PER_QA))),
        ("planner", "planner", max(1, round(spec.agents / AGENTS_PER_PLANNER))),
        ("site_manager", "manager", 1),
        ("admin", "admin", 1),
    )
    staff = []
    for role, demo_username, count in counts:
        for index in range(count):
            hire = _days_before(spec.end, rng.uniform(2 * 365, 10 * 365))
            draft = _Draft("staff", hire, float(rng.beta(6, 3)), roles=(role,))
            draft.username = demo_username if index == 0 else None
            staff.append(draft)
    return staff


def _name_everyone(drafts: list[_Draft], rng: np.random.Generator) -> None:
    seen: set[str] = set()
    for draft in drafts:
        # A handful of redraws keeps display names unique on any realistic floor.
        for _ in range(20):
            name = draw_name(rng)
            if name.display_name not in seen:
                break
        seen.add(name.display_name)
        draft.name = name


def _usernames(drafts: Sequence[_Draft]) -> list[str]:
    taken = set(DEMO_USERNAMES)
    usernames = []
    for draft in drafts:
        if draft.username is not None:
            usernames.append(draft.username)
            continue
        slug = draft.named().slug
        candidate, suffix = slug, 1
        while candidate in taken:
            suffix += 1
            candidate = f"{slug}{suffix}"
        taken.add(candidate)
        usernames.append(candidate)
    return usernames


def _team_names(team_count: int) -> list[str]:
    names = []
    for index in range(team_count):
        round_number, position = divmod(index, len(TEAM_NAMES))
        base = TEAM_NAMES[position]
        names.append(base if round_number == 0 else f"{base} {round_number + 1}")
    return names


def _mentorships(
    drafts: Sequence[_Draft],
    mentors: dict[int, _Draft],
    end: date,
    numbers: dict[int, str],
) -> tuple[Mentorship, ...]:
    """Mentor and demo agent, plus each recent hire paired with their team's mentor."""
    mentor_pool = list(mentors.values())
    pairs: list[Mentorship] = []
    for draft in drafts:
        recent = draft.active_at_end() and draft.tenure_days_on(end) <= RECENT_HIRE_DAYS
        if draft.kind not in ("demo_agent", "hire") or not recent or not mentor_pool:
            continue
        mentor = mentors.get(draft.team if draft.team is not None else -1, mentor_pool[0])
        started = draft.hire_date + timedelta(days=TRAINING_DAYS)
        pairs.append(Mentorship(numbers[id(mentor)], numbers[id(draft)], started))
    return tuple(sorted(pairs, key=lambda m: (m.started_on, m.mentee)))


def build_floor(spec: FloorSpec) -> SyntheticFloor:
    rng = random_stream(spec.seed, FLOOR_STREAM)
    start = history_start(spec)
    team_count = team_count_for(spec.agents)

    agents = _draft_agents(spec, start, rng)
    _assign_teams(agents, team_count, rng)
    _assign_queues(agents, spec.end, rng)
    mentors = _promote_mentors(agents, team_count, spec.end)
    everyone = agents + _draft_leaders(team_count, spec.end, rng) + _draft_staff(spec, rng)
    _name_everyone(everyone, rng)

    # Employee numbers follow hiring order, as they would in an HR system.
    ordered = sorted(range(len(everyone)), key=lambda i: (everyone[i].hire_date, i))
    width = max(5, len(str(len(everyone))))
    numbers = {id(everyone[i]): f"E{rank + 1:0{width}d}" for rank, i in enumerate(ordered)}
    in_order = [everyone[i] for i in ordered]
    usernames = _usernames(in_order)
    team_names = _team_names(team_count)

    people = []
    for draft, username in zip(in_order, usernames, strict=True):
        name = draft.named()
        is_staff = draft.kind == "staff"
        people.append(
            SyntheticPerson(
                employee_number=numbers[id(draft)],
                username=username,
                display_name=name.display_name,
                email=f"{username}@{EMAIL_DOMAIN}",
                team=None if is_staff or draft.team is None else team_names[draft.team],
                hire_date=draft.hire_date,
                leaving_date=draft.leaving_date,
                roles=draft.roles,
                queues=draft.queues,
                languages=name.languages,
                skill=round(draft.skill, 4),
            )
        )
    leaders = {d.team: numbers[id(d)] for d in everyone if d.kind == "leader"}
    teams = tuple(SyntheticTeam(name, leaders[i]) for i, name in enumerate(team_names))
    return SyntheticFloor(
        spec=spec,
        queues=tuple(SyntheticQueue(q.name, q.channel) for q in QUEUE_CATALOGUE),
        teams=teams,
        people=tuple(people),
        mentorships=_mentorships(agents, mentors, spec.end, numbers),
        start=start,
    )
