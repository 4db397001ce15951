"""The floor: teams, staff, tenures, attrition, queues and the demo logins."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from floorwalk.synthetic.floor import (
    DEMO_USERNAMES,
    ROLES,
    FloorSpec,
    SyntheticFloor,
    SyntheticPerson,
    build_floor,
)


def active_agents_at_end(floor: SyntheticFloor) -> list[SyntheticPerson]:
    return [p for p in floor.people if "agent" in p.roles and p.leaving_date is None]


# ---- floor shape ------------------------------------------------------------------------------


def test_history_window_ends_on_spec_end(floor: SyntheticFloor) -> None:
    assert floor.start == date(2026, 9, 1)
    assert build_floor(FloorSpec()).start == date(2026, 5, 1)


def test_demo_logins_have_their_roles_and_relations() -> None:
    floor = build_floor(FloorSpec())
    by_username = {p.username: p for p in floor.people}
    assert set(DEMO_USERNAMES) <= set(by_username)
    agent, mentor, leader = by_username["agent"], by_username["mentor"], by_username["leader"]
    assert by_username["qa"].roles == ("qa_specialist",)
    assert by_username["planner"].roles == ("planner",)
    assert by_username["manager"].roles == ("site_manager",)
    assert by_username["admin"].roles == ("admin",)
    assert "team_leader" in leader.roles
    assert set(mentor.roles) == {"agent", "mentor"}
    assert agent.roles == ("agent",)

    led_team = next(t for t in floor.teams if t.leader == leader.employee_number)
    assert led_team == floor.teams[0]
    assert agent.team == mentor.team == leader.team == led_team.name

    end = floor.spec.end
    assert timedelta(days=56) <= end - agent.hire_date < timedelta(days=90)  # a new hire
    assert agent.leaving_date is None
    assert end - mentor.hire_date >= timedelta(days=730)
    assert mentor.skill >= 0.8
    assert any(
        m.mentor == mentor.employee_number and m.mentee == agent.employee_number
        for m in floor.mentorships
    )
    for login in DEMO_USERNAMES:
        assert by_username[login].leaving_date is None
        assert by_username[login].email == f"{login}@floorwalk.example"


def test_reference_floor_scales_teams_and_staff() -> None:
    floor = build_floor(FloorSpec(agents=1000, months=12))
    assert 65 <= len(floor.teams) <= 75
    role_counts = Counter(role for p in floor.people for role in p.roles)
    assert role_counts["team_leader"] == len(floor.teams)
    assert 14 <= role_counts["qa_specialist"] <= 20
    assert 5 <= role_counts["planner"] <= 8
    assert role_counts["site_manager"] == role_counts["admin"] == 1
    assert len(active_agents_at_end(floor)) == 1000


def test_attrition_is_between_ten_and_twenty_percent_a_year() -> None:
    floor = build_floor(FloorSpec(agents=300, months=12, seed=3))
    leavers = [p for p in floor.people if p.leaving_date is not None]
    assert 0.10 <= len(leavers) / 300 <= 0.20
    assert all(floor.start <= p.leaving_date <= floor.spec.end for p in leavers)  # type: ignore[operator]
    assert all(p.roles == ("agent",) for p in leavers)


def test_new_hires_arrive_in_cohorts_and_tenures_are_mixed() -> None:
    floor = build_floor(FloorSpec(agents=300, months=12, seed=3))
    agents = [p for p in floor.people if "agent" in p.roles]
    window_hires = [p for p in agents if p.hire_date >= floor.start]
    assert window_hires
    assert all(p.hire_date.weekday() == 0 for p in window_hires)
    assert len({p.hire_date for p in window_hires}) <= 12
    years = [(floor.spec.end - p.hire_date).days / 365 for p in agents if p.leaving_date is None]
    assert sum(y >= 2 for y in years) >= 0.25 * len(years)
    assert sum(y < 1 for y in years) >= 0.1 * len(years)


def test_veterans_handle_more_queues_than_recent_hires() -> None:
    floor = build_floor(FloorSpec(agents=300, months=12, seed=3))
    end = floor.spec.end
    active = active_agents_at_end(floor)
    veterans = [len(p.queues) for p in active if (end - p.hire_date).days >= 730]
    recent = [len(p.queues) for p in active if (end - p.hire_date).days < 180]
    assert statistics.mean(veterans) > statistics.mean(recent)
    channels = {q.channel for q in floor.queues}
    assert {"voice", "chat", "email"} <= channels
    assert 5 <= len(floor.queues) <= 8


@settings(max_examples=30, deadline=None)
@given(
    agents=st.integers(min_value=2, max_value=40),
    months=st.integers(min_value=1, max_value=12),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_any_small_floor_is_well_formed(agents: int, months: int, seed: int) -> None:
    floor = build_floor(FloorSpec(agents=agents, months=months, seed=seed))
    team_names = {t.name for t in floor.teams}
    assert len(team_names) == len(floor.teams)

    active = active_agents_at_end(floor)
    assert len(active) == agents
    sizes = Counter(p.team for p in active)
    assert set(sizes) == team_names
    assert max(sizes.values()) <= 16
    assert max(sizes.values()) - min(sizes.values()) <= 1
    if agents >= 16:
        assert min(sizes.values()) >= 8

    by_number = {p.employee_number: p for p in floor.people}
    assert len(by_number) == len(floor.people)
    assert len({p.username for p in floor.people}) == len(floor.people)
    assert len({p.email for p in floor.people}) == len(floor.people)
    assert set(DEMO_USERNAMES) <= {p.username for p in floor.people}
    for team in floor.teams:
        leader = by_number[team.leader]
        assert "team_leader" in leader.roles
        assert leader.team == team.name

    queue_names = {q.name for q in floor.queues}
    for person in floor.people:
        assert set(person.roles) <= set(ROLES)
        assert 0.0 <= person.skill <= 1.0
        assert person.languages
        if "agent" in person.roles:
            assert person.team in team_names
            assert 1 <= len(person.queues) <= 3
            assert set(person.queues) <= queue_names
            assert len(set(person.queues)) == len(person.queues)
        else:
            assert person.queues == ()
            assert person.leaving_date is None
        if "team_leader" not in person.roles and "agent" not in person.roles:
            assert person.team is None
        if person.leaving_date is not None:
            assert person.hire_date < person.leaving_date
            assert floor.start <= person.leaving_date <= floor.spec.end

    for mentorship in floor.mentorships:
        assert "mentor" in by_number[mentorship.mentor].roles
        mentee = by_number[mentorship.mentee]
        assert mentee.hire_date <= mentorship.started_on <= floor.spec.end


def test_names_are_varied_and_usernames_readable() -> None:
    floor = build_floor(FloorSpec(agents=300, months=12, seed=3))
    names = [p.display_name for p in floor.people]
    assert len(set(names)) >= 0.95 * len(names)
    languages = Counter(p.languages[0] for p in floor.people)
    assert {"pl", "fi", "ro", "ru", "en"} <= set(languages)
    assert languages.most_common(1)[0][0] == "pl"
    for person in floor.people:
        if person.username not in DEMO_USERNAMES:
            assert person.username.isascii()
            assert "." in person.username
            assert person.username == person.username.lower()
