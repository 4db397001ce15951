"""Boundary incidents over the API: the incidents a user sees, flagging one of one's own
contacts, and the leader's follow-up that closes it."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.core.api_errors import service_call
from floorwalk.development.cadence_api import _paginated
from floorwalk.experience import boundary_selectors as selectors
from floorwalk.experience.boundary_services import boundary_incident_close, boundary_incident_flag
from floorwalk.experience.models import BoundaryIncident, CustomerAction, IncidentKind
from floorwalk.metrics.models import Interaction


class IncidentSerializer(serializers.Serializer):
    interaction = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    description = serializers.CharField(max_length=5000)


class IncidentCloseSerializer(serializers.Serializer):
    support_given = serializers.CharField(max_length=5000)
    customer_action = serializers.ChoiceField(choices=CustomerAction.choices)


def _incident_data(incident: BoundaryIncident) -> dict[str, object]:
    return {
        "id": incident.pk,
        "agent": incident.agent_id,
        "interaction": incident.interaction_id,
        "kind": incident.kind,
        "description": incident.description,
        "status": incident.status,
        "support_given": incident.support_given,
        "customer_action": incident.customer_action,
        "created_at": incident.created_at,
        "closed_at": incident.closed_at,
    }


INCIDENT_RESPONSE = inline_serializer(
    "BoundaryIncidentRecord",
    {
        "id": serializers.IntegerField(),
        "agent": serializers.IntegerField(),
        "interaction": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "description": serializers.CharField(),
        "status": serializers.CharField(),
        "support_given": serializers.CharField(),
        "customer_action": serializers.CharField(),
        "created_at": serializers.DateTimeField(),
        "closed_at": serializers.DateTimeField(allow_null=True),
    },
)


def own_interaction_or_invalid(user, pk: int) -> Interaction:
    """One of the user's own contacts by its id, or a 400 naming the field: incidents and
    grants are recorded on one's own contacts only."""
    interaction = Interaction.objects.filter(pk=pk, agent_id=user.person_id).first()
    if interaction is None:
        raise serializers.ValidationError(
            {"interaction": ["None of your interactions has this id."]}
        )
    return interaction


class IncidentList(APIView):
    """Incidents this user sees (their own, the agents they lead); flagging a contact."""

    @extend_schema(summary="Boundary incidents you see, newest first", responses=INCIDENT_RESPONSE)
    def get(self, request):
        return _paginated(self, request, selectors.incidents_for(request.user), _incident_data)

    @extend_schema(
        summary="Flag one of your own contacts as abusive or boundary-crossing",
        request=IncidentSerializer,
        responses={201: INCIDENT_RESPONSE},
    )
    def post(self, request):
        if request.user.person_id is None:
            raise NotFound
        serializer = IncidentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        interaction = own_interaction_or_invalid(request.user, data["interaction"])
        incident = service_call(
            lambda: boundary_incident_flag(
                actor=request.user,
                interaction=interaction,
                kind=data["kind"],
                description=data["description"],
            )
        )
        return Response(_incident_data(incident), status=status.HTTP_201_CREATED)


class IncidentClose(APIView):
    """The leader's follow-up: the support given, the customer-side action; closes it."""

    @extend_schema(
        summary="Record the follow-up of an incident and close it",
        request=IncidentCloseSerializer,
        responses=INCIDENT_RESPONSE,
    )
    def post(self, request, pk: int):
        incident = selectors.incidents_for(request.user).filter(pk=pk).first()
        if incident is None:
            raise NotFound
        serializer = IncidentCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        closed = service_call(
            lambda: boundary_incident_close(
                actor=request.user,
                incident=incident,
                support_given=data["support_given"],
                customer_action=data["customer_action"],
            )
        )
        return Response(_incident_data(closed))
