"""Reads of recognition, always through the policy: my kudos, the team wall (recent kudos
and compliments, team counts per month) and, for the team's leader, compliments per 100
contacts compared only within one development stage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_enter_compliments,
    compliment_agents_for,
    recognition_visible_condition,
)
from floorwalk.development.models import Stage
from floorwalk.development.selectors import current_stages
from floorwalk.experience.models import Compliment, Kudos
from floorwalk.metrics.models import DailyAgentQueueStats
from floorwalk.org.models import Person, Team

WALL_ITEMS = 20
WALL_MONTHS = 6
COMPARISON_DAYS = 90


def kudos_for(user: User) -> QuerySet[Kudos]:
    condition = recognition_visible_condition(user, "given_to")
    if condition is None:
        return Kudos.objects.none()
    if user.person_id is not None:
        condition |= Q(given_by_id=user.person_id)
    return Kudos.objects.filter(condition).select_related("given_by", "given_to")


def kudos_received(user: User) -> QuerySet[Kudos]:
    return Kudos.objects.filter(given_to_id=user.person_id).select_related("given_by")


def kudos_given(user: User) -> QuerySet[Kudos]:
    return Kudos.objects.filter(given_by_id=user.person_id).select_related("given_to")


def compliments_for(user: User) -> QuerySet[Compliment]:
    condition = recognition_visible_condition(user, "agent")
    if condition is None:
        return Compliment.objects.none()
    if can_enter_compliments(user):  # QA enters them for their site, so reads them too
        condition |= Q(agent__in=compliment_agents_for(user))
    return Compliment.objects.filter(condition).select_related("agent", "interaction")


def month_starts(today: date, months: int) -> list[date]:
    """The first days of the last `months` months, oldest first, this month included."""
    starts = [today.replace(day=1)]
    while len(starts) < months:
        starts.append((starts[-1] - timedelta(days=1)).replace(day=1))
    return starts[::-1]


@dataclass(frozen=True)
class MonthCount:
    month: date
    kudos: int
    compliments: int


@dataclass(frozen=True)
class TeamWall:
    team: Team
    kudos: list[Kudos]
    compliments: list[Compliment]
    months: list[MonthCount]


def team_wall(team: Team, *, today: date) -> TeamWall:
    """The team's recent kudos (received by its members) and compliments, and how many of
    each the team received in each of the last months. Counts are the team's, never anyone's
    alone."""
    members = Person.objects.filter(team=team)
    starts = month_starts(today, WALL_MONTHS)
    kudos_days = Counter(
        timezone.localdate(moment).replace(day=1)
        for moment in Kudos.objects.filter(
            given_to__in=members, created_at__date__gte=starts[0] - timedelta(days=1)
        ).values_list("created_at", flat=True)
    )
    compliment_days = Counter(
        day.replace(day=1)
        for day in Compliment.objects.filter(
            agent__in=members, received_on__gte=starts[0]
        ).values_list("received_on", flat=True)
    )
    return TeamWall(
        team=team,
        kudos=list(
            Kudos.objects.filter(given_to__in=members).select_related("given_by", "given_to")[
                :WALL_ITEMS
            ]
        ),
        compliments=list(
            Compliment.objects.filter(agent__in=members).select_related("agent")[:WALL_ITEMS]
        ),
        months=[MonthCount(start, kudos_days[start], compliment_days[start]) for start in starts],
    )


@dataclass(frozen=True)
class ComplimentRate:
    agent: Person
    compliments: int
    contacts: int

    @property
    def per_100(self) -> float | None:
        return 100 * self.compliments / self.contacts if self.contacts else None


@dataclass(frozen=True)
class StageComparison:
    stage: str
    label: str
    agents: list[ComplimentRate]


def compliments_by_stage(team: Team, *, start: date, end: date) -> list[StageComparison]:
    """Compliments per 100 contacts of each member over start..end, grouped by current stage
    (agents are only ever compared with others at the same stage), names in alphabetical
    order, not ranked. Contacts come from the daily rollups."""
    members = list(
        Person.objects.filter(team=team)
        .exclude(pk__in=[team.leader_id] if team.leader_id else [])
        .order_by("display_name")
    )
    ids = [person.pk for person in members]
    contacts = dict(
        DailyAgentQueueStats.objects.filter(agent_id__in=ids, date__range=(start, end))
        .values("agent_id")
        .annotate(total=Sum("contacts"))
        .values_list("agent_id", "total")
    )
    compliments = Counter(
        Compliment.objects.filter(agent_id__in=ids, received_on__range=(start, end)).values_list(
            "agent_id", flat=True
        )
    )
    stages = current_stages(ids)
    labels = dict(Stage.choices)
    groups: dict[str, list[ComplimentRate]] = {}
    for person in members:
        if not contacts.get(person.pk):
            continue
        stage = stages[person.pk].stage if person.pk in stages else ""
        groups.setdefault(stage, []).append(
            ComplimentRate(person, compliments[person.pk], contacts[person.pk])
        )
    return [
        StageComparison(stage, str(labels.get(stage, "")), groups[stage])
        for stage in [*Stage.values, ""]
        if stage in groups
    ]
