"""Placing breaks after the model has chosen the shifts.

The model counts each break spread evenly over its window. This stage starts from every break
at its window's middle, visits the shifts in order of start and moves each break, within its
window on the 15-minute step, to where it leaves the least requirement uncovered and, among
those, the flattest surplus (the smallest sum of squared surplus minutes, which spreads breaks
away from the thin intervals). A move is only taken when it is strictly better, so the result
never covers less than the mid-window placement; the schedule reports both figures.
"""

import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from floorwalk.engine.schedule.coverage import (
    IntArray,
    group_capacity,
    hall_shortfall,
    required_minutes,
    subset_masks,
)
from floorwalk.engine.schedule.problem import BreakRule, Problem
from floorwalk.engine.schedule.result import Shift
from floorwalk.engine.schedule.shifts import break_offsets, make_shift, minutes_by_interval


def place_breaks(
    problem: Problem, shifts: Sequence[Shift], groups: Sequence[frozenset[str]]
) -> tuple[Shift, ...]:
    capacity = group_capacity(problem, shifts, groups)
    need = required_minutes(problem)
    masks = subset_masks(problem, groups)
    queues = {q.id for q in problem.queues}
    group_index = {g: i for i, g in enumerate(groups)}
    group_of = {a.id: group_index.get(frozenset(set(a.skills) & queues)) for a in problem.agents}
    placed: list[Shift] = []
    for shift in sorted(shifts, key=lambda s: (s.start, s.agent)):
        g = group_of.get(shift.agent)
        template = problem.template(shift.template)
        if g is None or not template.breaks:
            placed.append(shift)
            continue
        offsets = [b.start - shift.start for b in shift.breaks]
        for index, rule in enumerate(template.breaks):
            options = []
            for offset in break_offsets(rule):
                trial = [*offsets[:index], offset, *offsets[index + 1 :]]
                if _breaks_apart(trial, template.breaks):
                    options.append(tuple(trial))
            if len(options) > 1:
                offsets = list(
                    _best_option(problem, shift, options, tuple(offsets), capacity, g, need, masks)
                )
        better = make_shift(shift.agent, template, shift.start, tuple(offsets))
        placed.append(better)
    return tuple(placed)


def _breaks_apart(offsets: Sequence[int], rules: Sequence[BreakRule]) -> bool:
    spans = sorted(
        (offset, offset + rule.minutes) for offset, rule in zip(offsets, rules, strict=True)
    )
    return all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def _best_option(
    problem: Problem,
    shift: Shift,
    options: list[tuple[int, ...]],
    current: tuple[int, ...],
    capacity: IntArray,
    group: int,
    need: IntArray,
    masks: Sequence[tuple[NDArray[np.bool_], NDArray[np.bool_]]],
) -> tuple[int, ...]:
    """The option that covers most, then flattens the surplus; updates `capacity` in place."""
    template = problem.template(shift.template)
    width, count = problem.interval_minutes, problem.intervals
    first = shift.start // width
    last = min(count - 1, (shift.end - 1) // width)
    columns = np.arange(first, last + 1)

    def worked(offsets: tuple[int, ...]) -> IntArray:
        row = np.zeros(len(columns), dtype=np.int64)
        trial = make_shift(shift.agent, template, shift.start, offsets)
        for interval, minutes in minutes_by_interval(trial, width, count).items():
            row[interval - first] = minutes
        return row

    base = capacity[:, columns].copy()
    base[group] -= worked(current)
    rows = np.array([worked(o) for o in options])  # (options, columns)
    trial_capacity = np.repeat(base[:, None, :], len(options), axis=1)
    trial_capacity[group] += rows
    trial_need = np.repeat(need[:, None, columns], len(options), axis=1)
    short = hall_shortfall(trial_need, trial_capacity, masks).sum(axis=1)
    surplus = trial_capacity.sum(axis=0) - trial_need.sum(axis=0)
    flatness = (surplus.astype(np.float64) ** 2).sum(axis=1)
    order = sorted(range(len(options)), key=lambda k: (short[k], flatness[k]))
    keep = options.index(current) if current in options else order[0]
    choice = order[0]
    if (short[choice], flatness[choice]) >= (short[keep], flatness[keep]):
        choice = keep
    capacity[group, columns] = base[group] + rows[choice]
    return options[choice]
