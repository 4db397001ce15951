"""Reads of boundary incidents, through the policy: the incidents a user sees, the open ones
waiting for a leader, those beside an agent's scorecard, and counts per team per month."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    Access,
    Aspect,
    boundary_incident_condition,
    boundary_report_teams_for,
    people_for,
)
from floorwalk.experience.models import BoundaryIncident, IncidentStatus
from floorwalk.experience.recognition_selectors import month_starts
from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Person, Team

REPORT_MONTHS = 12
RECENT_INTERACTIONS = 30


def incidents_for(user: User) -> QuerySet[BoundaryIncident]:
    condition = boundary_incident_condition(user)
    if condition is None:
        return BoundaryIncident.objects.none()
    return BoundaryIncident.objects.filter(condition).select_related(
        "agent", "agent__team", "interaction", "closed_by"
    )


def open_incidents_to_handle(user: User) -> QuerySet[BoundaryIncident]:
    """Open incidents of the agents this user leads (never their own): the home page alert."""
    led = people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)
    if user.person_id is not None:
        led = led.exclude(pk=user.person_id)
    return (
        BoundaryIncident.objects.filter(agent__in=led, status=IncidentStatus.OPEN)
        .select_related("agent", "interaction")
        .order_by("created_at", "pk")
    )


def recent_own_interactions(user: User) -> QuerySet[Interaction]:
    """The user's latest contacts, to pick the one to flag (or link a grant to)."""
    return Interaction.objects.filter(agent_id=user.person_id).order_by("-started_at", "-pk")[
        :RECENT_INTERACTIONS
    ]


def incidents_beside_scorecard(
    user: User, agent: Person, *, start: date, end: date
) -> list[BoundaryIncident]:
    """The agent's incidents on contacts of the period, for whoever reads both."""
    return list(
        incidents_for(user)
        .filter(agent=agent, interaction__local_date__range=(start, end))
        .order_by("interaction__started_at", "pk")
    )


def flagged_interaction_ids(user: User, interaction_ids: Iterable[int]) -> set[int]:
    """Which of these interactions carry an incident this user sees."""
    return set(
        incidents_for(user)
        .filter(interaction_id__in=list(interaction_ids))
        .values_list("interaction_id", flat=True)
    )


@dataclass(frozen=True)
class IncidentReport:
    teams: list[Team]
    months: list[date]
    counts: dict[tuple[int, date], int]  # (team id, month start): incidents

    def rows(self) -> list[tuple[date, list[int], int]]:
        """Per month: each team's count, in `teams` order, and their total."""
        result = []
        for month in self.months:
            values = [self.counts.get((team.pk, month), 0) for team in self.teams]
            result.append((month, values, sum(values)))
        return result


def incident_report(user: User, *, today: date) -> IncidentReport:
    """Incidents flagged per team (the agent's current team) per month, the last months."""
    teams = list(boundary_report_teams_for(user).order_by("site__name", "name"))
    months = month_starts(today, REPORT_MONTHS)
    counts = Counter(
        (team_id, timezone.localdate(moment).replace(day=1))
        for team_id, moment in BoundaryIncident.objects.filter(
            agent__team__in=teams, created_at__date__gte=months[0]
        ).values_list("agent__team_id", "created_at")
    )
    return IncidentReport(teams, months, dict(counts))
