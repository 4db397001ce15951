"""Coaching over the API: an agent's sessions, one session with its effect, the agent's
confirmation, under the same policy and services as the pages."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import can_read_coaching, person_for_user_or_404
from floorwalk.coaching import selectors
from floorwalk.coaching.models import USEFULNESS_RANGE, CoachingSession, SessionKind, TopicState
from floorwalk.coaching.services import session_confirm, session_record
from floorwalk.core.api_errors import service_call
from floorwalk.development.models import Competency
from floorwalk.engine.coaching import Effect
from floorwalk.metrics.models.interactions import METRIC_CHOICES, Interaction


class SessionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    held_on = serializers.DateField()
    focus_metric = serializers.ChoiceField(choices=METRIC_CHOICES, required=False, allow_blank=True)
    focus_competency = serializers.PrimaryKeyRelatedField(
        queryset=Competency.objects.all(), required=False, allow_null=True
    )
    interactions = serializers.PrimaryKeyRelatedField(
        queryset=Interaction.objects.all(), many=True, required=False
    )
    observations = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    keep_doing = serializers.CharField(max_length=10000)
    to_change = serializers.CharField(max_length=10000)
    agreed_behaviours = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    follow_up_on = serializers.DateField(required=False, allow_null=True)
    topic_state = serializers.ChoiceField(choices=TopicState.choices, required=False)
    window_weeks = serializers.IntegerField(min_value=1, max_value=26, required=False)


class ConfirmSerializer(serializers.Serializer):
    usefulness = serializers.IntegerField(
        min_value=USEFULNESS_RANGE[0], max_value=USEFULNESS_RANGE[1]
    )


def _effect_data(effect: Effect | None) -> dict[str, object] | None:
    if effect is None:
        return None
    return {
        "metric": effect.metric_code,
        "kind": effect.kind.value,
        "before": {
            "from": effect.windows.before_start,
            "to": effect.windows.before_end,
            "n": effect.before.n,
            "value": effect.before.mean,
        },
        "after": {
            "from": effect.windows.after_start,
            "to": effect.windows.after_end,
            "n": effect.after.n,
            "value": effect.after.mean,
        },
        "difference": effect.difference,
        "interval_95": None if effect.low is None else [effect.low, effect.high],
        "verdict": effect.verdict.value,
        "ready_on": effect.ready_on,
    }


def _session_data(session: CoachingSession, with_effect: bool = False) -> dict[str, object]:
    data: dict[str, object] = {
        "id": session.pk,
        "agent": session.agent_id,
        "coach": session.coach.display_name,
        "kind": session.kind,
        "held_on": session.held_on,
        "focus_metric": session.focus_metric or None,
        "focus_competency": session.focus_competency_id,
        "interactions": [interaction.pk for interaction in session.interactions.all()],
        "observations": session.observations,
        "keep_doing": session.keep_doing,
        "to_change": session.to_change,
        "agreed_behaviours": session.agreed_behaviours,
        "follow_up_on": session.follow_up_on,
        "topic_state": session.topic_state,
        "window_weeks": session.window_weeks,
        "confirmed_at": session.confirmed_at,
        "usefulness": session.usefulness,
    }
    if with_effect:
        data["effect"] = _effect_data(selectors.session_effect(session, timezone.localdate()))
    return data


SESSION_RESPONSE = inline_serializer(
    "CoachingSessionRecord",
    {
        "id": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "held_on": serializers.DateField(),
        "focus_metric": serializers.CharField(allow_null=True),
        "keep_doing": serializers.CharField(),
        "to_change": serializers.CharField(),
        "topic_state": serializers.CharField(),
        "effect": serializers.DictField(allow_null=True),
    },
)


def _readable_person(request, pk: int):
    person = person_for_user_or_404(request.user, pk)
    if not can_read_coaching(request.user, person):
        raise NotFound
    return person


def _readable_session(request, pk: int) -> CoachingSession:
    session = (
        CoachingSession.objects.select_related("agent", "coach__person")
        .prefetch_related("interactions")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise NotFound
    _readable_person(request, session.agent_id)
    return session


class PersonSessionList(APIView):
    """An agent's coaching sessions (the agent, whoever reads their development or coaches
    them); logging one (their coaches)."""

    @extend_schema(summary="An agent's coaching sessions, newest first", responses=SESSION_RESPONSE)
    def get(self, request, pk: int):
        person = _readable_person(request, pk)
        paginator = PageNumberPagination()
        sessions = selectors.person_sessions(person).prefetch_related("interactions")
        page = paginator.paginate_queryset(sessions, request, view=self)
        return paginator.get_paginated_response([_session_data(s) for s in page or []])

    @extend_schema(
        summary="Log a coaching session with the agent",
        request=SessionSerializer,
        responses={201: SESSION_RESPONSE},
    )
    def post(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk)
        serializer = SessionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        session = service_call(lambda: session_record(actor=request.user, agent=person, **data))
        return Response(_session_data(session, with_effect=True), status=status.HTTP_201_CREATED)


class SessionDetail(APIView):
    @extend_schema(
        summary="A coaching session with its measured effect", responses=SESSION_RESPONSE
    )
    def get(self, request, pk: int):
        return Response(_session_data(_readable_session(request, pk), with_effect=True))


class SessionConfirm(APIView):
    """The agent confirms the session took place and rates its usefulness (1–5)."""

    @extend_schema(
        summary="Confirm a coaching session and rate it",
        request=ConfirmSerializer,
        responses=SESSION_RESPONSE,
    )
    def post(self, request, pk: int):
        session = _readable_session(request, pk)
        if request.user.person_id != session.agent_id:
            raise PermissionDenied
        serializer = ConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        usefulness = serializer.validated_data["usefulness"]
        session = service_call(
            lambda: session_confirm(actor=request.user, session=session, usefulness=usefulness)
        )
        return Response(_session_data(session, with_effect=True))
