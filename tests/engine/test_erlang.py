"""Erlang B, C and A against textbook formulas evaluated independently (exact fractions, a
log-space sum, a truncated birth–death chain) and against pyworkforce."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyworkforce.queuing import ErlangC
from scipy.special import logsumexp

from floorwalk.engine.erlang import (
    Interval,
    Target,
    agents_after_shrinkage,
    average_speed_of_answer,
    erlang_a,
    erlang_b,
    erlang_c,
    minimum_agents_for_occupancy,
    occupancy,
    offered_traffic,
    required_agents,
    required_agents_erlang_a,
    service_level,
)


def exact_erlang_b(n: int, a: Fraction) -> Fraction:
    """(A^N / N!) / Σ A^k / k!, in exact rational arithmetic."""
    terms = [a**k / math.factorial(k) for k in range(n + 1)]
    return terms[-1] / sum(terms)


def exact_erlang_c(n: int, a: Fraction) -> Fraction:
    """The textbook M/M/N formula (A^N/N!·N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A))."""
    waiting = a**n / math.factorial(n) * n / (n - a)
    return waiting / (sum(a**k / math.factorial(k) for k in range(n)) + waiting)


def log_space_erlang_b(n: int, a: float) -> float:
    """B from the log of every Poisson term: log p(N) − logsumexp(log p(0..N))."""
    k = np.arange(n + 1)
    log_terms = k * math.log(a) - np.array([math.lgamma(i + 1) for i in k])
    return math.exp(log_terms[-1] - logsumexp(log_terms))


def test_textbook_value_ten_erlangs_twelve_agents() -> None:
    assert float(exact_erlang_c(12, Fraction(10))) == pytest.approx(0.449388, abs=1e-6)
    assert erlang_c(12, 10.0) == pytest.approx(float(exact_erlang_c(12, Fraction(10))), rel=1e-12)


@pytest.mark.parametrize(
    ("n", "a"), [(1, "0.5"), (2, "1.5"), (5, "3"), (12, "10"), (30, "27.25"), (60, "45.5")]
)
def test_agrees_with_exact_arithmetic(n: int, a: str) -> None:
    traffic = Fraction(a)
    assert erlang_b(n, float(traffic)) == pytest.approx(
        float(exact_erlang_b(n, traffic)), rel=1e-12
    )
    assert erlang_c(n, float(traffic)) == pytest.approx(
        float(exact_erlang_c(n, traffic)), rel=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 80),
    a=st.fractions(Fraction(1, 10), Fraction(100)).map(lambda f: f.limit_denominator(8)),
)
def test_erlang_b_agrees_with_exact_arithmetic(n: int, a: Fraction) -> None:
    assert erlang_b(n, float(a)) == pytest.approx(float(exact_erlang_b(n, a)), rel=1e-11)


@pytest.mark.parametrize(
    ("n", "a"),
    [
        (20_000, 20_000.0),
        (20_300, 20_000.0),
        (19_000, 20_000.0),
        (100, 20_000.0),
        (14_000, 20_000.0),
        (20_000, 19_950.5),
    ],
)
def test_stable_at_twenty_thousand_erlangs(n: int, a: float) -> None:
    b = float(erlang_b(n, a))
    assert math.isfinite(b)
    assert b == pytest.approx(log_space_erlang_b(n, a), rel=1e-9)
    c = erlang_c(n, a)
    assert np.isfinite(c)
    assert 0 <= c <= 1


def test_erlang_c_is_one_without_enough_agents() -> None:
    assert erlang_c([5, 10], 10.0).tolist() == [1.0, 1.0]
    assert service_level(10, 10.0, 240, 20) == 0.0
    assert average_speed_of_answer(10, 10.0, 240) == np.inf


def test_service_level_asa_occupancy_formulas() -> None:
    c = float(exact_erlang_c(12, Fraction(10)))
    assert service_level(12, 10.0, 240, 20) == pytest.approx(1 - c * math.exp(-2 * 20 / 240))
    assert average_speed_of_answer(12, 10.0, 240) == pytest.approx(c * 240 / 2)
    assert occupancy(12, 10.0) == pytest.approx(10 / 12)


def test_offered_traffic() -> None:
    assert offered_traffic(1200, 240, 30) == pytest.approx(160.0)
    assert Interval(volume=300, aht_seconds=180, interval_minutes=15).traffic == pytest.approx(60.0)
    with pytest.raises(ValueError, match="volume"):
        offered_traffic(-1, 240, 30)


@settings(max_examples=80, deadline=None)
@given(n=st.integers(1, 3000), a=st.floats(0.01, 3000))
def test_monotone_and_bounded(n: int, a: float) -> None:
    b, c = float(erlang_b(n, a)), float(erlang_c(n, a))
    assert 0 <= b <= c <= 1
    assert erlang_b(n + 1, a) <= b
    assert erlang_c(n + 1, a) <= c + 1e-12
    assert erlang_b(n, a * 1.01) >= b
    level = float(service_level(n, a, 300, 20))
    assert 0 <= level <= 1
    assert service_level(n + 1, a, 300, 20) >= level - 1e-12


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(0.05, 2500),
    aht=st.floats(60, 900),
    level=st.floats(0.5, 0.95),
    within=st.floats(5, 60),
)
def test_required_agents_is_the_smallest_meeting_the_target(
    a: float, aht: float, level: float, within: float
) -> None:
    n = int(
        required_agents(a, aht, Target(service_level=level, answer_within_seconds=within)).agents[0]
    )
    assert service_level(n, a, aht, within) >= level
    assert n == 1 or service_level(n - 1, a, aht, within) < level


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.05, 2500), aht=st.floats(60, 900), asa=st.floats(1, 120))
def test_required_agents_for_an_asa_target(a: float, aht: float, asa: float) -> None:
    target = Target(service_level=None, asa_seconds=asa)
    n = int(required_agents(a, aht, target).agents[0])
    assert average_speed_of_answer(n, a, aht) <= asa
    assert n == 1 or average_speed_of_answer(n - 1, a, aht) > asa


def test_required_agents_vectorised_matches_one_at_a_time() -> None:
    rng = np.random.default_rng(3)
    traffic = rng.uniform(1, 2000, 300)
    aht = rng.uniform(180, 600, 300)
    together = required_agents(traffic, aht, Target()).agents
    alone = [
        int(required_agents(t, h, Target()).agents[0]) for t, h in zip(traffic, aht, strict=True)
    ]
    assert together.tolist() == alone


def test_maximum_occupancy_raises_the_staffing() -> None:
    staffing = required_agents(2000.0, 240, Target(max_occupancy=0.85))
    assert staffing.agents[0] == math.ceil(Fraction(2000) / Fraction(85, 100))
    assert minimum_agents_for_occupancy([85.0, 85.1, 0.0], 0.85).tolist() == [100, 101, 1]


def test_shrinkage_is_exact_where_a_float_ceiling_adds_an_agent() -> None:
    # In floating point 21 / (1 − 0.3) is 30.000000000000004.
    assert math.ceil(21 / (1 - 0.3)) == 31
    assert agents_after_shrinkage(21, 0.3).tolist() == 30
    agents = np.arange(1, 5000)
    exact = [math.ceil(Fraction(int(n)) / (1 - Fraction(3, 10))) for n in agents]
    assert agents_after_shrinkage(agents, 0.3).tolist() == exact


def test_bad_targets_are_refused() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        required_agents(10.0, 240, Target(service_level=0.8, asa_seconds=20))
    with pytest.raises(ValueError, match="service_level"):
        required_agents(10.0, 240, Target(service_level=1.2))
    with pytest.raises(ValueError, match="shrinkage"):
        agents_after_shrinkage(10, 1.0)


def birth_death_chain(
    n: int, a: float, aht: float, patience: float, within: float
) -> dict[str, float]:
    """M/M/N+M truncated far into the queue; the chance of being answered within T comes from
    the matrix exponential of the tagged caller's own chain (callers ahead leaving, own
    patience running out), not from the closed form."""
    from scipy.linalg import expm

    mu, gamma = 1 / aht, 1 / patience
    lam = a * mu
    depth = 400
    log_w = np.zeros(n + depth + 1)
    for j in range(1, n + depth + 1):
        rate_out = min(j, n) * mu + max(j - n, 0) * gamma
        log_w[j] = log_w[j - 1] + math.log(lam / rate_out)
    p = np.exp(log_w - logsumexp(log_w))
    queue = np.arange(depth + 1)
    wait = p[n:].sum()
    abandon = float((queue * gamma * p[n:]).sum() / lam)
    # The tagged caller, k ahead, answered within T: a death chain over "k ahead" states plus
    # "answered" and "abandoned"; the tagged caller's own patience competes at every stage.
    size = depth + 3
    generator = np.zeros((size, size))
    answered, gone = depth + 1, depth + 2
    for k in range(depth + 1):
        leave = n * mu + k * gamma
        generator[k, k - 1 if k > 0 else answered] += leave
        generator[k, gone] += gamma
        generator[k, k] -= leave + gamma
    moved = expm(generator * within)
    answered_in_time = float((p[n:] * moved[: depth + 1, answered]).sum())
    return {
        "wait": float(wait),
        "abandon": abandon,
        "service_level": float(1 - wait + answered_in_time),
    }


@pytest.mark.parametrize(
    ("n", "a", "aht", "patience", "within"),
    [
        (3, 2.5, 240, 120, 20),
        (10, 10.0, 240, 120, 20),
        (8, 11.0, 180, 60, 30),
        (20, 16.0, 300, 600, 10),
    ],
)
def test_erlang_a_against_the_birth_death_chain(
    n: int, a: float, aht: float, patience: float, within: float
) -> None:
    chain = birth_death_chain(n, a, aht, patience, within)
    result = erlang_a(n, a, aht, patience, within)
    assert result.probability_of_waiting == pytest.approx(chain["wait"], rel=1e-9)
    assert result.abandonment == pytest.approx(chain["abandon"], rel=1e-9)
    assert result.service_level == pytest.approx(chain["service_level"], rel=1e-7)
    assert result.average_speed_of_answer == pytest.approx(chain["abandon"] * patience, rel=1e-9)


def test_erlang_a_tends_to_erlang_c_with_endless_patience() -> None:
    result = erlang_a(12, 10.0, 240, 1e9, 20)
    assert result.probability_of_waiting == pytest.approx(float(erlang_c(12, 10.0)), rel=1e-6)
    assert result.service_level == pytest.approx(float(service_level(12, 10.0, 240, 20)), rel=1e-6)
    assert result.abandonment < 1e-6


def test_erlang_a_is_stable_at_large_sizes() -> None:
    result = erlang_a([100, 15_000, 20_000, 25_000], 20_000.0, 240, 120, 20)
    for values in (result.probability_of_waiting, result.abandonment, result.service_level):
        assert np.all(np.isfinite(values))
        assert np.all((values >= 0) & (values <= 1))
    assert np.all(np.diff(result.service_level) >= 0)


@settings(max_examples=30, deadline=None)
@given(a=st.floats(0.1, 500), patience=st.floats(20, 600), level=st.floats(0.5, 0.95))
def test_erlang_a_required_agents_is_the_smallest(a: float, patience: float, level: float) -> None:
    staffing = required_agents_erlang_a(a, 240, patience, Target(service_level=level))
    n = int(staffing.agents[0])
    assert erlang_a(n, a, 240, patience, 20).service_level >= level
    assert n == 1 or erlang_a(n - 1, a, 240, patience, 20).service_level < level


def test_erlang_a_may_staff_below_the_offered_load() -> None:
    staffing = required_agents_erlang_a(160.0, 240, 120, Target(service_level=0.8))
    assert staffing.agents[0] < 160


def test_agrees_with_pyworkforce_apart_from_its_float_ceiling() -> None:
    rng = np.random.default_rng(11)
    traffic = rng.uniform(1, 300, 150)
    aht = rng.uniform(180, 600, 150)
    interval_minutes = 15
    volume = traffic * interval_minutes * 60 / aht
    ours = required_agents(
        traffic, aht, Target(service_level=0.8, answer_within_seconds=20, shrinkage=0.3)
    )
    spurious = 0
    for i in range(len(traffic)):
        theirs = ErlangC(
            transactions=volume[i],
            aht=aht[i] / 60,
            asa=20 / 60,
            interval=interval_minutes,
            shrinkage=0.3,
        ).required_positions(service_level=0.8)
        assert theirs["raw_positions"] == ours.agents[i]
        exact = math.ceil(Fraction(int(ours.agents[i])) / Fraction(7, 10))
        assert ours.scheduled_agents[i] == exact
        if theirs["positions"] != exact:
            # Only their floating-point ceiling differs, and by one agent.
            assert theirs["positions"] == exact + 1
            spurious += 1
    assert spurious < len(traffic) // 10
