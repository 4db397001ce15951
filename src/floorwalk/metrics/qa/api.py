"""QA over the API: evaluations the caller may read, and disputing one's own evaluation."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import can_dispute
from floorwalk.metrics.models import QaDispute, QaEvaluation, QaItemScore
from floorwalk.metrics.qa import selectors, services


class ItemScoreSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = QaItemScore
        fields = ["item", "answer", "comment"]


class DisputeSerializer(serializers.ModelSerializer):
    class Meta:
        model = QaDispute
        fields = ["status", "reason", "resolution", "score_before", "score_after", "resolved_at"]


class EvaluationSerializer(serializers.ModelSerializer):
    agent = serializers.IntegerField(source="interaction.agent_id", read_only=True)
    interaction = serializers.CharField(source="interaction.external_id", read_only=True)
    form = serializers.CharField(source="form_version.form.name", read_only=True)
    form_version = serializers.IntegerField(source="form_version.number", read_only=True)
    evaluator = serializers.CharField(source="evaluator.employee_number", read_only=True)
    dispute = DisputeSerializer(read_only=True)

    class Meta:
        model = QaEvaluation
        fields = [
            "id",
            "agent",
            "interaction",
            "form",
            "form_version",
            "evaluator",
            "evaluated_at",
            "score",
            "critical_failed",
            "comment",
            "source",
            "external_id",
            "dispute",
        ]


class EvaluationDetailSerializer(EvaluationSerializer):
    answers = ItemScoreSerializer(many=True, read_only=True)

    class Meta(EvaluationSerializer.Meta):
        fields = [*EvaluationSerializer.Meta.fields, "answers"]


class EvaluationQuerysetMixin:
    def get_queryset(self):
        return selectors.evaluations_visible_to(self.request.user)


@extend_schema(summary="QA evaluations of the agents the caller may see, newest first")
class EvaluationList(EvaluationQuerysetMixin, ListAPIView):
    serializer_class = EvaluationSerializer


@extend_schema(summary="One QA evaluation with its item answers")
class EvaluationDetail(EvaluationQuerysetMixin, RetrieveAPIView):
    serializer_class = EvaluationDetailSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("answers__item")


class DisputeRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


@extend_schema(
    summary="Dispute one's own evaluation",
    request=DisputeRequestSerializer,
    responses={201: DisputeSerializer},
)
class EvaluationDispute(APIView):
    def post(self, request, pk: int):
        evaluation = get_object_or_404(selectors.evaluations_visible_to(request.user), pk=pk)
        if not can_dispute(request.user, evaluation.interaction.agent):
            raise PermissionDenied
        payload = DisputeRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            dispute = services.qa_dispute_raise(
                actor=request.user, evaluation=evaluation, reason=payload.validated_data["reason"]
            )
        except ValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else error.messages
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        return Response(DisputeSerializer(dispute).data, status=status.HTTP_201_CREATED)
