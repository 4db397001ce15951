from datetime import date

import pytest

from floorwalk.development.models import ActionStatus
from floorwalk.digest.models import Granularity
from floorwalk.digest.selectors import (
    ItemKind,
    digest_day,
    digest_period,
    latest_complete_period,
    neighbours,
    team_digest,
)
from floorwalk.engine.periods import PeriodKind
from floorwalk.engine.standards import Status
from tests.digest.conftest import AHT_TARGET, DIGEST_DAY, OCTOBER_DAY, TODAY

pytestmark = pytest.mark.django_db


def october_digest(team):
    period = digest_period(Granularity.MONTHLY, OCTOBER_DAY, TODAY)
    return team_digest(team, Granularity.MONTHLY, period, today=TODAY)


@pytest.mark.parametrize(
    ("granularity", "start", "end"),
    [
        (Granularity.DAILY, date(2026, 11, 9), date(2026, 11, 9)),
        (Granularity.MONTHLY, date(2026, 10, 1), date(2026, 10, 31)),
        (Granularity.QUARTERLY, date(2026, 7, 1), date(2026, 9, 30)),
        (Granularity.YEARLY, date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_the_default_period_is_the_latest_complete_one(granularity, start, end):
    period = latest_complete_period(granularity, TODAY)

    assert (period.start, period.end) == (start, end)
    assert digest_period(granularity, None, TODAY) == period


def test_the_digest_speaks_on_the_day_after_its_period_or_today():
    october = digest_period(Granularity.MONTHLY, OCTOBER_DAY, TODAY)
    november = digest_period(Granularity.MONTHLY, TODAY, TODAY)

    assert digest_day(october, TODAY) == DIGEST_DAY
    assert digest_day(november, TODAY) == TODAY
    assert neighbours(october, TODAY)[1] == november
    assert neighbours(november, TODAY)[1] is None  # December has not started
    assert neighbours(november, TODAY)[0] == october


def test_an_agent_off_standard_is_listed_with_the_value_and_the_team_line(digest_floor):
    floor = digest_floor.floor

    digest = october_digest(floor.alpha)

    assert digest.period.kind is PeriodKind.MONTH
    assert digest.day == DIGEST_DAY
    assert [item.metric.code for item in digest.standards] == ["aht"]
    aht = digest.standards[0]
    # The team's AHT sums every member's contacts: (25×400 + 25×250 + 5×1000) ÷ 55.
    assert aht.line.value == pytest.approx((25 * 400 + 25 * 250 + 5 * 1000) / 55)
    assert aht.line.value > AHT_TARGET + 30
    assert aht.line.status is Status.RED
    # Only Ada is off: Mira is on standard, Nina's five contacts are too few to judge.
    assert [(a.person, a.value, a.sample) for a in aht.agents_off] == [(floor.agent, 400.0, 25)]
    assert digest.agents_off_standard == 1
    assert aht.url == (f"/scorecards/teams/{floor.alpha.pk}/?period=month&date=2026-10-01&sort=aht")


def test_a_month_on_standard_has_no_standards_missed(digest_floor):
    september = digest_period(Granularity.MONTHLY, date(2026, 9, 10), TODAY)

    digest = team_digest(digest_floor.floor.alpha, Granularity.MONTHLY, september, today=TODAY)

    assert digest.has_data
    assert digest.standards == ()


def test_a_goal_projected_to_miss_is_listed_and_one_projected_to_hit_is_not(digest_floor):
    digest = october_digest(digest_floor.floor.alpha)

    assert [item.goal for item in digest.goals] == [digest_floor.ada_goal]
    item = digest.goals[0]
    assert item.current == 25
    assert item.projected == 25  # the period is over: the projection is the final value
    assert item.ended
    assert item.url == f"/goals/{digest_floor.ada_goal.pk}/"


def test_a_goal_that_ended_missed_within_a_longer_period_is_listed_as_missed(digest_floor):
    year = digest_period(Granularity.YEARLY, date(2026, 6, 1), TODAY)

    digest = team_digest(digest_floor.floor.alpha, Granularity.YEARLY, year, today=TODAY)

    # The year runs; October's goals are over: Ada's missed (25 of 1000), Mira's met.
    assert [(item.goal, item.ended, item.current) for item in digest.goals] == [
        (digest_floor.ada_goal, True, 25)
    ]


def test_a_goal_still_running_is_at_risk_not_missed(digest_floor):
    period = digest_period(Granularity.DAILY, date(2026, 10, 10), TODAY)

    digest = team_digest(digest_floor.floor.alpha, Granularity.DAILY, period, today=TODAY)

    assert [(item.goal, item.ended) for item in digest.goals] == [(digest_floor.ada_goal, False)]


def test_overdue_actions_are_listed_most_overdue_first_and_done_ones_are_not(digest_floor):
    floor = digest_floor.floor

    digest = october_digest(floor.alpha)

    assert [(i.kind, i.person, i.description, i.due_on, i.days_late) for i in digest.overdue] == [
        (ItemKind.AGREED_ACTION, floor.agent, "Listen to two calls", date(2026, 10, 20), 12),
        (ItemKind.PLAN_ACTION, floor.mentor, "Billing course", date(2026, 10, 25), 7),
        (ItemKind.ACTIVITY, floor.agent, "Special queue", date(2026, 10, 28), 4),
    ]
    action = digest_floor.overdue_action
    assert digest.overdue[0].url == f"/people/{floor.agent.pk}/one-to-ones/{action.agreed_in_id}/"
    assert digest.overdue[1].url == f"/people/{floor.mentor.pk}/plan/"
    assert digest.overdue[2].url == f"/people/{floor.agent.pk}/activities/"


def test_an_action_marked_done_leaves_the_digest(digest_floor):
    action = digest_floor.overdue_action
    action.status = ActionStatus.DONE
    action.save()

    digest = october_digest(digest_floor.floor.alpha)

    assert ItemKind.AGREED_ACTION not in {item.kind for item in digest.overdue}


def test_coaching_follow_ups_due_and_open_requests_are_listed(digest_floor):
    floor = digest_floor.floor

    digest = october_digest(floor.alpha)

    assert [(i.kind, i.person, i.due_on, i.days_late, i.url) for i in digest.coaching] == [
        (
            ItemKind.COACHING_FOLLOW_UP,
            floor.agent,
            date(2026, 10, 15),
            17,
            f"/coaching/sessions/{digest_floor.follow_up.pk}/",
        ),
        (ItemKind.COACHING_REQUEST, floor.agent, None, 0, f"/people/{floor.agent.pk}/coaching/"),
    ]
    assert digest.coaching[1].description == "Angry callers"
    assert digest.total == 1 + 1 + 3 + 2


def test_a_digest_never_holds_another_teams_agents(digest_floor):
    floor = digest_floor.floor

    alpha = october_digest(floor.alpha)
    beta = october_digest(floor.beta)

    alpha_people = {
        *(agent.person for item in alpha.standards for agent in item.agents_off),
        *(item.goal.person for item in alpha.goals),
        *(item.person for item in alpha.overdue + alpha.coaching),
    }
    assert floor.other_agent not in alpha_people
    assert [(a.person, a.value) for a in beta.standards[0].agents_off] == [
        (floor.other_agent, 900.0)
    ]
    assert [item.description for item in beta.overdue] == ["Beta's own action"]
    assert [item.goal.person for item in beta.goals] == [floor.other_agent]


def test_an_empty_team_has_nothing_to_report(digest_floor):
    digest = october_digest(digest_floor.floor.gamma)

    assert not digest.has_data
    assert digest.total == 0
