"""Reads of listening: surveys a user reads or answers, a round's results with the group
minimum and secondary suppression applied, trends across rounds, suggestions, and the
attrition-risk signals of an agent."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import pulse_teams_for, suggestion_filter
from floorwalk.development.evidence import ENGAGEMENT_DAYS, engagement_signal
from floorwalk.development.models import EngagementScore, StageAssignment
from floorwalk.engine.attrition import (
    Absence,
    AttritionInput,
    AttritionRisk,
    Engagement,
    Level,
    MetricChange,
    WishToLeave,
    attrition_risk,
)
from floorwalk.engine.metrics import Direction, Metric, Totals, metric
from floorwalk.engine.periods import custom_period
from floorwalk.engine.pulse import Enps, enps, suppress
from floorwalk.experience.models.listening import (
    PulseAnswer,
    PulseParticipation,
    PulseQuestion,
    PulseResponse,
    PulseRound,
    PulseSurvey,
    QuestionKind,
    RetentionNote,
    RoundStatus,
    Suggestion,
)
from floorwalk.metrics.models.adherence import AgentStateEvent
from floorwalk.metrics.models.interactions import DailyAgentQueueStats
from floorwalk.metrics.selectors import totals_by_agent_and_period
from floorwalk.org.models import Person, Team
from floorwalk.scheduling.models import ScheduledShift, ScheduleStatus

TOTAL = "All target teams"


def surveys_for(user: User) -> QuerySet[PulseSurvey]:
    """Surveys whose results the user reads: any of whose target teams they oversee."""
    return (
        PulseSurvey.objects.filter(teams__in=pulse_teams_for(user))
        .distinct()
        .select_related("site")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class OpenRound:
    round: PulseRound
    answered: bool


def open_rounds_for(person: Person, today: date) -> list[OpenRound]:
    """The open rounds of surveys of the person's team, and whether they answered each."""
    if person.team_id is None:
        return []
    rounds = list(
        PulseRound.objects.filter(
            status=RoundStatus.OPEN,
            opens_on__lte=today,
            closes_on__gte=today,
            survey__teams=person.team_id,
        )
        .select_related("survey")
        .order_by("closes_on", "pk")
    )
    answered = set(
        PulseParticipation.objects.filter(person=person, round__in=rounds).values_list(
            "round_id", flat=True
        )
    )
    return [OpenRound(round_, round_.pk in answered) for round_ in rounds]


@dataclass
class QuestionResult:
    question: PulseQuestion
    answers: int = 0
    average: float | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)  # choice → count
    texts: list[str] = field(default_factory=list)


@dataclass
class Cell:
    """One group's results in a round: a team, or every target team together."""

    label: str
    team_id: int | None
    respondents: int
    shown: bool
    secondary: bool = False
    enps: Enps | None = None
    distribution: list[int] = field(default_factory=list)  # answers 0..10
    questions: list[QuestionResult] = field(default_factory=list)


@dataclass
class RoundResults:
    round: PulseRound
    minimum: int
    invited: int
    answered: int
    teams: list[Cell]
    total: Cell | None  # None when the reader may not see every target team

    @property
    def any_shown(self) -> bool:
        return any(cell.shown for cell in self.teams) or bool(self.total and self.total.shown)

    @property
    def response_rate(self) -> float | None:
        return 100 * self.answered / self.invited if self.invited else None


def _cell(
    label: str,
    team_id: int | None,
    answers: list[tuple[int, int | None, str, str]],
    respondents: int,
    questions: list[PulseQuestion],
    shown: bool,
    secondary: bool,
) -> Cell:
    cell = Cell(label, team_id, respondents, shown, secondary)
    if not shown:
        return cell  # nothing of a hidden group leaves this function
    by_question: dict[int, list[tuple[int | None, str, str]]] = defaultdict(list)
    for question_id, number, choice, text in answers:
        by_question[question_id].append((number, choice, text))
    for question in questions:
        rows = by_question.get(question.pk, [])
        result = QuestionResult(question, answers=len(rows))
        if question.kind == QuestionKind.ENPS:
            values = [number for number, _c, _t in rows if number is not None]
            cell.enps = enps(values)
            cell.distribution = [values.count(score) for score in range(11)]
        elif question.kind == QuestionKind.SCALE:
            values = [number for number, _c, _t in rows if number is not None]
            result.average = math.fsum(values) / len(values) if values else None
        elif question.kind == QuestionKind.CHOICE:
            counted = Counter(choice for _n, choice, _t in rows)
            result.counts = [(choice, counted.get(choice, 0)) for choice in question.choices]
        else:
            # Sorted, so the order says nothing about who answered first.
            result.texts = sorted(text for _n, _c, text in rows if text)
        cell.questions.append(result)
    return cell


def round_results(round_: PulseRound, user: User) -> RoundResults:
    """The round's results as the user may read them. Suppression is decided once over every
    target team, so every reader sees the same cells and no two views can be subtracted."""
    survey = round_.survey
    minimum = survey.min_group_size
    teams = list(survey.teams.order_by("name"))
    readable = set(
        pulse_teams_for(user).filter(pk__in=[t.pk for t in teams]).values_list("pk", flat=True)
    )
    respondents = dict(
        PulseResponse.objects.filter(round=round_)
        .values_list("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )
    by_team = {team.name: respondents.get(team.pk, 0) for team in teams}
    # Responses of people whose team has since left the survey still count in the total.
    other = sum(n for team_id, n in respondents.items() if team_id not in {t.pk for t in teams})
    if other:
        by_team["—"] = other
    decision = suppress(by_team, minimum)
    questions = list(survey.questions.all())
    answers_by_team: dict[int, list[tuple[int, int | None, str, str]]] = defaultdict(list)
    rows = PulseAnswer.objects.filter(response__round=round_).values_list(
        "response__team_id", "question_id", "number", "choice", "text"
    )
    for team_id, question_id, number, choice, text in rows:
        answers_by_team[team_id].append((question_id, number, choice, text))
    cells = [
        _cell(
            team.name,
            team.pk,
            answers_by_team.get(team.pk, []),
            by_team[team.name],
            questions,
            shown=by_team[team.name] > 0 and team.name not in decision.hidden,
            secondary=team.name in decision.secondary,
        )
        for team in teams
        if team.pk in readable
    ]
    total = None
    if len(readable) == len(teams):
        every = [answer for answers in answers_by_team.values() for answer in answers]
        total = _cell(
            TOTAL,
            None,
            every,
            sum(by_team.values()),
            questions,
            shown=decision.total_shown,
            secondary=False,
        )
    answered = PulseParticipation.objects.filter(round=round_).count()
    return RoundResults(round_, minimum, round_.invited, answered, cells, total)


@dataclass(frozen=True)
class TrendCell:
    round: PulseRound
    score: float | None  # None when hidden or without answers
    shown: bool
    respondents: int  # when hidden, only ever shown as "no answers", "hidden" or "fewer than N"
    secondary: bool = False


@dataclass(frozen=True)
class TrendRow:
    team: Team
    values: list[TrendCell]


def survey_trend(survey: PulseSurvey, user: User) -> tuple[list[PulseRound], list[TrendRow]]:
    """eNPS per readable team per round that has opened, with the same suppression as each
    round's results (a hidden cell has no value)."""
    rounds = list(survey.rounds.exclude(status=RoundStatus.SCHEDULED).order_by("number"))
    if not survey.questions.filter(kind=QuestionKind.ENPS).exists():
        return rounds, []
    per_round = {round_.pk: round_results(round_, user) for round_ in rounds}
    teams = list(pulse_teams_for(user).filter(pk__in=survey.teams.values("pk")).order_by("name"))
    trend = []
    for team in teams:
        values = []
        for round_ in rounds:
            cell = next((c for c in per_round[round_.pk].teams if c.team_id == team.pk), None)
            if cell is None:
                values.append(TrendCell(round_, None, False, 0))
                continue
            score = cell.enps.score if cell.shown and cell.enps else None
            values.append(TrendCell(round_, score, cell.shown, cell.respondents, cell.secondary))
        trend.append(TrendRow(team, values))
    return rounds, trend


def suggestions_for(user: User) -> QuerySet[Suggestion]:
    condition = suggestion_filter(user)
    if condition is None:
        return Suggestion.objects.none()
    return (
        Suggestion.objects.filter(condition)
        .select_related("author", "team", "answered_by__person")
        .order_by("-created_at", "-pk")
    )


def unseen_answers(person: Person) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(author=person, answer_seen=False).order_by("-answered_on")


# ---- Attrition-risk signals --------------------------------------------------------------

WISH_DAYS = 180
STAGE_CHANGE_DAYS = 180
WINDOW_DAYS = 28
RECENT_ABSENCE_DAYS = 28
EARLIER_ABSENCE_DAYS = 56
STAGE_METRICS = ("qa_score", "csat", "fcr", "aht")


def _wishes(person: Person, today: date) -> tuple[WishToLeave, ...]:
    notes = RetentionNote.objects.filter(
        person=person, noted_on__gt=today - timedelta(days=WISH_DAYS), noted_on__lte=today
    ).select_related("recorded_by__person")
    return tuple(
        WishToLeave(note.noted_on, note.said, note.recorded_by.display_name) for note in notes
    )


def _engagement(person: Person, today: date) -> Engagement | None:
    """The non-anonymous check-ins (pulse checks, named survey answers): anonymous answers
    are never stored against a person, so they cannot reach this."""
    signal = engagement_signal(person, today=today)
    if signal is None:
        return None
    checkins = EngagementScore.objects.filter(
        person=person,
        measured_on__gt=today - timedelta(days=ENGAGEMENT_DAYS),
        measured_on__lte=today,
    ).count()
    return Engagement(signal.score, signal.trend_per_month, checkins)


def _absence(person: Person, today: date) -> Absence | None:
    """Scheduled days of published schedules with nothing recorded (no agent state, no
    interaction) count as absent; the last 4 weeks against the 8 before, today excluded."""
    first = today - timedelta(days=RECENT_ABSENCE_DAYS + EARLIER_ABSENCE_DAYS)
    zone = ZoneInfo(person.site.time_zone)
    shifts = ScheduledShift.objects.filter(
        person=person,
        schedule__status=ScheduleStatus.PUBLISHED,
        start__date__gte=first - timedelta(days=1),
        start__date__lte=today,
    ).values_list("start", flat=True)
    scheduled = {start.astimezone(zone).date() for start in shifts}
    scheduled = {day for day in scheduled if first <= day < today}
    if not scheduled:
        return None
    worked = set(
        DailyAgentQueueStats.objects.filter(agent=person, date__gte=first, date__lt=today)
        .values_list("date", flat=True)
        .distinct()
    )
    states = AgentStateEvent.objects.filter(
        agent=person, started_at__date__gte=first - timedelta(days=1), started_at__date__lte=today
    ).values_list("started_at", flat=True)
    worked |= {start.astimezone(zone).date() for start in states}
    split = today - timedelta(days=RECENT_ABSENCE_DAYS)
    recent = {day for day in scheduled if day >= split}
    earlier = scheduled - recent
    return Absence(
        recent_scheduled=len(recent),
        recent_absent=len(recent - worked),
        earlier_scheduled=len(earlier),
        earlier_absent=len(earlier - worked),
    )


def _metric_changes(person: Person, today: date) -> tuple[MetricChange, ...]:
    """The agent's metrics in the 4 weeks before and after their newest stage change of the
    last 180 days, once those 4 weeks after are over."""
    assignments = list(StageAssignment.objects.filter(person=person).order_by("-set_at", "-pk")[:2])
    if len(assignments) < 2 or assignments[0].stage == assignments[1].stage:
        return ()
    change = assignments[0]
    changed_on = change.set_at.date()
    if changed_on <= today - timedelta(days=STAGE_CHANGE_DAYS):
        return ()
    before = custom_period(changed_on - timedelta(days=WINDOW_DAYS), changed_on - timedelta(days=1))
    after = custom_period(changed_on, changed_on + timedelta(days=WINDOW_DAYS - 1))
    if after.end >= today:
        return ()
    series = totals_by_agent_and_period([person.pk], [before, after]).get(person.pk)
    if series is None:
        return ()
    changes = []
    for code in STAGE_METRICS:
        item = metric(code)
        values = [_reliable(item, totals) for totals in series]
        if values[0] is None or values[1] is None:
            continue
        changes.append(
            MetricChange(
                name=item.name,
                stage=change.get_stage_display(),
                changed_on=changed_on,
                before=values[0],
                after=values[1],
                higher_is_better=item.direction == Direction.HIGHER,
            )
        )
    return tuple(changes)


def _reliable(item: Metric, totals: Totals) -> float | None:
    value = item.value(totals)
    return value if value is not None and item.sample(totals) >= item.min_sample else None


def attrition_input(person: Person, today: date) -> AttritionInput:
    return AttritionInput(
        wishes=_wishes(person, today),
        engagement=_engagement(person, today),
        absence=_absence(person, today),
        metric_changes=_metric_changes(person, today),
    )


def attrition_for(person: Person, today: date) -> AttritionRisk:
    return attrition_risk(attrition_input(person, today))


LEVEL_ORDER = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2, Level.NONE: 3}


def people_with_signals(
    people: Iterable[Person], today: date
) -> list[tuple[Person, AttritionRisk]]:
    """The people with at least one signal, highest level first."""
    rows = [(person, attrition_for(person, today)) for person in people]
    flagged = [(person, risk) for person, risk in rows if risk.signals]
    flagged.sort(key=lambda row: (LEVEL_ORDER[row[1].level], -row[1].points, row[0].display_name))
    return flagged


@dataclass(frozen=True)
class ListeningToday:
    """What the home page shows a person: surveys to answer, new answers to suggestions."""

    to_answer: list[PulseRound]
    new_answers: list[Suggestion]

    def __bool__(self) -> bool:
        return bool(self.to_answer or self.new_answers)


def listening_today(person: Person, today: date) -> ListeningToday:
    return ListeningToday(
        to_answer=[row.round for row in open_rounds_for(person, today) if not row.answered],
        new_answers=list(unseen_answers(person)),
    )
