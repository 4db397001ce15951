"""Erlang staffing: how many agents an interval needs, and what a staffing level achieves.

Traffic. An interval of `interval_minutes` with `volume` offered contacts of mean handle time
`aht` seconds carries A = volume · aht / (60 · interval_minutes) Erlangs.

Erlang B (blocking, M/M/N/N). B(N, A) = (A^N / N!) / Σ_{k≤N} A^k / k!, evaluated without
factorials as the ratio of a Poisson probability to a Poisson distribution function,
B = p(N; A) / F(N; A), with log p = N log A − A − ln Γ(N + 1) and F = Q(N + 1, A) (the regularised
upper incomplete gamma function). Where F is too small for floating point (N far below A), the
forward recursion B(n) = A·B(n−1) / (n + A·B(n−1)), B(0) = 1 is used instead; it only ever
divides positive numbers, so it is stable at any size.

Erlang C (M/M/N, probability that a contact waits). C = N·B / (N − A·(1 − B)) for N > A, and 1
when N ≤ A (the queue grows without bound).

Service level (share answered within T seconds): SL = 1 − C·exp(−(N − A)·T / AHT), 0 when N ≤ A.
Average speed of answer: ASA = C·AHT / (N − A), infinite when N ≤ A. Occupancy: A / N.

Required agents. The smallest N meeting the service-level or ASA target, and at least the
smallest N with A / N ≤ the maximum occupancy. All intervals are searched at once: each starts
at ⌊A⌋ + 1 (no fewer agents can keep the queue finite), B is computed there once, and the
recursion steps B up one agent at a time for the intervals still short of their target, so each
step costs a few array operations. Agents to schedule after shrinkage s are ⌈N / (1 − s)⌉,
computed in integers (s is taken to the nearest millionth): in floating point 21 / (1 − 0.3) is
30.000000000000004 and a naive ceiling schedules 31 agents instead of 30.

Erlang A (M/M/N+M: callers abandon after an exponential patience of mean θ seconds). With
x = N·θ / AHT and y = λ·θ (λ the arrival rate per second), the queue states N + k carry
π_N · y^k / ((x + 1)···(x + k)), whose sum is J = Γ(x + 1) · e^y · y^−x · P(x, y) (P the
regularised lower incomplete gamma function; the series is summed directly when P
underflows; J is kept as a log since it overflows when callers far outnumber agents).
With B the Erlang B value, π_N = B / (1 + (J − 1)·B), and (Mandelbaum and Zeltyn)

    P(wait) = J·π_N = B / (1/J + (1 − 1/J)·B),
    P(abandon) = π_N · (J − (J − 1) · N / A) = P(wait) · (1 − (1 − 1/J) · N / A),
    ASA (mean wait of all callers, by Little's law) = P(abandon) · θ.

The offered wait V (what a caller would wait with unlimited patience) has
P(V > t) = π_N · J(t) with J(t) = Γ(x + 1) · e^y · y^−x · P(x, y·e^(−t/θ)), obtained by summing
the hypoexponential waits behind k callers over k. Integrating its density against the
caller's own patience gives the service level, the share of all offered callers answered
within T seconds (callers who abandon count as not answered):

    SL = 1 − J·π_N + π_N · (N / A) · (J − 1 − J(T) + u^x · e^(y·(1 − u))),   u = e^(−T/θ).

At T = 0 this is 1 − P(wait); as T grows it tends to 1 − P(abandon).

The queue stays finite at any staffing, so the search for Erlang A starts at one agent and may
end below the offered load.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Below this, Q(N + 1, A) has lost too many digits to divide by; the recursion takes over.
_SMALLEST_TAIL = 1e-250
_SHRINKAGE_SCALE = 1_000_000
_MAX_SEARCH_STEPS = 1_000_000


@dataclass(frozen=True)
class Interval:
    """One interval's demand: offered contacts, mean handle time, and the interval's length."""

    volume: float
    aht_seconds: float
    interval_minutes: float

    @property
    def traffic(self) -> float:
        return float(offered_traffic(self.volume, self.aht_seconds, self.interval_minutes))


@dataclass(frozen=True)
class Target:
    """What a staffing must reach. Exactly one of `service_level` (with `answer_within_seconds`)
    and `asa_seconds` is the queue's target; occupancy and shrinkage always apply."""

    service_level: float | None = 0.8
    answer_within_seconds: float = 20.0
    asa_seconds: float | None = None
    max_occupancy: float = 1.0
    shrinkage: float = 0.0


@dataclass(frozen=True)
class Staffing:
    """Required agents per interval and what they reach (arrays, one value per interval)."""

    traffic: FloatArray
    agents: IntArray
    scheduled_agents: IntArray
    probability_of_waiting: FloatArray
    service_level: FloatArray
    average_speed_of_answer: FloatArray
    occupancy: FloatArray
    abandonment: FloatArray | None = None


@dataclass(frozen=True)
class ErlangA:
    """What N agents reach on a queue whose callers abandon (M/M/N+M), per interval."""

    probability_of_waiting: FloatArray
    abandonment: FloatArray
    service_level: FloatArray
    average_speed_of_answer: FloatArray
    occupancy: FloatArray


def offered_traffic(
    volume: ArrayLike, aht_seconds: ArrayLike, interval_minutes: ArrayLike
) -> FloatArray:
    """Erlangs offered: contacts × handle time / interval length."""
    volume_ = np.asarray(volume, dtype=np.float64)
    aht = np.asarray(aht_seconds, dtype=np.float64)
    minutes = np.asarray(interval_minutes, dtype=np.float64)
    if np.any(volume_ < 0) or np.any(aht <= 0) or np.any(minutes <= 0):
        raise ValueError("volume must be >= 0, handle time and interval length > 0")
    return np.asarray(volume_ * aht / (minutes * 60.0), dtype=np.float64)


def _servers_and_traffic(servers: ArrayLike, traffic: ArrayLike) -> tuple[IntArray, FloatArray]:
    n = np.asarray(servers)
    a = np.asarray(traffic, dtype=np.float64)
    if np.any(n < 0) or np.any(n != np.floor(n)):
        raise ValueError("servers must be whole numbers >= 0")
    if np.any(a < 0) or not np.all(np.isfinite(a)):
        raise ValueError("traffic must be finite and >= 0")
    n_b, a_b = np.broadcast_arrays(n.astype(np.int64), a)
    return np.asarray(n_b, dtype=np.int64), np.asarray(a_b, dtype=np.float64)


def erlang_b(servers: ArrayLike, traffic: ArrayLike) -> FloatArray:
    """Probability that a contact finds all `servers` busy in a loss system (M/M/N/N)."""
    n, a = _servers_and_traffic(servers, traffic)
    result = np.ones(n.shape, dtype=np.float64)
    busy = a > 0
    result[~busy] = np.where(n[~busy] == 0, 1.0, 0.0)
    nb, ab = n[busy], a[busy]
    tail = special.gammaincc(nb + 1.0, ab)
    log_pmf = nb * np.log(ab) - ab - special.gammaln(nb + 1.0)
    with np.errstate(divide="ignore"):
        closed = np.exp(log_pmf - np.log(tail))
    far = tail < _SMALLEST_TAIL
    if np.any(far):
        closed[far] = _erlang_b_recursion(nb[far], ab[far])
    result[busy] = np.minimum(closed, 1.0)
    return result


def _erlang_b_recursion(servers: IntArray, traffic: FloatArray) -> FloatArray:
    """B(n) = A·B(n−1) / (n + A·B(n−1)) from B(0) = 1, all entries at once."""
    b = np.ones(servers.shape, dtype=np.float64)
    for n in range(1, int(servers.max(initial=0)) + 1):
        stepping = servers >= n
        ab = traffic * b
        b = np.where(stepping, ab / (n + ab), b)
    return b


def _erlang_c_from_b(n: IntArray, a: FloatArray, b: FloatArray) -> FloatArray:
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1.0 - b))
    return np.where(stable, np.minimum(c, 1.0), 1.0)


def erlang_c(servers: ArrayLike, traffic: ArrayLike) -> FloatArray:
    """Probability that a contact waits (M/M/N); 1 when servers <= traffic."""
    n, a = _servers_and_traffic(servers, traffic)
    return _erlang_c_from_b(n, a, erlang_b(n, a))


def _service_level_from_c(
    n: IntArray, a: FloatArray, c: FloatArray, aht: FloatArray, within: FloatArray
) -> FloatArray:
    stable = n > a
    with np.errstate(over="ignore", invalid="ignore"):
        level = 1.0 - c * np.exp(-(n - a) * within / aht)
    return np.where(stable, np.clip(level, 0.0, 1.0), 0.0)


def _asa_from_c(n: IntArray, a: FloatArray, c: FloatArray, aht: FloatArray) -> FloatArray:
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = c * aht / (n - a)
    return np.where(stable, asa, np.inf)


def service_level(
    servers: ArrayLike, traffic: ArrayLike, aht_seconds: ArrayLike, answer_within_seconds: ArrayLike
) -> FloatArray:
    """Share of contacts answered within `answer_within_seconds` (Erlang C); 0 when N <= A."""
    n, a = _servers_and_traffic(servers, traffic)
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=np.float64), n.shape)
    within = np.broadcast_to(np.asarray(answer_within_seconds, dtype=np.float64), n.shape)
    return _service_level_from_c(n, a, erlang_c(n, a), aht, within)


def average_speed_of_answer(
    servers: ArrayLike, traffic: ArrayLike, aht_seconds: ArrayLike
) -> FloatArray:
    """Mean wait in seconds over all contacts (Erlang C); infinite when N <= A."""
    n, a = _servers_and_traffic(servers, traffic)
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=np.float64), n.shape)
    return _asa_from_c(n, a, erlang_c(n, a), aht)


def occupancy(servers: ArrayLike, traffic: ArrayLike) -> FloatArray:
    """Share of agents' time spent handling contacts: A / N (capped at 1)."""
    n, a = _servers_and_traffic(servers, traffic)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(n > 0, np.minimum(a / n, 1.0), 1.0), dtype=np.float64)


def agents_after_shrinkage(agents: ArrayLike, shrinkage: float) -> IntArray:
    """⌈agents / (1 − shrinkage)⌉ in exact integer arithmetic (shrinkage to the nearest
    millionth), so no floating-point residue adds an agent."""
    if not 0 <= shrinkage < 1:
        raise ValueError("shrinkage must be in [0, 1)")
    available = _SHRINKAGE_SCALE - round(shrinkage * _SHRINKAGE_SCALE)
    scaled = np.asarray(agents, dtype=np.int64) * _SHRINKAGE_SCALE
    return np.asarray(-(-scaled // available), dtype=np.int64)


def minimum_agents_for_occupancy(traffic: ArrayLike, max_occupancy: float) -> IntArray:
    """Smallest N with A / N <= max_occupancy (checked against the float division itself)."""
    if not 0 < max_occupancy <= 1:
        raise ValueError("max_occupancy must be in (0, 1]")
    a = np.asarray(traffic, dtype=np.float64)
    n = np.maximum(np.ceil(a / max_occupancy), 1).astype(np.int64)
    # The float quotient can land one above or below; settle on the exact smallest N.
    n = np.where((n > 1) & (a / np.maximum(n - 1, 1) <= max_occupancy), n - 1, n)
    n = np.where(a / n > max_occupancy, n + 1, n)
    return np.asarray(n, dtype=np.int64)


def _check_target(target: Target) -> None:
    if (target.service_level is None) == (target.asa_seconds is None):
        raise ValueError("give exactly one of a service level and an ASA target")
    if target.service_level is not None and not 0 < target.service_level < 1:
        raise ValueError("service_level must be in (0, 1)")
    if target.asa_seconds is not None and target.asa_seconds <= 0:
        raise ValueError("asa_seconds must be > 0")
    if target.answer_within_seconds < 0:
        raise ValueError("answer_within_seconds must be >= 0")


def required_agents(traffic: ArrayLike, aht_seconds: ArrayLike, target: Target) -> Staffing:
    """Erlang C staffing for every interval at once: the smallest N meeting `target`."""
    _check_target(target)
    a = np.atleast_1d(np.asarray(traffic, dtype=np.float64))
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=np.float64), a.shape).copy()
    if np.any(a < 0) or np.any(aht <= 0):
        raise ValueError("traffic must be >= 0 and handle time > 0")
    n = np.floor(a).astype(np.int64) + 1
    b = erlang_b(n, a)
    within = np.full(a.shape, target.answer_within_seconds)
    short = ~_meets(n, a, b, aht, within, target)
    while np.any(short):
        # One more agent for the intervals still short: B(n+1) = A·B / (n + 1 + A·B).
        idx = np.flatnonzero(short)
        ab = a[idx] * b[idx]
        n[idx] += 1
        b[idx] = ab / (n[idx] + ab)
        met = _meets(n[idx], a[idx], b[idx], aht[idx], within[idx], target)
        short[idx[met]] = False
    n = np.maximum(n, minimum_agents_for_occupancy(a, target.max_occupancy))
    return _staffing(n, a, aht, target)


def _meets(
    n: IntArray, a: FloatArray, b: FloatArray, aht: FloatArray, within: FloatArray, target: Target
) -> NDArray[np.bool_]:
    c = _erlang_c_from_b(n, a, b)
    if target.service_level is not None:
        level = _service_level_from_c(n, a, c, aht, within)
        return np.asarray(level >= target.service_level, dtype=np.bool_)
    assert target.asa_seconds is not None  # noqa: S101 (checked by _check_target)
    return np.asarray(_asa_from_c(n, a, c, aht) <= target.asa_seconds, dtype=np.bool_)


def _staffing(n: IntArray, a: FloatArray, aht: FloatArray, target: Target) -> Staffing:
    c = erlang_c(n, a)
    within = np.full(a.shape, target.answer_within_seconds)
    return Staffing(
        traffic=a,
        agents=n,
        scheduled_agents=agents_after_shrinkage(n, target.shrinkage),
        probability_of_waiting=c,
        service_level=_service_level_from_c(n, a, c, aht, within),
        average_speed_of_answer=_asa_from_c(n, a, c, aht),
        occupancy=occupancy(n, a),
    )


def _log_queue_sum(x: FloatArray, y: FloatArray, z: FloatArray) -> FloatArray:
    """log(Γ(x + 1)·e^y·y^−x·P(x, z)): with z = y, the log of the sum J of the queue states'
    weights (kept as a log: J overflows when callers far outnumber agents)."""
    lower = special.gammainc(x, z)
    with np.errstate(divide="ignore"):
        log_value = y - x * np.log(y) + special.gammaln(x + 1.0) + np.log(lower)
    far = lower < _SMALLEST_TAIL
    if np.any(far):
        log_value[far] = _log_queue_sum_series(x[far], y[far], z[far])
    return np.asarray(log_value, dtype=np.float64)


def _log_queue_sum_series(x: FloatArray, y: FloatArray, z: FloatArray) -> FloatArray:
    """(y − z) + x·log(z/y) + log Σ_k z^k / ((x + 1)···(x + k)), for z well below x where the
    series converges fast (each term is less than z / x times the one before)."""
    term = np.ones(x.shape)
    total = np.ones(x.shape)
    for k in range(1, _MAX_SEARCH_STEPS):
        term = term * z / (x + k)
        total = total + term
        if np.all(term <= 1e-17 * total):
            break
    with np.errstate(divide="ignore"):
        return np.asarray(y - z + x * (np.log(z) - np.log(y)) + np.log(total), dtype=np.float64)


def erlang_a(
    servers: ArrayLike,
    traffic: ArrayLike,
    aht_seconds: ArrayLike,
    patience_seconds: ArrayLike,
    answer_within_seconds: ArrayLike = 20.0,
) -> ErlangA:
    """Waiting, abandonment, service level and ASA for N agents when callers abandon after an
    exponential patience of mean `patience_seconds`."""
    n, a = _servers_and_traffic(servers, traffic)
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=np.float64), n.shape)
    theta = np.broadcast_to(np.asarray(patience_seconds, dtype=np.float64), n.shape)
    within = np.broadcast_to(np.asarray(answer_within_seconds, dtype=np.float64), n.shape)
    if np.any(aht <= 0) or np.any(theta <= 0) or np.any(within < 0):
        raise ValueError("handle time and patience must be > 0, answer-within >= 0")
    wait = np.zeros(n.shape)
    abandon = np.zeros(n.shape)
    level = np.ones(n.shape)
    busy = a > 0
    if np.any(busy):
        nb, ab, ahtb, thb, tb = n[busy], a[busy], aht[busy], theta[busy], within[busy]
        nf = nb.astype(np.float64)
        b = erlang_b(nb, ab)
        x = nf * thb / ahtb
        y = ab * thb / ahtb
        log_j = _log_queue_sum(x, y, y)
        # Everything is written with 1 / J so that a huge J (a long queue) cannot overflow.
        inverse_j = np.exp(-log_j)
        ratio = nf / ab
        waits = b / (inverse_j + (1.0 - inverse_j) * b)
        wait[busy] = np.minimum(waits, 1.0)
        abandon[busy] = np.clip(waits * (1.0 - (1.0 - inverse_j) * ratio), 0.0, 1.0)
        u = np.exp(-tb / thb)
        log_j_t = _log_queue_sum(x, y, y * u)
        with np.errstate(over="ignore", invalid="ignore"):
            leftover = np.exp(x * np.log(u) + y * (1.0 - u) - log_j)
            served_share = 1.0 - inverse_j - np.exp(log_j_t - log_j) + leftover
        answered_from_queue = waits * ratio * served_share
        level[busy] = np.clip(1.0 - wait[busy] + answered_from_queue, 0.0, 1.0)
    return ErlangA(
        probability_of_waiting=wait,
        abandonment=abandon,
        service_level=level,
        average_speed_of_answer=abandon * theta,
        occupancy=_carried_occupancy(n, a, abandon),
    )


def _carried_occupancy(n: IntArray, a: FloatArray, abandon: FloatArray) -> FloatArray:
    """Agents handle only the callers who stay: A·(1 − P(abandon)) / N."""
    with np.errstate(divide="ignore", invalid="ignore"):
        carried = np.where(n > 0, a * (1.0 - abandon) / n, 0.0)
    return np.asarray(np.minimum(carried, 1.0), dtype=np.float64)


def required_agents_erlang_a(
    traffic: ArrayLike, aht_seconds: ArrayLike, patience_seconds: ArrayLike, target: Target
) -> Staffing:
    """Erlang A staffing for every interval: the smallest N meeting `target`, which may be
    below the offered load since callers who abandon free the agents."""
    _check_target(target)
    a = np.atleast_1d(np.asarray(traffic, dtype=np.float64))
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=np.float64), a.shape).copy()
    theta = np.broadcast_to(np.asarray(patience_seconds, dtype=np.float64), a.shape).copy()
    # Necessary conditions give safe starting points: agents carry at most N Erlangs, so
    # SL <= 1 − P(abandon) <= N / A, and ASA = P(abandon)·θ >= (1 − N / A)·θ.
    if target.service_level is not None:
        start = np.floor(target.service_level * a)
    else:
        assert target.asa_seconds is not None  # noqa: S101 (checked by _check_target)
        start = np.floor(a * (1.0 - target.asa_seconds / theta))
    n = np.maximum(start, 1).astype(np.int64)
    short = np.ones(a.shape, dtype=np.bool_)
    while np.any(short):
        idx = np.flatnonzero(short)
        reached = erlang_a(n[idx], a[idx], aht[idx], theta[idx], target.answer_within_seconds)
        if target.service_level is not None:
            met = reached.service_level >= target.service_level
        else:
            met = reached.average_speed_of_answer <= (target.asa_seconds or 0.0)
        # Occupancy counts only the callers who stay, so it is checked in the search itself.
        met &= reached.occupancy <= target.max_occupancy
        short[idx[met]] = False
        n[idx[~met]] += 1
    reached = erlang_a(n, a, aht, theta, target.answer_within_seconds)
    return Staffing(
        traffic=a,
        agents=n,
        scheduled_agents=agents_after_shrinkage(n, target.shrinkage),
        probability_of_waiting=reached.probability_of_waiting,
        service_level=reached.service_level,
        average_speed_of_answer=reached.average_speed_of_answer,
        occupancy=reached.occupancy,
        abandonment=reached.abandonment,
    )
