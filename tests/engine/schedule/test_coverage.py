import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from floorwalk.engine.schedule.coverage import allocate, hall_shortfall, subset_masks
from floorwalk.engine.schedule.problem import Problem
from tests.engine.schedule.examples import agent, problem, queue

QUEUES = ("a", "b", "c")
GROUPS = (
    frozenset({"a"}),
    frozenset({"b"}),
    frozenset({"c"}),
    frozenset({"a", "b"}),
    frozenset({"b", "c"}),
    frozenset({"a", "b", "c"}),
)


def three_queues() -> Problem:
    return problem(1, tuple(queue(q, 1, {}) for q in QUEUES), (agent("x", QUEUES),))


def max_flow_by_lp(need: list[int], capacity: list[int]) -> float:
    pairs = [
        (g, q) for g, group in enumerate(GROUPS) for q, name in enumerate(QUEUES) if name in group
    ]
    a_ub = np.zeros((len(GROUPS) + len(QUEUES), len(pairs)))
    for k, (g, q) in enumerate(pairs):
        a_ub[g, k] = 1
        a_ub[len(GROUPS) + q, k] = 1
    result = linprog(-np.ones(len(pairs)), A_ub=a_ub, b_ub=capacity + need, method="highs")
    return float(-result.fun)


@settings(max_examples=60, deadline=None)
@given(
    need=st.lists(st.integers(0, 300), min_size=3, max_size=3),
    capacity=st.lists(st.integers(0, 200), min_size=6, max_size=6),
)
def test_hall_shortfall_equals_requirement_minus_max_flow(
    need: list[int], capacity: list[int]
) -> None:
    masks = subset_masks(three_queues(), GROUPS)
    short = hall_shortfall(
        np.array(need, dtype=np.int64).reshape(3, 1),
        np.array(capacity, dtype=np.int64).reshape(6, 1),
        masks,
    )
    assert int(short[0]) == round(sum(need) - max_flow_by_lp(need, capacity))


@settings(max_examples=30, deadline=None)
@given(
    need=st.lists(st.integers(0, 10), min_size=3, max_size=3),
    capacity=st.lists(st.integers(0, 300), min_size=6, max_size=6),
)
def test_allocation_covers_what_the_max_flow_covers_and_uses_every_minute(
    need: list[int], capacity: list[int]
) -> None:
    p = problem(
        1,
        tuple(queue(q, 1, {0: [(0, 30, n)]}) for q, n in zip(QUEUES, need, strict=True)),
        (agent("x", QUEUES),),
    )
    cap = np.zeros((6, p.intervals), dtype=np.int64)
    cap[:, 0] = capacity
    flow = allocate(p, cap, GROUPS)
    minutes = [n * 30 for n in need]
    covered = np.minimum(flow[:, :, 0].sum(axis=0), minutes).sum()
    assert (
        covered == np.float64(max_flow_by_lp(minutes, capacity)).round()
        or abs(covered - max_flow_by_lp(minutes, capacity)) < 1e-6
    )
    if sum(need):
        assert np.allclose(flow[:, :, 0].sum(axis=1), capacity)
    for g, group in enumerate(GROUPS):
        for q, name in enumerate(QUEUES):
            if name not in group:
                assert flow[g, q, 0] == 0
