"""The training catalogue over the API: courses, their sessions and transfer split, enrolling
and completing, recording follow-ups; the same policy and services as the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    can_manage_trainings,
    can_read_catalogue,
    can_record_training_follow_up,
    training_enrollable_people,
    training_people_for,
    training_sites_for,
)
from floorwalk.core.api_errors import service_call
from floorwalk.engine.transfer import TransferClass
from floorwalk.learning import training_selectors as selectors
from floorwalk.learning.models import (
    Course,
    Delivery,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    ObservedLevel,
    TrainingSession,
)
from floorwalk.learning.training_services import (
    CourseValues,
    course_save,
    enrolment_create,
    enrolment_set_status,
    follow_up_record,
    training_session_create,
)
from floorwalk.metrics.models import QaForm
from floorwalk.metrics.models.interactions import METRIC_CHOICES
from floorwalk.org.models import Person, Site


def _course_data(course: Course) -> dict[str, object]:
    return {
        "id": course.pk,
        "name": course.name,
        "description": course.description,
        "delivery": course.delivery,
        "duration_hours": str(course.duration_hours),
        "target_metric": course.target_metric or None,
        "target_competencies": [c.pk for c in course.target_competencies.all()],
        "qa_form": course.qa_form_id,
        "qa_item_keys": course.qa_item_keys,
        "target_behaviours": course.target_behaviours,
        "reinforcement_offsets": course.reinforcement_offsets,
        "active": course.active,
    }


def _session_data(session: TrainingSession) -> dict[str, object]:
    return {
        "id": session.pk,
        "course": session.course_id,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "trainer": session.trainer_id,
        "site": session.site_id,
        "capacity": session.capacity,
        "location": session.location,
        "places_taken": selectors.places_taken(session),
    }


def _enrolment_data(enrolment: Enrolment) -> dict[str, object]:
    return {
        "id": enrolment.pk,
        "course": enrolment.course_id,
        "session": enrolment.session_id,
        "person": enrolment.person_id,
        "status": enrolment.status,
        "completed_on": enrolment.completed_on,
        "assigned_by": enrolment.assigned_by,
        "rule": enrolment.rule_id,
        "evidence": enrolment.evidence,
        "follow_ups": [
            {"id": f.pk, "offset_days": f.offset_days, "due_on": f.due_on, "done_on": f.done_on}
            for f in enrolment.follow_ups.order_by("due_on")
        ],
    }


def _follow_up_data(follow_up: FollowUp) -> dict[str, object]:
    return {
        "id": follow_up.pk,
        "enrolment": follow_up.enrolment_id,
        "offset_days": follow_up.offset_days,
        "due_on": follow_up.due_on,
        "owner": follow_up.owner_id,
        "done_on": follow_up.done_on,
        "on_time": follow_up.on_time,
        "observations": follow_up.observations,
        "note": follow_up.note,
        "coaching_session": follow_up.coaching_session_id,
    }


class CourseSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    duration_hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=0, required=False
    )
    target_metric = serializers.ChoiceField(
        choices=METRIC_CHOICES, required=False, allow_blank=True
    )
    qa_form = serializers.PrimaryKeyRelatedField(
        queryset=QaForm.objects.all(), required=False, allow_null=True
    )
    qa_item_keys = serializers.ListField(child=serializers.SlugField(), required=False)
    target_behaviours = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False
    )
    reinforcement_offsets = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=365), required=False, min_length=1
    )
    active = serializers.BooleanField(required=False, default=True)


class TrainingSessionSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    trainer = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.all())
    capacity = serializers.IntegerField(min_value=1, max_value=500)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TrainingEnrolSerializer(serializers.Serializer):
    person = serializers.IntegerField()


class CompleteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[EnrolmentStatus.COMPLETED, EnrolmentStatus.NO_SHOW, EnrolmentStatus.CANCELLED],
        default=EnrolmentStatus.COMPLETED,
    )
    completed_on = serializers.DateField(required=False, allow_null=True)


class FollowUpSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    observations = serializers.DictField(
        child=serializers.ChoiceField(choices=ObservedLevel.choices),
        help_text="For each target behaviour of the course (its exact text): the level observed.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


RECORD = inline_serializer("TrainingRecord", {"id": serializers.IntegerField()})


def _reader(request) -> None:
    if not can_read_catalogue(request.user):
        raise NotFound


def _course(request, pk: int) -> Course:
    _reader(request)
    course = Course.objects.filter(pk=pk).first()
    if course is None:
        raise NotFound
    return course


def _values(data: dict) -> CourseValues:
    values = {key: value for key, value in data.items() if key != "qa_form"}
    return CourseValues(qa_form=data.get("qa_form"), **values)


class CourseList(APIView):
    @extend_schema(
        summary="The training catalogue",
        operation_id="v1_training_courses_list",
        responses=RECORD,
    )
    def get(self, request):
        _reader(request)
        return Response(
            [_course_data(c) for c in Course.objects.prefetch_related("target_competencies")]
        )

    @extend_schema(summary="Add a course", request=CourseSerializer, responses={201: RECORD})
    def post(self, request):
        _reader(request)
        serializer = CourseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = _values(dict(serializer.validated_data))
        course = service_call(lambda: course_save(actor=request.user, values=values))
        return Response(_course_data(course), status=status.HTTP_201_CREATED)


class CourseDetail(APIView):
    @extend_schema(summary="A course", responses=RECORD)
    def get(self, request, pk: int):
        return Response(_course_data(_course(request, pk)))


class CourseTransfer(APIView):
    @extend_schema(
        summary="A course's transfer split and each visible trainee's class with evidence",
        responses=RECORD,
    )
    def get(self, request, pk: int):
        course = _course(request, pk)
        transfer = selectors.course_transfer(
            course, training_people_for(request.user), timezone.localdate()
        )

        def split(split_of) -> dict[str, object]:
            return {
                "total": split_of.total,
                "counts": {cls.value: split_of.counts[cls] for cls in TransferClass},
                "shares": {cls.value: split_of.share(cls) for cls in TransferClass},
            }

        return Response(
            {
                "course": course.pk,
                "split": split(transfer.split),
                "follow_ups_on_time": split(transfer.split_on_time),
                "follow_up_missed": split(transfer.split_missed),
                "trainees": [
                    {
                        "enrolment": row.enrolment.pk,
                        "person": row.person.pk,
                        "completed_on": row.enrolment.completed_on,
                        "class": row.transfer.transfer_class.value,
                        "ready_on": row.transfer.ready_on,
                        "evidence": list(row.transfer.evidence),
                        "follow_ups_done": row.follow_ups_done,
                        "follow_ups_missed": row.follow_ups_missed,
                    }
                    for row in transfer.rows
                ],
            }
        )


class CourseSessionList(APIView):
    @extend_schema(summary="A course's sessions", responses=RECORD)
    def get(self, request, pk: int):
        course = _course(request, pk)
        return Response([_session_data(s) for s in selectors.course_sessions(course)])

    @extend_schema(
        summary="Plan a session", request=TrainingSessionSerializer, responses={201: RECORD}
    )
    def post(self, request, pk: int):
        course = _course(request, pk)
        serializer = TrainingSessionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not training_sites_for(request.user).filter(pk=data["site"].pk).exists():
            raise PermissionDenied
        session = service_call(
            lambda: training_session_create(actor=request.user, course=course, **data)
        )
        return Response(_session_data(session), status=status.HTTP_201_CREATED)


class SessionEnrolmentList(APIView):
    @extend_schema(summary="A session's enrolments the user may see", responses=RECORD)
    def get(self, request, pk: int):
        _reader(request)
        session = get_object_or_404(TrainingSession, pk=pk)
        enrolments = selectors.session_enrolments(session, training_people_for(request.user))
        return Response([_enrolment_data(e) for e in enrolments])

    @extend_schema(
        summary="Enrol a person", request=TrainingEnrolSerializer, responses={201: RECORD}
    )
    def post(self, request, pk: int):
        _reader(request)
        session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)
        if not can_manage_trainings(request.user):
            raise PermissionDenied
        serializer = TrainingEnrolSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = (
            training_enrollable_people(request.user)
            .filter(pk=serializer.validated_data["person"])
            .first()
        )
        if person is None:
            raise serializers.ValidationError({"person": ["Choose someone of your scope."]})
        enrolment = service_call(
            lambda: enrolment_create(
                actor=request.user, person=person, course=session.course, session=session
            )
        )
        return Response(_enrolment_data(enrolment), status=status.HTTP_201_CREATED)


def _enrolment(request, pk: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("course", "person", "session").filter(pk=pk).first()
    )
    if (
        enrolment is None
        or not training_people_for(request.user).filter(pk=enrolment.person_id).exists()
    ):
        raise NotFound
    return enrolment


class EnrolmentDetail(APIView):
    @extend_schema(summary="An enrolment with its follow-ups", responses=RECORD)
    def get(self, request, pk: int):
        return Response(_enrolment_data(_enrolment(request, pk)))


class EnrolmentComplete(APIView):
    @extend_schema(
        summary="Mark attendance: completed (plans the follow-ups), no-show or cancelled",
        request=CompleteSerializer,
        responses=RECORD,
    )
    def post(self, request, pk: int):
        enrolment = _enrolment(request, pk)
        serializer = CompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enrolment = service_call(
            lambda: enrolment_set_status(actor=request.user, enrolment=enrolment, **data)
        )
        return Response(_enrolment_data(enrolment))


class FollowUpDetail(APIView):
    def _follow_up(self, request, pk: int) -> FollowUp:
        follow_up = (
            FollowUp.objects.select_related("enrolment__person", "enrolment__course")
            .filter(pk=pk)
            .first()
        )
        if follow_up is None:
            raise NotFound
        _enrolment(request, follow_up.enrolment_id)
        return follow_up

    @extend_schema(summary="A reinforcement follow-up", responses=RECORD)
    def get(self, request, pk: int):
        return Response(_follow_up_data(self._follow_up(request, pk)))

    @extend_schema(
        summary="Record a follow-up's observations", request=FollowUpSerializer, responses=RECORD
    )
    def post(self, request, pk: int):
        follow_up = self._follow_up(request, pk)
        if not can_record_training_follow_up(
            request.user, follow_up.enrolment.person, follow_up.owner_id
        ):
            raise PermissionDenied
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        follow_up = service_call(
            lambda: follow_up_record(actor=request.user, follow_up=follow_up, **data)
        )
        return Response(_follow_up_data(follow_up))
