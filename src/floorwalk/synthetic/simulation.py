"""A day-by-day simulation of a synthetic floor's contacts.

`daily_interaction_batches` simulates one day at a time with numpy, each day drawing from its
own random stream keyed by the seed and the date, so memory stays flat however long the history
is; `generate_interactions` turns those batches into rows.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from floorwalk.engine.metrics import OUTCOMES
from floorwalk.synthetic.floor import (
    AGENT_TRAITS_STREAM,
    CHANNELS,
    DAY_STREAM,
    OUTAGE_STREAM,
    QUEUE_CATALOGUE,
    QUEUE_TIME_SHARES,
    TRAINING_DAYS,
    SyntheticFloor,
    random_stream,
)

# Encodings used by `InteractionBatch` for optional values.
FCR_UNKNOWN = -1
CSAT_NONE = 0
NPS_NONE = -1

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class InteractionRow:
    interaction_id: str
    agent: str
    queue: str
    channel: str
    started_at: datetime
    talk_seconds: int
    hold_seconds: int
    acw_seconds: int
    outcome: str
    first_contact_resolution: bool | None
    csat: int | None
    nps: int | None


@dataclass(frozen=True)
class InteractionBatch:
    """One day of interactions as parallel arrays, ordered by start time.

    `agent` indexes `SyntheticFloor.people`, `queue` indexes `SyntheticFloor.queues`, `outcome`
    indexes `OUTCOMES`; `seconds` is local wall-clock time since midnight. Missing values are
    encoded as `FCR_UNKNOWN`, `CSAT_NONE` and `NPS_NONE`. Row i has the id
    `interaction_id(first_sequence + i)`.
    """

    day: date
    first_sequence: int
    seconds: npt.NDArray[np.int32]
    agent: npt.NDArray[np.int32]
    queue: npt.NDArray[np.int16]
    talk_seconds: npt.NDArray[np.int32]
    hold_seconds: npt.NDArray[np.int32]
    acw_seconds: npt.NDArray[np.int32]
    outcome: npt.NDArray[np.int8]
    first_contact_resolution: npt.NDArray[np.int8]
    csat: npt.NDArray[np.int8]
    nps: npt.NDArray[np.int8]

    def __len__(self) -> int:
        return int(self.seconds.shape[0])


@dataclass(frozen=True)
class OutageDay:
    """A bad day: more contacts, longer handling, more customers giving up."""

    day: date
    volume_factor: float
    handle_factor: float
    abandon_factor: float


INTERACTION_ID_FORMAT = "I%09d"


def interaction_id(sequence: int) -> str:
    return INTERACTION_ID_FORMAT % sequence


# --------------------------------------------------------------------------------------------
# Contact behaviour parameters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ChannelProfile:
    # Contacts in a full productive day spent on this channel alone.
    contacts_per_day: float
    daily_cap: int
    talk_median: float
    talk_sigma: float
    acw_median: float
    has_hold: bool
    # Voice, email and back-office work is done one item at a time; chats run concurrently.
    one_at_a_time: bool
    abandon_rate: float
    survey_rate: float
    # Intraday demand: a flat base plus (hour, width in hours, height) bumps.
    intraday_base: float
    intraday_peaks: tuple[tuple[float, float, float], ...]
    # Opening hours per weekday, Monday first, in minutes since midnight; None when closed.
    hours: tuple[tuple[int, int] | None, ...]


_WEEKDAYS_8_TO_20 = (480, 1200)
_SATURDAY_HOURS = (540, 1020)
_SUNDAY_HOURS = (600, 1080)

CHANNEL_PROFILES: dict[str, _ChannelProfile] = {
    "voice": _ChannelProfile(
        contacts_per_day=46,
        daily_cap=120,
        talk_median=270,
        talk_sigma=0.55,
        acw_median=35,
        has_hold=True,
        one_at_a_time=True,
        abandon_rate=0.025,
        survey_rate=0.25,
        intraday_base=0.25,
        intraday_peaks=((10.8, 1.1, 1.0), (14.5, 1.2, 0.7)),
        hours=(_WEEKDAYS_8_TO_20,) * 5 + (_SATURDAY_HOURS, None),
    ),
    "chat": _ChannelProfile(
        contacts_per_day=55,
        daily_cap=140,
        talk_median=420,
        talk_sigma=0.5,
        acw_median=20,
        has_hold=False,
        one_at_a_time=False,
        abandon_rate=0.05,
        survey_rate=0.32,
        intraday_base=0.2,
        intraday_peaks=((11.5, 1.5, 0.8), (15.5, 2.0, 0.9)),
        hours=(_WEEKDAYS_8_TO_20,) * 5 + (_SATURDAY_HOURS, _SUNDAY_HOURS),
    ),
    "email": _ChannelProfile(
        contacts_per_day=50,
        daily_cap=130,
        talk_median=240,
        talk_sigma=0.6,
        acw_median=30,
        has_hold=False,
        one_at_a_time=True,
        abandon_rate=0.0,
        survey_rate=0.2,
        intraday_base=1.0,
        intraday_peaks=((9.5, 1.5, 0.25),),
        hours=(_WEEKDAYS_8_TO_20,) * 5 + (_SATURDAY_HOURS, _SUNDAY_HOURS),
    ),
    "messaging": _ChannelProfile(
        contacts_per_day=60,
        daily_cap=150,
        talk_median=330,
        talk_sigma=0.55,
        acw_median=20,
        has_hold=False,
        one_at_a_time=False,
        abandon_rate=0.04,
        survey_rate=0.3,
        intraday_base=0.3,
        intraday_peaks=((12.0, 2.0, 0.7), (18.0, 1.5, 0.6)),
        hours=(_WEEKDAYS_8_TO_20,) * 5 + (_SATURDAY_HOURS, _SUNDAY_HOURS),
    ),
    "back_office": _ChannelProfile(
        contacts_per_day=38,
        daily_cap=100,
        talk_median=360,
        talk_sigma=0.6,
        acw_median=40,
        has_hold=False,
        one_at_a_time=True,
        abandon_rate=0.0,
        survey_rate=0.0,
        intraday_base=1.0,
        intraday_peaks=(),
        hours=((480, 1080),) * 5 + (None, None),
    ),
}

# The floor's own hours, which bound every shift.
FLOOR_HOURS = (_WEEKDAYS_8_TO_20,) * 5 + (_SATURDAY_HOURS, _SUNDAY_HOURS)
SHIFT_MINUTES = 510
OVERTIME_SECONDS = 30 * 60
WEEKDAY_SHIFT_STARTS = (480, 540, 600, 660, 690)
WEEKDAY_SHIFT_WEIGHTS = (0.24, 0.26, 0.20, 0.12, 0.18)
# Chance an agent in production is rostered, Monday first: about five days a week.
ROSTER_PROBABILITY = (0.90, 0.87, 0.85, 0.85, 0.82, 0.40, 0.24)
# Contacts per rostered agent relative to an ordinary day; Mondays carry the weekend backlog.
WEEKDAY_LOAD = (1.06, 1.02, 1.0, 0.99, 0.96, 0.92, 0.88)
TREND_PER_YEAR = 0.05
ANNUAL_SEASON_AMPLITUDE = 0.04
RAMP_DAYS = 40.0
LEARNING_DAYS = 75.0
LEARNING_EXTRA_HANDLE = 0.5
SURVEY_NPS_SHARE = 0.7
OUTAGES_EVERY_DAYS = 45
SECONDS_PER_DAY = 86_400

_RESOLVED, _TRANSFERRED, _ESCALATED, _ABANDONED, _OTHER = range(len(OUTCOMES))


def outage_days(floor: SyntheticFloor) -> tuple[OutageDay, ...]:
    """A few weekdays with an outage-like spike, spread over the history."""
    rng = random_stream(floor.spec.seed, OUTAGE_STREAM)
    weekdays = [day for day in floor.days() if day.weekday() < 5]
    count = min(len(weekdays), max(1, round(len(weekdays) * 7 / 5 / OUTAGES_EVERY_DAYS)))
    chosen = sorted(int(i) for i in rng.choice(len(weekdays), size=count, replace=False))
    return tuple(
        OutageDay(
            day=weekdays[i],
            volume_factor=round(float(rng.uniform(1.5, 2.0)), 3),
            handle_factor=round(float(rng.uniform(1.15, 1.35)), 3),
            abandon_factor=round(float(rng.uniform(2.5, 4.0)), 3),
        )
        for i in chosen
    )


@dataclass(frozen=True)
class _AgentTable:
    """Static per-agent traits as arrays, one row per person with the agent role."""

    person_index: npt.NDArray[np.int32]
    hire_ordinal: IntArray
    leave_ordinal: IntArray
    skill: FloatArray
    personal_handle: FloatArray
    shares: FloatArray


@dataclass(frozen=True)
class _QueueTable:
    channel: IntArray
    talk_log_median: FloatArray
    talk_sigma: FloatArray
    acw_log_median: FloatArray
    has_hold: BoolArray
    one_at_a_time: BoolArray
    abandon_rate: FloatArray
    survey_rate: FloatArray
    contacts_per_day: FloatArray
    daily_cap: IntArray
    opens: IntArray
    closes: IntArray
    # Cumulative intraday demand per channel, minute resolution: shape (channels, 1441).
    intraday_cdf: FloatArray
    intraday_pdf: FloatArray


def _agent_table(floor: SyntheticFloor) -> _AgentTable:
    rng = random_stream(floor.spec.seed, AGENT_TRAITS_STREAM)
    queue_position = {q.name: i for i, q in enumerate(floor.queues)}
    agents = [(i, p) for i, p in enumerate(floor.people) if "agent" in p.roles]
    shares = np.zeros((len(agents), len(floor.queues)))
    for row, (_, person) in enumerate(agents):
        for rank, queue in enumerate(person.queues):
            shares[row, queue_position[queue]] = QUEUE_TIME_SHARES[min(rank, 2)]
    never = date.max.toordinal()
    return _AgentTable(
        person_index=np.array([i for i, _ in agents], dtype=np.int32),
        hire_ordinal=np.array([p.hire_date.toordinal() for _, p in agents], dtype=np.int64),
        leave_ordinal=np.array(
            [p.leaving_date.toordinal() if p.leaving_date else never for _, p in agents],
            dtype=np.int64,
        ),
        skill=np.array([p.skill for _, p in agents], dtype=np.float64),
        personal_handle=np.exp(rng.normal(0.0, 0.12, size=len(agents))),
        shares=shares,
    )


def _intraday_pdf(profile: _ChannelProfile) -> FloatArray:
    hours = (np.arange(1440) + 0.5) / 60
    pdf: FloatArray = np.full(1440, profile.intraday_base, dtype=np.float64)
    for centre, width, height in profile.intraday_peaks:
        pdf += height * np.exp(-0.5 * ((hours - centre) / width) ** 2)
    # Keep every minute reachable so inverse-CDF sampling never lands on a flat stretch.
    reachable: FloatArray = np.maximum(pdf, 1e-6)
    return reachable


def _queue_table(floor: SyntheticFloor) -> _QueueTable:
    talk_factor = {q.name: q.talk_factor for q in QUEUE_CATALOGUE}
    profiles = [CHANNEL_PROFILES[q.channel] for q in floor.queues]

    def hours(pick: int) -> IntArray:
        return np.array([[h[pick] if h else 0 for h in p.hours] for p in profiles], dtype=np.int64)

    pdfs = np.stack([_intraday_pdf(CHANNEL_PROFILES[c]) for c in CHANNELS])
    cdfs = np.concatenate([np.zeros((len(CHANNELS), 1)), np.cumsum(pdfs, axis=1)], axis=1)
    return _QueueTable(
        channel=np.array([CHANNELS.index(q.channel) for q in floor.queues], dtype=np.int64),
        talk_log_median=np.log(
            [
                p.talk_median * talk_factor.get(q.name, 1.0)
                for p, q in zip(profiles, floor.queues, strict=True)
            ]
        ),
        talk_sigma=np.array([p.talk_sigma for p in profiles]),
        acw_log_median=np.log([p.acw_median for p in profiles]),
        has_hold=np.array([p.has_hold for p in profiles]),
        one_at_a_time=np.array([p.one_at_a_time for p in profiles]),
        abandon_rate=np.array([p.abandon_rate for p in profiles]),
        survey_rate=np.array([p.survey_rate for p in profiles]),
        contacts_per_day=np.array([p.contacts_per_day for p in profiles]),
        daily_cap=np.array([p.daily_cap for p in profiles], dtype=np.int64),
        opens=hours(0),
        closes=hours(1),
        intraday_cdf=cdfs,
        intraday_pdf=pdfs,
    )


def _skill_with_experience(skill: FloatArray, tenure_days: FloatArray) -> FloatArray:
    """People keep getting better for their first years, closing part of the gap to 1."""
    gained: FloatArray = (1 - skill) * 0.15 * (1 - np.exp(-tenure_days / 365))
    return skill + gained


def _day_volume_factor(floor: SyntheticFloor, day: date, outage: OutageDay | None) -> float:
    years_in = (day - floor.start).days / 365
    season = 1 + ANNUAL_SEASON_AMPLITUDE * math.cos(
        2 * math.pi * (day.timetuple().tm_yday - 20) / 365.25
    )
    spike = outage.volume_factor if outage else 1.0
    return WEEKDAY_LOAD[day.weekday()] * (1 + TREND_PER_YEAR * years_in) * season * spike


@dataclass(frozen=True)
class _Contacts:
    """The day's contacts before they are ordered: one entry per contact."""

    local_agent: IntArray
    queue: IntArray
    rank_in_group: IntArray
    group_size: IntArray


def _draw_contact_counts(
    table: _AgentTable,
    queues: _QueueTable,
    working: IntArray,
    tenure: FloatArray,
    day_factor: float,
    dow: int,
    rng: np.random.Generator,
) -> _Contacts:
    open_today = queues.closes[:, dow] > queues.opens[:, dow]
    shares = table.shares[working] * open_today
    shares /= shares.sum(axis=1, keepdims=True)
    ramp = 1 - 0.5 * np.exp(-np.maximum(tenure - TRAINING_DAYS, 0) / RAMP_DAYS)
    skill_speed = 1.2 - 0.4 * table.skill[working]
    productivity = 1 / np.sqrt(table.personal_handle[working] * skill_speed)
    load = ramp * productivity * day_factor
    expected = load[:, None] * shares * queues.contacts_per_day[None, :]
    counts = np.minimum(rng.poisson(expected), queues.daily_cap[None, :])
    pair_agent, pair_queue = np.nonzero(counts)
    pair_counts = counts[pair_agent, pair_queue]
    pair_of_row = np.repeat(np.arange(pair_counts.size), pair_counts)
    group_starts = np.cumsum(pair_counts) - pair_counts
    return _Contacts(
        local_agent=pair_agent[pair_of_row],
        queue=pair_queue[pair_of_row],
        rank_in_group=np.arange(pair_of_row.size) - group_starts[pair_of_row],
        group_size=pair_counts[pair_of_row],
    )


def _draw_outcomes(
    skill_now: FloatArray,
    newness: FloatArray,
    abandon_rate: FloatArray,
    rng: np.random.Generator,
) -> IntArray:
    transfer = 0.05 + 0.06 * (1 - skill_now) + 0.05 * newness
    escalate = 0.02 + 0.04 * (1 - skill_now) + 0.04 * newness
    other = np.full_like(transfer, 0.03)
    # Order of the thresholds must follow OUTCOMES after "resolved".
    thresholds = np.cumsum(np.stack([transfer, escalate, abandon_rate, other]), axis=0)
    draw = rng.random(skill_now.size)
    resolved_share = 1 - thresholds[-1]
    outcome = np.zeros(skill_now.size, dtype=np.int64)
    for index, threshold in enumerate(thresholds):
        lower = thresholds[index - 1] if index else np.zeros_like(threshold)
        hit = (draw >= resolved_share + lower) & (draw < resolved_share + threshold)
        outcome[hit] = index + 1
    return outcome


@dataclass(frozen=True)
class _HandleTimes:
    talk: IntArray
    hold: IntArray
    acw: IntArray


def _draw_handle_times(
    queues: _QueueTable,
    queue: IntArray,
    outcome: IntArray,
    handle_factor: FloatArray,
    hold_chance: FloatArray,
    rng: np.random.Generator,
) -> _HandleTimes:
    size = queue.size
    talk = np.exp(
        queues.talk_log_median[queue] + queues.talk_sigma[queue] * rng.standard_normal(size)
    )
    talk *= handle_factor
    talk[outcome == _TRANSFERRED] *= 0.7
    talk[outcome == _ESCALATED] *= 1.3
    talk = np.maximum(talk, 15)

    holds = queues.has_hold[queue] & (rng.random(size) < hold_chance)
    hold = np.where(
        holds, np.exp(np.log(45) + 0.8 * rng.standard_normal(size)) * handle_factor, 0.0
    )

    acw = np.exp(queues.acw_log_median[queue] + 0.35 * rng.standard_normal(size))
    acw = np.clip(acw * np.sqrt(handle_factor), 5, 900)

    # An abandoned contact is over almost before it starts.
    abandoned = outcome == _ABANDONED
    talk[abandoned] = rng.uniform(0, 25, size=int(abandoned.sum()))
    hold[abandoned] = 0
    acw[abandoned] = rng.uniform(0, 10, size=int(abandoned.sum()))
    return _HandleTimes(
        talk=np.rint(talk).astype(np.int64),
        hold=np.rint(hold).astype(np.int64),
        acw=np.rint(acw).astype(np.int64),
    )


def _place_in_shifts(
    queues: _QueueTable,
    contacts: _Contacts,
    shift_start: IntArray,
    shift_end: IntArray,
    dow: int,
    rng: np.random.Generator,
) -> IntArray:
    """Start times that follow each channel's intraday curve inside the agent's shift.

    Stratified sampling (one draw per equal slice of the curve) keeps an agent's contacts on
    one queue spread out rather than clumped, as a real queue hands them out.
    """
    queue = contacts.queue
    low = np.maximum(shift_start[contacts.local_agent], queues.opens[queue, dow])
    high = np.minimum(shift_end[contacts.local_agent], queues.closes[queue, dow])
    high = np.maximum(high, low + 1)
    channel = queues.channel[queue]
    cdf_low = queues.intraday_cdf[channel, low]
    cdf_high = queues.intraday_cdf[channel, high]
    slice_position = (contacts.rank_in_group + rng.random(queue.size)) / contacts.group_size
    target = cdf_low + (cdf_high - cdf_low) * slice_position
    seconds = np.empty(queue.size, dtype=np.int64)
    for channel_index in np.unique(channel):
        rows = channel == channel_index
        cdf = queues.intraday_cdf[channel_index]
        minute = np.searchsorted(cdf, target[rows], side="right") - 1
        minute = np.clip(minute, low[rows], high[rows] - 1)
        within = (target[rows] - cdf[minute]) / queues.intraday_pdf[channel_index, minute]
        seconds[rows] = minute * 60 + np.clip(np.floor(within * 60), 0, 59).astype(np.int64)
    return seconds


def _one_at_a_time(seconds: IntArray, agent: IntArray, duration: IntArray) -> IntArray:
    """Push each contact back until the agent's previous one has finished.

    With c the agent's busy time before a contact, its start is c + running max of (t - c);
    adding a per-agent offset lets one global running max restart at every agent.
    """
    if seconds.size == 0:
        return seconds
    order = np.lexsort((seconds, agent))
    t, who, busy = seconds[order], agent[order], duration[order]
    new_agent = np.concatenate([[True], who[1:] != who[:-1]])
    group = np.cumsum(new_agent) - 1
    busy_before = np.cumsum(busy) - busy
    busy_before -= busy_before[new_agent][group]
    offset = group * (4 * SECONDS_PER_DAY + int(busy.sum()))
    start = np.maximum.accumulate(t - busy_before + offset) - offset + busy_before
    result = np.empty_like(seconds)
    result[order] = np.minimum(start, SECONDS_PER_DAY - 1)
    return result


@dataclass(frozen=True)
class _Surveys:
    csat: IntArray
    nps: IntArray


def _draw_surveys(
    survey_rate: FloatArray,
    outcome: IntArray,
    fcr: IntArray,
    skill_now: FloatArray,
    outage: bool,
    rng: np.random.Generator,
) -> _Surveys:
    size = outcome.size
    answered = (outcome != _ABANDONED) & (rng.random(size) < survey_rate)
    handed_on = (outcome == _TRANSFERRED) | (outcome == _ESCALATED)
    mood = (
        2.55
        + 2.2 * skill_now
        + 0.35 * (fcr == 1)
        - 0.7 * handed_on
        - (0.5 if outage else 0.0)
        + 0.85 * rng.standard_normal(size)
    )
    csat = np.where(answered, np.clip(np.rint(mood), 1, 5), CSAT_NONE).astype(np.int64)
    recommends = np.clip(np.rint(2.3 * mood - 2.0 + 1.1 * rng.standard_normal(size)), 0, 10)
    asked_nps = answered & (rng.random(size) < SURVEY_NPS_SHARE)
    nps = np.where(asked_nps, recommends, NPS_NONE).astype(np.int64)
    return _Surveys(csat=csat, nps=nps)


def _first_contact_resolution(
    outcome: IntArray, skill_now: FloatArray, newness: FloatArray, rng: np.random.Generator
) -> IntArray:
    chance = np.clip(0.55 + 0.35 * skill_now - 0.12 * newness, 0.3, 0.95)
    resolved_first_time = rng.random(outcome.size) < chance
    fcr = np.full(outcome.size, FCR_UNKNOWN, dtype=np.int64)
    resolved = outcome == _RESOLVED
    fcr[resolved] = resolved_first_time[resolved]
    fcr[(outcome == _TRANSFERRED) | (outcome == _ESCALATED)] = 0
    return fcr


def _empty_batch(day: date, first_sequence: int) -> InteractionBatch:
    return InteractionBatch(
        day=day,
        first_sequence=first_sequence,
        seconds=np.zeros(0, dtype=np.int32),
        agent=np.zeros(0, dtype=np.int32),
        queue=np.zeros(0, dtype=np.int16),
        talk_seconds=np.zeros(0, dtype=np.int32),
        hold_seconds=np.zeros(0, dtype=np.int32),
        acw_seconds=np.zeros(0, dtype=np.int32),
        outcome=np.zeros(0, dtype=np.int8),
        first_contact_resolution=np.zeros(0, dtype=np.int8),
        csat=np.zeros(0, dtype=np.int8),
        nps=np.zeros(0, dtype=np.int8),
    )


def _shifts(working_count: int, dow: int, rng: np.random.Generator) -> tuple[IntArray, IntArray]:
    opens, closes = FLOOR_HOURS[dow]
    length = min(SHIFT_MINUTES, closes - opens)
    if closes - opens > SHIFT_MINUTES:
        weights = np.asarray(WEEKDAY_SHIFT_WEIGHTS)
        starts = np.asarray(WEEKDAY_SHIFT_STARTS, dtype=np.int64)[
            rng.choice(len(WEEKDAY_SHIFT_STARTS), size=working_count, p=weights / weights.sum())
        ]
    else:
        starts = np.full(working_count, opens, dtype=np.int64)
    return starts, starts + length


def _simulate_day(
    floor: SyntheticFloor,
    table: _AgentTable,
    queues: _QueueTable,
    day: date,
    outage: OutageDay | None,
    first_sequence: int,
) -> InteractionBatch:
    rng = random_stream(floor.spec.seed, DAY_STREAM, day.toordinal())
    dow = day.weekday()
    ordinal = day.toordinal()
    tenure_all = ordinal - table.hire_ordinal
    in_production = (tenure_all >= TRAINING_DAYS) & (ordinal < table.leave_ordinal)
    open_today = queues.closes[:, dow] > queues.opens[:, dow]
    has_open_queue = (table.shares[:, open_today] > 0).any(axis=1)
    rostered = rng.random(tenure_all.size) < ROSTER_PROBABILITY[dow]
    working = np.flatnonzero(in_production & has_open_queue & rostered)
    if working.size == 0:
        return _empty_batch(day, first_sequence)

    tenure = tenure_all[working].astype(np.float64)
    contacts = _draw_contact_counts(
        table, queues, working, tenure, _day_volume_factor(floor, day, outage), dow, rng
    )
    if contacts.queue.size == 0:
        return _empty_batch(day, first_sequence)
    who = contacts.local_agent
    queue = contacts.queue

    skill_now = _skill_with_experience(table.skill[working], tenure)
    newness = np.exp(-tenure / LEARNING_DAYS)
    handle_factor = (
        table.personal_handle[working]
        * (1.2 - 0.4 * skill_now)
        * (1 + LEARNING_EXTRA_HANDLE * newness)
        * (outage.handle_factor if outage else 1.0)
    )
    hold_chance = 0.30 + 0.25 * (1 - skill_now) + 0.15 * newness
    abandon_rate = queues.abandon_rate[queue] * (outage.abandon_factor if outage else 1.0)

    outcome = _draw_outcomes(skill_now[who], newness[who], abandon_rate, rng)
    times = _draw_handle_times(queues, queue, outcome, handle_factor[who], hold_chance[who], rng)
    shift_start, shift_end = _shifts(working.size, dow, rng)
    seconds = _place_in_shifts(queues, contacts, shift_start, shift_end, dow, rng)
    exclusive = queues.one_at_a_time[queue]
    seconds[exclusive] = _one_at_a_time(
        seconds[exclusive],
        who[exclusive],
        (times.talk + times.hold + times.acw)[exclusive],
    )
    fcr = _first_contact_resolution(outcome, skill_now[who], newness[who], rng)
    surveys = _draw_surveys(
        queues.survey_rate[queue], outcome, fcr, skill_now[who], outage is not None, rng
    )

    # Work that would not start before the end of the shift plus a little overtime is left
    # to the next day's queue, so even an outage day ends at a believable hour.
    finish_by = shift_end[who] * 60 + OVERTIME_SECONDS
    kept = np.flatnonzero(~exclusive | (seconds < finish_by))
    person = table.person_index[working][who]
    order = kept[np.lexsort((person[kept], seconds[kept]))]
    return InteractionBatch(
        day=day,
        first_sequence=first_sequence,
        seconds=seconds[order].astype(np.int32),
        agent=person[order].astype(np.int32),
        queue=queue[order].astype(np.int16),
        talk_seconds=times.talk[order].astype(np.int32),
        hold_seconds=times.hold[order].astype(np.int32),
        acw_seconds=times.acw[order].astype(np.int32),
        outcome=outcome[order].astype(np.int8),
        first_contact_resolution=fcr[order].astype(np.int8),
        csat=surveys.csat[order].astype(np.int8),
        nps=surveys.nps[order].astype(np.int8),
    )


def daily_interaction_batches(floor: SyntheticFloor) -> Iterator[tuple[date, InteractionBatch]]:
    """Every day of history in order, each as one `InteractionBatch` (possibly empty)."""
    table = _agent_table(floor)
    queues = _queue_table(floor)
    outages = {outage.day: outage for outage in outage_days(floor)}
    sequence = 1
    for day in floor.days():
        batch = _simulate_day(floor, table, queues, day, outages.get(day), sequence)
        sequence += len(batch)
        yield day, batch


def generate_interactions(floor: SyntheticFloor) -> Iterator[InteractionRow]:
    zone = ZoneInfo(floor.spec.time_zone)
    numbers = [p.employee_number for p in floor.people]
    queue_names = [q.name for q in floor.queues]
    channels = [q.channel for q in floor.queues]
    fcr_values: dict[int, bool | None] = {FCR_UNKNOWN: None, 0: False, 1: True}
    for day, batch in daily_interaction_batches(floor):
        # Aware datetime + timedelta adds wall-clock time, so local times survive DST days.
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
        columns = zip(
            batch.seconds.tolist(),
            batch.agent.tolist(),
            batch.queue.tolist(),
            batch.talk_seconds.tolist(),
            batch.hold_seconds.tolist(),
            batch.acw_seconds.tolist(),
            batch.outcome.tolist(),
            batch.first_contact_resolution.tolist(),
            batch.csat.tolist(),
            batch.nps.tolist(),
            strict=True,
        )
        for offset, (second, agent, queue, talk, hold, acw, outcome, fcr, csat, nps) in enumerate(
            columns
        ):
            yield InteractionRow(
                interaction_id=interaction_id(batch.first_sequence + offset),
                agent=numbers[agent],
                queue=queue_names[queue],
                channel=channels[queue],
                started_at=midnight + timedelta(seconds=second),
                talk_seconds=talk,
                hold_seconds=hold,
                acw_seconds=acw,
                outcome=OUTCOMES[outcome],
                first_contact_resolution=fcr_values[fcr],
                csat=None if csat == CSAT_NONE else csat,
                nps=None if nps == NPS_NONE else nps,
            )
