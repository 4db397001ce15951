"""The self-scheduling pool covers the requirement (checked minute by minute, independently of
the engine's interval arithmetic) and holds no slot it could do without."""

from ortools.sat.python import cp_model

from floorwalk.engine.schedule.pool import Pool, Slot, build_pool
from floorwalk.engine.schedule.problem import BreakRule, Problem, ShiftTemplate
from tests.engine.schedule.examples import INTERVAL, agent, problem, queue

EARLY = ShiftTemplate("early", 420, 540, 30, 450, (BreakRule(30, False, 180, 300),))
LATE = ShiftTemplate("late", 780, 840, 60, 450, (BreakRule(15, True, 120, 240),))


def coverage(p: Problem, pool: Pool) -> dict[str, list[int]]:
    """Worked agent-minutes per queue and interval, counted one minute at a time; each break
    sits at the middle of the quarter-hour starts its window allows."""
    found = {q.id: [0] * p.intervals for q in p.queues}
    for slot, count in pool.slots:
        template = next(t for t in p.templates if t.id == slot.template)
        unpaid = sum(b.minutes for b in template.breaks if not b.paid)
        end = slot.start + template.paid_minutes + unpaid
        away = set()
        for rule in template.breaks:
            starts = list(range(rule.earliest_offset, rule.latest_offset + 1, 15))
            begin = slot.start + starts[len(starts) // 2]
            away.update(range(begin, begin + rule.minutes))
        for minute in range(slot.start, end):
            if minute not in away and minute // INTERVAL < p.intervals:
                found[slot.queue][minute // INTERVAL] += count
    return found


def site() -> Problem:
    busy = {d: [(480, 1020, 3), (1020, 1260, 2)] for d in range(7)}
    busy[5] = [(540, 1020, 1)]
    sales = queue("sales", 7, busy)
    service = queue("service", 7, {d: [(540, 780, 2)] for d in range(5)})
    agents = (
        agent("ann", ("sales",)),
        agent("bob", ("sales", "service")),
        agent("cy", ("service",)),
    )
    return problem(7, (sales, service), agents, templates=(EARLY, LATE))


def test_the_pool_covers_every_interval_of_every_queue() -> None:
    p = site()
    pool = build_pool(p)
    cover = coverage(p, pool)
    for q in p.queues:
        for t, required in enumerate(q.required):
            assert cover[q.id][t] >= required * INTERVAL, (q.id, t)
    assert dict(pool.uncovered_minutes) == {"sales": 0, "service": 0}


def test_no_slot_of_the_pool_can_be_spared() -> None:
    p = site()
    pool = build_pool(p)
    cover = coverage(p, pool)
    for slot, _count in pool.slots:
        one = Pool(((slot, 1),), ())
        alone = coverage(p, one)[slot.queue]
        rest = [c - a for c, a in zip(cover[slot.queue], alone, strict=True)]
        required = next(q for q in p.queues if q.id == slot.queue).required
        assert any(r < n * INTERVAL for r, n in zip(rest, required, strict=True)), slot


def smallest_cover(p: Problem) -> int:
    """The fewest shifts covering the requirement, by an integer program of its own: one
    count per (template, start, queue), minutes counted minute by minute as above."""
    model = cp_model.CpModel()
    cover: dict[tuple[str, int], list] = {}  # type: ignore[type-arg]
    counts = []
    for template in p.templates:
        for q in p.queues:
            for day in range(p.days):
                for start in template.starts():
                    slot = Slot(day * 1440 + start, template.id, q.id)
                    var = model.new_int_var(0, 20, "")
                    counts.append(var)
                    worked = coverage(p, Pool(((slot, 1),), ()))[q.id]
                    for t, m in enumerate(worked):
                        if m:
                            cover.setdefault((q.id, t), []).append(m * var)
    for q in p.queues:
        for t, required in enumerate(q.required):
            if required:
                model.add(sum(cover[(q.id, t)]) >= required * INTERVAL)
    model.minimize(sum(counts))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    assert solver.solve(model) == cp_model.OPTIMAL
    return round(solver.objective_value)


def test_the_pool_is_the_smallest_cover() -> None:
    p = site()
    assert build_pool(p).size == smallest_cover(p)


def test_without_time_to_minimise_the_greedy_cover_still_covers() -> None:
    p = site()
    greedy = build_pool(p, time_limit=0)
    cover = coverage(p, greedy)
    for q in p.queues:
        assert all(c >= r * INTERVAL for c, r in zip(cover[q.id], q.required, strict=True))
    assert greedy.size >= build_pool(p).size


def test_requirement_no_template_reaches_is_reported_and_skills_decide_the_queues() -> None:
    night = queue("night", 1, {0: [(0, 240, 2), (600, 660, 1)]})
    billing = queue("billing", 1, {0: [(600, 660, 1)]})
    p = problem(1, (night, billing), (agent("ann", ("night",)),), templates=(EARLY,))
    pool = build_pool(p)
    assert dict(pool.uncovered_minutes)["night"] == 2 * 240
    assert dict(pool.uncovered_minutes)["billing"] == 60  # nobody serves billing
    assert {slot.queue for slot, _ in pool.slots} == {"night"}
    assert pool.size == 1
