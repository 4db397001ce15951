"""The competency framework and agents' assessments over the API: the same policy, selectors
and services as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response

from floorwalk.accounts.policy import (
    Aspect,
    assessable_people,
    assessment_source_for,
    person_for_user_or_404,
)
from floorwalk.development import competency_selectors as selectors
from floorwalk.development.competency_services import assessment_record
from floorwalk.development.models import LEVELS, Assessment, Competency, CompetencyIndicator
from floorwalk.engine.metrics import METRICS_BY_CODE


class IndicatorSerializer(serializers.ModelSerializer):
    better_when = serializers.SerializerMethodField()

    class Meta:
        model = CompetencyIndicator
        fields = ["metric", "behaviour", "better_when"]

    def get_better_when(self, indicator: CompetencyIndicator) -> str | None:
        """Which way the linked metric is better (`higher`/`lower`); null for behaviours."""
        known = METRICS_BY_CODE.get(indicator.metric)
        return known.direction.value if known else None


class CompetencySerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)
    development_actions = serializers.SerializerMethodField()

    class Meta:
        model = Competency
        fields = [
            "id",
            "name",
            "definition",
            "benefit",
            "assessment_methods",
            "development_tools",
            "development_actions",
            "use",
            "target_level",
            "is_active",
            "indicators",
        ]

    def get_development_actions(self, competency: Competency) -> list[str]:
        return selectors.development_tool_lines(competency)


class CompetencyList(ListAPIView):
    """The competency framework; retired competencies with `?include_retired=true`."""

    serializer_class = CompetencySerializer

    def get_queryset(self):
        include = self.request.query_params.get("include_retired", "").lower() in ("1", "true")
        return selectors.competencies_list(include_retired=include)

    @extend_schema(
        summary="The competency framework",
        parameters=[OpenApiParameter("include_retired", bool, required=False)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CompetencyDetail(RetrieveAPIView):
    serializer_class = CompetencySerializer
    queryset = Competency.objects.prefetch_related("indicators")

    @extend_schema(summary="One competency: definition, indicators, methods and tools")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AssessmentSerializer(serializers.ModelSerializer):
    competency = serializers.PrimaryKeyRelatedField(queryset=Competency.objects.all())
    competency_name = serializers.CharField(source="competency.name", read_only=True)
    level = serializers.IntegerField(min_value=LEVELS[0], max_value=LEVELS[1])
    evidence = serializers.CharField(max_length=4000)
    assessed_on = serializers.DateField(required=False)
    assessed_by = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "competency",
            "competency_name",
            "level",
            "source",
            "evidence",
            "details",
            "assessed_by",
            "assessed_on",
        ]
        read_only_fields = ["source", "details"]

    def get_assessed_by(self, assessment: Assessment) -> str | None:
        return assessment.assessed_by.username if assessment.assessed_by else None


class PersonAssessments(ListAPIView):
    """An agent's competency assessments, newest first, for whoever reads their development
    (an agent: their own); recording one, for their team leader or their site's QA."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        person = person_for_user_or_404(self.request.user, self.kwargs["pk"], Aspect.DEVELOPMENT)
        return selectors.assessments_for_person(person)

    @extend_schema(summary="An agent's competency assessments")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Record a competency assessment (team leader or QA specialist)",
        request=AssessmentSerializer,
        responses={201: AssessmentSerializer},
    )
    def post(self, request, pk: int):
        person = assessable_people(request.user).filter(pk=pk).first()
        if person is None:
            raise Http404
        if assessment_source_for(request.user, person) is None:
            raise PermissionDenied
        serializer = AssessmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            assessment = assessment_record(
                actor=request.user,
                person=person,
                competency=data["competency"],
                level=data["level"],
                evidence=data["evidence"],
                assessed_on=data.get("assessed_on"),
            )
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)
