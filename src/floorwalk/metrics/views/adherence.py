"""An agent's schedule adherence day by day, and where one day fell short.

Read through Aspect.METRICS, like the scorecard whose adherence and conformance values these
pages explain: whoever may see the figure may see the evidence behind it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from floorwalk.accounts.policy import Aspect, person_for_user_or_404
from floorwalk.core.exports import csv_response
from floorwalk.core.paging import query_without
from floorwalk.engine.adherence import ActivityKind
from floorwalk.engine.metrics import Totals, schedule_adherence, schedule_conformance
from floorwalk.metrics.adherence import selectors
from floorwalk.metrics.forms import AdherenceRangeForm
from floorwalk.metrics.models import AgentState
from floorwalk.org.models import Person

DAYS_PER_PAGE = 50
ACTIVITY_LABELS = {
    ActivityKind.WORK: gettext_lazy("Work"),
    ActivityKind.BREAK: gettext_lazy("Break"),
    ActivityKind.LUNCH: gettext_lazy("Lunch"),
    ActivityKind.TRAINING: gettext_lazy("Training"),
    ActivityKind.MEETING: gettext_lazy("Meeting"),
}


def _site_today(agent: Person) -> date:
    return timezone.localdate(timezone=ZoneInfo(agent.site.time_zone))


def _range_form(request, agent: Person) -> AdherenceRangeForm:
    return AdherenceRangeForm(request.GET, today=_site_today(agent))


def _adherence_totals(figures) -> Totals:
    """A day's figures as the catalog's totals, so the page computes what the scorecard does."""
    return Totals(
        scheduled_seconds=figures.scheduled_seconds,
        adherent_seconds=figures.adherent_seconds,
        scheduled_work_seconds=figures.scheduled_work_seconds,
        worked_seconds=figures.worked_seconds,
    )


def _day_rows(days) -> list[dict[str, Any]]:
    return [
        {
            "day": item.date,
            "scheduled_minutes": item.scheduled_seconds // 60,
            "adherent_minutes": item.adherent_seconds // 60,
            "adherence": schedule_adherence(_adherence_totals(item)),
            "work_minutes": item.scheduled_work_seconds // 60,
            "worked_minutes": item.worked_seconds // 60,
            "conformance": schedule_conformance(_adherence_totals(item)),
        }
        for item in days
    ]


def _sort(request) -> tuple[str, bool]:
    sort = request.GET.get("sort", "date")
    sort = sort if sort in selectors.DAY_SORTS else "date"
    return sort, request.GET.get("order", "desc") != "asc"


@require_GET
def agent_adherence(request, pk: int):
    agent = person_for_user_or_404(request.user, pk, Aspect.METRICS)
    form = _range_form(request, agent)
    context: dict[str, object] = {"agent": agent, "form": form}
    if not form.is_valid():
        return render(request, "metrics/agent_adherence.html", context, status=400)
    sort, descending = _sort(request)
    days = selectors.adherence_days(
        agent,
        start=form.cleaned_data["from"],
        end=form.cleaned_data["to"],
        sort=sort,
        descending=descending,
    )
    page = Paginator(days, DAYS_PER_PAGE).get_page(request.GET.get("page"))
    context |= {
        "page": page,
        "rows": _day_rows(page.object_list),
        "start": form.cleaned_data["from"],
        "end": form.cleaned_data["to"],
        "sort": sort,
        "order": "desc" if descending else "asc",
        "query": query_without(request, "page"),
        "sort_query": query_without(request, "page", "sort", "order"),
    }
    return render(request, "metrics/agent_adherence.html", context)


@require_GET
def agent_adherence_csv(request, pk: int):
    agent = person_for_user_or_404(request.user, pk, Aspect.METRICS)
    form = _range_form(request, agent)
    if not form.is_valid():
        context = {"agent": agent, "form": form}
        return render(request, "metrics/agent_adherence.html", context, status=400)
    sort, descending = _sort(request)
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    days = selectors.adherence_days(agent, start=start, end=end, sort=sort, descending=descending)
    header = [
        _("Date"),
        _("Scheduled minutes"),
        _("Minutes in adherence"),
        _("Adherence %"),
        _("Scheduled work minutes"),
        _("Worked minutes"),
        _("Conformance %"),
    ]
    rows = [
        [
            row["day"].isoformat(),
            row["scheduled_minutes"],
            row["adherent_minutes"],
            _csv_percent(row["adherence"]),
            row["work_minutes"],
            row["worked_minutes"],
            _csv_percent(row["conformance"]),
        ]
        for row in _day_rows(days)
    ]
    filename = f"adherence-{agent.employee_number}-{start}-{end}.csv".replace(" ", "")
    return csv_response(filename, header, rows)


def _csv_percent(value: object) -> str:
    return "" if value is None else f"{value:.2f}"


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Http404 from None


def _span_rows(spans) -> list[dict[str, Any]]:
    return [
        {
            "start": span.start,
            "end": span.end,
            "minutes": span.minutes,
            "scheduled": ACTIVITY_LABELS[ActivityKind(span.scheduled)] if span.scheduled else "",
            "actual": AgentState(span.actual).label if span.actual else "",
        }
        for span in spans
    ]


@require_GET
def agent_adherence_day(request, pk: int, day: str):
    agent = person_for_user_or_404(request.user, pk, Aspect.METRICS)
    detail = selectors.adherence_day_detail(agent, _parse_day(day))
    figures = detail.figures
    context = {
        "agent": agent,
        "detail": detail,
        "day": detail.day,
        "adherence": schedule_adherence(_adherence_totals(figures)) if figures else None,
        "conformance": schedule_conformance(_adherence_totals(figures)) if figures else None,
        "spans": _span_rows(detail.out_of_adherence),
        "states": _span_rows(detail.states),
        "time_zone": agent.site.time_zone,
    }
    return render(request, "metrics/agent_adherence_day.html", context)


@require_GET
def agent_adherence_day_csv(request, pk: int, day: str):
    agent = person_for_user_or_404(request.user, pk, Aspect.METRICS)
    detail = selectors.adherence_day_detail(agent, _parse_day(day))
    header = [_("From"), _("To"), _("Minutes"), _("Scheduled"), _("State")]
    rows = [
        [
            row["start"].isoformat(),
            row["end"].isoformat(),
            row["minutes"],
            str(row["scheduled"]),
            str(row["actual"]) or _("none recorded"),
        ]
        for row in _span_rows(detail.out_of_adherence)
    ]
    filename = f"out-of-adherence-{agent.employee_number}-{detail.day}.csv".replace(" ", "")
    return csv_response(filename, header, rows)
