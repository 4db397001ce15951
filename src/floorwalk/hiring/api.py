"""Hiring over the API: the same policy, selectors and services as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListCreateAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    Feature,
    candidate_for_user_or_404,
    candidates_for,
    has_feature,
    hiring_sites_for,
    hiring_teams_for,
)
from floorwalk.development.models import LEVELS, Competency
from floorwalk.hiring import selectors, services
from floorwalk.hiring.models import Candidate, CandidateStatus, Interview, Recommendation
from floorwalk.org.models import Site, Team


def _service_errors(error: ValidationError) -> dict[str, list[str]]:
    """A service's refusal as DRF's 400 body: messages by the field they concern."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


class CandidateSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "site",
            "team",
            "applied_on",
            "status",
            "decision_note",
            "decided_by",
            "decided_at",
            "person",
            "created_by",
        ]
        read_only_fields = fields


class CandidateCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.none())
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(), required=False, allow_null=True, default=None
    )
    applied_on = serializers.DateField(required=False)

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The schema is built without a caller: then no site is offered.
        sites = hiring_sites_for(user) if user is not None else Site.objects.none()
        self.fields["site"].queryset = sites
        self.fields["team"].queryset = Team.objects.filter(site__in=sites)


class InterviewRatingSerializer(serializers.Serializer):
    competency = serializers.PrimaryKeyRelatedField(queryset=Competency.objects.all())
    competency_name = serializers.CharField(source="competency.name", read_only=True)
    level = serializers.IntegerField(min_value=LEVELS[0], max_value=LEVELS[1])
    evidence = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class InterviewSerializer(serializers.ModelSerializer):
    interviewer = serializers.CharField(source="interviewer.username", read_only=True)
    ratings = InterviewRatingSerializer(many=True, read_only=True)

    class Meta:
        model = Interview
        fields = ["id", "interviewer", "held_on", "recommendation", "notes", "ratings"]
        read_only_fields = fields


class InterviewCreateSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    ratings = InterviewRatingSerializer(many=True, required=False, default=list)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Recommendation.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    employee_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=50
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(), required=False, allow_null=True, default=None
    )
    hire_date = serializers.DateField(required=False, allow_null=True, default=None)
    email = serializers.EmailField(required=False, allow_blank=True, default="")

    def __init__(self, *args, teams=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()

    def validate(self, attrs):
        if attrs["decision"] == Recommendation.HIRE:
            errors = {}
            if not attrs["employee_number"].strip():
                errors["employee_number"] = [_required_for_hire()]
            if attrs["hire_date"] is None:
                errors["hire_date"] = [_required_for_hire()]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs

    def hire_details(self) -> services.HireDetails | None:
        data = self.validated_data
        if data["decision"] != Recommendation.HIRE:
            return None
        return services.HireDetails(
            employee_number=data["employee_number"],
            hire_date=data["hire_date"],
            team=data["team"],
            email=data["email"],
        )


def _required_for_hire() -> str:
    return _("A hire needs this.")


def _detail_data(candidate: Candidate) -> dict[str, object]:
    interviews = selectors.candidate_interviews(candidate)
    summary = selectors.candidate_summary(interviews)
    return {
        **CandidateSerializer(candidate).data,
        "interviews": InterviewSerializer(interviews, many=True).data,
        "summary": {
            "competencies": [
                {
                    "competency": row.competency.pk,
                    "name": row.competency.name,
                    "ratings": row.ratings,
                    "mean": row.mean,
                    "lowest": row.lowest,
                    "highest": row.highest,
                    "spread": row.spread,
                }
                for row in summary.competencies
            ],
            "recommendations": summary.recommendations,
        },
    }


def _require_hiring(user) -> None:
    if not has_feature(user, Feature.HIRING):
        raise PermissionDenied


class CandidateList(ListCreateAPIView):
    """Candidates of the sites the caller hires for; ?status= and ?site= filter them."""

    serializer_class = CandidateSerializer

    def get_queryset(self):
        _require_hiring(self.request.user)
        status_filter = self.request.query_params.get("status", "")
        site = self.request.query_params.get("site", "")
        if status_filter and status_filter not in CandidateStatus.values:
            raise serializers.ValidationError(
                {"status": [_("Not a status: use one of %s.") % ", ".join(CandidateStatus.values)]}
            )
        if site and not site.isdigit():
            raise serializers.ValidationError({"site": [_("A site id is a number.")]})
        return selectors.candidates_filtered(
            candidates_for(self.request.user),
            status=status_filter,
            site_id=int(site) if site else None,
        ).select_related("decided_by", "created_by")

    @extend_schema(
        summary="Add a candidate at a site the caller hires for",
        request=CandidateCreateSerializer,
        responses={201: CandidateSerializer},
    )
    def post(self, request, *args, **kwargs):
        _require_hiring(request.user)
        payload = CandidateCreateSerializer(data=request.data, user=request.user)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            candidate = services.candidate_create(
                actor=request.user,
                site=data["site"],
                name=data["name"],
                applied_on=data.get("applied_on") or timezone.localdate(),
                email=data["email"],
                phone=data["phone"],
                team=data["team"],
            )
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except ValidationError as error:
            return Response(_service_errors(error), status=status.HTTP_400_BAD_REQUEST)
        return Response(CandidateSerializer(candidate).data, status=status.HTTP_201_CREATED)


class CandidateDetailSerializer(CandidateSerializer):
    """The shape of a candidate's detail (the view fills it from the selectors)."""

    interviews = InterviewSerializer(many=True, read_only=True)
    summary = serializers.DictField(read_only=True)

    class Meta(CandidateSerializer.Meta):
        fields = [*CandidateSerializer.Meta.fields, "interviews", "summary"]
        read_only_fields = fields


class CandidateDetail(APIView):
    @extend_schema(
        summary="A candidate with interviews, ratings and their summary",
        responses=CandidateDetailSerializer,
    )
    def get(self, request, pk: int):
        return Response(_detail_data(candidate_for_user_or_404(request.user, pk)))


class CandidateInterviewCreate(APIView):
    @extend_schema(
        summary="Record an interview the caller held, with ratings of screening competencies",
        request=InterviewCreateSerializer,
        responses={201: InterviewSerializer},
    )
    def post(self, request, pk: int):
        candidate = candidate_for_user_or_404(request.user, pk)
        payload = InterviewCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            interview = services.interview_record(
                actor=request.user,
                candidate=candidate,
                held_on=data["held_on"],
                recommendation=Recommendation(data["recommendation"]),
                notes=data["notes"],
                ratings=[
                    services.RatingInput(
                        competency=rating["competency"],
                        level=rating["level"],
                        evidence=rating["evidence"],
                    )
                    for rating in data["ratings"]
                ],
            )
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except ValidationError as error:
            return Response(_service_errors(error), status=status.HTTP_400_BAD_REQUEST)
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


class CandidateDecision(APIView):
    @extend_schema(
        summary="Hire, reject or hold a candidate (a hire creates the person)",
        request=DecisionSerializer,
        responses={201: CandidateSerializer},
    )
    def post(self, request, pk: int):
        candidate = candidate_for_user_or_404(request.user, pk)
        payload = DecisionSerializer(
            data=request.data, teams=hiring_teams_for(request.user, candidate)
        )
        payload.is_valid(raise_exception=True)
        try:
            decided = services.candidate_decide(
                actor=request.user,
                candidate=candidate,
                decision=Recommendation(payload.validated_data["decision"]),
                note=payload.validated_data["note"],
                hire=payload.hire_details(),
            )
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except ValidationError as error:
            return Response(_service_errors(error), status=status.HTTP_400_BAD_REQUEST)
        return Response(CandidateSerializer(decided).data, status=status.HTTP_201_CREATED)
