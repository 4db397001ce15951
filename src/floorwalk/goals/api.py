"""Goals over the API: list and create, read (with progress and SMART findings) and change,
under the same policy and services as the pages."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    can_change_goal,
    can_set_goals,
    goal_for_user_or_404,
    goals_for,
)
from floorwalk.core.api_errors import service_call
from floorwalk.goals.models import METRIC_CHOICES, Goal, GoalLevel, GoalStatus, Recurrence
from floorwalk.goals.selectors import findings_for_goal, findings_text, progress_of
from floorwalk.goals.services import GoalInput, create_goal, update_goal
from floorwalk.org.models import Person, Queue, Team


class GoalSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=GoalLevel.choices)
    title = serializers.CharField(max_length=200)
    metric = serializers.ChoiceField(choices=METRIC_CHOICES)
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )
    queue = serializers.PrimaryKeyRelatedField(
        queryset=Queue.objects.all(), required=False, allow_null=True
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.all(), required=False, allow_null=True
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    target = serializers.FloatField()
    recurrence = serializers.ChoiceField(
        choices=Recurrence.choices, required=False, allow_blank=True
    )
    status = serializers.ChoiceField(choices=GoalStatus.choices, required=False)


def _goal_data(goal: Goal) -> dict[str, object]:
    progress = progress_of(goal, today=timezone.localdate())
    return {
        "id": goal.pk,
        "level": goal.level,
        "title": goal.title,
        "metric": goal.metric,
        "person": goal.person_id,
        "team": goal.team_id,
        "queue": goal.queue_id,
        "parent": goal.parent_id,
        "period_start": goal.period_start,
        "period_end": goal.period_end,
        "target": goal.target,
        "baseline": goal.baseline,
        "baseline_start": goal.baseline_start,
        "baseline_end": goal.baseline_end,
        "status": goal.status,
        "recurrence": goal.recurrence,
        "progress": {
            "current": progress.current,
            "attainment_percent": progress.attainment,
            "projected": progress.projected,
            "met": progress.met,
            "at_risk": progress.at_risk,
            "ended": progress.ended,
        },
        "smart": findings_text(findings_for_goal(goal)),
    }


GOAL_RESPONSE = inline_serializer(
    "GoalRecord",
    {
        "id": serializers.IntegerField(),
        "level": serializers.CharField(),
        "title": serializers.CharField(),
        "metric": serializers.CharField(),
        "person": serializers.IntegerField(allow_null=True),
        "team": serializers.IntegerField(allow_null=True),
        "queue": serializers.IntegerField(allow_null=True),
        "parent": serializers.IntegerField(allow_null=True),
        "period_start": serializers.DateField(),
        "period_end": serializers.DateField(),
        "target": serializers.FloatField(),
        "baseline": serializers.FloatField(allow_null=True),
        "status": serializers.CharField(),
        "recurrence": serializers.CharField(),
        "progress": serializers.DictField(),
        "smart": serializers.ListField(child=serializers.DictField()),
    },
)


def _input_of(data: dict) -> GoalInput:
    return GoalInput(
        level=data["level"],
        title=data["title"],
        metric=data["metric"],
        start=data["period_start"],
        end=data["period_end"],
        target=data["target"],
        person=data.get("person"),
        team=data.get("team"),
        queue=data.get("queue"),
        parent=data.get("parent"),
        recurrence=data.get("recurrence") or "",
    )


class GoalList(APIView):
    """The goals the user may read; setting one (team leaders, site managers, admins)."""

    @extend_schema(
        operation_id="v1_goals_list",
        summary="Goals you may read, with progress",
        responses=GOAL_RESPONSE,
    )
    def get(self, request):
        paginator = PageNumberPagination()
        goals = goals_for(request.user).select_related("person", "team", "queue").order_by("pk")
        page = paginator.paginate_queryset(goals, request, view=self)
        return paginator.get_paginated_response([_goal_data(goal) for goal in page or []])

    @extend_schema(
        summary="Set a goal; the baseline is computed from the data",
        request=GoalSerializer,
        responses={201: GOAL_RESPONSE},
    )
    def post(self, request):
        if not can_set_goals(request.user):
            raise PermissionDenied
        serializer = GoalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal = service_call(lambda: create_goal(request.user, _input_of(serializer.validated_data)))
        return Response(_goal_data(goal), status=status.HTTP_201_CREATED)


class GoalDetail(APIView):
    """One goal with its progress and SMART findings; changing it (title, metric, period,
    target, parent, recurrence, status; its level and scope stay)."""

    @extend_schema(summary="A goal with its progress", responses=GOAL_RESPONSE)
    def get(self, request, pk: int):
        return Response(_goal_data(goal_for_user_or_404(request.user, pk)))

    @extend_schema(summary="Change a goal", request=GoalSerializer, responses=GOAL_RESPONSE)
    def patch(self, request, pk: int):
        goal = goal_for_user_or_404(request.user, pk)
        if not can_change_goal(request.user, goal):
            raise PermissionDenied
        current = {
            "level": goal.level,
            "title": goal.title,
            "metric": goal.metric,
            "period_start": goal.period_start,
            "period_end": goal.period_end,
            "target": goal.target,
            "parent": goal.parent,
            "recurrence": goal.recurrence,
        }
        serializer = GoalSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {**current, **serializer.validated_data}
        goal = service_call(
            lambda: update_goal(request.user, goal, _input_of(data), status=data.get("status"))
        )
        return Response(_goal_data(goal))
