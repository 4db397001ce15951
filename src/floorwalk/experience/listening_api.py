"""Listening over the API: surveys and their suppressed results, answering, suggestions,
attrition-risk signals under the person. Never an individual anonymous response."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    can_answer_pulse,
    can_create_pulse,
    can_read_attrition,
    can_read_pulse_results,
    person_for_user_or_404,
)
from floorwalk.core.api_errors import service_call
from floorwalk.experience import listening_selectors as selectors
from floorwalk.experience.listening_services import (
    QuestionSpec,
    pulse_answer,
    retention_note_record,
    suggestion_answer,
    suggestion_create,
    survey_create,
)
from floorwalk.experience.models.listening import (
    DEFAULT_MIN_GROUP,
    MIN_GROUP_FLOOR,
    PulseRound,
    PulseSurvey,
    QuestionKind,
    Recurrence,
    RetentionNote,
    RoundStatus,
    Suggestion,
    SuggestionStatus,
)
from floorwalk.org.models import Site, Team


class QuestionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = serializers.CharField(max_length=300)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )


class SurveySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.all())
    teams = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), many=True)
    anonymous = serializers.BooleanField(default=True)
    min_group_size = serializers.IntegerField(
        min_value=MIN_GROUP_FLOOR, max_value=50, default=DEFAULT_MIN_GROUP
    )
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, default=Recurrence.NONE)
    opens_on = serializers.DateField()
    open_days = serializers.IntegerField(min_value=1, max_value=28, default=7)
    questions = QuestionSerializer(many=True)


class PulseAnswerSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Question id → answer: a number for eNPS (0–10) and scale (1–5), the "
        "choice's text, or free text.",
    )


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    details = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    shared = serializers.BooleanField(default=False)


class SuggestionAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SuggestionStatus.choices)
    answer = serializers.CharField(max_length=5000)


class RetentionNoteSerializer(serializers.Serializer):
    noted_on = serializers.DateField()
    said = serializers.CharField(max_length=5000)


def _survey_data(survey: PulseSurvey) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "title": survey.title,
        "site": survey.site_id,
        "teams": sorted(team.pk for team in survey.teams.all()),
        "anonymous": survey.anonymous,
        "min_group_size": survey.min_group_size,
        "recurrence": survey.recurrence,
        "open_days": survey.open_days,
        "questions": [
            {"id": q.pk, "kind": q.kind, "text": q.text, "choices": q.choices}
            for q in survey.questions.all()
        ],
        "rounds": [
            {
                "id": r.pk,
                "number": r.number,
                "opens_on": r.opens_on,
                "closes_on": r.closes_on,
                "status": r.status,
            }
            for r in survey.rounds.order_by("number")
        ],
    }


SURVEY_RESPONSE = inline_serializer(
    "PulseSurvey",
    {
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "anonymous": serializers.BooleanField(),
        "min_group_size": serializers.IntegerField(),
        "questions": serializers.ListField(child=serializers.DictField()),
        "rounds": serializers.ListField(child=serializers.DictField()),
    },
)


class PulseSurveyList(APIView):
    """Surveys whose results the user reads; creating one (leaders for their teams, managers
    for their site)."""

    @extend_schema(summary="Pulse surveys the user reads the results of", responses=SURVEY_RESPONSE)
    def get(self, request):
        paginator = PageNumberPagination()
        surveys = selectors.surveys_for(request.user).prefetch_related("teams", "questions")
        page = paginator.paginate_queryset(surveys, request, view=self)
        return paginator.get_paginated_response([_survey_data(s) for s in page or []])

    @extend_schema(
        summary="Create a pulse survey and its first round",
        request=SurveySerializer,
        responses={201: SURVEY_RESPONSE},
    )
    def post(self, request):
        if not can_create_pulse(request.user):
            raise NotFound
        serializer = SurveySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["questions"] = [
            QuestionSpec(q["kind"], q["text"], tuple(q.get("choices") or ()))
            for q in data["questions"]
        ]
        survey = service_call(
            lambda: survey_create(actor=request.user, today=timezone.localdate(), **data)
        )
        return Response(_survey_data(survey), status=status.HTTP_201_CREATED)


def _cell_data(cell: selectors.Cell, minimum: int) -> dict[str, Any]:
    if not cell.shown:
        return {
            "group": cell.label,
            "team": cell.team_id,
            "shown": False,
            "respondents": 0
            if cell.respondents == 0
            else ("hidden" if cell.secondary else f"fewer than {minimum}"),
            "secondary": cell.secondary,
        }
    return {
        "group": cell.label,
        "team": cell.team_id,
        "shown": True,
        "respondents": cell.respondents,
        "enps": None
        if cell.enps is None
        else {
            "score": cell.enps.score,
            "promoters": cell.enps.promoters,
            "passives": cell.enps.passives,
            "detractors": cell.enps.detractors,
            "distribution": cell.distribution,
        },
        "questions": [
            {
                "question": result.question.pk,
                "kind": result.question.kind,
                "answers": result.answers,
                "average": result.average,
                "counts": dict(result.counts),
                "texts": result.texts,
            }
            for result in cell.questions
            if result.question.kind != QuestionKind.ENPS
        ],
    }


class PulseSurveyResults(APIView):
    """A round's results (the newest opened by default, or `?round=N`), with the group
    minimum and secondary suppression applied exactly as on the page and in the CSV."""

    @extend_schema(
        summary="A pulse survey's results, suppressed",
        responses=inline_serializer(
            "PulseResults",
            {
                "round": serializers.IntegerField(),
                "response_rate": serializers.FloatField(allow_null=True),
                "teams": serializers.ListField(child=serializers.DictField()),
                "total": serializers.DictField(allow_null=True),
                "trend": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request, pk: int):
        survey = PulseSurvey.objects.filter(pk=pk).first()
        if survey is None or not can_read_pulse_results(
            request.user, survey.teams.values_list("pk", flat=True)
        ):
            raise NotFound
        rounds = survey.rounds.exclude(status=RoundStatus.SCHEDULED).order_by("-number")
        number = request.query_params.get("round", "")
        chosen = rounds.filter(number=int(number)).first() if number.isdigit() else rounds.first()
        if chosen is None:
            raise NotFound("No round of this survey has opened.")
        results = selectors.round_results(chosen, request.user)
        _rounds, trend = selectors.survey_trend(survey, request.user)
        return Response(
            {
                "round": chosen.number,
                "opens_on": chosen.opens_on,
                "closes_on": chosen.closes_on,
                "status": chosen.status,
                "min_group_size": results.minimum,
                "invited": results.invited,
                "answered": results.answered,
                "response_rate": results.response_rate,
                "teams": [_cell_data(cell, results.minimum) for cell in results.teams],
                "total": None
                if results.total is None
                else _cell_data(results.total, results.minimum),
                "trend": [
                    {
                        "team": row.team.pk,
                        "rounds": [
                            {"round": cell.round.number, "enps": cell.score, "shown": cell.shown}
                            for cell in row.values
                        ],
                    }
                    for row in trend
                ],
            }
        )


class MyPulseRounds(APIView):
    @extend_schema(
        summary="Open pulse rounds of my team, and whether I answered",
        responses=inline_serializer(
            "MyPulseRound",
            {
                "round": serializers.IntegerField(),
                "survey": serializers.DictField(),
                "answered": serializers.BooleanField(),
            },
        ),
    )
    def get(self, request):
        person = request.user.person
        rows = selectors.open_rounds_for(person, timezone.localdate()) if person else []
        return Response(
            [
                {
                    "round": row.round.pk,
                    "closes_on": row.round.closes_on,
                    "answered": row.answered,
                    "survey": _survey_data(row.round.survey),
                }
                for row in rows
            ]
        )


class PulseRoundAnswer(APIView):
    """The user's answers to an open round, once. Nothing comes back but that they are in."""

    @extend_schema(
        summary="Answer an open pulse round",
        request=PulseAnswerSerializer,
        responses={
            201: inline_serializer("PulseAnswered", {"answered": serializers.BooleanField()})
        },
    )
    def post(self, request, pk: int):
        round_ = PulseRound.objects.select_related("survey").filter(pk=pk).first()
        if round_ is None or not can_answer_pulse(
            request.user, round_.survey.teams.values_list("pk", flat=True)
        ):
            raise NotFound
        serializer = PulseAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers: dict[int, object] = {}
        for key, value in serializer.validated_data["answers"].items():
            if not str(key).isdigit():
                raise serializers.ValidationError({"answers": [f"{key}: not a question id."]})
            answers[int(key)] = value
        known = set(round_.survey.questions.values_list("pk", flat=True))
        unknown = sorted(set(answers) - known)
        if unknown:
            raise serializers.ValidationError(
                {"answers": [f"{key}: no such question in this survey." for key in unknown]}
            )
        service_call(
            lambda: pulse_answer(
                actor=request.user, round_=round_, answers=answers, today=timezone.localdate()
            ),
            non_field_key="answers",
        )
        return Response({"answered": True}, status=status.HTTP_201_CREATED)


def _suggestion_data(item: Suggestion) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "details": item.details,
        "author": item.author_id,
        "author_name": item.author.display_name,
        "team": item.team_id,
        "shared": item.shared,
        "status": item.status,
        "created_on": item.created_at.date(),
        "answer": item.answer,
        "answered_by": item.answered_by.display_name if item.answered_by else None,
        "answered_on": item.answered_on,
    }


SUGGESTION_RESPONSE = inline_serializer(
    "SuggestionRead",
    {
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "status": serializers.CharField(),
        "answer": serializers.CharField(),
        "answered_on": serializers.DateField(allow_null=True),
    },
)


class SuggestionList(APIView):
    @extend_schema(
        summary="Suggestions the user reads",
        operation_id="v1_suggestions_list",
        responses=SUGGESTION_RESPONSE,
    )
    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.suggestions_for(request.user), request, self)
        return paginator.get_paginated_response([_suggestion_data(s) for s in page or []])

    @extend_schema(
        summary="Make a suggestion",
        request=SuggestionSerializer,
        responses={201: SUGGESTION_RESPONSE},
    )
    def post(self, request):
        serializer = SuggestionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = service_call(lambda: suggestion_create(actor=request.user, **data))
        return Response(_suggestion_data(item), status=status.HTTP_201_CREATED)


def _readable_suggestion(request, pk: int) -> Suggestion:
    item = selectors.suggestions_for(request.user).filter(pk=pk).first()
    if item is None:
        raise NotFound
    return item


class SuggestionDetail(APIView):
    @extend_schema(summary="A suggestion and its answer", responses=SUGGESTION_RESPONSE)
    def get(self, request, pk: int):
        return Response(_suggestion_data(_readable_suggestion(request, pk)))


class SuggestionAnswer(APIView):
    @extend_schema(
        summary="Answer a suggestion and set its status",
        request=SuggestionAnswerSerializer,
        responses=SUGGESTION_RESPONSE,
    )
    def post(self, request, pk: int):
        item = _readable_suggestion(request, pk)
        serializer = SuggestionAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = service_call(
            lambda: suggestion_answer(
                actor=request.user, suggestion=item, today=timezone.localdate(), **data
            )
        )
        return Response(_suggestion_data(item))


class PersonAttrition(APIView):
    """An agent's attrition-risk signals with their evidence, and the retention notes; for
    those who read the agent's HR notes only."""

    @extend_schema(
        summary="An agent's attrition-risk signals and retention notes",
        responses=inline_serializer(
            "AttritionRisk",
            {
                "level": serializers.CharField(),
                "points": serializers.IntegerField(),
                "signals": serializers.ListField(child=serializers.DictField()),
                "notes": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk)
        if not can_read_attrition(request.user, person):
            raise NotFound
        risk = selectors.attrition_for(person, timezone.localdate())
        notes = RetentionNote.objects.filter(person=person).select_related("recorded_by__person")
        return Response(
            {
                "person": person.pk,
                "level": risk.level.value,
                "points": risk.points,
                "signals": [
                    {"kind": s.kind.value, "weight": s.weight, "evidence": s.evidence}
                    for s in risk.signals
                ],
                "notes": [
                    {
                        "id": note.pk,
                        "noted_on": note.noted_on,
                        "said": note.said,
                        "recorded_by": note.recorded_by.display_name,
                    }
                    for note in notes
                ],
            }
        )

    @extend_schema(
        summary="Record what the agent said about leaving",
        request=RetentionNoteSerializer,
        responses={
            201: inline_serializer("RetentionNoteCreated", {"id": serializers.IntegerField()})
        },
    )
    def post(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk)
        if not can_read_attrition(request.user, person):
            raise NotFound
        serializer = RetentionNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        note = service_call(
            lambda: retention_note_record(
                actor=request.user, person=person, today=timezone.localdate(), **data
            )
        )
        return Response({"id": note.pk}, status=status.HTTP_201_CREATED)
