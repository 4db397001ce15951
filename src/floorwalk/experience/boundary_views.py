"""Pages of boundary incidents: the list (one's own, the led agents'), flagging a contact,
an incident with the leader's follow-up, and counts per team per month."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from floorwalk.accounts.policy import (
    can_flag_boundary_incident,
    can_handle_boundary_incident,
    can_read_grant_outcomes,
)
from floorwalk.core.exports import csv_response
from floorwalk.experience import boundary_selectors as selectors
from floorwalk.experience.boundary_forms import IncidentCloseForm, IncidentFlagForm
from floorwalk.experience.boundary_services import boundary_incident_close, boundary_incident_flag
from floorwalk.experience.models import IncidentStatus
from floorwalk.experience.recognition_views import service_errors

LIST_LIMIT = 200


def can_read_incident_report(user) -> bool:
    """The monthly counts are for those who lead teams or the site (team leaders, site
    managers, admins): the same people who read grant outcomes."""
    return can_read_grant_outcomes(user)


@require_http_methods(["GET"])
def incidents(request):
    user = request.user
    found = selectors.incidents_for(user)
    return render(
        request,
        "experience/boundaries/list.html",
        {
            "incidents": found[:LIST_LIMIT],
            "can_flag": can_flag_boundary_incident(user),
            "can_report": can_read_incident_report(user),
        },
    )


@require_http_methods(["GET"])
def incidents_csv(request):
    rows = [
        [
            item.created_at.date().isoformat(),
            item.agent.employee_number,
            item.agent.display_name,
            item.agent.team.name if item.agent.team else "",
            item.interaction.external_id,
            item.get_kind_display(),
            item.get_status_display(),
            item.get_customer_action_display() if item.customer_action else "",
        ]
        for item in selectors.incidents_for(request.user)
    ]
    return csv_response(
        "boundary-incidents.csv",
        [
            "flagged_on",
            "agent",
            "name",
            "team",
            "interaction_id",
            "kind",
            "status",
            "customer_action",
        ],
        rows,
    )


@require_http_methods(["GET", "POST"])
def incident_new(request):
    user = request.user
    if not can_flag_boundary_incident(user):
        raise PermissionDenied
    recent = list(selectors.recent_own_interactions(user).select_related("queue"))
    form = IncidentFlagForm(
        request.POST if request.method == "POST" else None, user=user, recent=recent
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = boundary_incident_flag(
                actor=user,
                interaction=form.cleaned_data["interaction_object"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, _("Flagged. Your team leader sees it now and will follow up with you.")
            )
            return redirect("experience:boundary_incident", pk=incident.pk)
    return render(
        request,
        "experience/boundaries/new.html",
        {"form": form, "has_recent": bool(recent)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def incident(request, pk: int):
    found = selectors.incidents_for(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    can_handle = found.status == IncidentStatus.OPEN and can_handle_boundary_incident(
        request.user, found.agent
    )
    form = (
        IncidentCloseForm(request.POST if request.method == "POST" else None)
        if can_handle
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                boundary_incident_close(
                    actor=request.user,
                    incident=found,
                    support_given=form.cleaned_data["support_given"],
                    customer_action=form.cleaned_data["customer_action"],
                )
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Follow-up recorded; the incident is closed."))
                return redirect("experience:boundary_incident", pk=found.pk)
    return render(
        request,
        "experience/boundaries/detail.html",
        {"incident": found, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _report(request):
    if not can_read_incident_report(request.user):
        raise PermissionDenied
    return selectors.incident_report(request.user, today=timezone.localdate())


@require_http_methods(["GET"])
def incident_report(request):
    report = _report(request)
    chart = {
        "labels": [month.strftime("%Y-%m") for month in report.months],
        "datasets": [
            {
                "label": team.name,
                "data": [report.counts.get((team.pk, m), 0) for m in report.months],
            }
            for team in report.teams
        ],
        "yTitle": _("Incidents flagged"),
        "yMin": 0,
        "yStep": 1,
    }
    return render(
        request,
        "experience/boundaries/report.html",
        {"report": report, "rows": report.rows(), "chart": chart},
    )


@require_http_methods(["GET"])
def incident_report_csv(request):
    report = _report(request)
    return csv_response(
        "boundary-incidents-per-month.csv",
        ["month", *(team.name for team in report.teams), "total"],
        [[month.strftime("%Y-%m"), *values, total] for month, values, total in report.rows()],
    )
