"""Bonuses on goal attainment: the payroll export and what the agent sees in advance."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from floorwalk.goals.models import BonusRule, BonusTier
from floorwalk.goals.services import create_goal
from tests.conftest import client_for
from tests.goals.conftest import add_week
from tests.goals.test_goals import fcr_goal, history  # noqa: F401 (the history fixture)


@pytest.fixture
def goal_at_60_percent(history):  # noqa: F811
    """Ada's FCR goal: baseline 82.5 %, target 85 %, 84 % so far → 60 % attained."""
    goal = create_goal(history.user("leader"), fcr_goal(history))
    add_week(history.agent, date(2026, 11, 2), handled=50, resolved=42)
    rule = BonusRule.objects.create(name="FCR bonus", metric="fcr")
    for threshold, value in ((50.0, 40.0), (80.0, 80.0), (100.0, 120.0)):
        BonusTier.objects.create(rule=rule, min_attainment=threshold, value=value)
    return goal


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_payroll_export_pays_the_tier_reached(goal_at_60_percent):
    response = client_for("manager").get(reverse("goals:bonuses_csv"), {"month": "2026-11"})

    [row] = rows(response)
    assert row["Employee number"] == goal_at_60_percent.person.employee_number
    assert (row["Attainment (%)"], row["Bonus"], row["Bonus rule"]) == ("60.0", "40", "FCR bonus")
    assert response["Content-Disposition"] == 'attachment; filename="bonuses-2026-11.csv"'


def test_a_month_without_goals_ending_pays_nothing(goal_at_60_percent):
    response = client_for("admin").get(reverse("goals:bonuses_csv"), {"month": "2026-10"})

    assert rows(response) == []


@pytest.mark.parametrize("month", ["", "2026-13", "November"])
def test_a_bad_month_is_a_clear_error(goal_at_60_percent, month):
    response = client_for("manager").get(reverse("goals:bonuses_csv"), {"month": month})

    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


@pytest.mark.parametrize("username", ["agent", "leader", "qa"])
def test_only_managers_and_admins_export_bonuses(goal_at_60_percent, username):
    response = client_for(username).get(reverse("goals:bonuses_csv"), {"month": "2026-11"})

    assert response.status_code == 403


def test_the_agent_sees_what_the_goal_is_worth_now_and_next(goal_at_60_percent):
    page = client_for("agent").get(reverse("goals:mine"))

    [worth] = page.context["worth"]
    assert (worth.bonus, worth.next_tier.min_attainment, worth.next_tier.value) == (40, 80, 80)
    assert "From 80 % attainment: 80" in page.content.decode()


def test_the_bonus_page_shows_the_export_with_its_total_before_download(goal_at_60_percent):
    page = client_for("manager").get(reverse("goals:bonuses"), {"month": "2026-11"})
    export = client_for("manager").get(reverse("goals:bonuses_csv"), {"month": "2026-11"})

    shown = [(row.goal, row.bonus) for row in page.context["rows"]]
    exported = rows(export)
    assert shown == [(goal_at_60_percent, 40.0)]
    assert [row["Bonus"] for row in exported] == ["40"]
    assert page.context["totals"] == {"Amount": sum(float(row["Bonus"]) for row in exported)}
    assert "bonuses.csv?month=2026-11" in page.content.decode()


def test_the_bonus_page_opens_on_the_last_complete_month(goal_at_60_percent, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2026, 12, 9))

    response = client_for("admin").get(reverse("goals:bonuses"))

    assert response.status_code == 302
    assert response["Location"] == reverse("goals:bonuses") + "?month=2026-11"


def test_the_bonus_page_refuses_a_bad_month_and_everyone_but_managers(goal_at_60_percent):
    assert client_for("manager").get(reverse("goals:bonuses"), {"month": "13"}).status_code == 400
    assert client_for("leader").get(reverse("goals:bonuses"), {"month": "2026-11"}).status_code == (
        403
    )
