"""The contact-center schedule engine on a generated site: 200 agents, 4 weeks, 30-minute
intervals, 3 queues.

    .venv/bin/python bench/bench_cc_schedule.py                  # 60 s run
    .venv/bin/python bench/bench_cc_schedule.py --long           # adds the 600 s reference run
    .venv/bin/python bench/bench_cc_schedule.py --time-limit 30 --seed 2

The site (seeded): contacts follow an intraday curve with morning and afternoon peaks and a
weekday profile (Monday busiest, Sunday quietest); each queue's requirement is Erlang C for
80 % within 20 s. Agents: three quarters full time (five 8-hour shifts a week, early or late
template), a quarter part time (four to six 4-hour shifts); half serve one queue, a third two,
the rest all three; some must end by 16:00 on weekdays, some have a week of leave, some
cannot work evenings; one to three weighted preferences each; a few carry a fairness balance.

Printed: under-coverage against two lower bounds measured in the same run (per interval,
requirement minus every agent who could be there; and CP-SAT's proven bound on the coverage
stage), over-coverage, satisfaction (mean, 10th percentile and worst agent), the time to the
first schedule and to a publishable one, and the checker's verdict. Publishable: within 1 % of
the reference's under-coverage and of its worst-agent satisfaction, the reference being the
--long run's schedule when given, otherwise the run's own final schedule.
"""

import argparse
import math
import os
import random
import time
from dataclasses import replace

import numpy as np

from floorwalk.engine import erlang
from floorwalk.engine.schedule.bound import shortfall_lower_bound
from floorwalk.engine.schedule.check import check_schedule
from floorwalk.engine.schedule.problem import (
    Agent,
    BreakRule,
    DayOffOnWeekday,
    EndBy,
    LabourRules,
    PreferredStart,
    PreferredTemplates,
    Problem,
    Queue,
    ShiftTemplate,
    TimeRange,
    WeekendsOff,
)
from floorwalk.engine.schedule.result import Schedule
from floorwalk.engine.schedule.shifts import allowed_choices, make_shift, minutes_by_interval
from floorwalk.engine.schedule.solve import SolveOptions, solve

INTERVAL = 30
QUEUES = (("sales", 1.0, 360.0), ("service", 1.3, 300.0), ("billing", 0.6, 420.0))
WEEKDAY_FACTOR = (1.2, 1.1, 1.05, 1.0, 1.0, 0.7, 0.55)


def intraday(minute: float, weekend: bool) -> float:
    """Contacts per 30 minutes at peak = 1: morning and afternoon peaks, closed at night."""
    opens, closes = (8 * 60, 20 * 60) if weekend else (7 * 60, 22 * 60)
    if not opens <= minute < closes:
        return 0.0
    morning = math.exp(-(((minute - 630) / 100) ** 2))
    afternoon = 0.85 * math.exp(-(((minute - 870) / 120) ** 2))
    evening = 0.35 * math.exp(-(((minute - 1170) / 90) ** 2))
    return 0.15 + morning + afternoon + evening


def generate_site(seed: int, agents: int = 200, weeks: int = 4, load: float = 2.9) -> Problem:
    rng = random.Random(seed)
    days = 7 * weeks
    per_day = 1440 // INTERVAL
    queues = []
    for name, size, aht in QUEUES:
        volume = []
        for day in range(days):
            factor = WEEKDAY_FACTOR[day % 7] * (1 + rng.uniform(-0.05, 0.05))
            for i in range(per_day):
                curve = intraday(i * INTERVAL + INTERVAL / 2, day % 7 >= 5)
                volume.append(round(48 * load * size * factor * curve, 1))
        traffic = erlang.offered_traffic(np.array(volume), aht, INTERVAL)
        staffing = erlang.required_agents(traffic, aht, erlang.Target(0.8, 20.0))
        required = np.where(np.array(volume) > 0, staffing.agents, 0)
        queues.append(
            Queue(
                name,
                tuple(int(r) for r in required),
                tuple(volume),
                tuple(aht for _ in volume),
            )
        )
    breaks8 = (
        BreakRule(15, True, 90, 150),
        BreakRule(30, False, 210, 300),
        BreakRule(15, True, 360, 420),
    )
    templates = (
        ShiftTemplate("early", 390, 600, 30, 480, breaks8),
        ShiftTemplate("late", 660, 810, 30, 480, breaks8),
        ShiftTemplate("part", 420, 1080, 60, 240, (BreakRule(15, True, 90, 150),)),
    )
    names = [q.id for q in queues]
    people = []
    for n in range(agents):
        full = n < agents * 3 // 4
        draw = rng.random()
        skills = (
            (rng.choice(names),)
            if draw < 0.5
            else tuple(rng.sample(names, 2))
            if draw < 0.83
            else tuple(names)
        )
        rules = LabourRules(max_weekends=2 if rng.random() < 0.5 else 4)
        extra: dict[str, object] = {}
        if rng.random() < 0.1:
            extra["must_end_by"] = (EndBy((0, 1, 2, 3, 4), 16 * 60),)
        if rng.random() < 0.06:
            week = rng.randrange(weeks)
            extra["leave_days"] = tuple(range(7 * week, 7 * week + 5))
        if rng.random() < 0.06:
            extra["unavailable"] = tuple(
                TimeRange(d * 1440 + 18 * 60, d * 1440 + 24 * 60)
                for d in range(days)
                if d % 7 in (1, 3)
            )
        preferences = []
        for k in range(rng.randint(1, 3)):
            kind = rng.choice(("start", "day", "weekend", "template"))
            weight = rng.randint(1, 5)
            pid = f"{n}-{k}"
            if kind == "start":
                early = rng.random() < 0.5
                window = (390, 540) if early else (720, 900)
                preferences.append(PreferredStart(pid, weight, *window))
            elif kind == "day":
                preferences.append(DayOffOnWeekday(pid, weight, rng.choice((0, 4, 5, 6))))
            elif kind == "weekend":
                preferences.append(WeekendsOff(pid, weight, every_other=True))
            elif full:
                preferences.append(
                    PreferredTemplates(pid, weight, (rng.choice(("early", "late")),))
                )
        people.append(
            Agent(
                f"agent{n:03d}",
                skills,
                2400 if full else 960,
                2400 if full else 1440,
                rules,
                ("early", "late") if full else ("part",),
                preferences=tuple(preferences),
                fairness_balance=round(rng.gauss(0, 0.1), 3) if rng.random() < 0.3 else 0.0,
                **extra,  # type: ignore[arg-type]
            )
        )
    return Problem(days, INTERVAL, tuple(queues), templates, tuple(people))


def interval_bound(problem: Problem) -> int:
    """Requirement minutes no schedule can cover: per interval and queue subset, the need less
    the minutes every agent with a skill there could work in it (each on any allowed shift)."""
    ids = [q.id for q in problem.queues]
    need = np.array([q.required for q in problem.queues]) * problem.interval_minutes
    reach = np.zeros((len(problem.agents), problem.intervals), dtype=np.int64)
    for a, agent in enumerate(problem.agents):
        for day in range(problem.days):
            for choice in allowed_choices(problem, agent, day):
                shift = make_shift(agent.id, problem.template(choice.template), choice.start)
                segments = minutes_by_interval(shift, problem.interval_minutes, problem.intervals)
                for interval in segments:
                    reach[a, interval] = problem.interval_minutes
    worst = np.zeros(problem.intervals, dtype=np.int64)
    for mask in range(1, 1 << len(ids)):
        subset = {ids[i] for i in range(len(ids)) if mask >> i & 1}
        rows = [i for i, q in enumerate(ids) if q in subset]
        serving = [a for a, agent in enumerate(problem.agents) if subset & set(agent.skills)]
        worst = np.maximum(worst, need[rows].sum(axis=0) - reach[serving].sum(axis=0))
    return int(worst.sum())


def worst_satisfaction(schedule: Schedule) -> float:
    return min((s.satisfaction for s in schedule.satisfaction if s.requested_weight), default=1)


def summary(problem: Problem, schedule: Schedule, label: str) -> None:
    shares = [s.satisfaction for s in schedule.satisfaction if s.requested_weight]
    violations = check_schedule(problem, schedule.shifts)
    coverage = next(s for s in schedule.stages if s.name == "coverage")
    levels = np.concatenate([np.array(q.service_level) for q in schedule.coverage])
    loaded = np.concatenate([np.array(q.volume) > 0 for q in problem.queues])
    print(
        f"{label}: status {schedule.status}, {len(schedule.shifts)} shifts, checker: "
        f"{'valid' if not violations else f'{len(violations)} violations'}"
    )
    for stage in schedule.stages:
        print(
            f"  stage {stage.name:<8} {stage.status:<9} objective {stage.objective:>12.3f}  "
            f"bound {stage.bound:>12.3f}  gap {100 * stage.gap:6.2f} %  {stage.seconds:6.1f} s"
        )
    print(
        f"  under-coverage {schedule.under_minutes / 60:9.1f} agent-hours "
        f"(mid-window breaks {schedule.under_minutes_before_breaks / 60:.1f}); "
        f"CP-SAT bound on the coverage stage {coverage.bound:,.0f} vs {coverage.objective:,.0f}"
    )
    print(f"  over-coverage  {schedule.over_minutes / 60:9.1f} agent-hours")
    print(
        f"  service level: intervals with load reaching 80 %: "
        f"{100 * np.mean(levels[loaded] >= 0.8):.1f} %, mean {100 * levels[loaded].mean():.1f} %"
    )
    print(
        f"  satisfaction: mean {100 * np.mean(shares):.1f} %, 10th percentile "
        f"{100 * np.percentile(shares, 10):.1f} %, worst agent "
        f"{100 * min(shares):.1f} %; unmet requests {len(schedule.unmet)} "
        f"({reason_counts(schedule)})"
    )
    first = schedule.seconds_to_first
    print(f"  first schedule {first:.1f} s; total with reports {schedule.seconds:.1f} s")


def reason_counts(schedule: Schedule) -> str:
    counts: dict[str, int] = {}
    for unmet in schedule.unmet:
        counts[unmet.reason.kind] = counts.get(unmet.reason.kind, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def publishable_at(
    problem: Problem, limits: list[float], reference: Schedule, options: SolveOptions
) -> float | None:
    """The first time limit whose schedule is within 1 % of the reference on under-coverage
    and on worst-agent satisfaction (the limit is the whole call's wall time, reports
    included)."""
    for limit in limits:
        run = solve(problem, replace(options, time_limit=limit, explain=False))
        if not run.shifts:
            print(f"  limit {limit:5.0f} s: {run.status}, no schedule")
            continue
        under_ok = run.under_minutes <= reference.under_minutes * 1.01 + 1e-9
        fair_ok = worst_satisfaction(run) >= worst_satisfaction(reference) - 0.01
        print(
            f"  limit {limit:5.0f} s: under {run.under_minutes / 60:8.1f} h, worst "
            f"{100 * worst_satisfaction(run):5.1f} %  -> "
            f"{'publishable' if under_ok and fair_ok else 'not yet'}",
            flush=True,
        )
        if under_ok and fair_ok:
            return limit
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--long", action="store_true", help="add the 600 s reference run")
    parser.add_argument(
        "--slack",
        type=float,
        default=0.0,
        help="coverage slack for the satisfaction stages (share of requirement)",
    )
    parser.add_argument(
        "--ladder",
        type=float,
        nargs="*",
        default=[10, 20, 30, 45, 60],
        help="time limits tried for the time to a publishable schedule",
    )
    args = parser.parse_args()
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    started = time.monotonic()
    problem = generate_site(args.seed, args.agents, args.weeks)
    need = sum(sum(q.required) for q in problem.queues) * problem.interval_minutes
    print(
        f"site: {len(problem.agents)} agents, {problem.days} days, {problem.intervals} "
        f"intervals x {len(problem.queues)} queues, requirement {need / 60:,.0f} agent-hours, "
        f"contract capacity {contract_hours(problem):,.0f} paid hours "
        f"({time.monotonic() - started:.1f} s to generate)"
    )
    bound = interval_bound(problem)
    print(f"lower bound (per interval, everyone who could be there): {bound / 60:.1f} agent-hours")
    relaxed_started = time.monotonic()
    relaxed = shortfall_lower_bound(problem)
    print(
        f"lower bound (linear relaxation, breaks anywhere): {relaxed / 60:.1f} agent-hours "
        f"({time.monotonic() - relaxed_started:.1f} s)"
    )
    options = SolveOptions(
        time_limit=args.time_limit, workers=args.workers, coverage_slack=args.slack
    )
    print(f"coverage slack {args.slack:g}")
    main_run = solve(problem, options)
    summary(problem, main_run, f"{args.time_limit:g} s run")
    reference = main_run
    if args.long:
        reference = solve(problem, replace(options, time_limit=600.0))
        summary(problem, reference, "600 s reference")
    print(
        "time to a publishable schedule (within 1 % of the reference on under-coverage "
        "and worst-agent satisfaction):"
    )
    reached = publishable_at(problem, args.ladder, reference, options)
    print(f"  publishable at {reached:g} s" if reached else "  not within the ladder")


def contract_hours(problem: Problem) -> float:
    return sum(a.contract_min_week for a in problem.agents) * problem.days / 7 / 60


if __name__ == "__main__":
    main()
