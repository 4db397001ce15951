from dataclasses import replace
from itertools import product

import numpy as np
import pytest

from floorwalk.engine.schedule.bound import shortfall_lower_bound
from floorwalk.engine.schedule.check import check_schedule
from floorwalk.engine.schedule.problem import (
    DayOffOnDate,
    DayOffOnWeekday,
    EndBy,
    FixedShift,
    LabourRules,
    PreferredStart,
    Problem,
    TimeRange,
    WeekendsOff,
)
from floorwalk.engine.schedule.result import Schedule, Shift
from floorwalk.engine.schedule.shifts import make_shift
from floorwalk.engine.schedule.solve import SolveOptions, report_reserve, solve
from tests.engine.schedule.examples import (
    PER_DAY,
    agent,
    eight_hours,
    four_hours,
    problem,
    queue,
    relaxed,
)

FAST = SolveOptions(time_limit=4.0, workers=1, seed=3)
DAY = 1440


def objective_by_hand(p: Problem, shifts: list[Shift]) -> int:
    """Under- and over-coverage of a one-queue problem, counted minute by minute."""
    need = np.repeat(np.array(p.queues[0].required), p.interval_minutes)
    staffed = np.zeros(p.days * DAY, dtype=np.int64)
    for shift in shifts:
        staffed[shift.start : shift.end] += 1
        for b in shift.breaks:
            staffed[b.start : b.start + b.minutes] -= 1
    under = int(np.maximum(need - staffed, 0).sum())
    over = int(np.maximum(staffed - need, 0).sum())
    return p.under_weight * under + p.over_weight * over


def two_agents_two_days() -> Problem:
    busy = {0: [(480, 600, 1), (600, 720, 2)], 1: [(540, 780, 1)]}
    agents = tuple(agent(n, rules=relaxed()) for n in ("a", "b"))
    return problem(2, (queue("q", 2, busy),), agents)


@pytest.mark.parametrize("method", ["full", "search"])
def test_solver_reaches_the_brute_force_optimum(method: str) -> None:
    p = two_agents_two_days()
    template = p.template("four")
    options = [None, *template.starts()]
    best = None
    for picks in product(options, repeat=4):
        shifts = [
            make_shift(name, template, day * DAY + start)
            for (name, day), start in zip(
                [("a", 0), ("a", 1), ("b", 0), ("b", 1)], picks, strict=True
            )
            if start is not None
        ]
        if not check_schedule(p, shifts):
            value = objective_by_hand(p, shifts)
            best = value if best is None else min(best, value)
    schedule = solve(p, replace(FAST, method=method))
    assert schedule.status == ("optimal" if method == "full" else "feasible")
    assert objective_by_hand(p, list(schedule.shifts)) == best
    assert schedule.stages[0].objective == best


def mixed_week() -> Problem:
    """Six agents, a week, every kind of rule and constraint in play."""
    busy = {d: [(480, 1080, 2)] for d in range(7)}
    rules = LabourRules(
        max_minutes_per_day=480,
        max_minutes_per_week=2400,
        min_rest_minutes=720,
        max_consecutive_days=4,
        min_days_off_per_week=2,
        max_weekends=1,
    )
    agents = (
        agent("a", minimum=1440, maximum=2400, rules=rules, leave_days=(0,)),
        agent("b", minimum=1440, maximum=2400, rules=rules, must_end_by=(EndBy((1, 2), 960),)),
        agent(
            "c",
            minimum=960,
            maximum=1920,
            rules=rules,
            unavailable=(TimeRange(2 * DAY + 600, 2 * DAY + 900),),
        ),
        agent("d", minimum=1440, maximum=2400, rules=rules, preferences=(WeekendsOff("w", 3),)),
        agent("e", minimum=960, maximum=1920, rules=rules, templates=("day",)),
        agent(
            "f",
            minimum=960,
            maximum=2400,
            rules=rules,
            preferences=(PreferredStart("s", 2, 540, 600), DayOffOnWeekday("m", 1, 0)),
        ),
    )
    return problem(
        7,
        (queue("q", 7, busy),),
        agents,
        (eight_hours(), four_hours()),
        fixed=(FixedShift("e", "day", 3 * DAY + 540),),
    )


@pytest.mark.parametrize("method", ["full", "search"])
def test_every_hard_rule_holds_in_the_solver_output(method: str) -> None:
    p = mixed_week()
    schedule = solve(p, replace(FAST, method=method, time_limit=3.0))
    assert schedule.status in ("optimal", "feasible")
    assert schedule.shifts
    assert check_schedule(p, schedule.shifts) == ()


def test_impossible_rules_are_reported_infeasible() -> None:
    p = problem(
        7,
        (queue("q", 7, {}),),
        (agent("a", minimum=2400, maximum=2400, leave_days=(0, 1, 2)),),
        (four_hours(),),
    )
    p = replace(p, agents=(replace(p.agents[0], rules=LabourRules(max_consecutive_days=2)),))
    assert solve(p, FAST).status == "infeasible"


def both_want_both_days_off(balance_a: float = 0.0, balance_b: float = 0.0) -> Problem:
    """One agent is needed each day; both agents ask for both days off."""
    busy = {0: [(480, 720, 1)], 1: [(480, 720, 1)]}
    wants = (DayOffOnDate("d0", 1, 0), DayOffOnDate("d1", 1, 1))
    return problem(
        2,
        (queue("q", 2, busy),),
        (
            agent("a", rules=relaxed(), preferences=wants, fairness_balance=balance_a),
            agent("b", rules=relaxed(), preferences=wants, fairness_balance=balance_b),
        ),
    )


def satisfaction(schedule: Schedule) -> dict[str, float]:
    return {s.agent: s.satisfaction for s in schedule.satisfaction}


def test_max_min_fairness_shares_the_days_off() -> None:
    # Giving one agent both days off grants as much in total (1 + 0) as sharing (½ + ½), so a
    # total-only objective may starve one agent; the worst-off stage must not.
    schedule = solve(both_want_both_days_off(), FAST)
    assert satisfaction(schedule) == {"a": 0.5, "b": 0.5}
    assert schedule.under_minutes == 0


def one_day_off_to_give(balance_a: float, balance_b: float) -> Problem:
    busy = {0: [(480, 720, 1)]}
    return problem(
        1,
        (queue("q", 1, busy),),
        (
            agent("a", preferences=(DayOffOnDate("d", 1, 0),), fairness_balance=balance_a),
            agent("b", preferences=(DayOffOnDate("d", 1, 0),), fairness_balance=balance_b),
        ),
    )


@pytest.mark.parametrize(("balance_a", "balance_b", "winner"), [(-0.3, 0.0, "a"), (0.2, -0.1, "b")])
def test_the_agent_worse_off_before_gets_the_contested_day_off(
    balance_a: float, balance_b: float, winner: str
) -> None:
    schedule = solve(one_day_off_to_give(balance_a, balance_b), FAST)
    assert satisfaction(schedule)[winner] == 1.0
    loser = "b" if winner == "a" else "a"
    assert satisfaction(schedule)[loser] == 0.0
    ledger = schedule.ledger
    # The mean satisfaction is ½: the winner gains ½ and the loser loses ½, on half the old balance.
    balances = {"a": balance_a, "b": balance_b}
    assert ledger[winner] == pytest.approx(0.5 * balances[winner] + 0.5)
    assert ledger[loser] == pytest.approx(0.5 * balances[loser] - 0.5)


def test_reports_cover_every_interval_and_queue() -> None:
    p = two_agents_two_days()
    schedule = solve(p, FAST)
    (coverage,) = schedule.coverage
    assert len(coverage.scheduled) == len(coverage.service_level) == 2 * PER_DAY
    assert coverage.required == p.queues[0].required
    worked = sum(m for s in schedule.shifts for _, m in s.queue_minutes)
    assert worked == pytest.approx(sum(coverage.scheduled) * 30)


def test_the_relaxation_bound_is_below_the_optimum_and_sees_a_missing_agent() -> None:
    p = two_agents_two_days()
    schedule = solve(p, FAST)
    assert shortfall_lower_bound(p) <= schedule.under_minutes
    # Three agents needed 08:00–12:00, two exist: at least 240 agent-minutes short.
    short = problem(1, (queue("q", 1, {0: [(480, 720, 3)]}),), (agent("a"), agent("b")))
    assert shortfall_lower_bound(short) == pytest.approx(240.0)
    assert solve(short, FAST).under_minutes == 240


@pytest.mark.parametrize(
    ("method", "slack", "granted"),
    [("full", 0.0, 0.0), ("full", 1.0, 1.0), ("search", 0.0, 0.0), ("search", 1.0, 1.0)],
)
def test_coverage_slack_lets_a_preference_cost_coverage(
    method: str, slack: float, granted: float
) -> None:
    p = problem(
        1,
        (queue("q", 1, {0: [(480, 720, 1)]}),),
        (agent("a", preferences=(DayOffOnDate("d", 1, 0),)),),
    )
    options = replace(FAST, method=method, coverage_slack=slack, time_limit=2.0)
    assert satisfaction(solve(p, options)) == {"a": granted}


def with_an_agent_nothing_can_help(p: Problem) -> Problem:
    """Adds an agent whose one request (a day off) falls on a day holding their fixed shift:
    their satisfaction is 0 whatever the schedule, so the worst agent is pinned at 0."""
    days = p.days + 1
    stuck = agent(
        "stuck",
        rules=relaxed(),
        leave_days=tuple(range(p.days)),
        preferences=(DayOffOnDate("off", 1, p.days),),
    )
    queues = tuple(
        replace(
            q,
            required=(*q.required, *[0] * PER_DAY),
            volume=(*q.volume, *[0.0] * PER_DAY),
            aht_seconds=(*q.aht_seconds, *[300.0] * PER_DAY),
        )
        for q in p.queues
    )
    return replace(
        p,
        days=days,
        queues=queues,
        agents=(*p.agents, stuck),
        fixed=(FixedShift("stuck", "four", p.days * DAY + 480),),
    )


@pytest.mark.parametrize("method", ["full", "search"])
def test_leximin_lifts_the_second_worst_when_the_worst_is_pinned(method: str) -> None:
    # With "stuck" at 0 the worst-off stage alone cannot tell sharing the days off (½, ½)
    # from giving both to one agent (1, 0): both total 1. Leximin must share them.
    schedule = solve(
        with_an_agent_nothing_can_help(both_want_both_days_off()), replace(FAST, method=method)
    )
    shares = satisfaction(schedule)
    assert shares["stuck"] == 0.0
    assert (shares["a"], shares["b"]) == (0.5, 0.5)
    assert schedule.under_minutes == 0
    assert (
        check_schedule(with_an_agent_nothing_can_help(both_want_both_days_off()), schedule.shifts)
        == ()
    )


def test_the_report_reserve_is_given_or_estimated_within_its_share_of_the_limit() -> None:
    p = mixed_week()
    assert report_reserve(p, SolveOptions(time_limit=10, report_reserve=2.5)) == 2.5
    assert report_reserve(p, SolveOptions(time_limit=1, report_reserve=2.5)) == 1
    estimated = report_reserve(p, SolveOptions(time_limit=10))
    assert 0 < estimated <= 0.4 * 10
    assert report_reserve(p, SolveOptions(time_limit=10, explain=False)) < estimated
    assert report_reserve(p, SolveOptions(time_limit=0.01)) == pytest.approx(0.004)
