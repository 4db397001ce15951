from floorwalk.engine.schedule.breaks import place_breaks
from floorwalk.engine.schedule.check import check_schedule
from floorwalk.engine.schedule.coverage import group_capacity, shortfall, skill_groups
from floorwalk.engine.schedule.problem import BreakRule, ShiftTemplate
from floorwalk.engine.schedule.shifts import make_shift
from tests.engine.schedule.examples import agent, problem, queue, relaxed


def test_breaks_move_out_of_a_thin_interval_and_stay_in_their_windows() -> None:
    # Two agents from 08:00 with a 30-minute break allowed 10:00–11:30; the queue needs two
    # agents 08:00–10:30 and one after. Starting with both breaks at 10:00 (two agent-half-hours
    # short), they must move past 10:30 and not overlap.
    template = ShiftTemplate("t", 480, 480, 60, 240, (BreakRule(30, False, 120, 210),))
    busy = {0: [(480, 630, 2), (630, 750, 1)]}
    p = problem(
        1,
        (queue("q", 1, busy),),
        (agent("a", rules=relaxed()), agent("b", rules=relaxed())),
        (template,),
    )
    groups = skill_groups(p)
    early = [make_shift(n, template, 480, (120,)) for n in ("a", "b")]
    before = int(shortfall(p, group_capacity(p, early, groups), groups).sum())
    placed = place_breaks(p, early, groups)
    after = int(shortfall(p, group_capacity(p, placed, groups), groups).sum())
    assert before == 2 * 30  # both breaks 10:00–10:30 inside the two-agent stretch
    assert after == 0
    assert check_schedule(p, placed) == ()
    # The two breaks do not fall in the same half hour: one agent at a time is enough after 10:30.
    starts = sorted(b.start for s in placed for b in s.breaks)
    assert starts[1] - starts[0] >= 30


def test_break_placement_never_covers_less_than_mid_window() -> None:
    template = ShiftTemplate("t", 480, 600, 30, 480, (BreakRule(30, False, 150, 330),))
    busy = {0: [(480, 1140, 3)]}
    agents = tuple(agent(n, rules=relaxed()) for n in "abcde")
    p = problem(1, (queue("q", 1, busy),), agents, (template,))
    groups = skill_groups(p)
    shifts = [make_shift(n, template, 480 + 30 * i) for i, n in enumerate("abcde")]
    before = int(shortfall(p, group_capacity(p, shifts, groups), groups).sum())
    placed = place_breaks(p, shifts, groups)
    assert int(shortfall(p, group_capacity(p, placed, groups), groups).sum()) <= before
    assert check_schedule(p, placed) == ()
