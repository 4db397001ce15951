"""Reads of coaching: an agent's sessions and requests, a session's effect, the team board and
the effect summary per coach and per focus."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from floorwalk.coaching.models import CoachingRequest, CoachingSession, TopicState
from floorwalk.engine.coaching import (
    Effect,
    Verdict,
    coaching_effect,
    is_supported,
    values_of,
    windows_around,
)
from floorwalk.engine.metrics import InteractionRecord, metric
from floorwalk.metrics.models.interactions import Interaction
from floorwalk.org.models import Person

RECORD_FIELDS = (
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "outcome",
    "first_contact_resolution",
    "csat",
    "nps",
)


def person_sessions(person: Person) -> QuerySet[CoachingSession]:
    return (
        CoachingSession.objects.filter(agent=person)
        .select_related("coach__person", "focus_competency")
        .order_by("-held_on", "-pk")
    )


def person_requests(person: Person) -> QuerySet[CoachingRequest]:
    return CoachingRequest.objects.filter(agent=person).order_by("-created_at", "-pk")


def _records(agent_id: int, start: date, end: date) -> list[InteractionRecord]:
    """The agent's interactions of the days start..end, in one query."""
    rows = Interaction.objects.filter(
        agent_id=agent_id, local_date__gte=start, local_date__lte=end
    ).values_list(*RECORD_FIELDS)
    return [InteractionRecord(*row) for row in rows]


def session_effect(session: CoachingSession, today: date) -> Effect | None:
    """The effect on the session's focus metric; None for a competency focus or a metric
    that has no per-interaction value (counts, QA scores)."""
    if not session.focus_metric:
        return None
    focus = metric(session.focus_metric)
    if not is_supported(focus):
        return None
    windows = windows_around(session.held_on, session.window_weeks)
    before = values_of(focus, _records(session.agent_id, windows.before_start, windows.before_end))
    after = values_of(focus, _records(session.agent_id, windows.after_start, windows.after_end))
    return coaching_effect(focus, windows, before, after, today)


@dataclass
class SummaryRow:
    """Sessions of one coach or one focus: how many, how many measured, and the verdicts."""

    label: str
    sessions: int = 0
    measured: int = 0
    improved: int = 0
    differences: list[float] = field(default_factory=list)

    @property
    def share_improved(self) -> float | None:
        return 100 * self.improved / self.measured if self.measured else None

    @property
    def mean_difference(self) -> float | None:
        return math.fsum(self.differences) / len(self.differences) if self.differences else None


def _add(row: SummaryRow, effect: Effect | None) -> None:
    row.sessions += 1
    if effect is None or effect.verdict is Verdict.NOT_ENOUGH_DATA:
        return
    row.measured += 1
    row.improved += effect.verdict is Verdict.IMPROVED
    if effect.difference is not None:
        row.differences.append(effect.difference)


def effect_summary(
    sessions: Iterable[CoachingSession], today: date
) -> tuple[list[SummaryRow], list[SummaryRow]]:
    """Rows per coach and per focus. A mean difference is given per focus only: differences
    of different metrics have different units and are never averaged together."""
    by_coach: dict[str, SummaryRow] = {}
    by_focus: dict[str, SummaryRow] = {}
    for session in sessions:
        effect = session_effect(session, today)
        coach = session.coach.display_name
        _add(by_coach.setdefault(coach, SummaryRow(coach)), effect)
        focus = session.focus_label
        _add(by_focus.setdefault(focus, SummaryRow(focus)), effect)
    for row in by_coach.values():
        row.differences = []
    return sorted(by_coach.values(), key=_label), sorted(by_focus.values(), key=_label)


def _label(row: SummaryRow) -> str:
    return row.label


@dataclass(frozen=True)
class BoardRow:
    agent: Person
    topics: dict[str, list[CoachingSession]]  # state → newest session of each topic in it


def coaching_board(agents: Iterable[Person]) -> list[BoardRow]:
    """Each agent's coaching topics (a topic is a focus) by the state of its newest session."""
    agent_list = list(agents)
    newest: dict[tuple[int, str], CoachingSession] = {}
    sessions = (
        CoachingSession.objects.filter(agent__in=agent_list)
        .select_related("focus_competency")
        .order_by("agent_id", "-held_on", "-pk")
    )
    for session in sessions:
        newest.setdefault((session.agent_id, session.focus_label), session)
    grouped: dict[int, dict[str, list[CoachingSession]]] = defaultdict(
        lambda: {state.value: [] for state in TopicState}
    )
    for (agent_id, _focus), session in newest.items():
        grouped[agent_id][session.topic_state].append(session)
    return [BoardRow(agent, grouped[agent.pk]) for agent in agent_list]
