"""Solving a contact-center schedule: three lexicographic CP-SAT stages (coverage, fairness
as leximin, total satisfaction), then breaks, the reports and the reasons.

Stage 1 (coverage) gets half the time limit, stage 2 (fairness) half of what is left and
stage 3 (total satisfaction) the rest; a stage proven optimal early passes its time on. Each
stage keeps the previous stages' objective values as constraints and starts from the previous
stage's schedule as a hint, so it always has that schedule to fall back on.

The time limit is the whole call's wall time: the search stops early enough to leave a
reserve for placing breaks, the reports and the reasons of unmet preferences. The reserve is
`report_reserve` seconds when given, otherwise estimated from the site's size
(REPORT_SECONDS_PER_AGENT_DAY per agent and day, half that without reasons), at most
RESERVE_SHARE of the limit: 16.8 s for 200 agents over 28 days, where the bound, breaks,
reports and reasons took about 19 s on a 2-core machine at load 9.6. An estimate can be short
on a slower or busier machine, so the call may overrun the limit by the difference; it never
cuts the reports short.

Status: `optimal` when every stage was proven optimal, `feasible` when a schedule was found
but some stage stopped at its limit (see each stage's bound and gap), `infeasible` when the
hard rules cannot all hold (no schedule is returned), `unknown` when the time ran out before
any schedule was found.
"""

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from floorwalk.engine.schedule.bound import shortfall_lower_bound
from floorwalk.engine.schedule.breaks import place_breaks
from floorwalk.engine.schedule.coverage import (
    group_capacity,
    shortfall,
    skill_groups,
)
from floorwalk.engine.schedule.greedy import first_schedule
from floorwalk.engine.schedule.lns import Improver, Rows, worst_bound
from floorwalk.engine.schedule.model import SCALE, Objectives, ScheduleModel
from floorwalk.engine.schedule.problem import Problem
from floorwalk.engine.schedule.reasons import Explainer
from floorwalk.engine.schedule.report import coverage_report, satisfaction_report
from floorwalk.engine.schedule.requests import Request
from floorwalk.engine.schedule.result import Schedule, Shift, Stage
from floorwalk.engine.schedule.shifts import make_shift

FULL_MODEL_AGENT_DAYS = 600  # beyond this, the full model presolves too slowly to be useful
REPORT_SECONDS_PER_AGENT_DAY = 0.003
RESERVE_SHARE = 0.4

STATUS_NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "unknown",
}


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    explain: bool = True  # compute the reasons of unmet preferences
    place_breaks: bool = True  # move breaks to smooth coverage (else keep them mid-window)
    method: str = "auto"  # full (one model), search (a few agents at a time), auto (by size)
    # Share of the requirement (agent-minutes) the fairness and total stages may leave
    # uncovered beyond the best coverage, to grant preferences; 0 is strictly lexicographic.
    coverage_slack: float = 0.0
    # Seconds of the time limit kept for breaks, reports and reasons (None: estimated).
    report_reserve: float | None = None


def _solver(seconds: float, options: SolveOptions) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = options.seed
    return solver


def solve(problem: Problem, options: SolveOptions | None = None) -> Schedule:
    """The best schedule found within the time limit, with its reports."""
    options = options or SolveOptions()
    started = time.monotonic()
    deadline = started + options.time_limit - report_reserve(problem, options)
    rows = first_schedule(problem, options.seed)
    if rows is None:
        return _empty("infeasible", [], time.monotonic() - started)
    first = time.monotonic() - started
    full = options.method == "full" or (
        options.method == "auto" and len(problem.agents) * problem.days <= FULL_MODEL_AGENT_DAYS
    )
    if full:
        built = ScheduleModel(problem)
        stages, chosen = _full_model(built, rows, deadline, options)
        requests = built.requests
    else:
        improver = Improver(problem, rows, options.seed, _allowance(problem, options))
        improver.run(deadline, options.workers)
        chosen = _shifts(problem, improver.rows)
        stages = _search_stages(problem, improver, time.monotonic() - started)
        requests = improver.requests
    return _report(problem, requests, chosen, stages, first, started, options)


def report_reserve(problem: Problem, options: SolveOptions) -> float:
    """Seconds of the time limit left for what follows the search."""
    if options.report_reserve is not None:
        return min(options.report_reserve, options.time_limit)
    per_day = REPORT_SECONDS_PER_AGENT_DAY * (1.0 if options.explain else 0.5)
    estimate = per_day * len(problem.agents) * problem.days
    return min(estimate, RESERVE_SHARE * options.time_limit)


def _full_model(
    built: ScheduleModel, rows: Rows, deadline: float, options: SolveOptions
) -> tuple[list[Stage], tuple[Shift, ...]]:
    """The three stages on the whole model, from the first schedule."""
    model, objectives = built.model, built.objectives
    chosen = {(a, d, c) for a, row in rows.items() for d, c in row.items()}
    for key, var in built.x.items():
        model.add_hint(var, key in chosen)
    stages: list[Stage] = []

    def run(name: str, share: float, sense: int) -> cp_model.CpSolver | None:
        stage_started = time.monotonic()
        solver = _solver((deadline - stage_started) * share, options)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            stages.append(Stage(name, STATUS_NAMES.get(status, "unknown"), 0, 0, 0))
            return None
        stages.append(
            Stage(
                name,
                STATUS_NAMES[status],
                sense * solver.objective_value,
                sense * solver.best_objective_bound,
                time.monotonic() - stage_started,
            )
        )
        _hint(model, built, solver)
        return solver

    model.minimize(objectives.coverage)
    if run("coverage", 0.5, 1):
        allowed = round(stages[-1].objective) + _allowance(built.problem, options)
        model.add(objectives.coverage <= allowed)
        stages[-1] = _shifted(stages[-1], objectives.coverage_constant)
        model.maximize(objectives.leximin)
        fair = run("fairness", 0.5, -1)
        if fair is not None:
            model.add(objectives.leximin >= round(fair.objective_value))
            stages[-1] = _worst_of(stages[-1], fair, objectives)
            model.maximize(objectives.total)
            if run("total", 1.0, -1):
                stages[-1] = _as_share(stages[-1])
    return stages, _hinted_shifts(built, model)


def _allowance(problem: Problem, options: SolveOptions) -> int:
    """The coverage slack in objective units (under-weighted agent-minutes)."""
    need = sum(sum(q.required) for q in problem.queues) * problem.interval_minutes
    return round(options.coverage_slack * need * problem.under_weight)


def _search_stages(problem: Problem, improver: Improver, seconds: float) -> list[Stage]:
    """The large-neighbourhood search's final values against bounds computed on their own:
    the linear relaxation's shortfall for coverage, full satisfaction for the other two."""
    score = improver.score
    short_bound = shortfall_lower_bound(problem)
    with_requests = sum(1 for a in problem.agents if improver.requests[a.id])
    return [
        Stage("coverage", "feasible", score.coverage, problem.under_weight * short_bound, seconds),
        Stage("fairness", "feasible", score.worst, worst_bound(problem), seconds),
        Stage("total", "feasible", score.total, float(with_requests), seconds),
    ]


def _shifts(problem: Problem, rows: Rows) -> tuple[Shift, ...]:
    return tuple(
        make_shift(agent, problem.template(choice.template), choice.start)
        for agent, row in rows.items()
        for choice in row.values()
    )


def _shifted(stage: Stage, constant: int) -> Stage:
    return Stage(
        stage.name,
        stage.status,
        stage.objective + constant,
        stage.bound + constant,
        stage.seconds,
    )


def _worst_of(stage: Stage, solver: cp_model.CpSolver, objectives: Objectives) -> Stage:
    """The fairness stage reported as the worst adjusted satisfaction and its bound (the
    leximin objective's leading term)."""
    worst = solver.value(objectives.fairness) / SCALE
    bound = (solver.best_objective_bound // objectives.leximin_weight) / SCALE
    return Stage(stage.name, stage.status, worst, max(worst, bound), stage.seconds)


def _as_share(stage: Stage) -> Stage:
    """Maximised satisfaction in thousandths, reported as a positive share."""
    return Stage(
        stage.name, stage.status, -stage.objective / SCALE, -stage.bound / SCALE, stage.seconds
    )


def _hint(model: cp_model.CpModel, built: ScheduleModel, solver: cp_model.CpSolver) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    for var in built.x.values():
        model.add_hint(var, solver.boolean_value(var))


def _hinted_shifts(built: ScheduleModel, model: cp_model.CpModel) -> tuple[Shift, ...]:
    """The shifts of the last hint, i.e. the last stage's schedule."""
    hinted = dict(
        zip(model.proto.solution_hint.vars, model.proto.solution_hint.values, strict=True)
    )
    problem = built.problem
    return tuple(
        make_shift(agent, problem.template(choice.template), choice.start)
        for (agent, _, choice), var in built.x.items()
        if hinted.get(var.index)
    )


def _empty(status: str, stages: list[Stage], seconds: float) -> Schedule:
    return Schedule(status, (), (), (), (), tuple(stages), 0, 0, 0, None, seconds)


def _report(
    problem: Problem,
    requests: dict[str, tuple[Request, ...]],
    shifts: tuple[Shift, ...],
    stages: list[Stage],
    first: float | None,
    started: float,
    options: SolveOptions,
) -> Schedule:
    groups = skill_groups(problem)
    short_mid = int(shortfall(problem, group_capacity(problem, shifts, groups), groups).sum())
    if options.place_breaks:
        shifts = place_breaks(problem, shifts, groups)
    capacity = group_capacity(problem, shifts, groups)
    short = int(shortfall(problem, capacity, groups).sum())
    over = int(capacity.sum()) - (
        sum(sum(q.required) for q in problem.queues) * problem.interval_minutes - short
    )
    coverage, shifts = coverage_report(problem, shifts, groups)
    satisfaction = satisfaction_report(problem, requests, shifts)
    unmet = Explainer(problem, shifts, requests, groups).unmet() if options.explain else ()
    proven = len(stages) == 3 and all(s.status == "optimal" for s in stages)
    return Schedule(
        "optimal" if proven else "feasible",
        tuple(sorted(shifts, key=lambda s: (s.agent, s.start))),
        coverage,
        satisfaction,
        unmet,
        tuple(stages),
        short,
        over,
        short_mid,
        first,
        time.monotonic() - started,
    )
