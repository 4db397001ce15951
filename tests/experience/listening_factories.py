"""Surveys and answers for the listening tests, built through the services."""

from datetime import date

from floorwalk.accounts.models import Role, User
from floorwalk.experience.listening_services import (
    ENPS_TEXT,
    QuestionSpec,
    pulse_answer,
    survey_create,
)
from floorwalk.experience.models.listening import PulseRound, PulseSurvey
from floorwalk.org.models import Team
from tests.factories import TeamFactory, make_person

DAY = date(2026, 11, 2)
QUESTIONS = (
    QuestionSpec("enps", ENPS_TEXT),
    QuestionSpec("scale", "I have what I need to do my job well"),
    QuestionSpec("choice", "Best shift pattern", ("Early", "Late")),
    QuestionSpec("text", "What one thing would you change?"),
)


def a_survey(floor, teams, *, anonymous=True, minimum=3, recurrence="none", **fields):
    return survey_create(
        actor=floor.user("manager"),
        title=fields.pop("title", "November pulse"),
        site=floor.north,
        teams=teams,
        questions=fields.pop("questions", QUESTIONS),
        opens_on=fields.pop("opens_on", fields.get("today", DAY)),
        today=fields.pop("today", DAY),
        anonymous=anonymous,
        min_group_size=minimum,
        recurrence=recurrence,
        **fields,
    )


def members(team: Team, count: int, prefix: str) -> list[User]:
    """`count` new agents of the team, as users."""
    return [
        User.objects.get(
            person=make_person(
                f"{prefix}{index}",
                Role.AGENT,
                site=team.site,
                team=team,
                display_name=f"{prefix} {index}",
            )
        )
        for index in range(count)
    ]


def delta_team(floor) -> Team:
    return TeamFactory(name="Delta", site=floor.north)


def answer(
    user: User, survey: PulseSurvey, enps: int, text="", scale=None, choice="", day=DAY, number=1
):
    round_ = PulseRound.objects.get(survey=survey, number=number)
    questions = {q.kind: q.pk for q in survey.questions.all()}
    pulse_answer(
        actor=user,
        round_=round_,
        answers={
            questions["enps"]: enps,
            questions["scale"]: scale,
            questions["choice"]: choice,
            questions["text"]: text,
        },
        today=day,
    )
