"""The demo's listening: an anonymous monthly pulse of every team of the demo manager's site,
three past rounds answered by most agents (one team barely answering once, so its cell is
suppressed) and an open round for the demo agent; suggestions of the demo leader's team with
their answers; one wish to leave the leader recorded. All through the services."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from floorwalk.accounts.models import Role, User
from floorwalk.experience.listening_services import (
    ENPS_TEXT,
    QuestionSpec,
    next_opening,
    pulse_answer,
    pulse_open_due,
    retention_note_record,
    suggestion_answer,
    suggestion_create,
    survey_create,
)
from floorwalk.experience.models.listening import (
    NamedResponse,
    PulseRound,
    PulseSurvey,
    RetentionNote,
    RoundStatus,
    Suggestion,
    SuggestionStatus,
)
from floorwalk.org.models import Person, PersonStatus

DEMO_MANAGER = "manager"
DEMO_LEADER = "leader"
DEMO_AGENT = "agent"
PAST_ROUNDS = 3
ANSWER_SHARE = 0.8
QUIET_TEAM_ANSWERS = 3  # one team's answers in the second round: below the minimum of 5
QUESTIONS = (
    QuestionSpec("enps", ENPS_TEXT),
    QuestionSpec("scale", "I have the tools and information I need to help customers"),
    QuestionSpec(
        "choice",
        "What would help you most this month?",
        ("Coaching", "Quieter shifts", "Better tools", "Recognition"),
    ),
    QuestionSpec("text", "What is one thing we should change?"),
)
COMMENTS = (
    "The knowledge base search rarely finds the right article.",
    "More side-by-sides with the leader, please.",
    "Breaks get moved too often on busy days.",
    "Thank you for the new headsets.",
    "Weekend rota could be shared earlier.",
    "",
    "",
)
SUGGESTIONS = (
    (
        "A quiet room for difficult calls",
        "Five minutes away from the floor after an abusive caller.",
        True,
        SuggestionStatus.PLANNED,
        "Agreed: the small meeting room becomes the quiet room from next month.",
    ),
    (
        "Shared macros for refund emails",
        "We all write the same refund answers by hand.",
        True,
        SuggestionStatus.DONE,
        "Done: six macros are in the email tool, thanks for the drafts.",
    ),
    (
        "Swap lunch slots in the app",
        "",
        False,
        SuggestionStatus.UNDER_CONSIDERATION,
        "Checking with the planners whether the swap rules allow it.",
    ),
    (
        "Monthly product update from billing",
        "The tariffs change and we hear it from customers first.",
        True,
        SuggestionStatus.UNDER_CONSIDERATION,
        "Asked billing for a 15-minute slot in the first huddle of each month.",
    ),
    (
        "Second monitor for chat agents",
        "",
        False,
        SuggestionStatus.DECLINED,
        "Not this year's budget; we will look again in the spring.",
    ),
    ("Team breakfast after the peak season", "", True, SuggestionStatus.NEW, ""),
)
WISH = "Said a bank offered a day job with no weekends; will decide within a month."


@dataclass(frozen=True)
class ListeningDemoResult:
    answered_rounds: int
    open_rounds: int
    responses: int
    suggestions: int
    notes: int


def listening_clear() -> None:
    """Deletes every listening record (the demo's --replace, before people go)."""
    NamedResponse.objects.all().delete()
    PulseSurvey.objects.all().delete()
    Suggestion.objects.all().delete()
    RetentionNote.objects.all().delete()


def _months_before(day: date, months: int) -> date:
    first = day
    for _ in range(months):
        previous = first.replace(day=1) - timedelta(days=1)
        first = previous.replace(day=min(day.day, previous.day))
    return first


@transaction.atomic
def listening_demo_load(*, today: date, seed: int) -> ListeningDemoResult:
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    manager = User.objects.filter(username=DEMO_MANAGER, person__isnull=False).first()
    leader = User.objects.filter(username=DEMO_LEADER, person__isnull=False).first()
    if manager is None or manager.person is None:
        return ListeningDemoResult(0, 0, 0, 0, 0)
    teams = list(manager.person.site.teams.order_by("name"))
    first_day = _months_before(today, PAST_ROUNDS)
    survey = survey_create(
        actor=manager,
        title="Monthly pulse",
        site=manager.person.site,
        teams=teams,
        questions=QUESTIONS,
        opens_on=first_day,
        today=first_day,
        anonymous=True,
        min_group_size=5,
        recurrence="monthly",
        open_days=7,
    )
    questions = {question.kind: question for question in survey.questions.all()}
    agents = list(
        Person.objects.filter(team__in=teams, role_assignments__role=Role.AGENT)
        .exclude(status=PersonStatus.LEFT)
        .exclude(user__username=DEMO_AGENT)
        .select_related("user")
        .order_by("employee_number")
        .distinct()
    )
    # Each team leans a little: one warming up, one cooling down, the others steady.
    lean = {team.pk: index % 3 - 1 for index, team in enumerate(teams)}
    quiet_team = teams[-1].pk if teams else None
    responses = 0
    day = first_day
    for number in range(1, PAST_ROUNDS + 1):
        round_ = PulseRound.objects.get(survey=survey, number=number)
        answer_day = day + timedelta(days=2)
        quiet_answers = 0
        for agent in agents:
            user = getattr(agent, "user", None)
            if user is None or rng.random() > ANSWER_SHARE:
                continue
            if number == 2 and agent.team_id == quiet_team:
                if quiet_answers >= QUIET_TEAM_ANSWERS:
                    continue
                quiet_answers += 1
            base = 7 + lean.get(agent.team_id or 0, 0) * (number - 2)
            score = max(0, min(10, round(rng.gauss(base, 2))))
            pulse_answer(
                actor=user,
                round_=round_,
                answers={
                    questions["enps"].pk: score,
                    questions["scale"].pk: max(1, min(5, round(rng.gauss(3.6, 1)))),
                    questions["choice"].pk: rng.choice(questions["choice"].choices),
                    questions["text"].pk: rng.choice(COMMENTS),
                },
                today=answer_day,
            )
            responses += 1
        day = next_opening(day, survey.recurrence)
        pulse_open_due(today=min(day, today))
    pulse_open_due(today=today)
    suggestions = _suggestions(leader, today) if leader is not None else 0
    notes = _wish(leader, today) if leader is not None else 0
    return ListeningDemoResult(
        answered_rounds=PAST_ROUNDS,
        open_rounds=survey.rounds.filter(status=RoundStatus.OPEN).count(),
        responses=responses,
        suggestions=suggestions,
        notes=notes,
    )


def _team_agents(leader: User) -> list[Person]:
    return list(
        Person.objects.filter(team__leader_id=leader.person_id, role_assignments__role=Role.AGENT)
        .exclude(status=PersonStatus.LEFT)
        .select_related("user")
        .order_by("employee_number")
        .distinct()
    )


def _suggestions(leader: User, today: date) -> int:
    agents = [agent for agent in _team_agents(leader) if getattr(agent, "user", None)]
    if not agents:
        return 0
    for index, (title, details, shared, status, answer) in enumerate(SUGGESTIONS):
        author = agents[index % len(agents)]
        suggestion = suggestion_create(
            actor=author.user, title=title, details=details, shared=shared
        )
        if status != SuggestionStatus.NEW:
            suggestion_answer(
                actor=leader,
                suggestion=suggestion,
                status=status,
                answer=answer,
                today=today - timedelta(days=len(SUGGESTIONS) - index),
            )
    return len(SUGGESTIONS)


def _wish(leader: User, today: date) -> int:
    agents = [
        agent
        for agent in _team_agents(leader)
        if agent.user.username != DEMO_AGENT  # type: ignore[union-attr]
    ]
    if not agents:
        return 0
    retention_note_record(
        actor=leader, person=agents[-1], noted_on=today - timedelta(days=6), said=WISH, today=today
    )
    return 1
