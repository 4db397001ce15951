"""Forecasts and staffing over the API: read a queue's forecast with required staff for a date
range, run a forecast, add and remove adjustments; the same policy and services as the pages."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from floorwalk.accounts.policy import (
    can_plan_workforce,
    wfm_queue_for_user_or_404,
    wfm_queues_for,
)
from floorwalk.core.api_errors import service_call
from floorwalk.wfm.models import ForecastAdjustment, ForecastModel, ForecastRun
from floorwalk.wfm.selectors import (
    latest_forecast,
    planned_intervals,
    site_zone,
    target_for,
    work_model,
)
from floorwalk.wfm.services import (
    forecast_adjustment_create,
    forecast_adjustment_remove,
    forecast_run_create,
)

MAX_DAYS = 56


class RangeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, required=False, default=7)


class RunSerializer(serializers.Serializer):
    horizon_days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, default=MAX_DAYS)
    model = serializers.ChoiceField(choices=ForecastModel.choices, default=ForecastModel.BEST)


class AdjustmentSerializer(serializers.Serializer):
    day = serializers.DateField()
    time = serializers.TimeField(required=False, allow_null=True, default=None)
    percent = serializers.FloatField(min_value=-100, max_value=1000)
    reason = serializers.CharField(max_length=500)


class RemovalSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _run_data(run: ForecastRun) -> dict[str, object]:
    return {
        "id": run.pk,
        "model": run.model,
        "requested_model": run.requested_model,
        "interval_minutes": run.interval_minutes,
        "horizon_days": run.horizon_days,
        "first_day": run.first_day,
        "last_day": run.last_day,
        "history_start": run.history_start,
        "history_end": run.history_end,
        "backtest": {
            "wape": run.backtest_wape,
            "mase": run.backtest_mase,
            "held_out_weeks": run.backtest_weeks,
            "days_scored": run.backtest_days,
            "candidates": run.candidates,
        },
        "run_by": run.created_by.display_name if run.created_by else None,
        "run_at": run.created_at,
        "seconds": run.seconds,
    }


def _adjustment_data(adjustment: ForecastAdjustment) -> dict[str, object]:
    return {
        "id": adjustment.pk,
        "queue": adjustment.queue_id,
        "day": adjustment.day,
        "interval_start": adjustment.interval_start.astimezone(site_zone(adjustment.queue.site))
        if adjustment.interval_start
        else None,
        "percent": adjustment.percent,
        "reason": adjustment.reason,
        "made_by": adjustment.created_by.display_name if adjustment.created_by else None,
        "made_at": adjustment.created_at,
        "removed_at": adjustment.removed_at,
        "removed_by": adjustment.removed_by.display_name if adjustment.removed_by else None,
        "removal_reason": adjustment.removal_reason,
    }


RUN_RESPONSE = inline_serializer(
    "ForecastRunRecord",
    {
        "id": serializers.IntegerField(),
        "model": serializers.CharField(),
        "requested_model": serializers.CharField(),
        "interval_minutes": serializers.IntegerField(),
        "horizon_days": serializers.IntegerField(),
        "first_day": serializers.DateField(),
        "last_day": serializers.DateField(),
        "history_start": serializers.DateField(),
        "history_end": serializers.DateField(),
        "backtest": serializers.DictField(),
        "run_by": serializers.CharField(allow_null=True),
        "run_at": serializers.DateTimeField(),
        "seconds": serializers.FloatField(),
    },
)
FORECAST_RESPONSE = inline_serializer(
    "QueueForecast",
    {
        "queue": serializers.DictField(),
        "forecast": serializers.DictField(allow_null=True),
        "target": serializers.DictField(),
        "intervals": serializers.ListField(child=serializers.DictField()),
    },
)
ADJUSTMENT_RESPONSE = inline_serializer(
    "ForecastAdjustmentRecord",
    {
        "id": serializers.IntegerField(),
        "queue": serializers.IntegerField(),
        "day": serializers.DateField(),
        "interval_start": serializers.DateTimeField(allow_null=True),
        "percent": serializers.FloatField(),
        "reason": serializers.CharField(),
        "made_by": serializers.CharField(allow_null=True),
        "made_at": serializers.DateTimeField(),
        "removed_at": serializers.DateTimeField(allow_null=True),
        "removed_by": serializers.CharField(allow_null=True),
        "removal_reason": serializers.CharField(),
    },
)


class QueueForecastView(APIView):
    """A queue's latest forecast with adjustments and required staff; running a new one."""

    @extend_schema(
        summary="A queue's forecast and staffing per interval for a date range",
        parameters=[
            OpenApiParameter("start", str, description="first day, YYYY-MM-DD (site time)"),
            OpenApiParameter("days", int, description="days from start, 1–56 (default 7)"),
        ],
        responses=FORECAST_RESPONSE,
    )
    def get(self, request, pk: int):
        queue = wfm_queue_for_user_or_404(request.user, pk)
        query = RangeSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        run = latest_forecast(queue)
        target, own = target_for(queue)
        model = work_model(queue, target)
        intervals = []
        if run is not None and run.first_day:
            start = query.validated_data.get("start") or run.first_day
            end = start + timedelta(days=query.validated_data["days"] - 1)
            intervals = [
                {
                    "start": item.start,
                    "forecast_volume": item.base_volume,
                    "adjustment_factor": item.factor,
                    "volume": item.volume,
                    "aht_seconds": item.aht_seconds,
                    "required_agents": item.required_agents,
                    "required_with_shrinkage": item.required_with_shrinkage,
                    "service_level": item.service_level,
                    "asa_seconds": item.asa_seconds,
                    "occupancy": item.occupancy,
                    "abandonment": item.abandonment,
                }
                for item in planned_intervals(queue, run, start, end, target)
            ]
        return Response(
            {
                "queue": {"id": queue.pk, "name": queue.name, "site": queue.site.name},
                "forecast": _run_data(run) if run else None,
                "target": {
                    "own": own,
                    "service_level": target.service_level,
                    "answer_within_seconds": target.answer_within_seconds,
                    "asa_seconds": target.asa_seconds,
                    "max_occupancy": target.max_occupancy,
                    "shrinkage": target.shrinkage,
                    "patience_seconds": target.patience_seconds,
                    "channel": queue.channel,
                    "work_model": "deferred" if model.deferred else "live",
                    "concurrency": model.concurrency,
                    "response_hours": model.response_hours,
                },
                "intervals": intervals,
            }
        )

    @extend_schema(
        summary="Run a forecast of the queue (planners of its site)",
        request=RunSerializer,
        responses={201: RUN_RESPONSE},
    )
    def post(self, request, pk: int):
        queue = wfm_queue_for_user_or_404(request.user, pk)
        if not can_plan_workforce(request.user, queue.site):
            raise PermissionDenied
        serializer = RunSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = service_call(
            lambda: forecast_run_create(
                actor=request.user, queue=queue, **serializer.validated_data
            )
        )
        return Response(_run_data(run), status=status.HTTP_201_CREATED)


class QueueAdjustmentCreate(APIView):
    """Adjusting a day (or one interval, `time` in site time) of the queue's forecast."""

    @extend_schema(
        summary="Adjust a day or an interval of the forecast by ± percent",
        request=AdjustmentSerializer,
        responses={201: ADJUSTMENT_RESPONSE},
    )
    def post(self, request, pk: int):
        queue = wfm_queue_for_user_or_404(request.user, pk)
        if not can_plan_workforce(request.user, queue.site):
            raise PermissionDenied
        serializer = AdjustmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        adjustment = service_call(
            lambda: forecast_adjustment_create(
                actor=request.user,
                queue=queue,
                day=data["day"],
                at=data["time"],
                percent=data["percent"],
                reason=data["reason"],
            )
        )
        return Response(_adjustment_data(adjustment), status=status.HTTP_201_CREATED)


class AdjustmentDetail(APIView):
    """Removing an adjustment: it stops applying and stays on record with who and why."""

    @extend_schema(
        summary="Remove an adjustment (kept on record)",
        request=RemovalSerializer,
        responses=ADJUSTMENT_RESPONSE,
    )
    def delete(self, request, pk: int):
        adjustment = get_object_or_404(
            ForecastAdjustment.objects.select_related("queue__site", "created_by"),
            pk=pk,
            queue__in=wfm_queues_for(request.user),
        )
        if not can_plan_workforce(request.user, adjustment.queue.site):
            raise PermissionDenied
        serializer = RemovalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        removed = service_call(
            lambda: forecast_adjustment_remove(
                actor=request.user,
                adjustment=adjustment,
                reason=serializer.validated_data["reason"],
            )
        )
        return Response(_adjustment_data(removed))
