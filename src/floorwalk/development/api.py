"""An agent's stage over the API: the same policy, evidence and service as the page."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import Access, Aspect, can_access_person, person_for_user_or_404
from floorwalk.development import selectors
from floorwalk.development.evidence import stage_review
from floorwalk.development.models import Playbook, Stage, StageAssignment
from floorwalk.development.services import StageReasonRequiredError, stage_confirm


def _assignment_data(assignment: StageAssignment) -> dict[str, object]:
    return {
        "stage": assignment.stage,
        "proposed_stage": assignment.proposed_stage or None,
        "reason": assignment.reason,
        "set_at": assignment.set_at,
        "set_by": assignment.set_by.username,
    }


def _playbook_data(playbook: Playbook | None) -> dict[str, object] | None:
    if playbook is None:
        return None
    return {
        "leadership_style": playbook.leadership_style,
        "qa_evaluations_per_month": playbook.qa_evaluations_per_month,
        "observations_per_month": playbook.observations_per_month,
        "one_to_ones_per_month": playbook.one_to_ones_per_month,
        "feedback_form": playbook.feedback_form,
        "latitude": playbook.latitude,
        "motivation_needs": playbook.motivation_needs,
    }


class StageConfirmSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


STAGE_RESPONSE = inline_serializer(
    "PersonStage",
    {
        "current": serializers.DictField(allow_null=True),
        "playbook": serializers.DictField(allow_null=True),
        "history": serializers.ListField(child=serializers.DictField()),
        "proposal": serializers.DictField(allow_null=True),
    },
)


class PersonStageView(APIView):
    """An agent's current stage, its playbook and history; for those who may set it, also
    what the evidence proposes, and setting it."""

    @extend_schema(summary="An agent's stage, playbook and history", responses=STAGE_RESPONSE)
    def get(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT)
        current = selectors.current_stage(person)
        data: dict[str, object] = {
            "current": _assignment_data(current) if current else None,
            "playbook": _playbook_data(selectors.playbook_for(current.stage) if current else None),
            "history": [_assignment_data(item) for item in selectors.stage_history(person)],
            "proposal": None,
        }
        if can_access_person(request.user, person, Aspect.DEVELOPMENT, Access.CHANGE):
            review = stage_review(person, today=timezone.localdate())
            data["proposal"] = {
                "stage": review.proposed,
                "evidence": review.record(),
                "missing_for_next": [
                    check.rule.value for check in review.proposal.missing_for_next
                ],
            }
        return Response(data)

    @extend_schema(
        summary="Confirm the proposed stage, or set another with a reason",
        request=StageConfirmSerializer,
        responses={201: STAGE_RESPONSE},
    )
    def post(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT)
        serializer = StageConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = stage_review(person, today=timezone.localdate())
        try:
            assignment = stage_confirm(
                actor=request.user,
                person=person,
                stage=Stage(serializer.validated_data["stage"]),
                proposed_stage=review.proposed,
                evidence=review.record(),
                reason=serializer.validated_data.get("reason", ""),
            )
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except StageReasonRequiredError as error:
            raise serializers.ValidationError({"reason": error.messages}) from None
        return Response(_assignment_data(assignment), status=status.HTTP_201_CREATED)
