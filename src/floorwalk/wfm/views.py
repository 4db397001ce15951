"""Forecast and staffing pages: every queue of the user's site (read by everyone there), the
forecast of one queue over its horizon and one day by interval, the interval history, and for
planners the forms that run forecasts, adjust them, set targets and mark special days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    can_plan_workforce,
    wfm_queue_for_user_or_404,
    wfm_queues_for,
    wfm_site_for_user_or_404,
)
from floorwalk.core.exports import csv_response, csv_stream_response
from floorwalk.core.paging import query_without
from floorwalk.scheduling.selectors import scheduled_agents
from floorwalk.wfm.forms import (
    AdjustmentForm,
    AdjustmentRemoveForm,
    ForecastRunForm,
    HistoryFilterForm,
    HistoryRebuildForm,
    SpecialDayForm,
    StaffingTargetForm,
    TargetKind,
)
from floorwalk.wfm.models import ForecastAdjustment, SpecialDay
from floorwalk.wfm.selectors import (
    active_adjustments,
    interval_history,
    interval_minutes_for,
    latest_forecast,
    planned_days,
    planned_intervals,
    service_with_agents,
    site_zone,
    special_days_between,
    target_for,
    work_model,
)
from floorwalk.wfm.services import (
    TargetInput,
    forecast_adjustment_create,
    forecast_adjustment_remove,
    forecast_run_create,
    interval_history_rebuild,
    special_day_delete,
    special_day_set,
    staffing_target_set,
)

HISTORY_PAGE_SIZE = 96
HISTORY_SORTS = {"start": "interval_start", "offered": "offered", "aht": "aht_seconds"}


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


def _site_today(queue) -> date:
    return timezone.localdate(timezone=site_zone(queue.site))


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


@require_http_methods(["GET"])
def wfm_home(request):
    """The queues whose forecast the user reads, with the latest forecast's headline."""
    rows = []
    for queue in wfm_queues_for(request.user).select_related("site").order_by("site__name", "name"):
        run = latest_forecast(queue)
        rows.append(
            {
                "queue": queue,
                "run": run,
                "target": target_for(queue)[0],
                "can_plan": can_plan_workforce(request.user, queue.site),
            }
        )
    return render(request, "wfm/home.html", {"rows": rows})


def _forecast_chart(days) -> dict[str, object]:
    labels = [day.day.isoformat() for day in days]
    return {
        "volume": {
            "labels": labels,
            "yTitle": _("Contacts a day"),
            "yMin": 0,
            "datasets": [
                {"label": _("Forecast (adjusted)"), "data": [round(d.volume, 1) for d in days]},
                {"label": _("Model"), "data": [round(d.base_volume, 1) for d in days]},
            ],
        },
        "aht": {
            "labels": labels,
            "yTitle": _("Average handle time (s)"),
            "yMin": 0,
            "datasets": [
                {
                    "label": _("AHT"),
                    "data": [round(d.aht_seconds, 1) if d.aht_seconds else None for d in days],
                }
            ],
        },
        "agents": {
            "labels": labels,
            "yTitle": _("Agents at the peak interval"),
            "yMin": 0,
            "datasets": [
                {"label": _("Required on the phone"), "data": [d.peak_agents for d in days]},
                {
                    "label": _("To schedule (with shrinkage)"),
                    "data": [d.peak_with_shrinkage for d in days],
                },
            ],
        },
    }


@require_http_methods(["GET"])
def queue_forecast(request, pk: int):
    """A queue's latest forecast over its horizon, its backtest beside it, required staff."""
    queue = wfm_queue_for_user_or_404(request.user, pk)
    run = latest_forecast(queue)
    target, own_target = target_for(queue)
    can_plan = can_plan_workforce(request.user, queue.site)
    days = []
    if run is not None and run.first_day and run.last_day:
        intervals = planned_intervals(queue, run, run.first_day, run.last_day, target)
        special = special_days_between(queue.site, run.first_day, run.last_day)
        days = planned_days(intervals, run.interval_minutes, special)
    return render(
        request,
        "wfm/forecast.html",
        {
            "queue": queue,
            "run": run,
            "days": days,
            "chart": _forecast_chart(days) if days else None,
            "target": target,
            "model": work_model(queue, target),
            "own_target": own_target,
            "can_plan": can_plan,
            "run_form": ForecastRunForm() if can_plan else None,
            "adjust_form": AdjustmentForm(initial={"day": run.first_day if run else None})
            if can_plan and run
            else None,
            "adjustments": active_adjustments(queue).filter(day__gte=run.first_day)
            if run and run.first_day
            else [],
            "runs": queue.forecast_runs.select_related("created_by")[:10],
            "candidates": _candidates(run),
            "wape_percent": _percent(run.backtest_wape) if run else None,
        },
    )


def _candidates(run) -> list[dict[str, object]]:
    if run is None:
        return []
    from floorwalk.wfm.models import ForecastModel

    labels = dict(ForecastModel.choices)
    return [
        {
            "code": code,
            "label": labels.get(code, code),
            "wape": _percent(result.get("wape")),
            "mase": result.get("mase"),
            "error": result.get("error", ""),
            "chosen": code == run.model,
        }
        for code, result in run.candidates.items()
    ]


def _day_or_404(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def _day_intervals(request, pk: int, day_text: str):
    queue = wfm_queue_for_user_or_404(request.user, pk)
    day = _day_or_404(day_text)
    run = latest_forecast(queue)
    if run is None or not run.first_day or not run.last_day:
        raise Http404
    if not run.first_day <= day <= run.last_day:
        raise Http404
    target, own_target = target_for(queue)
    return queue, day, run, target, own_target, planned_intervals(queue, run, day, day, target)


@require_http_methods(["GET"])
def forecast_day(request, pk: int, day: str):
    """One forecast day by interval: volume, AHT, required agents and what they reach."""
    queue, the_day, run, target, own_target, intervals = _day_intervals(request, pk, day)
    can_plan = can_plan_workforce(request.user, queue.site)
    chart = {
        "labels": [item.start.strftime("%H:%M") for item in intervals],
        "yTitle": _("Contacts and agents"),
        "yMin": 0,
        "datasets": [
            {"label": _("Contacts"), "data": [round(i.volume, 1) for i in intervals]},
            {"label": _("Required agents"), "data": [i.required_agents for i in intervals]},
            {
                "label": _("To schedule (with shrinkage)"),
                "data": [i.required_with_shrinkage for i in intervals],
            },
        ],
    }
    staffed = scheduled_service(queue, run, target, intervals)
    return render(
        request,
        "wfm/day.html",
        {
            "queue": queue,
            "day": the_day,
            "run": run,
            "intervals": intervals,
            "rows": list(zip(intervals, staffed, strict=True)),
            "has_scheduled": any(item["agents"] for item in staffed),
            "chart": chart,
            "target": target,
            "model": work_model(queue, target),
            "own_target": own_target,
            "can_plan": can_plan,
            "special": special_days_between(queue.site, the_day, the_day).get(the_day),
            "adjust_form": AdjustmentForm(initial={"day": the_day}) if can_plan else None,
            "adjustments": active_adjustments(queue).filter(day=the_day),
            "previous": the_day - timedelta(days=1) if the_day > run.first_day else None,
            "next": the_day + timedelta(days=1) if the_day < run.last_day else None,
        },
    )


def scheduled_service(queue, run, target, intervals) -> list[dict[str, float | None]]:
    """Per interval: the agents the published schedules put on the queue and the service level
    they reach after shrinkage (live queues: Erlang with whole agents; deferred work: the
    share answered within the response target, from the backlog simulation)."""
    agents = scheduled_agents(
        site=queue.site,
        queue_id=queue.pk,
        starts=[item.start for item in intervals],
        interval_minutes=run.interval_minutes,
    )
    levels = service_with_agents(queue, target, intervals, agents, run.interval_minutes)
    return [
        {"agents": count, "service_level": level}
        for count, level in zip(agents, levels, strict=True)
    ]


DAY_CSV_HEADER = (
    "interval_start",
    "forecast_volume",
    "adjustment_factor",
    "volume",
    "aht_seconds",
    "required_agents",
    "required_with_shrinkage",
    "service_level",
    "asa_seconds",
    "occupancy",
)


def _number(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{round(value, digits):g}"


@require_http_methods(["GET"])
def forecast_day_csv(request, pk: int, day: str):
    queue, the_day, _run, _target, _own, intervals = _day_intervals(request, pk, day)
    rows = (
        (
            item.start.isoformat(),
            _number(item.base_volume),
            _number(item.factor),
            _number(item.volume),
            _number(item.aht_seconds, 1),
            item.required_agents,
            item.required_with_shrinkage,
            _number(item.service_level),
            _number(item.asa_seconds, 1),
            _number(item.occupancy),
        )
        for item in intervals
    )
    return csv_response(f"forecast-{queue.pk}-{the_day.isoformat()}.csv", DAY_CSV_HEADER, rows)


@require_POST
def forecast_run(request, pk: int):
    queue = wfm_queue_for_user_or_404(request.user, pk)
    if not can_plan_workforce(request.user, queue.site):
        raise PermissionDenied
    form = ForecastRunForm(request.POST)
    if form.is_valid():
        try:
            run = forecast_run_create(
                actor=request.user,
                queue=queue,
                horizon_days=form.cleaned_data["horizon_days"],
                model=form.cleaned_data["model"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Forecast made in %(seconds).1f s with “%(model)s”.")
                % {"seconds": run.seconds, "model": run.get_model_display()},
            )
            return redirect("wfm:forecast", pk=queue.pk)
    for problems in form.errors.values():
        messages.error(request, " ".join(str(problem) for problem in problems))
    return redirect("wfm:forecast", pk=queue.pk)


@require_POST
def adjustment_create(request, pk: int):
    queue = wfm_queue_for_user_or_404(request.user, pk)
    if not can_plan_workforce(request.user, queue.site):
        raise PermissionDenied
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            forecast_adjustment_create(
                actor=request.user,
                queue=queue,
                day=data["day"],
                at=data["time"],
                percent=data["percent"],
                reason=data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Adjustment recorded."))
            if data["time"] is not None:
                return redirect("wfm:day", pk=queue.pk, day=data["day"].isoformat())
            return redirect("wfm:forecast", pk=queue.pk)
    run = latest_forecast(queue)
    return render(
        request,
        "wfm/adjust.html",
        {"queue": queue, "run": run, "form": form},
        status=400,
    )


@require_POST
def adjustment_remove(request, pk: int):
    adjustment = get_object_or_404(
        ForecastAdjustment.objects.select_related("queue__site"),
        pk=pk,
        queue__in=wfm_queues_for(request.user),
    )
    if not can_plan_workforce(request.user, adjustment.queue.site):
        raise PermissionDenied
    form = AdjustmentRemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        forecast_adjustment_remove(actor=request.user, adjustment=adjustment, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Adjustment removed; it stays in the record."))
    return redirect("wfm:forecast", pk=adjustment.queue_id)


def _target_initial(target, own: bool) -> dict[str, object]:
    return {
        "kind": TargetKind.ASA if target.asa_seconds is not None else TargetKind.SERVICE_LEVEL,
        "service_level_percent": _percent(target.service_level) or 80,
        "answer_within_seconds": target.answer_within_seconds,
        "asa_seconds": target.asa_seconds,
        "max_occupancy_percent": _percent(target.max_occupancy),
        "shrinkage_percent": _percent(target.shrinkage),
        "patience_seconds": target.patience_seconds,
        "concurrency": target.concurrency,
        "response_hours": target.response_hours,
    }


@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int):
    """The queue's staffing target, for its site's planners."""
    queue = wfm_queue_for_user_or_404(request.user, pk)
    if not can_plan_workforce(request.user, queue.site):
        raise PermissionDenied
    target, own = target_for(queue)
    form = StaffingTargetForm(
        request.POST or None,
        initial=_target_initial(target, own),
        deferred=work_model(queue, target).deferred,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_level = data["kind"] == TargetKind.SERVICE_LEVEL
        try:
            staffing_target_set(
                actor=request.user,
                queue=queue,
                data=TargetInput(
                    service_level=data["service_level_percent"] / 100 if by_level else None,
                    answer_within_seconds=data["answer_within_seconds"],
                    asa_seconds=None if by_level else data["asa_seconds"],
                    max_occupancy=data["max_occupancy_percent"] / 100,
                    shrinkage=data["shrinkage_percent"] / 100,
                    patience_seconds=data["patience_seconds"],
                    concurrency=data["concurrency"],
                    response_hours=data["response_hours"],
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Staffing target saved."))
            return redirect("wfm:forecast", pk=queue.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "wfm/target.html", {"queue": queue, "form": form, "own": own}, status=status
    )


def _history_rows(request, queue):
    form = HistoryFilterForm(request.GET or None)
    rows = interval_history(queue)
    zone = site_zone(queue.site)
    if form.is_valid():
        if form.cleaned_data["start"]:
            rows = rows.filter(
                interval_start__gte=datetime.combine(form.cleaned_data["start"], time(), zone)
            )
        if form.cleaned_data["end"]:
            rows = rows.filter(
                interval_start__lt=datetime.combine(
                    form.cleaned_data["end"] + timedelta(days=1), time(), zone
                )
            )
    sort = request.GET.get("sort", "start")
    descending = request.GET.get("order", "desc" if sort == "start" else "asc") == "desc"
    field = HISTORY_SORTS.get(sort, "interval_start")
    rows = rows.order_by(f"-{field}" if descending else field, "-interval_start")
    return form, rows, sort if sort in HISTORY_SORTS else "start", descending


@require_http_methods(["GET"])
def history(request, pk: int):
    """The queue's interval history: filtered by day, sorted, paginated, exported."""
    queue = wfm_queue_for_user_or_404(request.user, pk)
    form, rows, sort, descending = _history_rows(request, queue)
    page = Paginator(rows, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    can_plan = can_plan_workforce(request.user, queue.site)
    today = _site_today(queue)
    return render(
        request,
        "wfm/history.html",
        {
            "queue": queue,
            "form": form,
            "page": page,
            "zone": site_zone(queue.site),
            "sort": sort,
            "descending": descending,
            "query": query_without(request, "page"),
            "sort_query": query_without(request, "page", "sort", "order"),
            "interval_minutes": interval_minutes_for(queue.site),
            "can_plan": can_plan,
            "rebuild_form": HistoryRebuildForm(
                initial={"start": today - timedelta(weeks=26), "end": today - timedelta(days=1)}
            )
            if can_plan
            else None,
        },
    )


HISTORY_CSV_HEADER = ("queue", "interval_start", "offered", "handled", "aht_seconds", "source")


@require_http_methods(["GET"])
def history_csv(request, pk: int):
    """The history in the volume import's own format (plus its source), so it re-imports."""
    queue = wfm_queue_for_user_or_404(request.user, pk)
    _form, rows, _sort, _descending = _history_rows(request, queue)
    zone = site_zone(queue.site)
    lines = (
        (
            queue.name,
            row.interval_start.astimezone(zone).isoformat(),
            row.offered,
            row.handled,
            f"{row.aht_seconds:g}",
            row.source,
        )
        for row in rows.iterator(chunk_size=2000)
    )
    return csv_stream_response(f"interval-history-{queue.pk}.csv", HISTORY_CSV_HEADER, lines)


@require_POST
def history_rebuild(request, pk: int):
    queue = wfm_queue_for_user_or_404(request.user, pk)
    if not can_plan_workforce(request.user, queue.site):
        raise PermissionDenied
    form = HistoryRebuildForm(request.POST)
    if form.is_valid():
        try:
            result = interval_history_rebuild(
                actor=request.user,
                queue=queue,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "History rebuilt: %(intervals)d intervals with contacts; %(created)d "
                    "created, %(updated)d updated, %(unchanged)d unchanged, %(deleted)d removed."
                )
                % result.__dict__,
            )
    else:
        for problems in form.errors.values():
            messages.error(request, " ".join(str(problem) for problem in problems))
    return redirect("wfm:history", pk=queue.pk)


@require_http_methods(["GET", "POST"])
def special_days(request, pk: int):
    """The site's special days; its planners add and remove them."""
    site = wfm_site_for_user_or_404(request.user, pk)
    can_plan = can_plan_workforce(request.user, site)
    if request.method == "POST" and not can_plan:
        raise PermissionDenied
    form = SpecialDayForm(request.POST or None) if can_plan else None
    status = 200
    if request.method == "POST" and form is not None:
        if form.is_valid():
            data = form.cleaned_data
            try:
                special_day_set(
                    actor=request.user,
                    site=site,
                    day=data["date"],
                    name=data["name"],
                    kind=data["kind"],
                    volume_factor=data["volume_percent"] / 100,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Special day saved."))
                return redirect("wfm:special_days", pk=site.pk)
        status = 400
    days = SpecialDay.objects.filter(site=site).order_by("-date")
    return render(
        request,
        "wfm/special_days.html",
        {"site": site, "days": days, "form": form, "can_plan": can_plan},
        status=status,
    )


@require_POST
def special_day_remove(request, pk: int):
    special = get_object_or_404(SpecialDay.objects.select_related("site"), pk=pk)
    site = wfm_site_for_user_or_404(request.user, special.site_id)
    if not can_plan_workforce(request.user, site):
        raise PermissionDenied
    special_day_delete(actor=request.user, special_day=special)
    messages.success(request, _("Special day removed."))
    return redirect("wfm:special_days", pk=site.pk)
