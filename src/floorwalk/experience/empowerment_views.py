"""Pages of empowerment: the latitude rules of a site, recording a grant, the grants list with
the leader's approvals, and the usage and outcomes of grants by stage."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from floorwalk.accounts.policy import (
    Access,
    can_decide_grant,
    can_manage_latitude,
    can_read_grant_outcomes,
    grant_outcome_people_for,
    latitude_sites_for,
)
from floorwalk.core.exports import csv_response
from floorwalk.experience import empowerment_selectors as selectors
from floorwalk.experience.boundary_selectors import recent_own_interactions
from floorwalk.experience.empowerment_forms import GrantDecisionForm, GrantForm, LatitudeRuleForm
from floorwalk.experience.empowerment_services import grant_decide, grant_record, latitude_rule_set
from floorwalk.experience.models import GrantStatus
from floorwalk.experience.recognition_views import service_errors

LIST_LIMIT = 200
OUTCOME_DAYS = 90


@require_http_methods(["GET", "POST"])
def latitude_rules(request):
    user = request.user
    editable = latitude_sites_for(user, Access.CHANGE)
    form = (
        LatitudeRuleForm(request.POST if request.method == "POST" else None, sites=editable)
        if can_manage_latitude(user)
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                latitude_rule_set(
                    actor=user,
                    site=data["site"],
                    stage=data["stage"],
                    role=data["role"],
                    kind=data["kind"],
                    currency=data["currency"],
                    limit=data["limit"],
                )
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Latitude rule saved."))
                return redirect("experience:latitude_rules")
    return render(
        request,
        "experience/empowerment/rules.html",
        {"rules": selectors.latitude_rules_for(user), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET"])
def grants(request):
    user = request.user
    return render(
        request,
        "experience/empowerment/grants.html",
        {
            "to_decide": selectors.grants_to_decide(user),
            "grants": selectors.grants_for(user)[:LIST_LIMIT],
            "can_grant": user.person_id is not None,
            "can_read_outcomes": can_read_grant_outcomes(user),
            "decision_form": GrantDecisionForm(),
        },
    )


@require_http_methods(["GET"])
def grants_csv(request):
    rows = [
        [
            item.created_at.date().isoformat(),
            item.agent.employee_number,
            item.agent.display_name,
            item.interaction.external_id,
            item.get_kind_display(),
            item.currency,
            item.amount,
            item.limit_applied,
            item.stage,
            item.get_status_display(),
            item.decision_reason,
        ]
        for item in selectors.grants_for(request.user)
    ]
    header = ["recorded_on", "agent", "name", "interaction_id", "kind", "currency", "amount"]
    header += ["limit", "stage", "status", "decision_reason"]
    return csv_response("grants.csv", header, rows)


@require_http_methods(["GET", "POST"])
def grant_new(request):
    user = request.user
    if user.person_id is None:
        raise Http404
    recent = list(recent_own_interactions(user).select_related("queue"))
    form = GrantForm(request.POST if request.method == "POST" else None, user=user, recent=recent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = grant_record(
                actor=user,
                interaction=data["interaction_object"],
                kind=data["kind"],
                currency=data["currency"],
                amount=data["amount"],
                reason=data["reason"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            if grant.status == GrantStatus.APPROVED:
                messages.success(request, _("Recorded: within your limit, approved."))
            else:
                messages.info(
                    request,
                    _(
                        "Recorded: above your limit of %(limit)s %(currency)s, so it waits for "
                        "your team leader's approval."
                    )
                    % {"limit": grant.limit_applied, "currency": grant.currency},
                )
            return redirect("experience:grants")
    return render(
        request,
        "experience/empowerment/grant_new.html",
        {"form": form, "has_recent": bool(recent)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["POST"])
def grant_decision(request, pk: int):
    grant = selectors.grants_for(request.user).filter(pk=pk).first()
    if grant is None:
        raise Http404
    if not can_decide_grant(request.user, grant.agent):
        raise PermissionDenied
    form = GrantDecisionForm(request.POST)
    if form.is_valid():
        try:
            grant_decide(
                actor=request.user,
                grant=grant,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors(form, error)
    if form.errors:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("experience:grants")


def _window(request) -> tuple[date, date]:
    today = timezone.localdate()
    start, end = today - timedelta(days=OUTCOME_DAYS), today - timedelta(days=1)
    try:
        if request.GET.get("from"):
            start = date.fromisoformat(request.GET["from"])
        if request.GET.get("to"):
            end = date.fromisoformat(request.GET["to"])
    except ValueError:
        return today - timedelta(days=OUTCOME_DAYS), today - timedelta(days=1)
    return (start, end) if start <= end else (end, start)


def _outcomes(request):
    if not can_read_grant_outcomes(request.user):
        raise PermissionDenied
    start, end = _window(request)
    groups = selectors.grant_outcomes(grant_outcome_people_for(request.user), start=start, end=end)
    return groups, start, end


@require_http_methods(["GET"])
def grant_outcomes(request):
    groups, start, end = _outcomes(request)
    return render(
        request,
        "experience/empowerment/outcomes.html",
        {"groups": groups, "start": start, "end": end, "query": request.GET.urlencode()},
    )


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


@require_http_methods(["GET"])
def grant_outcomes_csv(request):
    groups, start, end = _outcomes(request)
    rows = []
    for group in groups:
        for outcome in [*group.agents, group.total]:
            rows.append(
                [
                    group.stage or "-",
                    outcome.agent.employee_number if outcome.agent else "",
                    outcome.agent.display_name if outcome.agent else _("Stage total"),
                    outcome.grants,
                    outcome.totals_text,
                    outcome.above_limit,
                    _number(outcome.above_limit_share, 3),
                    outcome.repeat_contacts,
                    outcome.fcr_known,
                    _number(outcome.repeat_share, 3),
                    _number(outcome.linked_csat),
                    _number(outcome.agent_csat),
                ]
            )
    header = ["stage", "agent", "name", "grants", "approved_total", "above_limit"]
    header += ["above_limit_share", "repeat_contacts", "fcr_known", "repeat_share"]
    header += ["csat_linked", "csat_agent"]
    return csv_response(f"grant-outcomes-{start}-{end}.csv", header, rows)
