"""Reads of the competency framework and of agents' competency profiles (C1, C2, C4).

The current level of a competency, as of a day, is the mean of the newest assessment of each
source (QA, mentor, team leader, results) made in the 90 days up to that day, rounded half
up. Every source counts once, however often it assessed, so a weekly results-derived level
does not outvote a leader's review. Hiring assessments judge a candidate, not the agent's
work, so they do not count. No assessment in the window: no current level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from floorwalk.development.models import Assessment, AssessmentSource, Competency
from floorwalk.engine.competencies import round_half_up
from floorwalk.org.models import Person

CURRENT_LEVEL_DAYS = 90
COUNTED_SOURCES = frozenset(
    {AssessmentSource.QA, AssessmentSource.MENTOR, AssessmentSource.LEADER, AssessmentSource.KPI}
)


def competencies_list(*, include_retired: bool = False) -> QuerySet[Competency]:
    """The framework, with its indicators; retired competencies only when asked."""
    competencies = Competency.objects.prefetch_related("indicators").order_by("name")
    return competencies if include_retired else competencies.filter(is_active=True)


def competency_get(pk: int) -> Competency | None:
    return Competency.objects.prefetch_related("indicators").filter(pk=pk).first()


def development_tool_lines(competency: Competency) -> list[str]:
    """The framework's development tools as separate actions: one per line, with list marks
    and blank lines dropped; a single paragraph is split into its sentences."""
    stripped = (
        line.strip().lstrip("-•*").strip() for line in competency.development_tools.splitlines()
    )
    lines = [line for line in stripped if line]
    if len(lines) == 1:
        sentences = [part.strip() for part in lines[0].split(". ") if part.strip()]
        lines = [s if s.endswith((".", "!", "?")) else f"{s}." for s in sentences]
    return lines


def level_on(assessments: Iterable[Assessment], on: date) -> int | None:
    """The current level as of `on` from one competency's assessments (see the module's rule)."""
    since = on - timedelta(days=CURRENT_LEVEL_DAYS)
    newest: dict[str, Assessment] = {}
    for assessment in assessments:
        if assessment.source not in COUNTED_SOURCES or not since < assessment.assessed_on <= on:
            continue
        kept = newest.get(assessment.source)
        if kept is None or (assessment.assessed_on, assessment.pk) > (kept.assessed_on, kept.pk):
            newest[assessment.source] = assessment
    if not newest:
        return None
    return round_half_up(sum(item.level for item in newest.values()) / len(newest))


def _assessments_by_competency(person: Person, until: date) -> dict[int, list[Assessment]]:
    grouped: dict[int, list[Assessment]] = {}
    for assessment in (
        Assessment.objects.filter(person=person, assessed_on__lte=until)
        .select_related("assessed_by__person", "competency")
        .order_by("-assessed_on", "-pk")
    ):
        grouped.setdefault(assessment.competency_id, []).append(assessment)
    return grouped


def competency_levels(person: Person, on: date) -> dict[str, int]:
    """The agent's current level of each active competency that has one, by competency name
    (what the stage engine's competency rule reads)."""
    grouped = _assessments_by_competency(person, on)
    levels: dict[str, int] = {}
    for competency in Competency.objects.filter(is_active=True):
        level = level_on(grouped.get(competency.pk, []), on)
        if level is not None:
            levels[competency.name] = level
    return levels


@dataclass(frozen=True)
class LevelPoint:
    """The current level as it stood on a day an assessment was made."""

    on: date
    level: int


@dataclass(frozen=True)
class CompetencyStanding:
    """One competency in an agent's profile: where they are, where they should be, how it
    changed and on what assessments."""

    competency: Competency
    level: int | None
    assessments: Sequence[Assessment]
    history: Sequence[LevelPoint] = field(default_factory=tuple)

    @property
    def target(self) -> int:
        return self.competency.target_level

    @property
    def gap(self) -> int | None:
        """How many levels short of the target (0 at or above it; None without a level)."""
        return None if self.level is None else max(0, self.target - self.level)

    @property
    def below_target(self) -> bool:
        return bool(self.gap)


def _history(assessments: Sequence[Assessment]) -> list[LevelPoint]:
    points = []
    for day in sorted({assessment.assessed_on for assessment in assessments}):
        level = level_on(assessments, day)
        if level is not None:
            points.append(LevelPoint(day, level))
    return points


def competency_profile(person: Person, on: date) -> list[CompetencyStanding]:
    """Every active competency with the agent's current level, target, gap, level history and
    assessments (newest first)."""
    grouped = _assessments_by_competency(person, on)
    return [
        CompetencyStanding(
            competency=competency,
            level=level_on(grouped.get(competency.pk, []), on),
            assessments=grouped.get(competency.pk, []),
            history=_history(grouped.get(competency.pk, [])),
        )
        for competency in competencies_list()
    ]


@dataclass(frozen=True)
class DevelopmentSuggestion:
    """A competency below its target and the framework's tools to develop it."""

    competency: Competency
    level: int
    target: int
    gap: int
    actions: list[str]


def development_suggestions(
    person: Person, on: date, *, profile: Sequence[CompetencyStanding] | None = None
) -> list[DevelopmentSuggestion]:
    """For each competency below target, the framework's development tools, widest gap first
    (what a development plan starts from). Competencies without a level are not suggested:
    nobody knows the gap yet."""
    standings = profile if profile is not None else competency_profile(person, on)
    suggestions = [
        DevelopmentSuggestion(
            competency=standing.competency,
            level=standing.level,
            target=standing.target,
            gap=standing.gap,
            actions=development_tool_lines(standing.competency),
        )
        for standing in standings
        if standing.level is not None and standing.gap
    ]
    return sorted(suggestions, key=lambda item: (-item.gap, item.competency.name))


def assessments_for_person(person: Person) -> QuerySet[Assessment]:
    """The agent's assessments, newest first, with competency and assessor."""
    return (
        Assessment.objects.filter(person=person)
        .select_related("competency", "assessed_by__person")
        .order_by("-assessed_on", "-pk")
    )
