"""Onboarding over the API: templates to read, plans to list and start, tasks to tick done and
the review to answer. The same policy and services as the pages."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    can_complete_onboarding_task,
    can_start_onboarding,
    onboarding_plan_for_user_or_404,
    onboarding_plans_for,
    onboarding_respondent_for,
    onboarding_templates_for,
)
from floorwalk.core.api_errors import service_call
from floorwalk.experience import onboarding_selectors as selectors
from floorwalk.experience.models import (
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
)
from floorwalk.experience.onboarding_services import (
    NOTE_MAX_LENGTH,
    NewPersonInput,
    onboarding_plan_start,
    onboarding_review_submit,
    onboarding_task_complete,
)
from floorwalk.org.models import Person, Team


def _template_data(template: OnboardingTemplate) -> dict[str, object]:
    return {
        "id": template.pk,
        "name": template.name,
        "site": template.site_id,
        "description": template.description,
        "tasks": [
            {
                "title": task.title,
                "description": task.description,
                "phase": task.phase,
                "owner_kind": task.owner_kind,
                "owner_person": task.owner_person_id,
                "offset_days": task.offset_days,
            }
            for task in template.tasks.order_by("position", "pk")
        ],
        "ramp_goals": [
            {
                "metric": goal.metric,
                "target": goal.target,
                "weeks_after_start": goal.weeks_after_start,
            }
            for goal in template.ramp_goals.all()
        ],
        "questions": [
            {"id": question.pk, "text": question.text, "kind": question.kind}
            for question in template.questions.order_by("position", "pk")
        ],
    }


TEMPLATE_FIELDS = {
    "id": serializers.IntegerField(),
    "name": serializers.CharField(),
    "site": serializers.IntegerField(allow_null=True),
    "description": serializers.CharField(),
    "tasks": inline_serializer(
        "OnboardingTemplateTaskRecord",
        {
            "title": serializers.CharField(),
            "description": serializers.CharField(),
            "phase": serializers.CharField(),
            "owner_kind": serializers.CharField(),
            "owner_person": serializers.IntegerField(allow_null=True),
            "offset_days": serializers.IntegerField(),
        },
        many=True,
    ),
    "ramp_goals": inline_serializer(
        "OnboardingRampGoalRecord",
        {
            "metric": serializers.CharField(),
            "target": serializers.FloatField(),
            "weeks_after_start": serializers.IntegerField(),
        },
        many=True,
    ),
    "questions": inline_serializer(
        "OnboardingQuestionRecord",
        {
            "id": serializers.IntegerField(),
            "text": serializers.CharField(),
            "kind": serializers.CharField(),
        },
        many=True,
    ),
}


class TemplateList(APIView):
    """Onboarding templates the user reads (team leaders, site managers, administrators)."""

    @extend_schema(
        summary="List onboarding templates",
        responses=inline_serializer("OnboardingTemplateRecord", TEMPLATE_FIELDS, many=True),
    )
    def get(self, request):
        templates = onboarding_templates_for(request.user).order_by("name", "pk")
        return Response([_template_data(template) for template in templates])


def _task_data(task: OnboardingTask, today) -> dict[str, object]:
    return {
        "id": task.pk,
        "title": task.title,
        "description": task.description,
        "phase": task.phase,
        "owner_kind": task.owner_kind,
        "owner": task.owner_id,
        "owner_name": task.owner.display_name if task.owner else None,
        "due_on": task.due_on,
        "done_on": task.done_on,
        "note": task.note,
        "overdue": task.is_overdue(today),
    }


TASK_FIELDS = {
    "id": serializers.IntegerField(),
    "title": serializers.CharField(),
    "description": serializers.CharField(),
    "phase": serializers.CharField(),
    "owner_kind": serializers.CharField(),
    "owner": serializers.IntegerField(allow_null=True),
    "owner_name": serializers.CharField(allow_null=True),
    "due_on": serializers.DateField(),
    "done_on": serializers.DateField(allow_null=True),
    "note": serializers.CharField(),
    "overdue": serializers.BooleanField(),
}
TASK_RESPONSE = inline_serializer("OnboardingTaskRecord", TASK_FIELDS)


def _plan_data(plan: OnboardingPlan, today, *, with_tasks: bool) -> dict[str, object]:
    progress = selectors.plan_progress(plan, today)
    data: dict[str, object] = {
        "id": plan.pk,
        "person": plan.person_id,
        "person_name": plan.person.display_name,
        "template": plan.template_id,
        "start_date": plan.start_date,
        "leader": plan.leader_id,
        "mentor": plan.mentor_id,
        "support_person": plan.support_person_id,
        "tasks_total": progress.tasks,
        "tasks_done": progress.done,
        "tasks_overdue": progress.overdue,
        "completed_on": plan.completed_on,
    }
    if with_tasks:
        data["tasks"] = [_task_data(task, today) for task in selectors.plan_tasks(plan)]
    return data


PLAN_FIELDS = {
    "id": serializers.IntegerField(),
    "person": serializers.IntegerField(),
    "person_name": serializers.CharField(),
    "template": serializers.IntegerField(),
    "start_date": serializers.DateField(),
    "leader": serializers.IntegerField(allow_null=True),
    "mentor": serializers.IntegerField(allow_null=True),
    "support_person": serializers.IntegerField(allow_null=True),
    "tasks_total": serializers.IntegerField(),
    "tasks_done": serializers.IntegerField(),
    "tasks_overdue": serializers.IntegerField(),
    "completed_on": serializers.DateField(allow_null=True),
}
PLAN_DETAIL_RESPONSE = inline_serializer(
    "OnboardingPlanDetail",
    {**PLAN_FIELDS, "tasks": inline_serializer("OnboardingPlanTask", TASK_FIELDS, many=True)},
)


class PlanStartSerializer(serializers.Serializer):
    template = serializers.IntegerField()
    start_date = serializers.DateField()
    person = serializers.IntegerField(
        required=False, allow_null=True, help_text="An existing person without a plan."
    )
    new_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    new_employee_number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    new_email = serializers.EmailField(required=False, allow_blank=True)
    new_team = serializers.IntegerField(required=False, allow_null=True)
    mentor = serializers.IntegerField(required=False, allow_null=True)
    support_person = serializers.IntegerField(required=False, allow_null=True)


def _by_pk(model, pk: int | None, field: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: ["No such record."]})
    return found


class PlanList(APIView):
    """Onboarding plans the user reads; team leaders, site managers and administrators start
    new hires' plans (the plan, the mentorship, stage R1 and ramp goals, all or nothing)."""

    @extend_schema(
        summary="List onboarding plans",
        responses=inline_serializer("OnboardingPlanRecord", PLAN_FIELDS, many=True),
    )
    def get(self, request):
        today = timezone.localdate()
        plans = (
            onboarding_plans_for(request.user)
            .select_related("person")
            .order_by("-start_date", "pk")
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(plans, request, view=self)
        return paginator.get_paginated_response(
            [_plan_data(plan, today, with_tasks=False) for plan in page or []]
        )

    @extend_schema(
        summary="Start a new hire's onboarding",
        request=PlanStartSerializer,
        responses={201: PLAN_DETAIL_RESPONSE},
    )
    def post(self, request):
        if not can_start_onboarding(request.user):
            raise PermissionDenied
        serializer = PlanStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        template = onboarding_templates_for(request.user).filter(pk=data["template"]).first()
        if template is None:
            raise serializers.ValidationError({"template": ["Choose a template you can use."]})
        new_person = None
        if data.get("person") is None:
            team = _by_pk(Team, data.get("new_team"), "new_team")
            if team is None:
                raise serializers.ValidationError(
                    {
                        "person": [
                            "Give an existing person, or new_name, new_employee_number and "
                            "new_team for a new one."
                        ]
                    }
                )
            new_person = NewPersonInput(
                display_name=data.get("new_name", ""),
                employee_number=data.get("new_employee_number", ""),
                team=team,
                email=data.get("new_email", ""),
            )
        plan = service_call(
            lambda: onboarding_plan_start(
                actor=request.user,
                template=template,
                start_date=data["start_date"],
                person=_by_pk(Person, data.get("person"), "person"),
                new_person=new_person,
                mentor=_by_pk(Person, data.get("mentor"), "mentor"),
                support_person=_by_pk(Person, data.get("support_person"), "support_person"),
            )
        )
        return Response(
            _plan_data(plan, timezone.localdate(), with_tasks=True),
            status=status.HTTP_201_CREATED,
        )


class PlanDetail(APIView):
    @extend_schema(summary="An onboarding plan with its tasks", responses=PLAN_DETAIL_RESPONSE)
    def get(self, request, pk: int):
        plan = onboarding_plan_for_user_or_404(request.user, pk)
        return Response(_plan_data(plan, timezone.localdate(), with_tasks=True))


class TaskCompleteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class TaskComplete(APIView):
    """Ticks an onboarding task done: its owner, or whoever manages the plan."""

    @extend_schema(
        summary="Mark an onboarding task done",
        request=TaskCompleteSerializer,
        responses=TASK_RESPONSE,
    )
    def post(self, request, pk: int):
        task = (
            OnboardingTask.objects.select_related("plan__person__team", "owner")
            .filter(pk=pk)
            .first()
        )
        if task is None or not can_complete_onboarding_task(request.user, task):
            raise NotFound
        serializer = TaskCompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = service_call(
            lambda: onboarding_task_complete(
                actor=request.user, task=task, note=serializer.validated_data.get("note", "")
            )
        )
        return Response(_task_data(task, timezone.localdate()))


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    scale = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)
    text = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class ReviewSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True)


class ReviewSubmit(APIView):
    """The onboarding review: the new hire, or their team leader, answers once."""

    @extend_schema(
        summary="Answer the onboarding review",
        request=ReviewSerializer,
        responses={
            201: inline_serializer(
                "OnboardingReviewResult", {"answers": serializers.IntegerField()}
            )
        },
    )
    def post(self, request, pk: int):
        plan = onboarding_plan_for_user_or_404(request.user, pk)
        if onboarding_respondent_for(request.user, plan) is None:
            raise PermissionDenied
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers = {
            row["question"]: row.get("scale")
            if row.get("scale") is not None
            else row.get("text", "")
            for row in serializer.validated_data["answers"]
        }
        created = service_call(
            lambda: onboarding_review_submit(actor=request.user, plan=plan, answers=answers),
            non_field_key="answers",
        )
        return Response({"answers": len(created)}, status=status.HTTP_201_CREATED)
