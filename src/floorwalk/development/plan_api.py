"""Development plans and activities over the API: the plan with the gaps it starts from, adding
an action and moving its status; an agent's activities, assigning and evaluating one. The same
policy and services as the pages."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    can_edit_development_plan,
    can_read_development_plan,
    person_for_user_or_404,
)
from floorwalk.core.api_errors import service_call
from floorwalk.development import plan_selectors as selectors
from floorwalk.development.activity_services import activity_assign, activity_evaluate
from floorwalk.development.models import (
    Activity,
    ActivityKind,
    DevelopmentPlan,
    PlanAction,
    PlanActionKind,
    PlanActionStatus,
)
from floorwalk.development.plan_services import (
    GAP_MAX_LENGTH,
    plan_action_add,
    plan_action_set_status,
)
from floorwalk.org.models import Person


def _readable_person(request, pk: int) -> Person:
    """The agent whose plan and activities the user reads; 404 for anyone else (no leak)."""
    person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT, Access.READ)
    if not can_read_development_plan(request.user, person):
        raise NotFound
    return person


# ---- Development plans ---------------------------------------------------------------------


class PlanActionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanActionKind.choices)
    description = serializers.CharField(max_length=5000)
    gap = serializers.CharField(
        max_length=GAP_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="The gap the action answers: a competency or metric name from the plan's gaps, "
        "or any other.",
    )
    due_on = serializers.DateField()


class PlanActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanActionStatus.choices)


def _action_data(action: PlanAction) -> dict[str, object]:
    return {
        "id": action.pk,
        "kind": action.kind,
        "description": action.description,
        "gap": action.gap,
        "due_on": action.due_on,
        "status": action.status,
        "done_at": action.done_at,
        "overdue": action.is_open and action.due_on < timezone.localdate(),
    }


def _plan_data(request, person: Person) -> dict[str, object]:
    today = timezone.localdate()
    gaps = selectors.plan_gaps(person, today)
    plan = DevelopmentPlan.objects.filter(person=person).select_related("owner__person").first()
    return {
        "person": person.pk,
        "person_name": person.display_name,
        "owner": plan.owner.display_name if plan is not None and plan.owner else None,
        "can_edit": can_edit_development_plan(request.user, person),
        "gaps": {
            "competencies": [
                {
                    "competency": suggestion.competency.pk,
                    "name": suggestion.competency.name,
                    "level": suggestion.level,
                    "target": suggestion.target,
                    "gap": suggestion.gap,
                    "development_actions": suggestion.actions,
                }
                for suggestion in gaps.competencies
            ],
            "metrics": [
                {"metric": gap.code, "name": gap.label, "value": gap.value, "status": gap.status}
                for gap in gaps.metrics
            ],
        },
        "actions": [_action_data(action) for action in selectors.plan_actions(person)],
    }


class PlanActionRecordSerializer(serializers.Serializer):
    """A plan action as the API gives it (for the schema)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    description = serializers.CharField()
    gap = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    done_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()


PLAN_ACTION_RESPONSE = PlanActionRecordSerializer

PLAN_RESPONSE = inline_serializer(
    "DevelopmentPlanRecord",
    {
        "person": serializers.IntegerField(),
        "person_name": serializers.CharField(),
        "owner": serializers.CharField(allow_null=True),
        "can_edit": serializers.BooleanField(),
        "gaps": inline_serializer(
            "PlanGaps",
            {
                "competencies": inline_serializer(
                    "PlanCompetencyGap",
                    {
                        "competency": serializers.IntegerField(),
                        "name": serializers.CharField(),
                        "level": serializers.IntegerField(),
                        "target": serializers.IntegerField(),
                        "gap": serializers.IntegerField(),
                        "development_actions": serializers.ListField(child=serializers.CharField()),
                    },
                    many=True,
                ),
                "metrics": inline_serializer(
                    "PlanMetricGap",
                    {
                        "metric": serializers.CharField(),
                        "name": serializers.CharField(),
                        "value": serializers.FloatField(),
                        "status": serializers.CharField(),
                    },
                    many=True,
                ),
            },
        ),
        "actions": PlanActionRecordSerializer(many=True),
    },
)


class PersonPlanView(APIView):
    """An agent's development plan: the gaps it starts from and its actions (the agent, their
    mentor and those who lead them)."""

    @extend_schema(
        summary="An agent's development plan with its gaps and actions", responses=PLAN_RESPONSE
    )
    def get(self, request, pk: int):
        return Response(_plan_data(request, _readable_person(request, pk)))


class PlanActionCreate(APIView):
    @extend_schema(
        summary="Add an action to the agent's plan (those who lead the agent)",
        request=PlanActionSerializer,
        responses={201: PLAN_ACTION_RESPONSE},
    )
    def post(self, request, pk: int):
        person = _readable_person(request, pk)
        serializer = PlanActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action = service_call(
            lambda: plan_action_add(
                actor=request.user,
                person=person,
                kind=data["kind"],
                description=data["description"],
                due_on=data["due_on"],
                gap=data.get("gap", ""),
            )
        )
        return Response(_action_data(action), status=status.HTTP_201_CREATED)


class PlanActionDetail(APIView):
    """Moving a plan action to another status (planned, in progress, done, dropped)."""

    @extend_schema(
        summary="Change a plan action's status (those who lead the agent)",
        request=PlanActionStatusSerializer,
        responses=PLAN_ACTION_RESPONSE,
    )
    def patch(self, request, pk: int):
        action = PlanAction.objects.select_related("plan__person").filter(pk=pk).first()
        if action is None or not can_read_development_plan(request.user, action.plan.person):
            raise NotFound
        if not can_edit_development_plan(request.user, action.plan.person):
            raise PermissionDenied
        serializer = PlanActionStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new_status = serializer.validated_data["status"]
        action = service_call(
            lambda: plan_action_set_status(actor=request.user, action=action, status=new_status)
        )
        return Response(_action_data(action))


# ---- Activities ----------------------------------------------------------------------------


class ActivityAssignSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ActivityEvaluationSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=5000)


def _activity_data(activity: Activity) -> dict[str, object]:
    return {
        "id": activity.pk,
        "person": activity.person_id,
        "title": activity.title,
        "kind": activity.kind,
        "description": activity.description,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "assigned_by": activity.assigned_by.display_name if activity.assigned_by else None,
        "rating": activity.rating,
        "comment": activity.evaluation,
        "evaluated_at": activity.evaluated_at,
    }


ACTIVITY_RESPONSE = inline_serializer(
    "ActivityRecord",
    {
        "id": serializers.IntegerField(),
        "person": serializers.IntegerField(),
        "title": serializers.CharField(),
        "kind": serializers.CharField(),
        "description": serializers.CharField(),
        "starts_on": serializers.DateField(),
        "ends_on": serializers.DateField(),
        "assigned_by": serializers.CharField(allow_null=True),
        "rating": serializers.IntegerField(allow_null=True),
        "comment": serializers.CharField(),
        "evaluated_at": serializers.DateTimeField(allow_null=True),
    },
)


class PersonActivityList(APIView):
    """An agent's activities, latest start first (whoever reads the agent's plan); assigning
    one (those who lead the agent)."""

    @extend_schema(summary="An agent's activities", responses=ACTIVITY_RESPONSE)
    def get(self, request, pk: int):
        person = _readable_person(request, pk)
        activities = Activity.objects.filter(person=person).select_related("assigned_by__person")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(activities, request, view=self)
        return paginator.get_paginated_response([_activity_data(item) for item in page or []])

    @extend_schema(
        summary="Assign an activity (a task or project) to the agent",
        request=ActivityAssignSerializer,
        responses={201: ACTIVITY_RESPONSE},
    )
    def post(self, request, pk: int):
        person = _readable_person(request, pk)
        serializer = ActivityAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        activity = service_call(
            lambda: activity_assign(
                actor=request.user,
                person=person,
                title=data["title"],
                kind=data["kind"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                description=data.get("description", ""),
            )
        )
        return Response(_activity_data(activity), status=status.HTTP_201_CREATED)


class ActivityEvaluation(APIView):
    @extend_schema(
        summary="Evaluate an activity 1–5 with a comment (those who lead the agent)",
        request=ActivityEvaluationSerializer,
        responses=ACTIVITY_RESPONSE,
    )
    def post(self, request, pk: int):
        activity = Activity.objects.select_related("person").filter(pk=pk).first()
        if activity is None or not can_read_development_plan(request.user, activity.person):
            raise NotFound
        if not can_edit_development_plan(request.user, activity.person):
            raise PermissionDenied
        serializer = ActivityEvaluationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        activity = service_call(
            lambda: activity_evaluate(
                actor=request.user,
                activity=activity,
                rating=data["rating"],
                comment=data["comment"],
            ),
            renamed={"evaluation": "comment"},
        )
        return Response(_activity_data(activity))
