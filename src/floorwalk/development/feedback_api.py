"""Continuous feedback over the API: the feedback this user reads, giving it, and requests,
under the same policy and services as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.core.api_errors import service_call
from floorwalk.development import feedback_selectors as selectors
from floorwalk.development.cadence_api import _paginated
from floorwalk.development.feedback_services import feedback_give, feedback_request
from floorwalk.development.followup_services import FeedbackItem
from floorwalk.development.models import Feedback, FeedbackKind, FeedbackRequest
from floorwalk.org.models import Person


class FeedbackSerializer(serializers.Serializer):
    given_to = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    kind = serializers.ChoiceField(choices=FeedbackKind.choices)
    text = serializers.CharField(max_length=5000)
    situation = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    behaviour = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    impact = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    answers = serializers.IntegerField(required=False)


class FeedbackRequestSerializer(serializers.Serializer):
    asked = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    topic = serializers.CharField(max_length=500)


def _feedback_data(feedback: Feedback) -> dict[str, object]:
    return {
        "id": feedback.pk,
        "given_by": feedback.given_by_id,
        "given_to": feedback.given_to_id,
        "kind": feedback.kind,
        "text": feedback.text,
        "situation": feedback.situation,
        "behaviour": feedback.behaviour,
        "impact": feedback.impact,
        "answers": feedback.answers_id,
        "created_at": feedback.created_at,
    }


def _request_data(ask: FeedbackRequest) -> dict[str, object]:
    return {
        "id": ask.pk,
        "requested_by": ask.requested_by_id,
        "asked": ask.asked_id,
        "topic": ask.topic,
        "answered_at": ask.answered_at,
    }


FEEDBACK_RESPONSE = inline_serializer(
    "FeedbackRecord",
    {
        "id": serializers.IntegerField(),
        "given_by": serializers.IntegerField(),
        "given_to": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "text": serializers.CharField(),
        "situation": serializers.CharField(),
        "behaviour": serializers.CharField(),
        "impact": serializers.CharField(),
        "answers": serializers.IntegerField(allow_null=True),
        "created_at": serializers.DateTimeField(),
    },
)
REQUEST_RESPONSE = inline_serializer(
    "FeedbackRequestRecord",
    {
        "id": serializers.IntegerField(),
        "requested_by": serializers.IntegerField(),
        "asked": serializers.IntegerField(),
        "topic": serializers.CharField(),
        "answered_at": serializers.DateTimeField(allow_null=True),
    },
)


class FeedbackList(APIView):
    """Feedback this user reads (given, received, received by those they lead); giving it."""

    @extend_schema(summary="Feedback you read, newest first", responses=FEEDBACK_RESPONSE)
    def get(self, request):
        return _paginated(self, request, selectors.feedback_for(request.user), _feedback_data)

    @extend_schema(
        summary="Give feedback to a colleague",
        request=FeedbackSerializer,
        responses={201: FEEDBACK_RESPONSE},
    )
    def post(self, request):
        if request.user.person_id is None:
            raise NotFound
        serializer = FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        to = data["given_to"]
        answers = None
        if "answers" in data:
            answers = (
                selectors.requests_to_me(request.user)
                .filter(pk=data["answers"], answered_at__isnull=True)
                .first()
            )
            if answers is None:
                raise serializers.ValidationError(
                    {"answers": [_("No open request made to you has this id.")]}
                )
        item = FeedbackItem(
            kind=data["kind"],
            text=data["text"],
            situation=data.get("situation", ""),
            behaviour=data.get("behaviour", ""),
            impact=data.get("impact", ""),
        )
        feedback = service_call(
            lambda: feedback_give(actor=request.user, to=to, item=item, answers=answers)
        )
        return Response(_feedback_data(feedback), status=status.HTTP_201_CREATED)


class FeedbackRequestList(APIView):
    """Feedback requests made by or to this user; asking a colleague for feedback."""

    @extend_schema(summary="Feedback requests by or to you", responses=REQUEST_RESPONSE)
    def get(self, request):
        asks = selectors.requests_by_me(request.user) | selectors.requests_to_me(request.user)
        return _paginated(self, request, asks.order_by("-created_at", "-pk"), _request_data)

    @extend_schema(
        summary="Ask a colleague for feedback",
        request=FeedbackRequestSerializer,
        responses={201: REQUEST_RESPONSE},
    )
    def post(self, request):
        if request.user.person_id is None:
            raise NotFound
        serializer = FeedbackRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ask = service_call(
            lambda: feedback_request(actor=request.user, of=data["asked"], topic=data["topic"])
        )
        return Response(_request_data(ask), status=status.HTTP_201_CREATED)
