"""Reviews over the API: the cycles, a cycle's reviews the user reads, a review as its reader
may see it, and the moves the pages offer (calibrate, release, acknowledge), under the same
policy and services as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    can_acknowledge_review,
    can_calibrate_review,
    can_open_review_cycle,
    can_write_review,
    can_write_reviews,
    review_feedback_kind_for,
)
from floorwalk.core.api_errors import service_call
from floorwalk.reviews import selectors, services
from floorwalk.reviews.models import Review, ReviewCycle, ReviewFeedback, ReviewTemplate


def _review_call(call):
    """A review service's errors for the API; a rule about where the review stands (draft,
    calibrated, released) names `status`."""
    return service_call(call, non_field_key="status")


def _readable_review(request, pk: int) -> Review:
    """The review, or 404 when it does not exist or the user may not read it: an agent reads
    only their own, and only once released."""
    review = selectors.reviews_for(request.user).filter(pk=pk).first()
    if review is None:
        raise NotFound
    return review


# ---- Cycles --------------------------------------------------------------------------------


def _cycle_data(cycle: ReviewCycle) -> dict[str, object]:
    return {
        "id": cycle.pk,
        "name": cycle.name,
        "template": cycle.template.name,
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
    }


def _review_summary(review: Review) -> dict[str, object]:
    return {
        "id": review.pk,
        "person": review.person_id,
        "person_name": review.person.display_name,
        "status": review.status,
        "final_overall": review.final_overall,
    }


CYCLE_FIELDS = {
    "id": serializers.IntegerField(),
    "name": serializers.CharField(),
    "template": serializers.CharField(),
    "period_start": serializers.DateField(),
    "period_end": serializers.DateField(),
}


class CycleOpenSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    template = serializers.PrimaryKeyRelatedField(queryset=ReviewTemplate.objects.all())
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class CycleList(APIView):
    """The review cycles, latest period first (everyone signed in; each cycle's reviews are
    filtered by who may read them); site managers and administrators open new ones."""

    @extend_schema(
        operation_id="v1_review_cycles_list",
        summary="Review cycles",
        responses=inline_serializer("ReviewCycleRecord", CYCLE_FIELDS),
    )
    def get(self, request):
        cycles = ReviewCycle.objects.select_related("template")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(cycles, request, view=self)
        return paginator.get_paginated_response([_cycle_data(cycle) for cycle in page or []])

    @extend_schema(
        operation_id="v1_review_cycles_open",
        summary="Open a review cycle",
        request=CycleOpenSerializer,
        responses={201: inline_serializer("ReviewCycleOpened", CYCLE_FIELDS)},
    )
    def post(self, request):
        if not can_open_review_cycle(request.user):
            raise PermissionDenied
        serializer = CycleOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cycle = _review_call(
            lambda: services.review_cycle_open(actor=request.user, **serializer.validated_data)
        )
        return Response(_cycle_data(cycle), status=status.HTTP_201_CREATED)


class CycleDetail(APIView):
    @extend_schema(
        summary="A review cycle with the reviews you may read",
        responses=inline_serializer(
            "ReviewCycleDetail",
            {
                **CYCLE_FIELDS,
                "reviews": inline_serializer(
                    "ReviewSummary",
                    {
                        "id": serializers.IntegerField(),
                        "person": serializers.IntegerField(),
                        "person_name": serializers.CharField(),
                        "status": serializers.CharField(),
                        "final_overall": serializers.FloatField(allow_null=True),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request, pk: int):
        cycle = ReviewCycle.objects.select_related("template").filter(pk=pk).first()
        if cycle is None:
            raise NotFound
        reviews = selectors.reviews_for(request.user).filter(cycle=cycle)
        return Response(
            {
                **_cycle_data(cycle),
                "reviews": [
                    _review_summary(review) for review in reviews.order_by("person__display_name")
                ],
            }
        )


def _review_data(review: Review, user) -> dict[str, object]:
    """The review as `user` sees it: the reviewed person never learns who gave anonymous peer
    or upward feedback (the giver is null)."""
    return {
        "id": review.pk,
        "cycle": review.cycle_id,
        "cycle_name": review.cycle.name,
        "person": review.person_id,
        "person_name": review.person.display_name,
        "reviewer": review.reviewer.display_name,
        "status": review.status,
        "goal_attainment": review.goal_attainment,
        "goals_score": review.goals_score,
        "competencies_score": review.competencies_score,
        "leader_score": review.leader_score,
        "narrative": review.narrative,
        "overall": review.overall,
        "calibrated_overall": review.calibrated_overall,
        "calibration_reason": review.calibration_reason,
        "final_overall": review.final_overall,
        "released_at": review.released_at,
        "acknowledged_at": review.acknowledged_at,
        "feedback": [
            {
                "kind": item.code,
                "given_by": item.author or None,
                "rating": item.rating,
                "text": item.text,
            }
            for item in selectors.feedback_shown(review, user)
        ],
    }


REVIEW_RESPONSE = inline_serializer(
    "ReviewRecord",
    {
        "id": serializers.IntegerField(),
        "cycle": serializers.IntegerField(),
        "cycle_name": serializers.CharField(),
        "person": serializers.IntegerField(),
        "person_name": serializers.CharField(),
        "reviewer": serializers.CharField(),
        "status": serializers.CharField(),
        "goal_attainment": serializers.FloatField(allow_null=True),
        "goals_score": serializers.FloatField(allow_null=True),
        "competencies_score": serializers.FloatField(allow_null=True),
        "leader_score": serializers.FloatField(allow_null=True),
        "narrative": serializers.CharField(),
        "overall": serializers.FloatField(allow_null=True),
        "calibrated_overall": serializers.FloatField(allow_null=True),
        "calibration_reason": serializers.CharField(),
        "final_overall": serializers.FloatField(allow_null=True),
        "released_at": serializers.DateTimeField(allow_null=True),
        "acknowledged_at": serializers.DateTimeField(allow_null=True),
        "feedback": inline_serializer(
            "ReviewFeedbackRecord",
            {
                "kind": serializers.CharField(),
                "given_by": serializers.CharField(
                    allow_null=True, help_text="Null when anonymous to the reader."
                ),
                "rating": serializers.FloatField(),
                "text": serializers.CharField(),
            },
            many=True,
        ),
    },
)


class ReviewScoreSerializer(serializers.Serializer):
    goal_attainment = serializers.FloatField(
        required=False, allow_null=True, help_text="Goal attainment in %; rated by the template."
    )
    competencies_score = serializers.FloatField(
        required=False, allow_null=True, min_value=1.0, max_value=5.0
    )
    leader_score = serializers.FloatField(
        required=False, allow_null=True, min_value=1.0, max_value=5.0
    )
    narrative = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class ReviewDetail(APIView):
    @extend_schema(summary="A review as you may see it", responses=REVIEW_RESPONSE)
    def get(self, request, pk: int):
        return Response(_review_data(_readable_review(request, pk), request.user))

    @extend_schema(
        summary="Score a draft review: the reviewer's parts (fields left out stay)",
        request=ReviewScoreSerializer,
        responses=REVIEW_RESPONSE,
    )
    def patch(self, request, pk: int):
        review = _readable_review(request, pk)
        if not can_write_review(request.user, review.person):
            raise PermissionDenied
        serializer = ReviewScoreSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        parts = {
            "goal_attainment": review.goal_attainment,
            "competencies_score": review.competencies_score,
            "leader_score": review.leader_score,
            "narrative": review.narrative,
            **serializer.validated_data,
        }
        review = _review_call(
            lambda: services.review_score(actor=request.user, review=review, **parts)
        )
        return Response(_review_data(review, request.user))


class ReviewFeedbackSerializer(serializers.Serializer):
    rating = serializers.FloatField(min_value=1.0, max_value=5.0)
    text = serializers.CharField(max_length=10000)


class ReviewFeedbackCreate(APIView):
    """A self-assessment (the reviewed person), peer feedback (a teammate) or upward feedback
    (an agent of a team the person leads) for a draft review; once each."""

    @extend_schema(
        summary="Give your feedback for a draft review",
        request=ReviewFeedbackSerializer,
        responses={
            201: inline_serializer(
                "ReviewFeedbackGiven",
                {
                    "review": serializers.IntegerField(),
                    "kind": serializers.CharField(),
                    "rating": serializers.FloatField(),
                    "text": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request, pk: int):
        review = Review.objects.select_related("person", "cycle__template").filter(pk=pk).first()
        if review is None:
            raise NotFound
        if review_feedback_kind_for(request.user, review.person) is None:
            if selectors.reviews_for(request.user).filter(pk=review.pk).exists():
                raise PermissionDenied
            raise NotFound
        serializer = ReviewFeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        feedback: ReviewFeedback = _review_call(
            lambda: services.review_feedback_give(
                actor=request.user, review=review, rating=data["rating"], text=data["text"]
            )
        )
        return Response(
            {
                "review": review.pk,
                "kind": feedback.kind,
                "rating": feedback.rating,
                "text": feedback.text,
            },
            status=status.HTTP_201_CREATED,
        )


class ReviewStartSerializer(serializers.Serializer):
    person = serializers.IntegerField()


class CycleReviewCreate(APIView):
    """Starting a person's review in a cycle (their team leader, the site manager,
    administrators), its goal and competency parts filled from the data."""

    @extend_schema(
        summary="Start a review of a person in the cycle",
        request=ReviewStartSerializer,
        responses={201: REVIEW_RESPONSE},
    )
    def post(self, request, pk: int):
        cycle = ReviewCycle.objects.select_related("template").filter(pk=pk).first()
        if cycle is None:
            raise NotFound
        if not can_write_reviews(request.user):
            raise PermissionDenied
        serializer = ReviewStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = (
            selectors.reviewable_people(request.user, cycle)
            .filter(pk=serializer.validated_data["person"])
            .first()
        )
        if person is None or not can_write_review(request.user, person):
            raise serializers.ValidationError(
                {"person": [_("No one you may review by that id without a review in this cycle.")]}
            )
        review = _review_call(
            lambda: services.review_start(actor=request.user, cycle=cycle, person=person)
        )
        return Response(_review_data(review, request.user), status=status.HTTP_201_CREATED)


# ---- One review ----------------------------------------------------------------------------


class ReviewCalibrationSerializer(serializers.Serializer):
    overall = serializers.FloatField(
        min_value=1.0,
        max_value=5.0,
        allow_null=True,
        help_text="The calibrated overall rating (1–5); null confirms the computed one.",
    )
    reason = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text="Why the overall rating changes; required when it does.",
    )


class ReviewCalibrate(APIView):
    """A manager's calibration of a draft review (site managers of the person's site,
    administrators)."""

    @extend_schema(
        summary="Calibrate a draft review: confirm or adjust its overall rating",
        request=ReviewCalibrationSerializer,
        responses=REVIEW_RESPONSE,
    )
    def post(self, request, pk: int):
        review = _readable_review(request, pk)
        if not can_calibrate_review(request.user, review.person):
            raise PermissionDenied
        serializer = ReviewCalibrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review = _review_call(
            lambda: services.review_calibrate(
                actor=request.user,
                review=review,
                overall=data["overall"],
                reason=data.get("reason", ""),
            )
        )
        return Response(_review_data(review, request.user))


class ReviewRelease(APIView):
    @extend_schema(
        summary="Release a calibrated review to the agent (those who write it)",
        request=None,
        responses=REVIEW_RESPONSE,
    )
    def post(self, request, pk: int):
        review = _readable_review(request, pk)
        if not can_write_review(request.user, review.person):
            raise PermissionDenied
        review = _review_call(lambda: services.review_release(actor=request.user, review=review))
        return Response(_review_data(review, request.user))


class ReviewAcknowledge(APIView):
    @extend_schema(
        summary="Acknowledge your released review (the reviewed person)",
        request=None,
        responses=REVIEW_RESPONSE,
    )
    def post(self, request, pk: int):
        review = _readable_review(request, pk)
        if not can_acknowledge_review(request.user, review.person):
            raise PermissionDenied
        review = _review_call(
            lambda: services.review_acknowledge(actor=request.user, review=review)
        )
        return Response(_review_data(review, request.user))
