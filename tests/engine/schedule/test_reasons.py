from floorwalk.engine import erlang
from floorwalk.engine.schedule.problem import DayOffOnDate, FixedShift, LabourRules, TimeRange
from floorwalk.engine.schedule.solve import SolveOptions, solve
from tests.engine.schedule.examples import INTERVAL, agent, problem, queue

FAST = SolveOptions(time_limit=4.0, workers=1, seed=3)
DAY = 1440


def test_a_day_off_refused_for_coverage_names_the_level_and_the_agent_who_got_it() -> None:
    p = problem(
        1,
        (queue("q", 1, {0: [(480, 720, 1)]}),),
        (
            agent("a", preferences=(DayOffOnDate("off", 1, 0),), fairness_balance=0.1),
            agent("b", preferences=(DayOffOnDate("off", 1, 0),)),
        ),
    )
    schedule = solve(p, FAST)
    (unmet,) = schedule.unmet
    assert unmet.agent == "a"
    reason = unmet.reason
    assert reason.kind == "coverage"
    assert (reason.day, reason.queue) == (0, "q")
    # a's shift is the only one: without it the queue has nobody for its four hours.
    shift = next(s for s in schedule.shifts if s.agent == "a")
    assert (reason.start, reason.end) == (max(shift.start, 480), min(shift.end, 720))
    traffic = erlang.offered_traffic(5.0, 300.0, INTERVAL)
    assert reason.service_level == float(erlang.service_level(0, traffic, 300.0, 20.0))
    assert reason.target == 0.8
    assert reason.other_agents == ("b",)


def test_a_day_off_refused_by_the_contract_names_the_rule() -> None:
    # Five shifts are due and Saturday and Sunday are blocked: every weekday must be worked.
    blocked = tuple(TimeRange(d * DAY, (d + 1) * DAY) for d in (5, 6))
    p = problem(
        7,
        (queue("q", 7, {}),),
        (
            agent(
                "a",
                minimum=1200,
                maximum=1200,
                unavailable=blocked,
                rules=LabourRules(min_rest_minutes=0, max_consecutive_days=7),
                preferences=(DayOffOnDate("wed", 1, 2),),
            ),
        ),
    )
    schedule = solve(p, FAST)
    (unmet,) = schedule.unmet
    assert unmet.reason.kind == "rule"
    assert unmet.reason.rule == "contract_min_week"
    assert unmet.day == 2


def test_a_day_off_on_a_fixed_shift_is_explained_as_fixed() -> None:
    p = problem(
        2,
        (queue("q", 2, {}),),
        (agent("a", preferences=(DayOffOnDate("off", 1, 1),)),),
        fixed=(FixedShift("a", "four", DAY + 480),),
    )
    schedule = solve(p, FAST)
    (unmet,) = schedule.unmet
    assert (unmet.reason.kind, unmet.day) == ("fixed", 1)
