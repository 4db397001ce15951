"""Scorecards read the rollups; their numbers must equal a plain computation from the raw file."""

import csv
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from floorwalk.engine.periods import PeriodKind, custom_period, period_containing
from floorwalk.engine.standards import Status
from floorwalk.metrics.models import Standard
from floorwalk.metrics.selectors import (
    ScorecardScope,
    scorecard_for_agent,
    scorecard_for_group,
    team_members,
    thresholds_for,
)
from floorwalk.org.models import Person, Queue, Team

OCTOBER = period_containing(PeriodKind.MONTH, date(2026, 10, 1))
TODAY = date(2026, 11, 23)


def raw_rows(path: Path, *, start: date, end: date, queue: str = "", agents=None) -> list[dict]:
    """The file's rows in a date range (the local day is the date part of started_at)."""
    with open(path, encoding="utf-8") as handle:
        return [
            row
            for row in csv.DictReader(handle)
            if start.isoformat() <= row["started_at"][:10] <= end.isoformat()
            and (not queue or row["queue"] == queue)
            and (agents is None or row["agent"] in agents)
        ]


def expected_values(rows: list[dict]) -> dict[str, float | None]:
    """Each metric computed straight from raw rows with its textbook formula."""
    handled = [row for row in rows if row["outcome"] != "abandoned"]
    fcr_known = [row for row in handled if row["first_contact_resolution"]]
    csat = [int(row["csat"]) for row in rows if row["csat"]]
    nps = [int(row["nps"]) for row in rows if row["nps"]]

    def share(part: int, whole: int) -> float | None:
        return 100 * part / whole if whole else None

    def mean(total: float, count: int) -> float | None:
        return total / count if count else None

    outcomes = Counter(row["outcome"] for row in handled)
    seconds = {
        column: sum(int(row[column]) for row in handled)
        for column in ("talk_seconds", "hold_seconds", "acw_seconds")
    }
    return {
        "contacts_handled": float(len(handled)),
        "aht": mean(sum(seconds.values()), len(handled)),
        "avg_talk": mean(seconds["talk_seconds"], len(handled)),
        "avg_hold": mean(seconds["hold_seconds"], len(handled)),
        "avg_acw": mean(seconds["acw_seconds"], len(handled)),
        "fcr": share(
            sum(row["first_contact_resolution"] == "true" for row in fcr_known), len(fcr_known)
        ),
        "csat": share(sum(rating >= 4 for rating in csat), len(csat)),
        "csat_mean": mean(sum(csat), len(csat)),
        "tnps": share(sum(a >= 9 for a in nps) - sum(a <= 6 for a in nps), len(nps)),
        "transfer_rate": share(outcomes["transferred"], len(handled)),
        "escalation_rate": share(outcomes["escalated"], len(handled)),
    }


def assert_same_value(shown: float | None, expected: float | None, label: str = "") -> None:
    if expected is None:
        assert shown is None, label
    else:
        assert shown == pytest.approx(expected, rel=1e-12), label


def assert_lines_match(lines, expected: dict[str, float | None]) -> None:
    shown = {line.metric.code: line.value for line in lines if line.metric.code in expected}
    assert shown.keys() == expected.keys()
    for code, value in expected.items():
        assert_same_value(shown[code], value, code)


def agents_of_team(name: str) -> list[Person]:
    team = Team.objects.get(name=name)
    return list(team_members(team, Person.objects.all()).filter(role_assignments__role="agent"))


def test_an_agents_month_equals_the_raw_rows(loaded_tiny_floor, tiny_interactions_file):
    for agent in agents_of_team("Amber"):
        scorecard = scorecard_for_agent(agent, ScorecardScope(OCTOBER), today=TODAY)

        rows = raw_rows(
            tiny_interactions_file,
            start=OCTOBER.start,
            end=OCTOBER.end,
            agents={agent.employee_number},
        )
        assert_lines_match(scorecard.lines, expected_values(rows))


def test_a_teams_month_sums_its_agents_raw_rows(loaded_tiny_floor, tiny_interactions_file):
    team = Team.objects.get(name="Amber")
    members = team_members(team, Person.objects.all())

    scorecard = scorecard_for_group(
        members, ScorecardScope(OCTOBER), site=team.site, team=team, today=TODAY
    )

    rows = raw_rows(tiny_interactions_file, start=OCTOBER.start, end=OCTOBER.end)
    assert_lines_match(scorecard.lines, expected_values(rows))
    by_agent = defaultdict(list)
    for row in rows:
        by_agent[row["agent"]].append(row)
    assert {row.agent.employee_number for row in scorecard.rows} == set(by_agent)
    for agent_row in scorecard.rows:
        expected = expected_values(by_agent[agent_row.agent.employee_number])
        for code, value in expected.items():
            assert_same_value(agent_row.cells[code].value, value, code)


def test_each_week_of_the_trend_equals_its_raw_rows(loaded_tiny_floor, tiny_interactions_file):
    agent = agents_of_team("Amber")[0]
    last_week = period_containing(PeriodKind.WEEK, date(2026, 10, 28))

    scorecard = scorecard_for_agent(agent, ScorecardScope(last_week), today=TODAY)

    aht = next(line for line in scorecard.lines if line.metric.code == "aht")
    assert len(aht.trend) == 12
    for point in aht.trend:
        rows = raw_rows(
            tiny_interactions_file,
            start=point.period.start,
            end=point.period.end,
            agents={agent.employee_number},
        )
        assert_same_value(point.value, expected_values(rows)["aht"])
    assert aht.previous == aht.trend[-2].value
    assert aht.change == pytest.approx(aht.value - aht.previous)


def test_a_queue_filter_counts_only_that_queues_contacts(loaded_tiny_floor, tiny_interactions_file):
    agent = next(a for a in agents_of_team("Amber") if a.queues.filter(name="Billing voice"))
    queue = Queue.objects.get(name="Billing voice")

    scorecard = scorecard_for_agent(agent, ScorecardScope(OCTOBER, queue=queue), today=TODAY)

    rows = raw_rows(
        tiny_interactions_file,
        start=OCTOBER.start,
        end=OCTOBER.end,
        queue="Billing voice",
        agents={agent.employee_number},
    )
    assert rows, "the fixture's agent should have contacts in that queue"
    assert_lines_match(scorecard.lines, expected_values(rows))


def test_a_custom_range_compares_with_the_same_number_of_days_before(
    loaded_tiny_floor, tiny_interactions_file
):
    agent = agents_of_team("Amber")[0]
    period = custom_period(date(2026, 10, 16), date(2026, 10, 31))

    scorecard = scorecard_for_agent(agent, ScorecardScope(period), today=TODAY)

    handled = next(line for line in scorecard.lines if line.metric.code == "contacts_handled")
    before = raw_rows(
        tiny_interactions_file,
        start=date(2026, 10, 1),
        end=date(2026, 10, 15),
        agents={agent.employee_number},
    )
    assert handled.previous == expected_values(before)["contacts_handled"]


def test_ranks_follow_the_values_of_teammates_with_enough_data(loaded_tiny_floor):
    team = Team.objects.get(name="Amber")
    group = scorecard_for_group(
        team_members(team, Person.objects.all()),
        ScorecardScope(OCTOBER),
        site=team.site,
        team=team,
        today=TODAY,
    )
    aht_values = {
        row.agent.pk: row.cells["aht"].value for row in group.rows if row.cells["aht"].reliable
    }

    for agent in agents_of_team("Amber"):
        scorecard = scorecard_for_agent(agent, ScorecardScope(OCTOBER), today=TODAY)
        aht = next(line for line in scorecard.lines if line.metric.code == "aht")
        if agent.pk not in aht_values:
            assert aht.placing is None
            continue
        lower_is_better = sum(1 for v in aht_values.values() if v < aht_values[agent.pk])
        assert aht.placing.rank == lower_is_better + 1
        assert aht.placing.out_of == len(aht_values)


def test_the_most_specific_standard_in_force_judges_the_value(loaded_tiny_floor):
    team = Team.objects.get(name="Amber")
    Standard.objects.create(metric="aht", target=900, amber_band=10, valid_from=date(2026, 1, 1))
    Standard.objects.create(
        metric="aht", team=team, target=60, amber_band=10, valid_from=date(2026, 1, 1)
    )
    Standard.objects.create(  # not yet in force at the end of October
        metric="aht", team=team, target=5000, amber_band=10, valid_from=date(2026, 11, 1)
    )
    agent = agents_of_team("Amber")[0]

    scorecard = scorecard_for_agent(agent, ScorecardScope(OCTOBER), today=TODAY)

    aht = next(line for line in scorecard.lines if line.metric.code == "aht")
    assert aht.threshold.target == 60
    assert aht.value > 70
    assert aht.status is Status.RED
    assert thresholds_for(on=date(2026, 11, 2), site=team.site, team=team)["aht"].target == 5000


def test_a_value_on_too_few_surveys_is_shown_but_not_judged(loaded_tiny_floor):
    Standard.objects.create(metric="csat", target=1, amber_band=0, valid_from=date(2026, 1, 1))
    agent = agents_of_team("Amber")[0]
    days = (custom_period(date(2026, 10, day), date(2026, 10, day)) for day in range(1, 32))

    lines = (
        next(line for line in card.lines if line.metric.code == "csat")
        for card in (scorecard_for_agent(agent, ScorecardScope(day), today=TODAY) for day in days)
    )
    csat = next(line for line in lines if 0 < line.sample < line.metric.min_sample)

    assert csat.value is not None
    assert csat.threshold.target == 1
    assert csat.status is Status.NONE
