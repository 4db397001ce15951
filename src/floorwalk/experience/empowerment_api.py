"""Empowerment over the API: the grants a user sees, recording one, and the leader's
decision on a grant above the limit."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.core.api_errors import service_call
from floorwalk.development.cadence_api import _paginated
from floorwalk.experience import empowerment_selectors as selectors
from floorwalk.experience.boundary_api import own_interaction_or_invalid
from floorwalk.experience.empowerment_services import grant_decide, grant_record
from floorwalk.experience.models import EmpowermentGrant, GrantKind


class GrantSerializer(serializers.Serializer):
    interaction = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=GrantKind.choices)
    currency = serializers.CharField(max_length=3)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    reason = serializers.CharField(max_length=2000)


class GrantDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    reason = serializers.CharField(max_length=2000)


def _grant_data(grant: EmpowermentGrant) -> dict[str, object]:
    return {
        "id": grant.pk,
        "agent": grant.agent_id,
        "interaction": grant.interaction_id,
        "kind": grant.kind,
        "currency": grant.currency,
        "amount": str(grant.amount),
        "limit_applied": str(grant.limit_applied),
        "stage": grant.stage,
        "status": grant.status,
        "reason": grant.reason,
        "decision_reason": grant.decision_reason,
        "created_at": grant.created_at,
    }


GRANT_RESPONSE = inline_serializer(
    "GrantRecord",
    {
        "id": serializers.IntegerField(),
        "agent": serializers.IntegerField(),
        "interaction": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "currency": serializers.CharField(),
        "amount": serializers.CharField(),
        "limit_applied": serializers.CharField(),
        "stage": serializers.CharField(),
        "status": serializers.CharField(),
        "reason": serializers.CharField(),
        "decision_reason": serializers.CharField(),
        "created_at": serializers.DateTimeField(),
    },
)


class GrantList(APIView):
    """Grants this user sees (their own, the agents they lead); recording one."""

    @extend_schema(summary="Grants you see, newest first", responses=GRANT_RESPONSE)
    def get(self, request):
        return _paginated(self, request, selectors.grants_for(request.user), _grant_data)

    @extend_schema(
        summary="Record what you granted a customer on one of your contacts",
        request=GrantSerializer,
        responses={201: GRANT_RESPONSE},
    )
    def post(self, request):
        if request.user.person_id is None:
            raise NotFound
        serializer = GrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        interaction = own_interaction_or_invalid(request.user, data["interaction"])
        grant = service_call(
            lambda: grant_record(
                actor=request.user,
                interaction=interaction,
                kind=data["kind"],
                currency=data["currency"],
                amount=data["amount"],
                reason=data["reason"],
            )
        )
        return Response(_grant_data(grant), status=status.HTTP_201_CREATED)


class GrantDecision(APIView):
    """The leader approves or rejects a grant above the agent's limit, with a reason."""

    @extend_schema(
        summary="Approve or reject a grant waiting for you",
        request=GrantDecisionSerializer,
        responses=GRANT_RESPONSE,
    )
    def post(self, request, pk: int):
        grant = selectors.grants_for(request.user).filter(pk=pk).first()
        if grant is None:
            raise NotFound
        serializer = GrantDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decided = service_call(
            lambda: grant_decide(
                actor=request.user,
                grant=grant,
                approve=data["decision"] == "approve",
                reason=data["reason"],
            )
        )
        return Response(_grant_data(decided))
