"""The parts of a roster the large-neighbourhood loop frees at each step, and how big they are.

Three shapes: a few employees over the whole horizon (moves a shift from one day to another
within a row), every employee over a window of days (swaps shifts between employees), and some
employees over a window (both, on a smaller scale). Half of the windows are placed over a day
whose cover is short, since that is where the objective's largest weights are. The size of each
shape adapts: it grows while CP-SAT closes its steps within their time and shrinks when not.
"""

import random
from collections import Counter
from dataclasses import dataclass, field

from floorwalk.engine.roster.model import Problem, Solution

KINDS = ("employees", "days", "block")
START_SHARE = 0.3  # of the roster's cells freed at first
GROWTH = 1.1
SMALLEST_SHARE = 0.02
GUIDED_SHARE = 0.5  # of the windows placed over a short day


@dataclass(frozen=True)
class Neighbourhood:
    kind: str
    cells: frozenset[tuple[str, int]]  # (employee, day) left free


@dataclass
class AdaptiveSizes:
    """The share of the roster each kind frees; mutable, it is the loop's learning state."""

    share: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KINDS, START_SHARE))

    def closed(self, kind: str) -> None:
        self.share[kind] = min(1.0, self.share[kind] * GROWTH)

    def timed_out(self, kind: str) -> None:
        self.share[kind] = max(SMALLEST_SHARE, self.share[kind] / GROWTH)


def choose(
    problem: Problem, incumbent: Solution, sizes: AdaptiveSizes, rng: random.Random
) -> Neighbourhood:
    kind = rng.choice(KINDS)
    share = sizes.share[kind]
    employees = [e.id for e in problem.employees]
    days = problem.horizon.days
    if kind == "employees":
        chosen = rng.sample(employees, between(2, round(share * len(employees)), len(employees)))
        window = range(days)
    else:
        # A block frees the square root of the share along each side, so both shrink together.
        side = share if kind == "days" else share**0.5
        width = between(2, round(side * days), days)
        window = window_over(centre_day(problem, incumbent, rng), width, days, rng)
        chosen = (
            employees
            if kind == "days"
            else rng.sample(employees, between(2, round(side * len(employees)), len(employees)))
        )
    return Neighbourhood(kind, frozenset((e, d) for e in chosen for d in window))


def between(low: int, value: int, high: int) -> int:
    return max(min(low, high), min(value, high))


def centre_day(problem: Problem, incumbent: Solution, rng: random.Random) -> int:
    short = short_days(problem, incumbent)
    if short and rng.random() < GUIDED_SHARE:
        return rng.choice(short)
    return rng.randrange(problem.horizon.days)


def window_over(day: int, width: int, days: int, rng: random.Random) -> range:
    """`width` consecutive days containing `day` at a random place, inside the horizon."""
    start = max(0, min(days - width, day - rng.randrange(width)))
    return range(start, start + width)


def short_days(problem: Problem, solution: Solution) -> list[int]:
    """The days with a cover entry below its requirement (once per short entry)."""
    staffed = Counter((a.day, a.shift) for a in solution.assignments)
    return [c.day for c in problem.cover if staffed[(c.day, c.shift)] < c.requirement]
