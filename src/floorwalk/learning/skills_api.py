"""The skills matrix, training paths and skill shortage over the API: the same policy and
services as the pages."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    Access,
    can_edit_skill_paths,
    can_read_skills_matrix,
    can_set_skill_level,
    skill_matrix_people_for,
    skill_path_queues_for,
    skill_people_for,
    skill_shortage_sites_for,
    teams_for,
)
from floorwalk.core.api_errors import service_call
from floorwalk.learning import skills_selectors as selectors
from floorwalk.learning.models import (
    SERVING_LEVEL,
    Course,
    PathEnrolment,
    PathStep,
    PathStepKind,
    Proficiency,
    TrainingPath,
)
from floorwalk.learning.skills_services import (
    NOTE_MAX_LENGTH,
    StepInput,
    path_enrol,
    path_step_add,
    path_step_done,
    skill_level_set,
    training_path_create,
)
from floorwalk.org.models import Person, Queue

# ---- Matrix ------------------------------------------------------------------------------------


def _cell_data(cell: selectors.MatrixCell) -> dict[str, object]:
    return {
        "queue": cell.queue.pk,
        "queue_name": cell.queue.name,
        "level": cell.level,
        "serves": cell.serves,
        "reached_on": cell.reached_on,
        "assessed_on": cell.assessed_on,
        "assessed_by": cell.assessed_by or None,
    }


class SkillCellSerializer(serializers.Serializer):
    """An agent's level on a queue as the API gives it (for the schema)."""

    queue = serializers.IntegerField()
    queue_name = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    serves = serializers.BooleanField()
    reached_on = serializers.DateField(allow_null=True)
    assessed_on = serializers.DateField(allow_null=True)
    assessed_by = serializers.CharField(allow_null=True)


MATRIX_RESPONSE = inline_serializer(
    "SkillMatrix",
    {
        "groups": inline_serializer(
            "SkillMatrixGroup",
            {
                "skill": serializers.CharField(),
                "queues": serializers.ListField(child=serializers.IntegerField()),
            },
            many=True,
        ),
        "rows": inline_serializer(
            "SkillMatrixRow",
            {
                "person": serializers.IntegerField(),
                "name": serializers.CharField(),
                "team": serializers.CharField(allow_null=True),
                "cells": SkillCellSerializer(many=True),
            },
            many=True,
        ),
    },
)


class SkillMatrixView(APIView):
    """Agents × queues with each level (team leaders: their teams; planners and managers: their
    site; administrators: everyone). Only queues an agent serves or has a level on are listed
    in their row's cells."""

    @extend_schema(
        summary="The skills matrix",
        parameters=[
            OpenApiParameter("team", int, description="Only this team's agents"),
            OpenApiParameter("group", str, enum=["queue", "skill"]),
        ],
        responses=MATRIX_RESPONSE,
    )
    def get(self, request):
        if not can_read_skills_matrix(request.user):
            raise PermissionDenied
        people = skill_matrix_people_for(request.user)
        team = request.query_params.get("team")
        if team:
            if not str(team).isdigit() or not teams_for(request.user).filter(pk=team).exists():
                raise serializers.ValidationError({"team": ["Not a team you may read."]})
            people = people.filter(team_id=team)
        group = request.query_params.get("group", "queue")
        if group not in ("queue", "skill"):
            raise serializers.ValidationError({"group": ["Either queue or skill."]})
        matrix = selectors.skill_matrix(people, by_skill=group == "skill")
        return Response(
            {
                "groups": [
                    {"skill": item.name, "queues": [queue.pk for queue in item.queues]}
                    for item in matrix.groups
                ],
                "rows": [
                    {
                        "person": row.person.pk,
                        "name": row.person.display_name,
                        "team": row.person.team.name if row.person.team else None,
                        "cells": [
                            _cell_data(cell)
                            for cell in row.cells
                            if cell.level is not None or cell.serves
                        ],
                    }
                    for row in matrix.rows
                ],
            }
        )


class SkillLevelSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    queue = serializers.IntegerField()
    level = serializers.ChoiceField(
        choices=Proficiency.choices,
        allow_null=True,
        help_text="1 learning, 2 supported, 3 proficient, 4 expert; null removes the level. "
        "From 2 up the agent is scheduled on the queue.",
    )
    assessed_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True)


class SkillLevelSet(APIView):
    @extend_schema(
        summary="Set or remove an agent's level on a queue (team leaders, site managers, "
        "administrators)",
        request=SkillLevelSerializer,
        responses=SkillCellSerializer,
    )
    def post(self, request):
        if not skill_people_for(request.user, Access.CHANGE).exists():
            raise PermissionDenied
        serializer = SkillLevelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = skill_people_for(request.user, Access.READ).filter(pk=data["person"]).first()
        if person is None:
            raise NotFound
        if not can_set_skill_level(request.user, person):
            raise PermissionDenied
        queue = Queue.objects.filter(pk=data["queue"], site_id=person.site_id).first()
        if queue is None:
            raise serializers.ValidationError({"queue": ["Not a queue of the agent's site."]})
        service_call(
            lambda: skill_level_set(
                actor=request.user,
                person=person,
                queue=queue,
                level=data["level"],
                assessed_on=data.get("assessed_on") or timezone.localdate(),
                note=data.get("note", ""),
            )
        )
        return Response(_cell_data(selectors.skill_cell(person, queue)))


PERSON_SKILLS = inline_serializer(
    "PersonSkills",
    {
        "person": serializers.IntegerField(),
        "name": serializers.CharField(),
        "levels": SkillCellSerializer(many=True),
        "history": inline_serializer(
            "SkillLevelChangeRecord",
            {
                "queue": serializers.IntegerField(),
                "queue_name": serializers.CharField(),
                "previous_level": serializers.IntegerField(allow_null=True),
                "level": serializers.IntegerField(allow_null=True),
                "assessed_on": serializers.DateField(),
                "changed_by": serializers.CharField(allow_null=True),
                "note": serializers.CharField(),
                "at": serializers.DateTimeField(),
            },
            many=True,
        ),
    },
)


class PersonSkills(APIView):
    """An agent's levels and their history (the agent, and whoever reads their schedule)."""

    @extend_schema(summary="An agent's levels and their history", responses=PERSON_SKILLS)
    def get(self, request, pk: int):
        person = skill_people_for(request.user, Access.READ).filter(pk=pk).first()
        if person is None:
            raise NotFound
        return Response(
            {
                "person": person.pk,
                "name": person.display_name,
                "levels": [_cell_data(cell) for cell in selectors.skill_levels_of(person)],
                "history": [
                    {
                        "queue": change.queue_id,
                        "queue_name": change.queue.name,
                        "previous_level": change.previous_level,
                        "level": change.level,
                        "assessed_on": change.assessed_on,
                        "changed_by": change.changed_by.display_name if change.changed_by else None,
                        "note": change.note,
                        "at": change.created_at,
                    }
                    for change in selectors.skill_history_of(person)
                ],
            }
        )


# ---- Paths -------------------------------------------------------------------------------------


def _step_data(step: PathStep) -> dict[str, object]:
    return {
        "id": step.pk,
        "position": step.position,
        "kind": step.kind,
        "title": step.title,
        "course": step.course_id,
        "contacts": step.contacts,
    }


def _progress_data(item: selectors.EnrolmentProgress) -> dict[str, object]:
    return {
        "id": item.enrolment.pk,
        "person": item.enrolment.person_id,
        "name": item.enrolment.person.display_name,
        "enrolled_on": item.enrolment.enrolled_on,
        "completed_on": item.enrolment.completed_on,
        "done": [{"step": step.pk, "done_on": done_on} for step, done_on in item.done],
        "next_step": item.next_step.pk if item.next_step else None,
    }


def _path_data(request, path: TrainingPath, *, detail: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "id": path.pk,
        "name": path.name,
        "target_queue": path.target_queue_id,
        "target_level": path.target_level,
        "description": path.description,
        "steps": [_step_data(step) for step in path.steps.all()],
    }
    if detail:
        readable = skill_people_for(request.user, Access.READ)
        data["enrolments"] = [
            _progress_data(item)
            for item in selectors.path_progress(path.enrolments.filter(person__in=readable))
        ]
    return data


class PathStepRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    course = serializers.IntegerField(allow_null=True)
    contacts = serializers.IntegerField(allow_null=True)


class StepDoneRecordSerializer(serializers.Serializer):
    step = serializers.IntegerField()
    done_on = serializers.DateField()


class PathEnrolmentRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField()
    name = serializers.CharField()
    enrolled_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    done = StepDoneRecordSerializer(many=True)
    next_step = serializers.IntegerField(allow_null=True)


class TrainingPathRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    target_queue = serializers.IntegerField()
    target_level = serializers.IntegerField()
    description = serializers.CharField()
    steps = PathStepRecordSerializer(many=True)


class TrainingPathDetailSerializer(TrainingPathRecordSerializer):
    enrolments = PathEnrolmentRecordSerializer(many=True)


STEP = PathStepRecordSerializer
ENROLMENT = PathEnrolmentRecordSerializer
PATH = TrainingPathRecordSerializer
PATH_DETAIL = TrainingPathDetailSerializer


class TrainingPathSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    target_queue = serializers.IntegerField()
    target_level = serializers.ChoiceField(
        choices=[choice for choice in Proficiency.choices if choice[0] >= SERVING_LEVEL],
        default=SERVING_LEVEL,
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class TrainingPathList(APIView):
    @extend_schema(
        summary="Training paths of the user's site",
        responses=TrainingPathRecordSerializer(many=True),
    )
    def get(self, request):
        if not can_read_skills_matrix(request.user):
            raise PermissionDenied
        paths = selectors.training_paths(skill_path_queues_for(request.user))
        return Response([_path_data(request, path, detail=False) for path in paths])

    @extend_schema(
        summary="Create a path to a queue (site managers, administrators)",
        request=TrainingPathSerializer,
        responses={201: PATH},
    )
    def post(self, request):
        queues = skill_path_queues_for(request.user).select_related("site")
        if not any(can_edit_skill_paths(request.user, queue.site) for queue in queues):
            raise PermissionDenied
        serializer = TrainingPathSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        queue = skill_path_queues_for(request.user).filter(pk=data["target_queue"]).first()
        if queue is None:
            raise serializers.ValidationError({"target_queue": ["Not a queue of your site."]})
        path = service_call(
            lambda: training_path_create(
                actor=request.user,
                name=data["name"],
                target_queue=queue,
                target_level=data["target_level"],
                description=data.get("description", ""),
            )
        )
        return Response(_path_data(request, path, detail=False), status=status.HTTP_201_CREATED)


def _readable_path(request, pk: int) -> TrainingPath:
    path = selectors.training_paths(skill_path_queues_for(request.user)).filter(pk=pk).first()
    if path is None:
        raise NotFound
    return path


class PathStepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PathStepKind.choices)
    title = serializers.CharField(max_length=200)
    course = serializers.IntegerField(required=False, allow_null=True)
    contacts = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=10000
    )


class TrainingPathDetail(APIView):
    @extend_schema(summary="A path with its steps and who is on it", responses=PATH_DETAIL)
    def get(self, request, pk: int):
        return Response(_path_data(request, _readable_path(request, pk), detail=True))

    @extend_schema(
        summary="Append a step to the path (site managers, administrators)",
        operation_id="v1_skills_paths_steps_create",
        request=PathStepSerializer,
        responses={201: STEP},
    )
    def post(self, request, pk: int):
        path = _readable_path(request, pk)
        if not can_edit_skill_paths(request.user, path.target_queue.site):
            raise PermissionDenied
        serializer = PathStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        course = None
        if data.get("course") is not None:
            course = Course.objects.filter(pk=data["course"]).first()
            if course is None:
                raise serializers.ValidationError({"course": ["No such course."]})
        step = service_call(
            lambda: path_step_add(
                actor=request.user,
                path=path,
                data=StepInput(
                    kind=data["kind"],
                    title=data["title"],
                    course=course,
                    contacts=data.get("contacts"),
                ),
            )
        )
        return Response(_step_data(step), status=status.HTTP_201_CREATED)


class EnrolSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    enrolled_on = serializers.DateField(required=False)


class PathEnrolmentCreate(APIView):
    @extend_schema(
        summary="Enrol an agent on the path (those who lead the agent)",
        request=EnrolSerializer,
        responses={201: ENROLMENT},
    )
    def post(self, request, pk: int):
        path = _readable_path(request, pk)
        if not skill_people_for(request.user, Access.CHANGE).exists():
            raise PermissionDenied
        serializer = EnrolSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person: Person | None = (
            skill_people_for(request.user, Access.READ).filter(pk=data["person"]).first()
        )
        if person is None:
            raise serializers.ValidationError({"person": ["Not an agent you may read."]})
        if not can_set_skill_level(request.user, person):
            raise PermissionDenied
        enrolment = service_call(
            lambda: path_enrol(
                actor=request.user,
                path=path,
                person=person,
                enrolled_on=data.get("enrolled_on") or timezone.localdate(),
            )
        )
        progress = selectors.path_progress(PathEnrolment.objects.filter(pk=enrolment.pk))
        return Response(_progress_data(progress[0]), status=status.HTTP_201_CREATED)


class StepDoneSerializer(serializers.Serializer):
    step = serializers.IntegerField()
    done_on = serializers.DateField(required=False)


class EnrolmentStepDone(APIView):
    @extend_schema(
        summary="Tick the next step of an agent's path; the last one sets the level",
        request=StepDoneSerializer,
        responses=ENROLMENT,
    )
    def post(self, request, pk: int):
        enrolment = (
            PathEnrolment.objects.filter(
                pk=pk, person__in=skill_people_for(request.user, Access.READ)
            )
            .select_related("person")
            .first()
        )
        if enrolment is None:
            raise NotFound
        if not can_set_skill_level(request.user, enrolment.person):
            raise PermissionDenied
        serializer = StepDoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        step = PathStep.objects.filter(pk=data["step"], path_id=enrolment.path_id).first()
        if step is None:
            raise serializers.ValidationError({"step": ["Not a step of this path."]})
        service_call(
            lambda: path_step_done(
                actor=request.user,
                enrolment=enrolment,
                step=step,
                done_on=data.get("done_on") or timezone.localdate(),
            )
        )
        progress = selectors.path_progress(PathEnrolment.objects.filter(pk=enrolment.pk))
        return Response(_progress_data(progress[0]))


# ---- Shortage ----------------------------------------------------------------------------------

SHORTAGE = inline_serializer(
    "SkillShortage",
    {
        "site": serializers.IntegerField(),
        "weeks": serializers.ListField(child=serializers.DateField()),
        "full_time_hours": serializers.FloatField(),
        "queues": inline_serializer(
            "QueueShortage",
            {
                "queue": serializers.IntegerField(),
                "name": serializers.CharField(),
                "weeks": inline_serializer(
                    "QueueWeek",
                    {
                        "week": serializers.DateField(),
                        "required_hours": serializers.FloatField(),
                        "available_hours": serializers.FloatField(),
                        "gap_hours": serializers.FloatField(),
                        "gap_fte": serializers.FloatField(),
                        "agents": serializers.IntegerField(),
                        "short": serializers.BooleanField(),
                    },
                    many=True,
                ),
                "candidates": inline_serializer(
                    "CrossTrainingCandidate",
                    {
                        "person": serializers.IntegerField(),
                        "name": serializers.CharField(),
                        "reason": serializers.ChoiceField(
                            choices=["learning", "on_path", "surplus"]
                        ),
                        "detail": serializers.CharField(),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
    },
)


class SkillShortageView(APIView):
    """Per queue and week: required agent-hours against what the able agents can give."""

    @extend_schema(
        summary="Skill shortage of a site for the next weeks",
        parameters=[
            OpenApiParameter("site", int, description="Default: the user's site"),
            OpenApiParameter("weeks", int, description="1 to 8, default 4"),
        ],
        responses=SHORTAGE,
    )
    def get(self, request):
        sites = skill_shortage_sites_for(request.user)
        if not sites.exists():
            raise PermissionDenied
        site_id = request.query_params.get("site")
        if site_id is None and request.user.person_id:
            site_id = request.user.person.site_id
        site = sites.filter(pk=site_id).first() if str(site_id or "").isdigit() else None
        if site is None:
            raise serializers.ValidationError({"site": ["Name a site you may read."]})
        weeks = request.query_params.get("weeks", selectors.SHORTAGE_WEEKS)
        if not str(weeks).isdigit() or not 1 <= int(weeks) <= selectors.MAX_SHORTAGE_WEEKS:
            raise serializers.ValidationError({"weeks": ["A whole number from 1 to 8."]})
        shortage = selectors.skill_shortage(
            site=site,
            today=timezone.localdate(),
            weeks=int(weeks),
            readable=skill_people_for(request.user, Access.READ),
        )
        return Response(
            {
                "site": site.pk,
                "weeks": shortage.weeks,
                "full_time_hours": selectors.FULL_TIME_HOURS,
                "queues": [
                    {
                        "queue": item.queue.pk,
                        "name": item.queue.name,
                        "weeks": [
                            {
                                "week": week.week,
                                "required_hours": round(week.required_hours, 2),
                                "available_hours": round(week.available_hours, 2),
                                "gap_hours": round(week.gap_hours, 2),
                                "gap_fte": round(week.gap_fte, 3),
                                "agents": week.agents,
                                "short": week.short,
                            }
                            for week in item.weeks
                        ],
                        "candidates": [
                            {
                                "person": candidate.person.pk,
                                "name": candidate.person.display_name,
                                "reason": candidate.reason,
                                "detail": candidate.detail,
                            }
                            for candidate in item.candidates
                        ],
                    }
                    for item in shortage.queues
                ],
            }
        )
