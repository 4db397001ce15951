"""Preferences expanded into requests, one per day or weekend they concern, each granted or not
by a schedule on its own. Days the agent cannot work (leave, nothing allowed) ask for nothing:
granting them would be free and would flatter the agent's satisfaction."""

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from floorwalk.engine.schedule.problem import (
    Agent,
    DayOffOnDate,
    DayOffOnWeekday,
    PreferredStart,
    PreferredTemplates,
    Problem,
    WeekendsOff,
)
from floorwalk.engine.schedule.result import Shift
from floorwalk.engine.schedule.shifts import allowed_choices


@dataclass(frozen=True)
class Request:
    """kind: template (work one of `templates`), start (start in [earliest, latest]), day_off,
    weekend_off (every day of `weekends[0]` off), weekend_pair (one of two weekends off)."""

    agent: str
    preference_id: str
    kind: str
    weight: int
    day: int | None = None
    weekends: tuple[tuple[int, ...], ...] = ()
    templates: tuple[str, ...] = ()
    earliest: int = 0
    latest: int = 0

    @property
    def first_day(self) -> int | None:
        return self.day if self.day is not None else self.weekends[0][0]

    @property
    def days(self) -> tuple[int, ...]:
        if self.day is not None:
            return (self.day,)
        return tuple(d for weekend in self.weekends for d in weekend)


def workable_days(problem: Problem, agent: Agent) -> tuple[int, ...]:
    return tuple(d for d in range(problem.days) if allowed_choices(problem, agent, d))


def expand(problem: Problem, agent: Agent) -> tuple[Request, ...]:
    days = workable_days(problem, agent)
    found: list[Request] = []
    for p in agent.preferences:
        if isinstance(p, PreferredTemplates):
            found += [
                Request(agent.id, p.id, "template", p.weight, day=d, templates=p.templates)
                for d in days
            ]
        elif isinstance(p, PreferredStart):
            found += [
                Request(
                    agent.id, p.id, "start", p.weight, day=d, earliest=p.earliest, latest=p.latest
                )
                for d in days
            ]
        elif isinstance(p, DayOffOnDate):
            if p.day in days:
                found.append(Request(agent.id, p.id, "day_off", p.weight, day=p.day))
        elif isinstance(p, DayOffOnWeekday):
            found += [
                Request(agent.id, p.id, "day_off", p.weight, day=d)
                for d in days
                if problem.weekday(d) == p.weekday
            ]
        elif isinstance(p, WeekendsOff):
            found += _weekend_requests(problem, agent, p, set(days))
    return tuple(found)


def _weekend_requests(
    problem: Problem, agent: Agent, preference: WeekendsOff, days: set[int]
) -> list[Request]:
    weekends = [w for w in problem.weekends() if days & set(w)]
    if not preference.every_other:
        return [
            Request(agent.id, preference.id, "weekend_off", preference.weight, weekends=(w,))
            for w in weekends
        ]
    return [
        Request(agent.id, preference.id, "weekend_pair", preference.weight, weekends=pair)
        for pair in itertools.pairwise(weekends)
    ]


def granted(request: Request, row: Mapping[int, Shift]) -> bool:
    """Whether the agent's shifts (by day) grant the request."""
    if request.kind in ("template", "start"):
        assert request.day is not None  # noqa: S101 (set for these kinds by expand)
        shift = row.get(request.day)
        if shift is None:
            return True
        if request.kind == "template":
            return shift.template in request.templates
        return request.earliest <= shift.start_of_day <= request.latest
    if request.kind == "day_off":
        return request.day not in row
    off = [all(d not in row for d in weekend) for weekend in request.weekends]
    return any(off) if request.kind == "weekend_pair" else all(off)
