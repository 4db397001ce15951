"""Staffing by channel: live contacts handled one or several at a time, and deferred work.

Live contacts (voice, chat, live messaging). An agent holds up to `concurrency` contacts at
once (1 for calls, typically 2–3 for chats). Each agent is modelled as `concurrency` servers
of an Erlang queue: N agents are c·N servers, the offered traffic A = volume · AHT / interval
is counted in contact-sessions (AHT is the length of a chat as measured, while the agent also
holds others), so

    service level(N) = Erlang C (or Erlang A with a patience) with c·N servers and traffic A,

the required agents are the fewest N whose c·N servers reach the target, and occupancy is
A / (c·N), the share of the agents' sessions in use. This is the basic multi-server model of
chat staffing (Tezcan and Zhang, "Routing and staffing in customer service chat systems with
impatient customers", Operations Research 62(4), 2014, with a service rate that does not
depend on how many chats an agent holds). With c = 1 it is plain Erlang C or A.

Deferred work (email, back office, asynchronous messaging). Items wait in a backlog and are
answered in order of arrival (FIFO) within a response target of W hours (24 h for email, 48 h
for back office); no Erlang formula applies. The work of an interval is volume · AHT
agent-seconds; an agent gives `max_occupancy` of each interval's seconds to it.

- Required agents in an interval: the work that arrived in the W hours up to the interval's
  end, spread over the open time of those W hours (the intervals given, i.e. the queue's
  opening hours) at maximum occupancy, rounded up: ⌈work / (open seconds · max occupancy)⌉.
- Expected service level of a staffing: a backlog simulation, interval by interval. Items of
  an interval count as arriving at its start; in each interval the agents answer up to their
  capacity (agents · interval seconds · max occupancy) from the backlog, oldest first, and
  what is left is carried over. An interval's service level is the share of its items
  answered by the end of the last interval that ends within W hours of its start.

Periods. Given `period_minutes`, the intervals are taken as one of a run of identical
periods (a steady week): the window of the first intervals reaches back into the period
before, the backlog left at the end carries into the next, and items whose deadline falls
after the period are answered by the next period's staff. Without it the first interval
starts with an empty backlog and the sequence ends at its last interval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from floorwalk.engine.erlang import (
    Staffing,
    Target,
    agents_after_shrinkage,
    average_speed_of_answer,
    erlang_a,
    erlang_c,
    occupancy,
    required_agents,
    required_agents_erlang_a,
    service_level,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Three copies of a period: the one before warms the backlog up, the one after answers the
# items whose deadline falls past the period's end.
_COPIES = 3
_ROUNDING = 1e-9


@dataclass(frozen=True)
class WorkModel:
    """How a queue's contacts are handled: live with `concurrency` contacts per agent, or
    deferred (a backlog) with a response target of `response_hours`."""

    concurrency: int = 1
    response_hours: float | None = None

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if self.response_hours is not None and self.response_hours <= 0:
            raise ValueError("response_hours must be > 0")

    @property
    def deferred(self) -> bool:
        return self.response_hours is not None


# ---- live contacts, several at a time ----------------------------------------------------------


def live_required_agents(
    traffic: ArrayLike,
    aht_seconds: ArrayLike,
    target: Target,
    concurrency: int = 1,
    patience_seconds: float | None = None,
) -> Staffing:
    """The fewest agents whose `concurrency` sessions each reach `target` (Erlang C, or Erlang A
    with a patience), and at least those keeping A / (c·N) at or below the maximum occupancy."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if patience_seconds:
        slots = required_agents_erlang_a(traffic, aht_seconds, patience_seconds, target)
    else:
        slots = required_agents(traffic, aht_seconds, target)
    if concurrency == 1:
        return slots
    a = slots.traffic
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=np.float64), a.shape)
    agents = -(-slots.agents // concurrency)
    servers = agents * concurrency
    reached = live_reach(servers, a, aht, target.answer_within_seconds, patience_seconds)
    return Staffing(
        traffic=a,
        agents=np.asarray(agents, dtype=np.int64),
        scheduled_agents=agents_after_shrinkage(agents, target.shrinkage),
        probability_of_waiting=reached.probability_of_waiting,
        service_level=reached.service_level,
        average_speed_of_answer=reached.average_speed_of_answer,
        occupancy=reached.occupancy,
        abandonment=reached.abandonment if patience_seconds else None,
    )


@dataclass(frozen=True)
class LiveReach:
    probability_of_waiting: FloatArray
    service_level: FloatArray
    average_speed_of_answer: FloatArray
    occupancy: FloatArray
    abandonment: FloatArray


def live_reach(
    servers: ArrayLike,
    traffic: ArrayLike,
    aht_seconds: ArrayLike,
    answer_within_seconds: float,
    patience_seconds: float | None = None,
) -> LiveReach:
    """What `servers` sessions (agents × concurrency) reach on `traffic` Erlangs."""
    n = np.asarray(servers, dtype=np.int64)
    a = np.asarray(traffic, dtype=np.float64)
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=np.float64), a.shape)
    if patience_seconds:
        reached = erlang_a(n, a, aht, patience_seconds, answer_within_seconds)
        return LiveReach(
            reached.probability_of_waiting,
            reached.service_level,
            reached.average_speed_of_answer,
            reached.occupancy,
            reached.abandonment,
        )
    return LiveReach(
        erlang_c(n, a),
        service_level(n, a, aht, answer_within_seconds),
        average_speed_of_answer(n, a, aht),
        occupancy(n, a),
        np.zeros(np.broadcast(n, a).shape),
    )


def live_service_level(
    agents: ArrayLike,
    traffic: ArrayLike,
    aht_seconds: ArrayLike,
    answer_within_seconds: float,
    concurrency: int = 1,
    patience_seconds: float | None = None,
) -> FloatArray:
    """Share answered within the time with `agents` on the queue, each holding `concurrency`
    contacts (Erlang C, or Erlang A with a patience)."""
    servers = np.asarray(agents, dtype=np.int64) * concurrency
    return live_reach(
        servers, traffic, aht_seconds, answer_within_seconds, patience_seconds
    ).service_level


def on_queue_agents(scheduled: FloatArray, shrinkage: float) -> FloatArray:
    """Whole agents answering: the whole agents scheduled (half an agent on a break answers
    no call on its own), less shrinkage, to the nearest agent. Rounded to the nearest rather
    than down so that the ⌈N / (1 − s)⌉ agents scheduled for a requirement of N always count
    as at least N."""
    whole = np.floor(np.asarray(scheduled, dtype=np.float64) + 1e-9)
    return np.floor(whole * (1.0 - shrinkage) + 0.5)


# ---- deferred work ----------------------------------------------------------------------------


def _as_sequence(
    starts_minutes: ArrayLike, interval_minutes: float, *values: ArrayLike
) -> tuple[FloatArray, list[FloatArray]]:
    starts = np.asarray(starts_minutes, dtype=np.float64)
    if starts.ndim != 1:
        raise ValueError("starts must be one-dimensional")
    if np.any(np.diff(starts) < 0):
        raise ValueError("interval starts must not decrease")
    if interval_minutes <= 0:
        raise ValueError("interval_minutes must be > 0")
    arrays = []
    for value in values:
        array = np.broadcast_to(np.asarray(value, dtype=np.float64), starts.shape).copy()
        if np.any(array < 0) or not np.all(np.isfinite(array)):
            raise ValueError("volumes, handle times and agents must be finite and >= 0")
        arrays.append(array)
    return starts, arrays


def _tiled(
    starts: FloatArray, arrays: list[FloatArray], period: float | None
) -> tuple[FloatArray, list[FloatArray], int]:
    """The sequence, or three copies of it one period apart; and where the original begins."""
    if period is None or starts.size == 0:
        return starts, arrays, 0
    if starts[-1] - starts[0] >= period:
        raise ValueError("the intervals must fit in one period")
    tiled = np.concatenate([starts + k * period for k in range(_COPIES)])
    return tiled, [np.tile(a, _COPIES) for a in arrays], starts.size


def deferred_required_agents(
    starts_minutes: ArrayLike,
    volume: ArrayLike,
    aht_seconds: ArrayLike,
    interval_minutes: float,
    response_hours: float,
    max_occupancy: float = 1.0,
    period_minutes: float | None = None,
) -> IntArray:
    """Agents per interval to answer deferred work within `response_hours`: the work of the
    last `response_hours` spread over that window's open intervals at maximum occupancy,
    rounded up."""
    needed = deferred_agents_needed(
        starts_minutes,
        volume,
        aht_seconds,
        interval_minutes,
        response_hours,
        max_occupancy,
        period_minutes,
    )
    return np.asarray(np.ceil(needed - _ROUNDING), dtype=np.int64)


def deferred_agents_needed(
    starts_minutes: ArrayLike,
    volume: ArrayLike,
    aht_seconds: ArrayLike,
    interval_minutes: float,
    response_hours: float,
    max_occupancy: float = 1.0,
    period_minutes: float | None = None,
) -> FloatArray:
    """`deferred_required_agents` before rounding: work / (open seconds · max occupancy)."""
    if response_hours <= 0:
        raise ValueError("response_hours must be > 0")
    if not 0 < max_occupancy <= 1:
        raise ValueError("max_occupancy must be in (0, 1]")
    starts, (vol, aht) = _as_sequence(starts_minutes, interval_minutes, volume, aht_seconds)
    size = starts.size
    all_starts, (all_vol, all_aht), offset = _tiled(starts, [vol, aht], period_minutes)
    work = np.cumsum(np.concatenate([[0.0], all_vol * all_aht]))
    mine = np.arange(offset, offset + size)
    ends = all_starts[mine] + interval_minutes
    # The window (end − W, end] holds the intervals starting at or after end − W.
    first = np.searchsorted(all_starts, ends - response_hours * 60.0 - _ROUNDING, side="left")
    in_window = mine + 1 - first
    window_work = work[mine + 1] - work[first]
    open_seconds = in_window * interval_minutes * 60.0 * max_occupancy
    return np.asarray(np.maximum(window_work / open_seconds, 0.0), dtype=np.float64)


def deferred_service_level(
    starts_minutes: ArrayLike,
    volume: ArrayLike,
    aht_seconds: ArrayLike,
    agents: ArrayLike,
    interval_minutes: float,
    response_hours: float,
    max_occupancy: float = 1.0,
    period_minutes: float | None = None,
) -> FloatArray:
    """Share of each interval's items answered within `response_hours` with `agents` (may be
    fractional) on the queue: a FIFO backlog simulation. An interval without items reaches 1."""
    if response_hours <= 0:
        raise ValueError("response_hours must be > 0")
    if not 0 < max_occupancy <= 1:
        raise ValueError("max_occupancy must be in (0, 1]")
    starts, (vol, aht, staff) = _as_sequence(
        starts_minutes, interval_minutes, volume, aht_seconds, agents
    )
    size = starts.size
    if size == 0:
        return np.zeros(0)
    all_starts, (all_vol, all_aht, all_staff), offset = _tiled(
        starts, [vol, aht, staff], period_minutes
    )
    arriving = all_vol * all_aht
    capacity = all_staff * interval_minutes * 60.0 * max_occupancy
    # Backlog after each interval (Lindley): B_j = S_j − min(0, min_{k≤j} S_k), S the running
    # sum of work arriving minus capacity; what was answered is what arrived less the backlog.
    net = np.cumsum(arriving - capacity)
    backlog = net - np.minimum(np.minimum.accumulate(net), 0.0)
    arrived = np.cumsum(arriving)
    answered = arrived - backlog
    mine = np.arange(offset, offset + size)
    ends = all_starts + interval_minutes
    # The last interval ending within W hours of each interval's start.
    due = np.searchsorted(ends, all_starts[mine] + response_hours * 60.0 + _ROUNDING) - 1
    before = arrived[mine] - arriving[mine]
    done_by_due = np.where(due >= 0, answered[np.maximum(due, 0)], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (done_by_due - before) / arriving[mine]
    share = np.where(arriving[mine] > 0, share, 1.0)
    return np.asarray(np.clip(share, 0.0, 1.0), dtype=np.float64)
