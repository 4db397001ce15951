"""Scheduling over the API: the agent's week, constraints and preferences (list, create,
approve or reject), schedules (list, detail with the report, publish), bidding windows (open,
pool, picks, close), under the same policy and services as the pages."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    Access,
    bidding_windows_for,
    can_bid,
    can_manage_bidding,
    can_read_schedules,
    schedule_people_for,
    schedule_sites_for,
    shift_trade_colleagues,
)
from floorwalk.core.api_errors import service_call
from floorwalk.org.models import Person
from floorwalk.scheduling.models import (
    PREFERENCE_POINTS,
    AgentConstraint,
    AgentPreference,
    BiddingPolicy,
    BiddingStatus,
    BiddingWindow,
    BidPick,
    ConstraintKind,
    PreferenceKind,
    Schedule,
    ScheduledShift,
    ShiftTrade,
    TradeKind,
    TradeStatus,
    WeekendPattern,
)
from floorwalk.scheduling.selectors import (
    TradeView,
    agent_week,
    bidding_view,
    constraint_text,
    future_shifts_of,
    monday_of,
    open_offers_for,
    own_trades,
    preference_text,
    report_view,
    schedules_for_sites,
    trade_views,
    trades_to_decide,
    unmet_views,
)
from floorwalk.scheduling.services import (
    ConstraintInput,
    PreferenceInput,
    WindowInput,
    agent_constraint_create,
    agent_preference_create,
    bidding_pick,
    bidding_pick_drop,
    bidding_window_close,
    bidding_window_open,
    schedule_publish,
    schedule_request_decide,
    shift_offer,
    shift_swap_propose,
    shift_trade_accept,
    shift_trade_decide,
    shift_trade_decline,
    shift_trade_withdraw,
)


def _own_person(request) -> Person:
    if request.user.person_id is None:
        raise Http404
    return request.user.person


def _subject(request) -> Person:
    """The person a request is about: ?person=<id> (within the policy), else oneself."""
    raw = request.query_params.get("person")
    if raw is None and request.method == "POST":
        raw = request.data.get("person")
    if not raw:
        return _own_person(request)
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    person = schedule_people_for(request.user).filter(pk=pk).select_related("site").first()
    if person is None:
        raise Http404
    return person


WEEK_RESPONSE = inline_serializer(
    "ScheduleWeek",
    {
        "person": serializers.IntegerField(),
        "week_start": serializers.DateField(),
        "time_zone": serializers.CharField(),
        "days": serializers.ListField(child=serializers.DictField()),
        "unmet_preferences": serializers.ListField(child=serializers.DictField()),
        "changed_since_last_look": serializers.BooleanField(),
    },
)


class MyScheduleWeek(APIView):
    """The caller's published shifts of one week (site-local days and times)."""

    @extend_schema(
        summary="My published schedule for a week",
        parameters=[OpenApiParameter("week", str, description="Any day of the week, YYYY-MM-DD")],
        responses=WEEK_RESPONSE,
    )
    def get(self, request):
        person = _own_person(request)
        text = request.query_params.get("week", "")
        try:
            day = date.fromisoformat(text) if text else None
        except ValueError:
            raise serializers.ValidationError({"week": ["Give a date as YYYY-MM-DD."]}) from None
        if day is None:
            day = timezone.localdate(timezone=ZoneInfo(person.site.time_zone))
        week = agent_week(person, monday_of(day))
        return Response(
            {
                "person": person.pk,
                "week_start": week.monday,
                "time_zone": week.zone,
                "days": [
                    {
                        "date": item.day,
                        "shifts": [
                            {
                                "id": shift.pk,
                                "start": shift.start.isoformat(),
                                "end": shift.end.isoformat(),
                                "template": shift.template,
                                "queue": shift.queue,
                                "activities": [
                                    {
                                        "kind": activity.kind,
                                        "start": activity.start.isoformat(),
                                        "end": activity.end.isoformat(),
                                        "queue": activity.queue,
                                    }
                                    for activity in shift.activities
                                ],
                            }
                            for shift in item.shifts
                        ],
                    }
                    for item in week.days
                ],
                "unmet_preferences": [
                    {"preference": item.preference, "points": item.weight, "reason": item.reason}
                    for item in week.unmet
                ],
                "changed_since_last_look": bool(week.notices),
            }
        )


class ScheduleConstraintSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=ConstraintKind.choices)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), required=False
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    start_time = serializers.TimeField(required=False, allow_null=True)
    end_time = serializers.TimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class SchedulePreferenceSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=PreferenceKind.choices)
    weight = serializers.IntegerField(min_value=1, max_value=PREFERENCE_POINTS)
    template = serializers.IntegerField(required=False, allow_null=True)
    start_time = serializers.TimeField(required=False, allow_null=True)
    end_time = serializers.TimeField(required=False, allow_null=True)
    weekday = serializers.IntegerField(min_value=0, max_value=6, required=False, allow_null=True)
    on_date = serializers.DateField(required=False, allow_null=True)
    weekend_pattern = serializers.ChoiceField(
        choices=WeekendPattern.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


def _request_common(item: AgentConstraint | AgentPreference, text: str) -> dict[str, object]:
    return {
        "id": item.pk,
        "person": item.person_id,
        "kind": item.kind,
        "text": text,
        "status": item.status,
        "note": item.note,
        "decision_reason": item.decision_reason,
        "decided_at": item.decided_at,
        "created_at": item.created_at,
    }


def _constraint_data(item: AgentConstraint) -> dict[str, object]:
    return {
        **_request_common(item, constraint_text(item)),
        "weekdays": item.weekdays,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "start_time": item.start_time,
        "end_time": item.end_time,
    }


def _preference_data(item: AgentPreference) -> dict[str, object]:
    return {
        **_request_common(item, preference_text(item)),
        "weight": item.weight,
        "template": item.template_id,
        "start_time": item.start_time,
        "end_time": item.end_time,
        "weekday": item.weekday,
        "on_date": item.on_date,
        "weekend_pattern": item.weekend_pattern,
    }


REQUEST_RESPONSE = inline_serializer(
    "ScheduleRequestRecord",
    {
        "id": serializers.IntegerField(),
        "person": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "text": serializers.CharField(),
        "status": serializers.CharField(),
        "decision_reason": serializers.CharField(),
    },
)
PERSON_PARAMETER = OpenApiParameter(
    "person", int, description="Whose (default: your own); within what you may read"
)


class ConstraintList(APIView):
    """Constraints of one person: yours, or (leaders, planners) of someone you lead."""

    @extend_schema(
        operation_id="v1_schedule_constraints_list",
        summary="Constraints of a person",
        parameters=[PERSON_PARAMETER],
        responses=REQUEST_RESPONSE,
    )
    def get(self, request):
        person = _subject(request)
        items = person.schedule_constraints.order_by("-created_at", "-pk")
        return Response({"results": [_constraint_data(item) for item in items]})

    @extend_schema(
        summary="Enter a constraint (pending) or set one for someone you lead (approved)",
        request=ScheduleConstraintSerializer,
        responses={201: REQUEST_RESPONSE},
    )
    def post(self, request):
        serializer = ScheduleConstraintSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = _subject(request)
        item = service_call(
            lambda: agent_constraint_create(
                actor=request.user,
                person=person,
                data=ConstraintInput(
                    kind=data["kind"],
                    weekdays=tuple(data.get("weekdays") or ()),
                    start_date=data.get("start_date"),
                    end_date=data.get("end_date"),
                    start_time=data.get("start_time"),
                    end_time=data.get("end_time"),
                    note=data.get("note", ""),
                ),
            )
        )
        return Response(_constraint_data(item), status=status.HTTP_201_CREATED)


class PreferenceList(APIView):
    """Preferences of one person: yours, or (leaders, planners) of someone you lead."""

    @extend_schema(
        operation_id="v1_schedule_preferences_list",
        summary="Preferences of a person",
        parameters=[PERSON_PARAMETER],
        responses=REQUEST_RESPONSE,
    )
    def get(self, request):
        person = _subject(request)
        items = person.schedule_preferences.select_related("template").order_by("-weight", "pk")
        return Response({"results": [_preference_data(item) for item in items]})

    @extend_schema(
        summary="Enter a preference (pending) or set one for someone you lead (approved)",
        request=SchedulePreferenceSerializer,
        responses={201: REQUEST_RESPONSE},
    )
    def post(self, request):
        serializer = SchedulePreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = _subject(request)
        item = service_call(
            lambda: agent_preference_create(
                actor=request.user,
                person=person,
                data=PreferenceInput(
                    kind=data["kind"],
                    weight=data["weight"],
                    template_id=data.get("template"),
                    start_time=data.get("start_time"),
                    end_time=data.get("end_time"),
                    weekday=data.get("weekday"),
                    on_date=data.get("on_date"),
                    weekend_pattern=data.get("weekend_pattern") or "",
                    note=data.get("note", ""),
                ),
            )
        )
        return Response(_preference_data(item), status=status.HTTP_201_CREATED)


class ScheduleDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


REQUEST_MODELS: dict[str, type[AgentConstraint] | type[AgentPreference]] = {
    "constraint": AgentConstraint,
    "preference": AgentPreference,
}


class RequestDecision(APIView):
    """Approve or reject (with a reason) a pending constraint or preference."""

    @extend_schema(
        summary="Approve or reject a constraint or preference",
        request=ScheduleDecisionSerializer,
        responses=REQUEST_RESPONSE,
    )
    def post(self, request, kind: str, pk: int):
        model = REQUEST_MODELS.get(kind)
        if model is None:
            raise Http404
        item = (
            model._default_manager.select_related("person")
            .filter(pk=pk, person__in=schedule_people_for(request.user))
            .first()
        )
        if item is None:
            raise Http404
        serializer = ScheduleDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decided = service_call(
            lambda: schedule_request_decide(
                actor=request.user,
                item=item,
                approve=serializer.validated_data["approve"],
                reason=serializer.validated_data.get("reason", ""),
            )
        )
        if isinstance(decided, AgentConstraint):
            return Response(_constraint_data(decided))
        return Response(_preference_data(decided))


def _schedule_summary(schedule: Schedule) -> dict[str, object]:
    return {
        "id": schedule.pk,
        "site": schedule.site_id,
        "start_date": schedule.start_date,
        "days": schedule.days,
        "status": schedule.status,
        "version": schedule.version,
        "published_at": schedule.published_at,
    }


SCHEDULE_RESPONSE = inline_serializer(
    "ScheduleSummary",
    {
        "id": serializers.IntegerField(),
        "site": serializers.IntegerField(),
        "start_date": serializers.DateField(),
        "days": serializers.IntegerField(),
        "status": serializers.CharField(),
        "version": serializers.IntegerField(),
        "published_at": serializers.DateTimeField(allow_null=True),
    },
)


def _schedule_or_404(request, pk: int) -> Schedule:
    schedule = schedules_for_sites(schedule_sites_for(request.user)).filter(pk=pk).first()
    if schedule is None:
        raise Http404
    return schedule


class ScheduleList(APIView):
    """Schedules of the sites you read (leaders, planners, managers: their site)."""

    @extend_schema(
        operation_id="v1_schedules_list", summary="Schedules", responses=SCHEDULE_RESPONSE
    )
    def get(self, request):
        if not can_read_schedules(request.user):
            raise PermissionDenied
        paginator = PageNumberPagination()
        rows = schedules_for_sites(schedule_sites_for(request.user)).order_by("-start_date", "-pk")
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([_schedule_summary(row) for row in page or []])


class ScheduleDetail(APIView):
    """One schedule: its shifts (of the people you may read), report and unmet preferences."""

    @extend_schema(summary="A schedule with its shifts and report", responses=SCHEDULE_RESPONSE)
    def get(self, request, pk: int):
        schedule = _schedule_or_404(request, pk)
        readable = schedule_people_for(request.user)
        shifts = (
            schedule.shifts.filter(person__in=readable)
            .prefetch_related("activities")
            .order_by("start", "person_id")
        )
        unmet = schedule.unmet.filter(preference__person__in=readable).select_related(
            "preference__person", "preference__template"
        )
        report = report_view(schedule, readable)
        return Response(
            {
                **_schedule_summary(schedule),
                "shifts": [
                    {
                        "id": shift.pk,
                        "person": shift.person_id,
                        "start": shift.start,
                        "end": shift.end,
                        "template": shift.template_id,
                        "queue": shift.queue_id,
                        "activities": [
                            {
                                "kind": item.kind,
                                "start": item.start,
                                "end": item.end,
                                "queue": item.queue_id,
                            }
                            for item in shift.activities.all()
                        ],
                    }
                    for shift in shifts
                ],
                "report": {
                    "summary": report.summary,
                    "intervals": report.intervals,
                    "satisfaction": [
                        {"person": row.person_id, "score": row.score} for row in report.satisfaction
                    ],
                },
                "unmet_preferences": [
                    {
                        "person": item.person.pk,
                        "preference": item.preference,
                        "points": item.weight,
                        "reason": item.reason,
                    }
                    for item in unmet_views(unmet)
                ],
            }
        )


class SchedulePublish(APIView):
    """Publish a draft as version 1 (planners, managers, admins; leaders of teams in it)."""

    @extend_schema(summary="Publish a schedule", request=None, responses=SCHEDULE_RESPONSE)
    def post(self, request, pk: int):
        schedule = _schedule_or_404(request, pk)
        service_call(lambda: schedule_publish(actor=request.user, schedule=schedule))
        schedule.refresh_from_db()
        return Response(_schedule_summary(schedule))


# ---- self-scheduling: bidding windows -----------------------------------------------------------


def _bidding_window_or_404(request, pk: int) -> BiddingWindow:
    window = bidding_windows_for(request.user).filter(pk=pk).first()
    if window is None:
        raise Http404
    return window


def _window_data(window: BiddingWindow, person_id: int | None) -> dict[str, object]:
    turns = list(window.turns.select_related("person").order_by("position"))
    mine = next((t for t in turns if t.person_id == person_id), None)
    return {
        "id": window.pk,
        "schedule": window.schedule_id,
        "site": window.schedule.site_id,
        "policy": window.policy,
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
        "turn_minutes": window.turn_minutes,
        "status": window.status,
        "generation": window.generation_id,
        "pool": window.pool_report,
        "order": [
            {
                "position": t.position,
                "person": t.person_id,
                "name": t.person.display_name,
                "starts_at": t.starts_at,
                "points": t.points,
            }
            for t in turns
        ],
        "my_turn": {"position": mine.position, "starts_at": mine.starts_at} if mine else None,
    }


BIDDING_WINDOW_RESPONSE = inline_serializer(
    "BiddingWindowRecord",
    {
        "id": serializers.IntegerField(),
        "schedule": serializers.IntegerField(),
        "site": serializers.IntegerField(),
        "policy": serializers.ChoiceField(choices=BiddingPolicy.choices),
        "opens_at": serializers.DateTimeField(),
        "closes_at": serializers.DateTimeField(),
        "turn_minutes": serializers.IntegerField(),
        "status": serializers.ChoiceField(choices=BiddingStatus.choices),
        "generation": serializers.IntegerField(allow_null=True),
        "pool": serializers.DictField(),
        "order": serializers.ListField(child=serializers.DictField()),
        "my_turn": serializers.DictField(allow_null=True),
    },
)


class BiddingWindowSerializer(serializers.Serializer):
    schedule = serializers.IntegerField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    policy = serializers.ChoiceField(choices=BiddingPolicy.choices)
    turn_minutes = serializers.IntegerField(min_value=0, max_value=7 * 24 * 60)


class BiddingWindowList(APIView):
    """Bidding windows you see (planners, leaders, managers: their site's; agents: the open
    ones of their site); planners open one on a draft."""

    @extend_schema(
        operation_id="v1_bidding_windows_list",
        summary="Bidding windows",
        responses=BIDDING_WINDOW_RESPONSE,
    )
    def get(self, request):
        rows = bidding_windows_for(request.user).order_by("-opens_at", "-pk")
        return Response({"results": [_window_data(row, request.user.person_id) for row in rows]})

    @extend_schema(
        summary="Open a bidding window on a draft of a future period",
        request=BiddingWindowSerializer,
        responses={201: BIDDING_WINDOW_RESPONSE},
    )
    def post(self, request):
        if not schedule_sites_for(request.user, Access.CHANGE).exists():
            raise PermissionDenied
        serializer = BiddingWindowSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        schedule = _schedule_or_404(request, data["schedule"])
        window = service_call(
            lambda: bidding_window_open(
                actor=request.user,
                schedule=schedule,
                data=WindowInput(
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    policy=data["policy"],
                    turn_minutes=data["turn_minutes"],
                ),
            )
        )
        return Response(
            _window_data(window, request.user.person_id), status=status.HTTP_201_CREATED
        )


class BiddingWindowDetail(APIView):
    """One window: its order with each turn's start, and your own turn."""

    @extend_schema(summary="A bidding window", responses=BIDDING_WINDOW_RESPONSE)
    def get(self, request, pk: int):
        window = _bidding_window_or_404(request, pk)
        return Response(_window_data(window, request.user.person_id))


POOL_RESPONSE = inline_serializer(
    "BiddingPoolShift",
    {
        "id": serializers.IntegerField(),
        "start": serializers.DateTimeField(),
        "end": serializers.DateTimeField(),
        "template": serializers.IntegerField(),
        "template_name": serializers.CharField(),
        "queue": serializers.IntegerField(),
        "queue_name": serializers.CharField(),
        "places": serializers.IntegerField(),
        "left": serializers.IntegerField(),
    },
    many=True,
)


class BiddingPool(APIView):
    """The pool: every shift with its places and how many are left."""

    @extend_schema(summary="The pool of a bidding window", responses=POOL_RESPONSE)
    def get(self, request, pk: int):
        window = _bidding_window_or_404(request, pk)
        view = bidding_view(window, request.user.person, timezone.now())
        return Response(
            [
                {
                    "id": item.slot.pk,
                    "start": item.slot.start,
                    "end": item.slot.end,
                    "template": item.slot.template_id,
                    "template_name": item.slot.template.name,
                    "queue": item.slot.queue_id,
                    "queue_name": item.slot.queue.name,
                    "places": item.slot.capacity,
                    "left": item.left,
                }
                for day in view.days
                for item in day.slots
            ]
        )


PICK_RESPONSE = inline_serializer(
    "BiddingPickRecord",
    {
        "id": serializers.IntegerField(),
        "person": serializers.IntegerField(),
        "slot": serializers.IntegerField(),
        "start": serializers.DateTimeField(),
        "end": serializers.DateTimeField(),
        "created_at": serializers.DateTimeField(),
    },
)


def _pick_data(pick: BidPick) -> dict[str, object]:
    return {
        "id": pick.pk,
        "person": pick.person_id,
        "slot": pick.slot_id,
        "start": pick.slot.start,
        "end": pick.slot.end,
        "created_at": pick.created_at,
    }


class BiddingPickSerializer(serializers.Serializer):
    slot = serializers.IntegerField()


class BiddingPickList(APIView):
    """Picks of a window: your own, or everyone's for its planners. Pick a pool shift in
    your turn; a refusal is a 400 whose `slot` says why in plain words."""

    @extend_schema(
        operation_id="v1_bidding_picks_list",
        summary="Picks of a bidding window",
        responses=PICK_RESPONSE,
    )
    def get(self, request, pk: int):
        window = _bidding_window_or_404(request, pk)
        picks = window.picks.select_related("slot").order_by("slot__start", "pk")
        if not can_manage_bidding(request.user, window.schedule.site):
            picks = picks.filter(person_id=request.user.person_id)
        return Response({"results": [_pick_data(pick) for pick in picks]})

    @extend_schema(
        summary="Pick a shift of the pool",
        request=BiddingPickSerializer,
        responses={201: PICK_RESPONSE},
    )
    def post(self, request, pk: int):
        window = _bidding_window_or_404(request, pk)
        serializer = BiddingPickSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not can_bid(request.user, window):
            raise PermissionDenied
        slot = window.slots.filter(pk=serializer.validated_data["slot"]).first()
        if slot is None:
            raise serializers.ValidationError({"slot": ["No such shift in this pool."]})
        pick = service_call(lambda: bidding_pick(actor=request.user, slot=slot))
        return Response(_pick_data(pick), status=status.HTTP_201_CREATED)


class BiddingPickDetail(APIView):
    """Drop one of your picks while the window is open: the shift goes back to the pool."""

    @extend_schema(summary="Drop a pick", request=None, responses={204: None})
    def delete(self, request, pk: int):
        pick = (
            BidPick.objects.select_related("window__schedule__site", "slot")
            .filter(pk=pk, person_id=request.user.person_id)
            .first()
            if request.user.person_id
            else None
        )
        if pick is None:
            raise Http404
        service_call(lambda: bidding_pick_drop(actor=request.user, pick=pick))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BiddingCloseSerializer(serializers.Serializer):
    time_limit = serializers.IntegerField(min_value=1, max_value=3600, default=60)


class BiddingClose(APIView):
    """Close a window: picking ends, points are added, and the generator fills the rest of
    the draft around the picks in the background (`generation`: its run)."""

    @extend_schema(
        summary="Close a bidding window and generate the draft",
        request=BiddingCloseSerializer,
        responses={202: BIDDING_WINDOW_RESPONSE},
    )
    def post(self, request, pk: int):
        window = _bidding_window_or_404(request, pk)
        serializer = BiddingCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service_call(
            lambda: bidding_window_close(
                actor=request.user,
                window=window,
                time_limit=serializer.validated_data["time_limit"],
            )
        )
        window.refresh_from_db()
        return Response(
            _window_data(window, request.user.person_id), status=status.HTTP_202_ACCEPTED
        )


# ---- shift swaps and offers -------------------------------------------------------------------


def _trade_data(row: TradeView) -> dict[str, object]:
    trade = row.trade
    return {
        "id": trade.pk,
        "kind": trade.kind,
        "status": trade.status,
        "person": trade.person_id,
        "shift": trade.shift_id,
        "shift_start": row.shift[0].isoformat(),
        "shift_end": row.shift[1].isoformat(),
        "colleague": trade.colleague_id,
        "other_shift": trade.other_shift_id,
        "other_start": row.other[0].isoformat() if row.other else None,
        "other_end": row.other[1].isoformat() if row.other else None,
        "taker": trade.taker_id,
        "note": trade.note,
        "reasons": row.reasons,
        "stale": row.stale,
        "decision_reason": trade.decision_reason,
        "decided_at": trade.decided_at,
        "version": trade.version.number if trade.version_id and trade.version else None,
        "created_at": trade.created_at,
    }


TRADE_RESPONSE = inline_serializer(
    "ShiftTradeRecord",
    {
        "id": serializers.IntegerField(),
        "kind": serializers.ChoiceField(choices=TradeKind.choices),
        "status": serializers.ChoiceField(choices=TradeStatus.choices),
        "person": serializers.IntegerField(),
        "shift": serializers.IntegerField(allow_null=True),
        "shift_start": serializers.DateTimeField(),
        "shift_end": serializers.DateTimeField(),
        "colleague": serializers.IntegerField(allow_null=True),
        "other_shift": serializers.IntegerField(allow_null=True),
        "other_start": serializers.DateTimeField(allow_null=True),
        "other_end": serializers.DateTimeField(allow_null=True),
        "taker": serializers.IntegerField(allow_null=True),
        "note": serializers.CharField(),
        "reasons": serializers.ListField(child=serializers.CharField()),
        "stale": serializers.BooleanField(),
        "decision_reason": serializers.CharField(),
        "decided_at": serializers.DateTimeField(allow_null=True),
        "version": serializers.IntegerField(allow_null=True),
    },
)
TRADE_SCOPES = ("mine", "asked", "board", "to_decide")


class ShiftTradeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TradeKind.choices)
    shift = serializers.IntegerField(help_text="Your future shift")
    colleague = serializers.IntegerField(
        required=False, allow_null=True, help_text="Offer: to this colleague (empty: anyone)"
    )
    other_shift = serializers.IntegerField(
        required=False, allow_null=True, help_text="Swap: the colleague's shift"
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ShiftTradeList(APIView):
    """Shift swaps and offers: yours, those asked of you, your site's open offers, or (for
    leaders) those waiting for your decision; and a new offer or swap of your shift."""

    @extend_schema(
        operation_id="v1_schedule_trades_list",
        summary="Shift swaps and offers",
        parameters=[
            OpenApiParameter(
                "scope",
                str,
                enum=TRADE_SCOPES,
                description="mine (default): your requests; asked: meant for or taken by you; "
                "board: open offers you could take; to_decide: waiting for your decision",
            )
        ],
        responses=TRADE_RESPONSE,
    )
    def get(self, request):
        scope = request.query_params.get("scope", "mine")
        if scope not in TRADE_SCOPES:
            raise serializers.ValidationError({"scope": [f"One of {', '.join(TRADE_SCOPES)}."]})
        if scope == "to_decide":
            rows = trades_to_decide(request.user)
        else:
            person = _own_person(request)
            if scope == "board":
                rows = open_offers_for(person)
            else:
                mine, asked = own_trades(person)
                rows = mine if scope == "mine" else asked
        return Response({"results": [_trade_data(row) for row in rows]})

    @extend_schema(
        summary="Offer your future shift, or propose to swap it for a colleague's",
        request=ShiftTradeSerializer,
        responses={201: TRADE_RESPONSE},
    )
    def post(self, request):
        serializer = ShiftTradeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = _own_person(request)
        shift = future_shifts_of(person).filter(pk=data["shift"]).first()
        if shift is None:
            raise serializers.ValidationError({"shift": ["Give one of your future shifts."]})
        if data["kind"] == TradeKind.SWAP:
            other = ScheduledShift.objects.filter(pk=data.get("other_shift") or 0).first()
            if other is None:
                raise serializers.ValidationError(
                    {"other_shift": ["Give the colleague's shift to swap for."]}
                )
            trade = service_call(
                lambda: shift_swap_propose(
                    actor=request.user, shift=shift, other_shift=other, note=data.get("note", "")
                )
            )
        else:
            colleague = None
            if data.get("colleague"):
                colleague = shift_trade_colleagues(person).filter(pk=data["colleague"]).first()
                if colleague is None:
                    raise serializers.ValidationError(
                        {"colleague": ["Choose an agent of your site."]}
                    )
            trade = service_call(
                lambda: shift_offer(
                    actor=request.user, shift=shift, colleague=colleague, note=data.get("note", "")
                )
            )
        return Response(_trade_data(trade_views([trade])[0]), status=status.HTTP_201_CREATED)


class ShiftTradeActionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


TRADE_ACTIONS = ("take", "accept", "decline", "withdraw", "approve", "reject")


class ShiftTradeAction(APIView):
    """take (an open offer), accept or decline (one asked of you), withdraw (your own), or,
    for a leader, approve or reject (with a reason) one waiting for their decision."""

    @extend_schema(
        operation_id="v1_schedule_trades_act",
        summary="Take, accept, decline, withdraw, approve or reject a swap or offer",
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=TRADE_ACTIONS)],
        request=ShiftTradeActionSerializer,
        responses=TRADE_RESPONSE,
    )
    def post(self, request, pk: int, action: str):
        if action not in TRADE_ACTIONS:
            raise Http404
        serializer = ShiftTradeActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data.get("reason", "")
        if action in ("approve", "reject"):
            pending = (
                ShiftTrade.objects.filter(pk=pk, person__in=schedule_people_for(request.user))
                .select_related("person", "taker")
                .first()
            )
            if pending is None:
                raise Http404
            done = service_call(
                lambda: shift_trade_decide(
                    actor=request.user, trade=pending, approve=action == "approve", reason=reason
                )
            )
        else:
            person = _own_person(request)
            trade = ShiftTrade.objects.filter(
                Q(person=person)
                | Q(colleague=person)
                | Q(taker=person)
                | Q(colleague__isnull=True, schedule__site_id=person.site_id),
                pk=pk,
            ).first()
            if trade is None:
                raise Http404
            if action == "decline":
                done = service_call(
                    lambda: shift_trade_decline(actor=request.user, trade=trade, reason=reason)
                )
            elif action == "withdraw":
                done = service_call(lambda: shift_trade_withdraw(actor=request.user, trade=trade))
            else:
                done = service_call(lambda: shift_trade_accept(actor=request.user, trade=trade))
        return Response(_trade_data(trade_views([done])[0]))
