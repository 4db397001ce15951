"""The interactions behind a scorecard value: a filtered, paginated list and its export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from floorwalk.accounts.policy import (
    Aspect,
    people_for,
    queues_for,
    sites_for,
    teams_for,
)
from floorwalk.core.exports import csv_stream_response
from floorwalk.core.paging import query_without
from floorwalk.engine.formats import INTERACTION_COLUMNS
from floorwalk.experience.boundary_selectors import flagged_interaction_ids
from floorwalk.metrics import selectors
from floorwalk.metrics.forms import InteractionFilterForm
from floorwalk.metrics.models import Interaction

INTERACTIONS_PER_PAGE = 50


def _interaction_form(request) -> InteractionFilterForm:
    return InteractionFilterForm(request.GET, queues=queues_for(request.user))


@require_GET
def interactions(request):
    form = _interaction_form(request)
    context: dict[str, object] = {"form": form, "query": query_without(request, "page")}
    if not form.is_valid():
        return render(request, "metrics/interactions.html", context, status=400)
    page = Paginator(
        selectors.interactions_for(request.user, form.cleaned_data), INTERACTIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context |= {
        "page": page,
        "subject": _subject(request.user, form),
        # Contacts the agent flagged as abusive (L4), marked in the list.
        "flagged": flagged_interaction_ids(request.user, [item.pk for item in page]),
    }
    template = "metrics/interactions.html#results" if request.htmx else "metrics/interactions.html"
    return render(request, template, context)


def _subject(user, form: InteractionFilterForm) -> str:
    """Whose interactions these are, in words, for the page's heading."""
    cleaned = form.cleaned_data
    if cleaned.get("agent"):
        agent = people_for(user, Aspect.METRICS).filter(employee_number=cleaned["agent"]).first()
        return agent.display_name if agent else cleaned["agent"]
    if cleaned.get("team"):
        team = teams_for(user).filter(pk=cleaned["team"]).first()
        return team.name if team else ""
    if cleaned.get("site"):
        site = sites_for(user).filter(pk=cleaned["site"]).first()
        return site.name if site else ""
    return ""


def _csv_boolean(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def _import_format_row(item: Interaction) -> list[object]:
    """An interaction as a row of the import format, so an export can be imported again."""
    values = {
        "interaction_id": item.external_id,
        "agent": item.agent.employee_number,
        "queue": item.queue.name,
        "channel": item.channel,
        "started_at": item.started_at.isoformat(),
        "talk_seconds": item.talk_seconds,
        "hold_seconds": item.hold_seconds,
        "acw_seconds": item.acw_seconds,
        "outcome": item.outcome,
        "first_contact_resolution": _csv_boolean(item.first_contact_resolution),
        "csat": "" if item.csat is None else item.csat,
        "nps": "" if item.nps is None else item.nps,
    }
    return [values[column] for column in INTERACTION_COLUMNS]


@require_GET
def interactions_csv(request):
    form = _interaction_form(request)
    if not form.is_valid():
        return render(request, "metrics/interactions.html", {"form": form}, status=400)
    interactions = selectors.interactions_for(request.user, form.cleaned_data)
    rows = (_import_format_row(item) for item in interactions.iterator(chunk_size=2000))
    return csv_stream_response("interactions.csv", INTERACTION_COLUMNS, rows)
