"""Small schedule problems for the tests."""

from floorwalk.engine.schedule.problem import (
    Agent,
    BreakRule,
    LabourRules,
    Preference,
    Problem,
    Queue,
    ShiftTemplate,
)

INTERVAL = 30
PER_DAY = 1440 // INTERVAL


def queue(
    name: str, days: int, busy: dict[int, list[tuple[int, int, int]]], aht: float = 300.0
) -> Queue:
    """A queue needing `agents` between two minutes of day, per day: {day: [(from, to, n)]}."""
    required = [0] * (days * PER_DAY)
    for day, spans in busy.items():
        for start, end, agents in spans:
            for i in range(start // INTERVAL, end // INTERVAL):
                required[day * PER_DAY + i] = agents
    # Load that needs roughly the required agents at 80 % in 20 s.
    volume = tuple(r * 5.0 for r in required)
    return Queue(name, tuple(required), volume, tuple(aht for _ in required))


def four_hours(earliest: int = 480, latest: int = 600, step: int = 60) -> ShiftTemplate:
    return ShiftTemplate("four", earliest, latest, step, 240)


def eight_hours() -> ShiftTemplate:
    return ShiftTemplate("day", 480, 600, 60, 480, (BreakRule(30, False, 180, 300),))


def agent(
    name: str,
    skills: tuple[str, ...] = ("q",),
    minimum: int = 0,
    maximum: int = 2880,
    preferences: tuple[Preference, ...] = (),
    **extra: object,
) -> Agent:
    return Agent(name, skills, minimum, maximum, preferences=preferences, **extra)  # type: ignore[arg-type]


def relaxed() -> LabourRules:
    return LabourRules(min_rest_minutes=0, max_consecutive_days=7, min_days_off_per_week=0)


def problem(
    days: int,
    queues: tuple[Queue, ...],
    agents: tuple[Agent, ...],
    templates: tuple[ShiftTemplate, ...] | None = None,
    **extra: object,
) -> Problem:
    return Problem(
        days,
        INTERVAL,
        queues,
        templates or (four_hours(),),
        agents,
        **extra,  # type: ignore[arg-type]
    )
