"""The simulated contacts: integrity, seasonality and behaviour, and determinism."""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter, defaultdict
from datetime import date, time, timedelta
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.synthetic.floor import (
    CHANNELS,
    FloorSpec,
    SyntheticFloor,
    SyntheticPerson,
    build_floor,
)
from floorwalk.synthetic.simulation import (
    OUTCOMES,
    InteractionRow,
    daily_interaction_batches,
    generate_interactions,
    outage_days,
)
from tests.synthetic.conftest import SMALL


@pytest.fixture(scope="module")
def rows(floor: SyntheticFloor) -> list[InteractionRow]:
    return list(generate_interactions(floor))


@pytest.fixture(scope="module")
def people(floor: SyntheticFloor) -> dict[str, SyntheticPerson]:
    return {p.employee_number: p for p in floor.people}


def handle_seconds(row: InteractionRow) -> int:
    return row.talk_seconds + row.hold_seconds + row.acw_seconds


def tenure_days(person: SyntheticPerson, row: InteractionRow) -> int:
    return (row.started_at.date() - person.hire_date).days


def ranks(values: list[float]) -> np.ndarray:
    order = np.argsort(values, kind="stable")
    result = np.empty(len(values))
    result[order] = np.arange(len(values))
    return result


def spearman(xs: list[float], ys: list[float]) -> float:
    return float(np.corrcoef(ranks(xs), ranks(ys))[0, 1])


def fingerprint(rows: list[InteractionRow]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def first_rows(spec: FloorSpec, count: int) -> list[InteractionRow]:
    stream = generate_interactions(build_floor(spec))
    return [next(stream) for _ in range(count)]


# ---- determinism ------------------------------------------------------------------------------


def test_same_spec_gives_identical_floor_and_interactions() -> None:
    assert build_floor(SMALL) == build_floor(SMALL)
    assert fingerprint(first_rows(SMALL, 5000)) == fingerprint(first_rows(SMALL, 5000))


def test_another_seed_gives_other_data() -> None:
    other = FloorSpec(agents=SMALL.agents, months=SMALL.months, seed=SMALL.seed + 1)
    assert build_floor(other).people != build_floor(SMALL).people
    assert fingerprint(first_rows(other, 2000)) != fingerprint(first_rows(SMALL, 2000))


def test_spec_rejects_a_floor_too_small_for_the_demo_logins() -> None:
    with pytest.raises(ValueError, match="at least 2 agents"):
        FloorSpec(agents=1)
    with pytest.raises(ValueError, match="at least 1 month"):
        FloorSpec(months=0)


@settings(max_examples=8, deadline=None)
@given(
    agents=st.integers(min_value=2, max_value=8),
    seed=st.integers(min_value=0, max_value=10_000),
    end=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    time_zone=st.sampled_from(["Europe/Warsaw", "Europe/Helsinki", "America/New_York"]),
)
def test_any_tiny_floor_keeps_people_to_their_contracts_and_queues(
    agents: int, seed: int, end: date, time_zone: str
) -> None:
    spec = FloorSpec(agents=agents, months=1, seed=seed, end=end, time_zone=time_zone)
    floor = build_floor(spec)
    people = {p.employee_number: p for p in floor.people}
    rows = list(generate_interactions(floor))
    assert rows
    for row in rows:
        person = people[row.agent]
        local = row.started_at.date()
        assert str(row.started_at.tzinfo) == time_zone
        assert floor.start <= local <= end
        assert person.employed_on(local)
        assert row.queue in person.queues


# ---- interactions: integrity ------------------------------------------------------------------


def test_interaction_ids_are_unique_and_follow_time(rows: list[InteractionRow]) -> None:
    ids = [row.interaction_id for row in rows]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    starts = [row.started_at for row in rows]
    assert starts == sorted(starts)


def test_start_times_are_aware_and_inside_history(
    floor: SyntheticFloor, rows: list[InteractionRow]
) -> None:
    for row in rows:
        assert row.started_at.utcoffset() is not None
        assert floor.start <= row.started_at.date() <= floor.spec.end
    offsets = {row.started_at.utcoffset() for row in rows}
    # The window spans the end of summer time in Warsaw.
    assert offsets == {timedelta(hours=2), timedelta(hours=1)}


def test_agents_work_only_while_employed_and_on_their_queues(
    floor: SyntheticFloor, rows: list[InteractionRow], people: dict[str, SyntheticPerson]
) -> None:
    queue_channels = {q.name: q.channel for q in floor.queues}
    last_day: dict[str, date] = {}
    for row in rows:
        person = people[row.agent]
        assert "agent" in person.roles
        assert person.employed_on(row.started_at.date())
        assert row.queue in person.queues
        assert row.channel == queue_channels[row.queue]
        last_day[row.agent] = row.started_at.date()
    leavers = [p for p in people.values() if p.leaving_date and p.employee_number in last_day]
    assert leavers, "the window should hold someone who worked and then left"


def test_agents_take_a_plausible_number_of_contacts_a_day(rows: list[InteractionRow]) -> None:
    per_agent_day = Counter((row.agent, row.started_at.date()) for row in rows)
    voice_per_agent_day = Counter(
        (row.agent, row.started_at.date()) for row in rows if row.channel == "voice"
    )
    assert max(voice_per_agent_day.values()) <= 120
    assert max(per_agent_day.values()) <= 200
    assert 44 <= statistics.mean(per_agent_day.values()) <= 56


def test_agents_work_about_five_days_a_week(
    floor: SyntheticFloor, rows: list[InteractionRow], people: dict[str, SyntheticPerson]
) -> None:
    days_worked = defaultdict(set)
    for row in rows:
        days_worked[row.agent].add(row.started_at.date())
    weeks = ((floor.spec.end - floor.start).days + 1) / 7
    full_window = [
        number
        for number, p in people.items()
        if number in days_worked and p.hire_date < floor.start - timedelta(days=30)
        if p.leaving_date is None
    ]
    per_week = [len(days_worked[number]) / weeks for number in full_window]
    assert 4.0 <= statistics.mean(per_week) <= 5.5


def test_voice_contacts_of_one_agent_do_not_overlap(rows: list[InteractionRow]) -> None:
    by_agent_day: dict[tuple[str, date], list[InteractionRow]] = defaultdict(list)
    for row in rows:
        if row.channel in ("voice", "email", "back_office"):
            by_agent_day[(row.agent, row.started_at.date())].append(row)
    for contacts in by_agent_day.values():
        for before, after in pairwise(contacts):
            finished = before.started_at + timedelta(seconds=handle_seconds(before))
            assert after.started_at >= finished


def test_contacts_fall_inside_opening_hours_with_a_little_overtime(
    rows: list[InteractionRow],
) -> None:
    opening, last_start = time(8), time(20, 30)
    assert all(opening <= row.started_at.time() < last_start for row in rows)


def test_field_ranges(rows: list[InteractionRow]) -> None:
    for row in rows:
        assert row.outcome in OUTCOMES
        assert row.channel in CHANNELS
        assert min(row.talk_seconds, row.hold_seconds, row.acw_seconds) >= 0
        assert row.csat is None or 1 <= row.csat <= 5
        assert row.nps is None or 0 <= row.nps <= 10
        assert row.nps is None or row.csat is not None
        if row.outcome == "abandoned":
            assert row.csat is None
            assert row.first_contact_resolution is None
            assert row.talk_seconds <= 30
        if row.outcome in ("transferred", "escalated"):
            assert row.first_contact_resolution is False


# ---- interactions: volume and seasonality -----------------------------------------------------


def mean_daily_volume_by_weekday(rows: list[InteractionRow], floor: SyntheticFloor) -> list[float]:
    totals = Counter(row.started_at.weekday() for row in rows)
    days = Counter(day.weekday() for day in floor.days())
    return [totals[weekday] / days[weekday] for weekday in range(7)]


def test_mondays_are_busiest_and_weekends_quiet(
    floor: SyntheticFloor, rows: list[InteractionRow]
) -> None:
    monday, *_, saturday, sunday = mean_daily_volume_by_weekday(rows, floor)
    assert monday > 2 * saturday
    assert saturday > sunday
    assert not any(row.channel == "voice" and row.started_at.weekday() == 6 for row in rows)


def test_voice_peaks_late_morning(rows: list[InteractionRow]) -> None:
    by_hour = Counter(row.started_at.hour for row in rows if row.channel == "voice")
    late_morning = (by_hour[10] + by_hour[11]) / 2
    assert late_morning > 2 * by_hour[8]
    assert late_morning > 2 * by_hour[19]
    assert sum(by_hour[h] for h in range(7)) == 0


def test_voice_has_a_lunchtime_dip_between_two_peaks(rows: list[InteractionRow]) -> None:
    by_hour = Counter(row.started_at.hour for row in rows if row.channel == "voice")
    assert by_hour[12] < 0.95 * by_hour[11]
    assert by_hour[12] < 0.95 * by_hour[14]


def test_email_is_flatter_than_voice_over_the_day(rows: list[InteractionRow]) -> None:
    def peak_to_mean(channel: str) -> float:
        by_hour = Counter(row.started_at.hour for row in rows if row.channel == channel)
        counts = [by_hour[h] for h in range(9, 18)]
        return max(counts) / statistics.mean(counts)

    assert peak_to_mean("email") < peak_to_mean("voice")


def test_outage_days_spike_volume_and_handle_time(
    floor: SyntheticFloor, rows: list[InteractionRow]
) -> None:
    outages = outage_days(floor)
    assert outages
    per_day = Counter(row.started_at.date() for row in rows)
    handle_by_day: dict[date, list[int]] = defaultdict(list)
    for row in rows:
        if row.channel == "voice" and row.outcome != "abandoned":
            handle_by_day[row.started_at.date()].append(handle_seconds(row))
    for outage in outages:
        same_weekday = [
            day
            for day in floor.days()
            if day.weekday() == outage.day.weekday() and day != outage.day
        ]
        ordinary_volume = statistics.median(per_day[day] for day in same_weekday)
        ordinary_handle = statistics.median(
            statistics.median(handle_by_day[day]) for day in same_weekday
        )
        assert per_day[outage.day] > 1.3 * ordinary_volume
        assert statistics.median(handle_by_day[outage.day]) > 1.05 * ordinary_handle


def test_demo_floor_has_a_realistic_volume() -> None:
    total = sum(len(batch) for _, batch in daily_interaction_batches(build_floor(FloorSpec())))
    assert 350_000 <= total <= 450_000


# ---- interactions: behaviour ------------------------------------------------------------------


def test_channel_handle_times_are_realistic(rows: list[InteractionRow]) -> None:
    def median_of(channel: str, field: str) -> float:
        return statistics.median(
            getattr(row, field)
            for row in rows
            if row.channel == channel and row.outcome != "abandoned"
        )

    assert 210 <= median_of("voice", "talk_seconds") <= 330
    assert 330 <= median_of("chat", "talk_seconds") <= 500
    assert 170 <= median_of("email", "talk_seconds") <= 310
    assert 20 <= median_of("voice", "acw_seconds") <= 60
    assert all(row.hold_seconds == 0 for row in rows if row.channel == "email")
    voice_holds = [row.hold_seconds > 0 for row in rows if row.channel == "voice"]
    assert 0.2 <= statistics.mean(voice_holds) <= 0.6


def test_new_hires_are_slower_than_veterans_on_the_same_queue(
    rows: list[InteractionRow], people: dict[str, SyntheticPerson]
) -> None:
    first_month: dict[str, list[int]] = defaultdict(list)
    veterans: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.outcome == "abandoned":
            continue
        tenure = tenure_days(people[row.agent], row)
        if tenure <= 30:
            first_month[row.queue].append(handle_seconds(row))
        elif tenure >= 730:
            veterans[row.queue].append(handle_seconds(row))
    compared = [q for q in first_month if len(first_month[q]) >= 50 and len(veterans[q]) >= 50]
    assert compared
    for queue in compared:
        assert statistics.median(first_month[queue]) > statistics.median(veterans[queue])


def test_a_hire_gets_faster_over_the_first_six_months() -> None:
    floor = build_floor(FloorSpec(agents=40, months=9, seed=2))
    hires = {
        index: person
        for index, person in enumerate(floor.people)
        if "agent" in person.roles and person.hire_date >= floor.start
    }
    first_month: dict[int, list[int]] = defaultdict(list)
    after_six_months: dict[int, list[int]] = defaultdict(list)
    for day, batch in daily_interaction_batches(floor):
        handled = batch.talk_seconds + batch.hold_seconds + batch.acw_seconds
        answered = batch.outcome != OUTCOMES.index("abandoned")
        for index, person in hires.items():
            mine = handled[(batch.agent == index) & answered].tolist()
            tenure = (day - person.hire_date).days
            if tenure <= 45:
                first_month[index].extend(mine)
            elif tenure >= 180:
                after_six_months[index].extend(mine)
    compared = [i for i in hires if len(first_month[i]) >= 100 and len(after_six_months[i]) >= 100]
    assert compared
    for index in compared:
        assert statistics.median(after_six_months[index]) < 0.9 * statistics.median(
            first_month[index]
        )


def test_new_hires_hand_on_more_contacts(
    rows: list[InteractionRow], people: dict[str, SyntheticPerson]
) -> None:
    def handed_on_share(selected: list[InteractionRow]) -> float:
        return statistics.mean(row.outcome in ("transferred", "escalated") for row in selected)

    newcomers = [r for r in rows if tenure_days(people[r.agent], r) <= 60]
    veterans = [r for r in rows if tenure_days(people[r.agent], r) >= 730]
    assert handed_on_share(newcomers) > handed_on_share(veterans)


def test_outcomes_are_mostly_resolved(rows: list[InteractionRow]) -> None:
    mix = Counter(row.outcome for row in rows)
    total = len(rows)
    assert 0.72 <= mix["resolved"] / total <= 0.9
    for outcome in ("transferred", "escalated", "abandoned", "other"):
        assert 0.005 <= mix[outcome] / total <= 0.12


def test_most_contacts_go_unsurveyed(rows: list[InteractionRow]) -> None:
    answered = statistics.mean(row.csat is not None for row in rows)
    assert 0.18 <= answered <= 0.32


def per_agent(
    rows: list[InteractionRow], people: dict[str, SyntheticPerson], value: str, minimum: int
) -> tuple[list[float], list[float]]:
    samples: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        observed = getattr(row, value)
        if observed is not None:
            samples[row.agent].append(float(observed))
    kept = [agent for agent, values in samples.items() if len(values) >= minimum]
    return [people[a].skill for a in kept], [statistics.mean(samples[a]) for a in kept]


def test_skilled_agents_earn_higher_csat_and_nps(
    rows: list[InteractionRow], people: dict[str, SyntheticPerson]
) -> None:
    skills, csat = per_agent(rows, people, "csat", 30)
    assert len(skills) >= 15
    assert spearman(skills, csat) > 0.3
    skills, nps = per_agent(rows, people, "nps", 20)
    assert spearman(skills, nps) > 0.2


def test_skilled_agents_resolve_more_on_first_contact(
    rows: list[InteractionRow], people: dict[str, SyntheticPerson]
) -> None:
    skills, fcr = per_agent(rows, people, "first_contact_resolution", 100)
    assert spearman(skills, fcr) > 0.2
