"""Recognition over the API: kudos and customer compliments, under the same policy and
services as the pages."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import can_enter_compliments, compliment_agents_for
from floorwalk.core.api_errors import service_call
from floorwalk.development.cadence_api import _paginated
from floorwalk.experience import recognition_selectors as selectors
from floorwalk.experience.models import Compliment, Kudos, KudosValue
from floorwalk.experience.recognition_services import compliment_record, kudos_give
from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Person


class KudosSerializer(serializers.Serializer):
    given_to = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    value = serializers.ChoiceField(choices=KudosValue.choices)
    message = serializers.CharField(max_length=2000)


class ComplimentSerializer(serializers.Serializer):
    agent = serializers.IntegerField()
    received_on = serializers.DateField()
    text = serializers.CharField(max_length=5000)
    interaction = serializers.IntegerField(required=False, allow_null=True)


def _kudos_data(kudos: Kudos) -> dict[str, object]:
    return {
        "id": kudos.pk,
        "given_by": kudos.given_by_id,
        "given_to": kudos.given_to_id,
        "value": kudos.value,
        "message": kudos.message,
        "created_at": kudos.created_at,
    }


def _compliment_data(compliment: Compliment) -> dict[str, object]:
    return {
        "id": compliment.pk,
        "agent": compliment.agent_id,
        "interaction": compliment.interaction_id,
        "received_on": compliment.received_on,
        "text": compliment.text,
        "source": compliment.source,
        "external_id": compliment.external_id,
    }


KUDOS_RESPONSE = inline_serializer(
    "KudosRecord",
    {
        "id": serializers.IntegerField(),
        "given_by": serializers.IntegerField(),
        "given_to": serializers.IntegerField(),
        "value": serializers.CharField(),
        "message": serializers.CharField(),
        "created_at": serializers.DateTimeField(),
    },
)
COMPLIMENT_RESPONSE = inline_serializer(
    "ComplimentRecord",
    {
        "id": serializers.IntegerField(),
        "agent": serializers.IntegerField(),
        "interaction": serializers.IntegerField(allow_null=True),
        "received_on": serializers.DateField(),
        "text": serializers.CharField(),
        "source": serializers.CharField(),
        "external_id": serializers.CharField(),
    },
)


class KudosList(APIView):
    """Kudos this user reads (given, received, on the walls they read); sending kudos."""

    @extend_schema(summary="Kudos you read, newest first", responses=KUDOS_RESPONSE)
    def get(self, request):
        return _paginated(self, request, selectors.kudos_for(request.user), _kudos_data)

    @extend_schema(
        summary="Send kudos to a colleague",
        request=KudosSerializer,
        responses={201: KUDOS_RESPONSE},
    )
    def post(self, request):
        if request.user.person_id is None:
            raise NotFound
        serializer = KudosSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kudos = service_call(
            lambda: kudos_give(
                actor=request.user,
                to=data["given_to"],
                value=data["value"],
                message=data["message"],
            )
        )
        return Response(_kudos_data(kudos), status=status.HTTP_201_CREATED)


class ComplimentList(APIView):
    """Customer compliments this user reads; recording one (team leaders, QA, admins)."""

    @extend_schema(summary="Customer compliments you read", responses=COMPLIMENT_RESPONSE)
    def get(self, request):
        found = selectors.compliments_for(request.user).order_by("-received_on", "-pk")
        return _paginated(self, request, found, _compliment_data)

    @extend_schema(
        summary="Record a customer compliment for an agent",
        request=ComplimentSerializer,
        responses={201: COMPLIMENT_RESPONSE},
    )
    def post(self, request):
        if not can_enter_compliments(request.user):
            raise PermissionDenied
        serializer = ComplimentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agent = compliment_agents_for(request.user).filter(pk=data["agent"]).first()
        if agent is None:
            raise serializers.ValidationError(
                {"agent": ["You may not record compliments for this person."]}
            )
        interaction = None
        if data.get("interaction") is not None:
            interaction = Interaction.objects.filter(pk=data["interaction"], agent=agent).first()
            if interaction is None:
                raise serializers.ValidationError(
                    {"interaction": ["No interaction of this agent has this id."]}
                )
        compliment = service_call(
            lambda: compliment_record(
                actor=request.user,
                agent=agent,
                received_on=data["received_on"],
                text=data["text"],
                interaction=interaction,
            )
        )
        return Response(_compliment_data(compliment), status=status.HTTP_201_CREATED)
