"""An agent's follow-up over the API: observations, one-to-ones, the cadence and mentorships,
under the same policy and services as the pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    Aspect,
    can_manage_mentoring,
    can_read_one_to_ones,
    can_read_private_one_to_one_notes,
    mentoring_people_for,
    mentorships_for,
    person_for_user_or_404,
)
from floorwalk.core.api_errors import service_call
from floorwalk.development import cadence_selectors as selectors
from floorwalk.development.cadence_services import (
    Rating,
    mentorship_assign,
    mentorship_end,
    observation_log,
)
from floorwalk.development.followup_services import (
    FeedbackItem,
    NewAction,
    one_to_one_acknowledge,
    one_to_one_hold,
)
from floorwalk.development.models import (
    LEVELS,
    ActionOwner,
    AgreedAction,
    Competency,
    FeedbackKind,
    Observation,
    OneToOne,
)
from floorwalk.engine.cadence import NextDue
from floorwalk.org.models import Mentorship


def _paginated(view: APIView, request, items, to_data) -> Response:
    """A page of `items` (100 by default, ?page=2…) as every list of the API gives it."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response([to_data(item) for item in page or []])


# ---- Observations --------------------------------------------------------------------------


class ObservationRatingSerializer(serializers.Serializer):
    competency = serializers.PrimaryKeyRelatedField(queryset=Competency.objects.all())
    level = serializers.IntegerField(min_value=LEVELS[0], max_value=LEVELS[1])
    evidence = serializers.CharField(max_length=2000)


class ObservationSerializer(serializers.Serializer):
    observed_on = serializers.DateField()
    notes = serializers.CharField(max_length=10000)
    ratings = ObservationRatingSerializer(many=True, required=False)


def _observation_data(observation: Observation) -> dict[str, object]:
    return {
        "id": observation.pk,
        "observed_on": observation.observed_on,
        "observer": observation.observer.display_name,
        "source": observation.source,
        "notes": observation.notes,
        "ratings": [
            {
                "competency": assessment.competency_id,
                "competency_name": assessment.competency.name,
                "level": assessment.level,
                "evidence": assessment.evidence,
            }
            for assessment in observation.assessments.all()
        ],
    }


OBSERVATION_RESPONSE = inline_serializer(
    "ObservationRecord",
    {
        "id": serializers.IntegerField(),
        "observed_on": serializers.DateField(),
        "observer": serializers.CharField(),
        "source": serializers.CharField(),
        "notes": serializers.CharField(),
        "ratings": serializers.ListField(child=serializers.DictField()),
    },
)


class PersonObservationList(APIView):
    """An agent's observations (for whoever reads their development); logging one (their
    mentor, team leader, site manager, an administrator or a QA specialist of their site)."""

    @extend_schema(summary="An agent's observations, newest first", responses=OBSERVATION_RESPONSE)
    def get(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT)
        return _paginated(self, request, selectors.person_observations(person), _observation_data)

    @extend_schema(
        summary="Log an observation, with optional competency ratings",
        request=ObservationSerializer,
        responses={201: OBSERVATION_RESPONSE},
    )
    def post(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk)
        serializer = ObservationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        observation = service_call(
            lambda: observation_log(
                actor=request.user,
                person=person,
                observed_on=data["observed_on"],
                notes=data["notes"],
                ratings=[Rating(**rating) for rating in data.get("ratings", [])],
            )
        )
        observation = selectors.person_observations(person).get(pk=observation.pk)
        return Response(_observation_data(observation), status=status.HTTP_201_CREATED)


# ---- One-to-ones ---------------------------------------------------------------------------


class OneToOneItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FeedbackKind.choices)
    text = serializers.CharField(max_length=5000)
    situation = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    behaviour = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    impact = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AgreedActionSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    owner = serializers.ChoiceField(choices=ActionOwner.choices)
    due_on = serializers.DateField()


class OneToOneSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    agenda = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    private_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    items = OneToOneItemSerializer(many=True, required=False)
    actions = AgreedActionSerializer(many=True, required=False)
    done_actions = serializers.ListField(child=serializers.IntegerField(), required=False)


def _action_data(action: AgreedAction) -> dict[str, object]:
    return {
        "id": action.pk,
        "description": action.description,
        "owner": action.owner,
        "due_on": action.due_on,
        "status": action.status,
        "done_at": action.done_at,
    }


def _one_to_one_data(talk: OneToOne, *, private: bool) -> dict[str, object]:
    """A one-to-one as the reader may see it: private notes only for those who lead the
    agent (the key is left out for anyone else)."""
    data: dict[str, object] = {
        "id": talk.pk,
        "held_on": talk.held_on,
        "held_by": talk.held_by.display_name,
        "agenda": talk.agenda,
        "notes": talk.notes,
        "acknowledged_at": talk.acknowledged_at,
        "items": [
            {
                "kind": item.kind,
                "text": item.text,
                "situation": item.situation,
                "behaviour": item.behaviour,
                "impact": item.impact,
            }
            for item in talk.items.all()
        ],
        "actions": [_action_data(action) for action in talk.actions.all()],
    }
    if private:
        data["private_notes"] = talk.private_notes
    return data


ONE_TO_ONE_RESPONSE = inline_serializer(
    "OneToOneRecord",
    {
        "id": serializers.IntegerField(),
        "held_on": serializers.DateField(),
        "held_by": serializers.CharField(),
        "agenda": serializers.CharField(),
        "notes": serializers.CharField(),
        "private_notes": serializers.CharField(
            required=False, help_text="Only for those who lead the agent."
        ),
        "acknowledged_at": serializers.DateTimeField(allow_null=True),
        "items": OneToOneItemSerializer(many=True),
        "actions": inline_serializer(
            "AgreedActionRecord",
            {
                "id": serializers.IntegerField(),
                "description": serializers.CharField(),
                "owner": serializers.CharField(),
                "due_on": serializers.DateField(),
                "status": serializers.CharField(),
                "done_at": serializers.DateTimeField(allow_null=True),
            },
            many=True,
        ),
    },
)


class PersonOneToOneList(APIView):
    """An agent's one-to-ones (the agent and those who lead them); recording one (those who
    lead them)."""

    @extend_schema(summary="An agent's one-to-ones, newest first", responses=ONE_TO_ONE_RESPONSE)
    def get(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk)
        if not can_read_one_to_ones(request.user, person):
            raise NotFound
        private = can_read_private_one_to_one_notes(request.user, person)
        talks = selectors.person_one_to_ones(person).prefetch_related("items", "actions")
        return _paginated(
            self, request, talks, lambda talk: _one_to_one_data(talk, private=private)
        )

    @extend_schema(
        summary="Record a one-to-one held with the agent",
        request=OneToOneSerializer,
        responses={201: ONE_TO_ONE_RESPONSE},
    )
    def post(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk)
        serializer = OneToOneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        talk = service_call(
            lambda: one_to_one_hold(
                actor=request.user,
                person=person,
                held_on=data["held_on"],
                notes=data.get("notes", ""),
                agenda=data.get("agenda", ""),
                private_notes=data.get("private_notes", ""),
                items=[FeedbackItem(**item) for item in data.get("items", [])],
                actions=[NewAction(**action) for action in data.get("actions", [])],
                done_action_ids=data.get("done_actions", []),
            )
        )
        return Response(_one_to_one_data(talk, private=True), status=status.HTTP_201_CREATED)


class OneToOneAcknowledge(APIView):
    """The agent acknowledges a one-to-one they have read."""

    @extend_schema(
        summary="Acknowledge a one-to-one (the agent)", request=None, responses=ONE_TO_ONE_RESPONSE
    )
    def post(self, request, pk: int, talk: int):
        person = person_for_user_or_404(request.user, pk)
        if not can_read_one_to_ones(request.user, person):
            raise NotFound
        one_to_one = OneToOne.objects.filter(person=person, pk=talk).first()
        if one_to_one is None:
            raise NotFound
        one_to_one = service_call(
            lambda: one_to_one_acknowledge(actor=request.user, talk=one_to_one)
        )
        return Response(_one_to_one_data(one_to_one, private=False))


# ---- Cadence -------------------------------------------------------------------------------


def _next_due_data(item: NextDue) -> dict[str, object]:
    return {
        "kind": item.kind.value,
        "per_month": item.per_month,
        "interval_days": item.interval_days,
        "last_done": item.last_done,
        "due_on": item.due_on,
        "status": item.status.value if item.status else None,
    }


class PersonCadenceView(APIView):
    """When the agent's next QA evaluation, observation and one-to-one are due."""

    @extend_schema(
        summary="An agent's next due activities under their stage",
        responses=inline_serializer(
            "PersonCadence",
            {
                "stage": serializers.CharField(allow_null=True),
                "stage_set_on": serializers.DateField(allow_null=True),
                "today": serializers.DateField(),
                "activities": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request, pk: int):
        person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT)
        today = timezone.localdate()
        cadence = selectors.cadence_for([person], today)[person.pk]
        return Response(
            {
                "stage": cadence.stage.stage if cadence.stage else None,
                "stage_set_on": timezone.localdate(cadence.stage.set_at) if cadence.stage else None,
                "today": today,
                "activities": [_next_due_data(item) for item in cadence.items],
            }
        )


# ---- Mentorships ---------------------------------------------------------------------------


def _mentorship_data(mentorship: Mentorship) -> dict[str, object]:
    return {
        "id": mentorship.pk,
        "mentor": mentorship.mentor_id,
        "mentor_name": mentorship.mentor.display_name,
        "mentee": mentorship.mentee_id,
        "mentee_name": mentorship.mentee.display_name,
        "started_on": mentorship.started_on,
        "ended_on": mentorship.ended_on,
    }


MENTORSHIP_RESPONSE = inline_serializer(
    "MentorshipRecord",
    {
        "id": serializers.IntegerField(),
        "mentor": serializers.IntegerField(),
        "mentor_name": serializers.CharField(),
        "mentee": serializers.IntegerField(),
        "mentee_name": serializers.CharField(),
        "started_on": serializers.DateField(),
        "ended_on": serializers.DateField(allow_null=True),
    },
)


class MentorshipAssignSerializer(serializers.Serializer):
    mentor = serializers.IntegerField()
    mentee = serializers.IntegerField()


class MentorshipList(APIView):
    """Mentorships the user sees (their mentees' and their own); assigning a mentor (team
    leaders for their teams, site managers, administrators)."""

    @extend_schema(
        summary="Mentorships: current ones, or all with ?all=true",
        responses=MENTORSHIP_RESPONSE,
    )
    def get(self, request):
        current_only = request.query_params.get("all", "").lower() not in ("1", "true", "yes")
        mentorships = selectors.mentorships_listed(
            mentorships_for(request.user), current_only=current_only
        )
        return _paginated(self, request, mentorships, _mentorship_data)

    @extend_schema(
        summary="Assign a mentor to a mentee, from today",
        request=MentorshipAssignSerializer,
        responses={201: MENTORSHIP_RESPONSE},
    )
    def post(self, request):
        serializer = MentorshipAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pool = mentoring_people_for(request.user)
        people = {
            person.pk: person for person in pool.filter(pk__in=serializer.validated_data.values())
        }
        errors = {
            field: [_("No person %(id)s among the people you lead.") % {"id": value}]
            for field, value in serializer.validated_data.items()
            if value not in people
        }
        if errors:
            raise serializers.ValidationError(errors)
        mentorship = service_call(
            lambda: mentorship_assign(
                actor=request.user,
                mentee=people[serializer.validated_data["mentee"]],
                mentor=people[serializer.validated_data["mentor"]],
            )
        )
        return Response(_mentorship_data(mentorship), status=status.HTTP_201_CREATED)


class MentorshipEnd(APIView):
    @extend_schema(
        summary="End a mentorship today", request=None, responses={200: MENTORSHIP_RESPONSE}
    )
    def post(self, request, pk: int):
        mentorship = (
            mentorships_for(request.user).select_related("mentor", "mentee").filter(pk=pk).first()
        )
        if mentorship is None:
            raise NotFound
        if not can_manage_mentoring(request.user, mentorship.mentee):
            raise PermissionDenied
        ended = service_call(lambda: mentorship_end(actor=request.user, mentorship=mentorship))
        ended.mentor, ended.mentee = mentorship.mentor, mentorship.mentee
        return Response(_mentorship_data(ended))
