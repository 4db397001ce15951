from floorwalk.engine.schedule.changes import GiveShift, PickShift, SwapShifts, validate_change
from floorwalk.engine.schedule.problem import LabourRules, Problem
from floorwalk.engine.schedule.result import Shift
from floorwalk.engine.schedule.shifts import make_shift
from tests.engine.schedule.examples import agent, problem, queue, relaxed

DAY = 1440


def site() -> tuple[Problem, list[Shift]]:
    """Sales and service each need one agent on Monday 08:00–12:00. Ann (both skills) and Carl
    (sales) work then; Fay (service) works Tuesday."""
    busy = {0: [(480, 720, 1)]}
    queues = (queue("sales", 2, busy), queue("service", 2, busy), queue("billing", 2, {}))
    agents = (
        agent("ann", ("sales", "service"), rules=relaxed()),
        agent("bob", ("service",), rules=relaxed()),
        agent("carl", ("sales",), rules=relaxed()),
        agent("dan", ("sales",), maximum=240, rules=LabourRules(min_rest_minutes=1300)),
        agent("eve", ("billing",), rules=relaxed()),
        agent("fay", ("service",), rules=relaxed()),
        agent("gus", ("sales", "service"), rules=relaxed(), leave_days=(1,)),
        agent("hal", ("sales",), rules=relaxed()),
    )
    p = problem(2, queues, agents)
    four = p.template("four")
    shifts = [
        make_shift("ann", four, 480),
        make_shift("carl", four, 480),
        make_shift("dan", four, 480),
        make_shift("fay", four, DAY + 480),
    ]
    return p, shifts


def kinds(reasons: tuple) -> list[tuple[str, str | None]]:  # type: ignore[type-arg]
    return [(r.kind, r.rule or r.queue) for r in reasons]


def test_a_give_to_a_colleague_with_the_skill_is_allowed() -> None:
    p, shifts = site()
    assert validate_change(p, shifts, GiveShift("ann", 0, "bob")) == ()


def test_a_swap_that_keeps_coverage_and_rules_is_allowed() -> None:
    p, shifts = site()
    assert validate_change(p, shifts, SwapShifts("ann", 0, "fay", 1)) == ()


def test_a_pick_on_a_free_day_is_allowed() -> None:
    p, shifts = site()
    assert validate_change(p, shifts, PickShift("bob", "four", DAY + 540)) == ()


def test_a_give_to_someone_without_any_of_the_skills_is_refused() -> None:
    p, shifts = site()
    assert kinds(validate_change(p, shifts, GiveShift("ann", 0, "eve"))) == [
        ("skill", "sales"),
        ("skill", "service"),
    ]


def test_a_give_that_leaves_a_queue_short_is_refused_with_its_service_level() -> None:
    p, shifts = site()
    # Hal serves sales only: service loses its one agent for Ann's four hours.
    (reason,) = validate_change(p, shifts, GiveShift("ann", 0, "hal"))
    assert (reason.kind, reason.queue, reason.day) == ("coverage", "service", 0)
    assert (reason.start, reason.end) == (480, 720)
    assert reason.service_level == 0.0
    assert reason.target == 0.8


def test_a_pick_on_a_leave_day_is_refused() -> None:
    p, shifts = site()
    assert kinds(validate_change(p, shifts, PickShift("gus", "four", DAY + 480))) == [
        ("rule", "leave")
    ]


def test_a_pick_that_breaks_rest_and_the_contract_is_refused_for_both() -> None:
    p, shifts = site()
    found = kinds(validate_change(p, shifts, PickShift("dan", "four", DAY + 480)))
    assert sorted(found) == [("rule", "contract_max_week"), ("rule", "min_rest")]


def test_picking_a_second_shift_the_same_day_is_refused() -> None:
    p, shifts = site()
    assert kinds(validate_change(p, shifts, PickShift("ann", "four", 600))) == [
        ("already_working", None)
    ]


def test_giving_a_shift_one_does_not_have_is_refused() -> None:
    p, shifts = site()
    assert kinds(validate_change(p, shifts, GiveShift("bob", 0, "hal"))) == [("not_working", None)]


def test_giving_to_someone_already_working_that_day_is_refused() -> None:
    p, shifts = site()
    assert kinds(validate_change(p, shifts, GiveShift("ann", 0, "carl"))) == [
        ("already_working", None)
    ]


def test_a_swap_into_a_leave_day_is_refused() -> None:
    p, shifts = site()
    gus_monday = [*shifts, make_shift("gus", p.template("four"), 540)]
    found = kinds(validate_change(p, gus_monday, SwapShifts("gus", 0, "fay", 1)))
    assert ("rule", "leave") in found


def test_a_swap_of_two_shifts_on_the_same_day_is_allowed() -> None:
    """Carl's 08:00 Monday for Hal's 10:00 Monday: each leaves their own shift."""
    p, shifts = site()
    four = p.template("four")
    afternoon = [*shifts, make_shift("hal", four, 600)]
    assert validate_change(p, afternoon, SwapShifts("carl", 0, "hal", 0)) == ()
    # Giving it instead leaves Hal with two shifts that day.
    assert kinds(validate_change(p, afternoon, GiveShift("carl", 0, "hal"))) == [
        ("already_working", None)
    ]


def test_a_give_that_takes_a_short_queues_only_agent_to_another_short_queue_is_refused() -> None:
    # Both queues need two agents and have one each: the floor stays two agents short either
    # way, but service would have nobody left who can serve it.
    busy = {0: [(480, 720, 2)]}
    queues = (queue("sales", 1, busy), queue("service", 1, busy))
    agents = (
        agent("ann", ("sales", "service"), rules=relaxed()),
        agent("carl", ("sales",), rules=relaxed()),
        agent("hal", ("sales",), rules=relaxed()),
    )
    p = problem(1, queues, agents)
    four = p.template("four")
    shifts = [make_shift("ann", four, 480), make_shift("carl", four, 480)]
    reasons = validate_change(p, shifts, GiveShift("ann", 0, "hal"))
    assert ("coverage", "service") in kinds(reasons)
    assert ("coverage", "sales") not in kinds(reasons)
