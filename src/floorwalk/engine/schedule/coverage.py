"""Coverage of multi-skill agents, and what it reaches.

Agents are pooled by skill set ("groups"). In an interval, group g offers c_g worked minutes
and queue q needs r_q. The most requirement the groups can cover is a maximum flow from groups
to the queues they serve; by the deficiency form of Hall's theorem the minutes left short are

    short = max(0, max over queue subsets S of (Σ_{q∈S} r_q − Σ_{g serves some q∈S} c_g)),

which the model states as one constraint per subset (at most 15 with four queues) and the
reports compute directly. The per-queue split (which agent works which queue) is a maximum
flow, after which minutes beyond the requirement go to the queues the group serves in
proportion to their requirement. Where minutes are short, deferred work is covered first (a
backlog that is short for long never clears) and the live queues a group serves fall short
in proportion to their requirement.

Service level per queue and interval follows the queue's work model: for live contacts
Erlang C (Erlang A with a patience estimate) with the whole agents allocated to the queue
(half an agent on a break answers no call on its own) less shrinkage, each holding
the queue's concurrency; for deferred work the share of the interval's items answered within
the response hours, from a backlog simulation over the horizon.
"""

from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from floorwalk.engine import erlang, workload
from floorwalk.engine.schedule.problem import Problem
from floorwalk.engine.schedule.result import Shift
from floorwalk.engine.schedule.shifts import minutes_by_interval

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def skill_groups(problem: Problem) -> tuple[frozenset[str], ...]:
    """Distinct skill sets of the agents (restricted to the problem's queues), in a fixed order."""
    queues = {q.id for q in problem.queues}
    found = {frozenset(set(a.skills) & queues) for a in problem.agents}
    return tuple(sorted((g for g in found if g), key=lambda g: (len(g), sorted(g))))


def queue_subsets(problem: Problem) -> tuple[frozenset[str], ...]:
    ids = [q.id for q in problem.queues]
    return tuple(
        frozenset(subset) for size in range(1, len(ids) + 1) for subset in combinations(ids, size)
    )


def required_minutes(problem: Problem) -> IntArray:
    """Agent-minutes each queue needs in each interval: (queues, intervals)."""
    return np.array(
        [np.asarray(q.required, dtype=np.int64) * problem.interval_minutes for q in problem.queues],
        dtype=np.int64,
    ).reshape(len(problem.queues), problem.intervals)


def group_capacity(
    problem: Problem, shifts: Iterable[Shift], groups: Sequence[frozenset[str]]
) -> IntArray:
    """Worked minutes per skill group and interval: (groups, intervals)."""
    index = {g: i for i, g in enumerate(groups)}
    queues = {q.id for q in problem.queues}
    skills = {a.id: frozenset(set(a.skills) & queues) for a in problem.agents}
    capacity = np.zeros((len(groups), problem.intervals), dtype=np.int64)
    for shift in shifts:
        group = skills.get(shift.agent)
        if group not in index:
            continue
        row = capacity[index[group]]
        for interval, minutes in minutes_by_interval(
            shift, problem.interval_minutes, problem.intervals
        ).items():
            row[interval] += minutes
    return capacity


def subset_masks(
    problem: Problem, groups: Sequence[frozenset[str]]
) -> list[tuple[NDArray[np.bool_], NDArray[np.bool_]]]:
    """For every queue subset S: which queues are in S, and which groups serve some queue of S."""
    ids = [q.id for q in problem.queues]
    return [
        (
            np.array([q in subset for q in ids], dtype=bool),
            np.array([bool(g & subset) for g in groups], dtype=bool),
        )
        for subset in queue_subsets(problem)
    ]


def hall_shortfall(
    need: IntArray,
    capacity: IntArray,
    masks: Sequence[tuple[NDArray[np.bool_], NDArray[np.bool_]]],
) -> IntArray:
    """max(0, max_S need(S) − capacity(serving S)) along the leading axis: `need` is
    (queues, ...) and `capacity` (groups, ...) with the same trailing shape."""
    worst = np.zeros(need.shape[1:], dtype=np.int64)
    for queues, serving in masks:
        gap = need[queues].sum(axis=0) - capacity[serving].sum(axis=0)
        worst = np.maximum(worst, gap)
    return worst


def shortfall(problem: Problem, capacity: IntArray, groups: Sequence[frozenset[str]]) -> IntArray:
    """Agent-minutes of requirement no allocation can cover, per interval (Hall deficiency)."""
    return hall_shortfall(required_minutes(problem), capacity, subset_masks(problem, groups))


def allocate(
    problem: Problem,
    capacity: IntArray,
    groups: Sequence[frozenset[str]],
    columns: Sequence[int] | None = None,
) -> FloatArray:
    """Minutes each group gives each queue in each interval: (groups, queues, intervals), or
    only for `columns` (then `capacity` holds just those intervals).

    Per interval, a maximum flow covers as much requirement as can be, then each group spreads
    its spare minutes over its queues in proportion to their requirement.
    """
    need = required_minutes(problem).astype(np.float64)
    if columns is not None:
        need = need[:, list(columns)]
    ids = [q.id for q in problem.queues]
    serves = np.array([[q in g for q in ids] for g in groups], dtype=bool).reshape(
        len(groups), len(ids)
    )
    width = need.shape[1]
    result = np.zeros((len(groups), len(ids), width))
    first = [q.deferred for q in problem.queues]
    for interval in range(width):
        cap = capacity[:, interval].astype(np.float64)
        if cap.sum() == 0:
            continue
        flow = _max_flow(cap, need[:, interval], serves, first)
        spare = cap - flow.sum(axis=1)
        for g in range(len(groups)):
            if spare[g] <= 0:
                continue
            weights = np.where(serves[g], need[:, interval] + 1e-9, 0.0)
            flow[g] += spare[g] * weights / weights.sum()
        result[:, :, interval] = flow
    return result


def _max_flow(
    cap: FloatArray,
    need: FloatArray,
    serves: NDArray[np.bool_],
    first: Sequence[bool] | None = None,
) -> FloatArray:
    """Group-to-queue flow of a maximum flow source → groups → queues → sink. Queues marked
    `first` (deferred work, whose backlog never clears when it is short for long) are served
    before the others share what is left.

    The graph has at most a few dozen arcs, so plain augmenting paths (shortest first, in
    Python lists) beat building a sparse graph for a library call by two orders of magnitude;
    the reports and the reasons run it for every interval they look at."""
    groups, queues = len(cap), len(need)
    served = [[q for q in range(queues) if serves[g, q]] for g in range(groups)]
    left = [float(c) for c in cap]
    wanted = [float(n) for n in need]
    flow = [[0.0] * queues for _ in range(groups)]
    for g in range(groups):
        for q in served[g]:
            if first is not None and first[q]:
                moved = min(left[g], wanted[q])
                if moved > 0:
                    flow[g][q] += moved
                    left[g] -= moved
                    wanted[q] -= moved
    # Direct arcs first: most of the flow, no search. Each group first spreads its minutes
    # over its queues in proportion to what they still need, so that when minutes are short
    # every queue the group serves falls short alike rather than the last one alone.
    for g in range(groups):
        asked = sum(wanted[q] for q in served[g])
        if asked <= 0 or left[g] <= 0:
            continue
        share = min(1.0, left[g] / asked)
        for q in served[g]:
            moved = wanted[q] * share
            if moved > 0:
                flow[g][q] += moved
                left[g] -= moved
                wanted[q] -= moved
    for g in range(groups):
        for q in served[g]:
            moved = min(left[g], wanted[q])
            if moved > 0:
                flow[g][q] += moved
                left[g] -= moved
                wanted[q] -= moved
    while True:
        path = _augmenting_path(left, wanted, flow, served)
        if path is None:
            break
        amount = min(left[path[0][0]], wanted[path[-1][1]])
        for back_g, q in _reversed_arcs(path):
            amount = min(amount, flow[back_g][q])
        left[path[0][0]] -= amount
        wanted[path[-1][1]] -= amount
        for g, q in path:
            flow[g][q] += amount
        for back_g, q in _reversed_arcs(path):
            flow[back_g][q] -= amount
    return np.array(flow, dtype=np.float64).reshape(groups, queues)


def _augmenting_path(
    left: list[float], wanted: list[float], flow: list[list[float]], served: list[list[int]]
) -> list[tuple[int, int]] | None:
    """Forward arcs (group, queue) of a shortest path from a group with minutes left to a
    queue with requirement left, alternating with backward arcs along existing flow (implied:
    the group of each forward arc after the first reached its queue's predecessor by one)."""
    parent: dict[int, tuple[int, int]] = {}  # queue -> (group, previous queue or -1)
    frontier = [(g, -1) for g in range(len(left)) if left[g] > 0]
    seen_groups = {g for g, _ in frontier}
    while frontier:
        following = []
        for g, via in frontier:
            for q in served[g]:
                if q in parent:
                    continue
                parent[q] = (g, via)
                if wanted[q] > 0:
                    return _trace(parent, q)
                for other in range(len(flow)):
                    if other not in seen_groups and flow[other][q] > 0:
                        seen_groups.add(other)
                        following.append((other, q))
        frontier = following
    return None


def _trace(parent: dict[int, tuple[int, int]], queue: int) -> list[tuple[int, int]]:
    path = []
    q = queue
    while q >= 0:
        g, via = parent[q]
        path.append((g, q))
        q = via
    return path[::-1]


def _reversed_arcs(path: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Backward arcs of the path: each later group takes over flow it had on the previous
    queue, which that queue's earlier group then covers."""
    return [(path[i + 1][0], path[i][1]) for i in range(len(path) - 1)]


def service_levels(
    problem: Problem,
    queue_minutes: FloatArray,
    columns: Sequence[int] | None = None,
    baseline: FloatArray | None = None,
) -> FloatArray:
    """Service level per queue and interval for the minutes allocated to each queue:
    (queues, intervals), or only `columns`. An interval with no load reaches 1.

    Live queues: Erlang C (Erlang A with a patience) with the whole agents left after
    shrinkage, each holding the queue's concurrency. Deferred queues: the share of the
    interval's items answered within the response hours, from a backlog simulation over the
    whole horizon (taken as a steady run of such periods), which needs every interval's
    minutes: `baseline` gives them (queues, intervals) where only `columns` change; without it
    the other intervals are taken as staffed exactly at their requirement."""
    picked = np.arange(problem.intervals) if columns is None else np.asarray(columns, dtype=int)
    levels = np.ones((len(problem.queues), len(picked)))
    width = problem.interval_minutes
    for i, queue in enumerate(problem.queues):
        volume = np.asarray(queue.volume, dtype=np.float64)
        aht = np.asarray(queue.aht_seconds, dtype=np.float64)
        loaded = (volume[picked] > 0) & (aht[picked] > 0)
        if not np.any(loaded):
            continue
        if queue.deferred:
            levels[i] = _deferred_levels(problem, i, queue_minutes[i], picked, columns, baseline)
            continue
        agents = workload.on_queue_agents(queue_minutes[i] / width, queue.shrinkage)
        vol, handle = volume[picked][loaded], aht[picked][loaded]
        levels[i, loaded] = workload.live_service_level(
            agents.astype(np.int64)[loaded],
            erlang.offered_traffic(vol, handle, width),
            handle,
            queue.answer_within_seconds,
            queue.concurrency,
            queue.patience_seconds,
        )
    return levels


def _deferred_levels(
    problem: Problem,
    index: int,
    minutes: FloatArray,
    picked: IntArray,
    columns: Sequence[int] | None,
    baseline: FloatArray | None,
) -> FloatArray:
    queue = problem.queues[index]
    assert queue.response_hours is not None  # noqa: S101 (deferred)
    width = problem.interval_minutes
    if columns is None:
        full = np.asarray(minutes, dtype=np.float64)
    else:
        full = (
            np.asarray(baseline[index], dtype=np.float64).copy()
            if baseline is not None
            else np.asarray(queue.required, dtype=np.float64) * width
        )
        full[picked] = minutes
    volume = np.asarray(queue.volume, dtype=np.float64)
    aht = np.asarray(queue.aht_seconds, dtype=np.float64)
    busy = (volume > 0) & (aht > 0)
    reached = workload.deferred_service_level(
        np.arange(problem.intervals, dtype=np.float64) * width,
        np.where(busy, volume, 0.0),
        np.where(busy, aht, 0.0),
        full / width * (1.0 - queue.shrinkage),
        width,
        queue.response_hours,
        queue.max_occupancy,
        problem.intervals * width,
    )
    return np.asarray(reached[picked], dtype=np.float64)
