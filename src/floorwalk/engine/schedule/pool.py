"""A pool of shifts for self-scheduling: anonymous shift slots (template, start, queue) whose
worked minutes together cover each queue's requirement, to be picked by agents.

Coverage is counted in agent-minutes per interval: a slot works its shift's minutes outside
its breaks (each break at the middle of its window, where the schedule places it before
smoothing) on its queue. The requirement of a queue is `required × interval_minutes` per
interval.

The pool is the smallest such set of slots CP-SAT finds within a time limit, started from a
greedy cover that is also the fallback:

1. Greedy: repeatedly add the (template, start, queue) that covers the most requirement still
   open (ties: the one wasting fewest minutes beyond it, then the earliest); the same slot may
   be added again while it still covers something. Gains only shrink as slots are added, so a
   lazy priority queue re-scores a candidate only when it reaches the top.
2. Prune: drop, latest first, every slot whose minutes are all beyond the requirement without
   it. No slot of the result can be removed without leaving some interval short.
3. Minimise: CP-SAT chooses how many of each candidate slot to offer, the fewest in all that
   cover each interval as far as the greedy cover does (all of it, where any template
   reaches), hinted with the greedy cover; at the time limit it keeps the best found (never
   more slots than the greedy cover), and that result is pruned as in step 2.

A queue is served only by templates that some agent with its skill may work, and only queues
some agent serves get slots. Requirement no template can reach (e.g. night hours with day
templates only) is reported as `uncovered_minutes`, per queue.
"""

import heapq
from collections import Counter
from dataclasses import dataclass

from ortools.sat.python import cp_model

from floorwalk.engine.schedule.problem import MINUTES_PER_DAY, Problem
from floorwalk.engine.schedule.shifts import make_shift, minutes_by_interval


@dataclass(frozen=True, order=True)
class Slot:
    """One shift of the pool: `template` from `start` (absolute minute), on `queue`."""

    start: int
    template: str
    queue: str

    @property
    def day(self) -> int:
        return self.start // MINUTES_PER_DAY


@dataclass(frozen=True)
class Pool:
    """Each slot with how many agents may take it, and the requirement left uncovered."""

    slots: tuple[tuple[Slot, int], ...]
    uncovered_minutes: tuple[tuple[str, int], ...]

    @property
    def size(self) -> int:
        return sum(count for _, count in self.slots)


def _candidates(problem: Problem) -> list[tuple[str, str]]:
    """(template, queue) pairs an agent could work: the agent has the queue's skill and may
    use the template (every agent when the problem has none, e.g. a bare requirement)."""
    queues = [q.id for q in problem.queues]
    pairs = []
    for template in problem.templates:
        for queue in queues:
            if not problem.agents or any(
                queue in a.skills and a.may_use(template.id) for a in problem.agents
            ):
                pairs.append((template.id, queue))
    return pairs


def slot_minutes(problem: Problem, slot: Slot) -> dict[int, int]:
    """Worked minutes of the slot per interval (breaks at their window's middle)."""
    shift = make_shift("", problem.template(slot.template), slot.start)
    return minutes_by_interval(shift, problem.interval_minutes, problem.intervals)


def build_pool(problem: Problem, *, time_limit: float = 5.0, workers: int = 1) -> Pool:
    """The smallest cover of the requirement found (see the module's description)."""
    width = problem.interval_minutes
    need = {q.id: [r * width for r in q.required] for q in problem.queues}
    order = {t.id: i for i, t in enumerate(problem.templates)}
    minutes: dict[Slot, dict[int, int]] = {}
    heap: list[tuple[int, int, int, int, str, Slot]] = []

    def score(slot: Slot) -> tuple[int, int]:
        open_ = need[slot.queue]
        covered = sum(min(m, open_[t]) for t, m in minutes[slot].items())
        return covered, sum(minutes[slot].values()) - covered

    for template_id, queue in _candidates(problem):
        template = problem.template(template_id)
        for day in range(problem.days):
            for start_of_day in template.starts():
                slot = Slot(day * MINUTES_PER_DAY + start_of_day, template_id, queue)
                minutes[slot] = slot_minutes(problem, slot)
                covered, waste = score(slot)
                if covered > 0:
                    heapq.heappush(
                        heap, (-covered, waste, slot.start, order[template_id], queue, slot)
                    )
    chosen: list[Slot] = []
    while heap:
        _, _, _, _, _, slot = heapq.heappop(heap)
        covered, waste = score(slot)
        if covered <= 0:
            continue
        entry = (-covered, waste, slot.start, order[slot.template], slot.queue, slot)
        if heap and entry > heap[0]:
            heapq.heappush(heap, entry)  # no longer the best: back in line with its new score
            continue
        chosen.append(slot)
        open_ = need[slot.queue]
        for t, m in minutes[slot].items():
            open_[t] = max(0, open_[t] - m)
        heapq.heappush(heap, entry)  # the same slot may be needed again
    kept = _prune(problem, chosen, minutes)
    if kept and time_limit > 0:
        kept = _prune(problem, _minimise(problem, kept, minutes, time_limit, workers), minutes)
    uncovered = tuple(
        (q.id, sum(max(0, v) for v in need[q.id])) for q in problem.queues if any(q.required)
    )
    counts = Counter(kept)
    return Pool(tuple(sorted(counts.items())), uncovered)


def _minimise(
    problem: Problem,
    greedy: list[Slot],
    minutes: dict[Slot, dict[int, int]],
    time_limit: float,
    workers: int,
) -> list[Slot]:
    width = problem.interval_minutes
    target = {q.id: [0] * problem.intervals for q in problem.queues}
    for slot in greedy:
        for t, m in minutes[slot].items():
            target[slot.queue][t] += m
    for q in problem.queues:
        target[q.id] = [min(c, r * width) for c, r in zip(target[q.id], q.required, strict=True)]
    used = Counter(greedy)
    most = max(max(used.values()), 4 * max(max(q.required, default=0) for q in problem.queues) + 1)
    model = cp_model.CpModel()
    count = {}
    terms: dict[tuple[str, int], list[cp_model.LinearExprT]] = {}
    for slot, by_interval in minutes.items():
        if not any(target[slot.queue][t] for t in by_interval):
            continue
        var = model.new_int_var(0, most, "")
        model.add_hint(var, used.get(slot, 0))
        count[slot] = var
        for t, m in by_interval.items():
            if target[slot.queue][t]:
                terms.setdefault((slot.queue, t), []).append(m * var)
    for (queue, t), parts in terms.items():
        model.add(sum(parts) >= target[queue][t])
    model.minimize(sum(count.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return greedy
    found = [slot for slot, var in count.items() for _ in range(solver.value(var))]
    return found if len(found) <= len(greedy) else greedy


def _prune(problem: Problem, chosen: list[Slot], minutes: dict[Slot, dict[int, int]]) -> list[Slot]:
    width = problem.interval_minutes
    required = {q.id: [r * width for r in q.required] for q in problem.queues}
    cover = {q.id: [0] * problem.intervals for q in problem.queues}
    for slot in chosen:
        for t, m in minutes[slot].items():
            cover[slot.queue][t] += m
    kept = list(chosen)
    for index in range(len(kept) - 1, -1, -1):
        slot = kept[index]
        own, need = cover[slot.queue], required[slot.queue]
        if all(own[t] - m >= need[t] for t, m in minutes[slot].items()):
            for t, m in minutes[slot].items():
                own[t] -= m
            del kept[index]
    return kept
