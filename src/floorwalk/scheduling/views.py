"""Scheduling pages: the agent's week and calendar link, constraints and preferences with the
leader's approval queue, the site's shift set-up, and schedules (grid, report, versions,
publishing, shift changes). Every page asks the access policy; writes go through services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Access,
    bidding_windows_for,
    calendar_feed_person_or_404,
    can_bid,
    can_change_scheduled_shift,
    can_decide_schedule_requests,
    can_enter_own_schedule_requests,
    can_generate_schedule,
    can_manage_bidding,
    can_manage_schedule_setup,
    can_publish_schedule,
    can_trade_shifts,
    schedule_people_for,
    schedule_setup_sites_for,
    schedule_sites_for,
    shift_trade_colleagues,
)
from floorwalk.core.exports import csv_response
from floorwalk.core.paging import query_without
from floorwalk.org.models import Person, Site
from floorwalk.scheduling import selectors
from floorwalk.scheduling.calendar import calendar_for
from floorwalk.scheduling.forms import (
    BiddingWindowForm,
    BreakFormSet,
    ConstraintForm,
    ContractForm,
    DecideForm,
    LabourRulesForm,
    OfferForm,
    PreferenceForm,
    ScheduleNewForm,
    ShiftEditForm,
    ShiftTemplateForm,
    SwapForm,
    add_service_error,
    rule_label,
    shift_label,
    template_input,
)
from floorwalk.scheduling.models import (
    PREFERENCE_POINTS,
    RULE_FIELDS,
    AgentConstraint,
    AgentPreference,
    BiddingStatus,
    BiddingWindow,
    BidPick,
    BidSlot,
    BidTurn,
    CalendarFeed,
    Contract,
    GenerationRun,
    GenerationStatus,
    LabourRules,
    RequestStatus,
    Schedule,
    ScheduledShift,
    ScheduleStatus,
    ShiftTemplate,
    ShiftTrade,
    TradeStatus,
)
from floorwalk.scheduling.selectors import (
    agent_week,
    bidding_view,
    constraint_text,
    future_shifts_of,
    ledger_rows,
    monday_of,
    open_offers_for,
    own_trades,
    pending_requests_for,
    preference_text,
    report_view,
    schedule_days,
    schedule_grid,
    schedule_requests_of,
    schedules_for_sites,
    trades_to_decide,
    unmet_views,
    version_changes,
)
from floorwalk.scheduling.services import (
    CONTRACT_OVERRIDES,
    TIME_LIMITS,
    WindowInput,
    agent_constraint_create,
    agent_preference_create,
    bidding_pick,
    bidding_pick_drop,
    bidding_window_close,
    bidding_window_open,
    calendar_feed_reset,
    contract_set,
    labour_rules_set,
    schedule_create_draft,
    schedule_generate_start,
    schedule_notices_mark_seen,
    schedule_publish,
    schedule_request_decide,
    schedule_request_withdraw,
    scheduled_shift_change,
    scheduled_shift_remove,
    shift_offer,
    shift_swap_propose,
    shift_template_create,
    shift_template_update,
    shift_trade_accept,
    shift_trade_decide,
    shift_trade_decline,
    shift_trade_withdraw,
)

SCHEDULES_PER_PAGE = 20
REQUEST_MODELS: dict[str, type[AgentConstraint] | type[AgentPreference]] = {
    "constraint": AgentConstraint,
    "preference": AgentPreference,
}


def _own_person(request) -> Person:
    if request.user.person_id is None:
        raise Http404
    return request.user.person


def _week_start(request, site: Site) -> date:
    text = request.GET.get("week", "")
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        day = None
    if day is None:
        day = timezone.localdate(timezone=ZoneInfo(site.time_zone))
    return monday_of(day)


# ---- the agent's own pages --------------------------------------------------------------------


@require_http_methods(["GET"])
def my_week(request):
    """The agent's published week, phone-first: shifts and activities in the site's time,
    unmet preferences with their reasons, and what changed since they last looked."""
    person = _own_person(request)
    week = agent_week(person, _week_start(request, person.site))
    response = render(
        request,
        "scheduling/my_week.html",
        {
            "week": week,
            "has_feed": CalendarFeed.objects.filter(person=person).exists(),
            "now": selectors.now(),
            "can_trade": can_trade_shifts(request.user, person),
        },
    )
    if week.notices:
        # They have now looked: the mark shows this once.
        schedule_notices_mark_seen(actor=request.user, person=person)
    return response


def _request_rows(constraints, preferences):
    return (
        [(item, constraint_text(item)) for item in constraints],
        [(item, preference_text(item)) for item in preferences],
    )


@require_http_methods(["GET"])
def person_requests(request, pk: int):
    """A person's constraints and preferences, with forms to add them: the agent enters
    their own (pending), whoever leads them sets them directly (approved)."""
    person = _requests_person(request, pk)
    return _render_requests(request, person)


def _requests_person(request, pk: int) -> Person:
    person = get_object_or_404(
        schedule_people_for(request.user, Access.READ).select_related("site"), pk=pk
    )
    return person


def _render_requests(request, person, constraint_form=None, preference_form=None, status=200):
    constraints, preferences = schedule_requests_of(person)
    constraint_rows, preference_rows = _request_rows(constraints, preferences)
    spent = sum(item.weight for item in preferences if item.status != RequestStatus.REJECTED)
    can_decide = can_decide_schedule_requests(request.user, person)
    can_enter = can_decide or can_enter_own_schedule_requests(request.user, person)
    return render(
        request,
        "scheduling/requests.html",
        {
            "person": person,
            "constraints": constraint_rows,
            "preferences": preference_rows,
            "points_left": PREFERENCE_POINTS - spent,
            "points": PREFERENCE_POINTS,
            "can_enter": can_enter,
            "can_decide": can_decide,
            "is_self": request.user.person_id == person.pk,
            "constraint_form": constraint_form or ConstraintForm(),
            "preference_form": preference_form or PreferenceForm(site=person.site),
        },
        status=status,
    )


@require_POST
def constraint_new(request, pk: int):
    person = _requests_person(request, pk)
    form = ConstraintForm(request.POST)
    if form.is_valid():
        try:
            item = agent_constraint_create(actor=request.user, person=person, data=form.to_input())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved: %(item)s.") % {"item": constraint_text(item)})
            return redirect("scheduling:person_requests", pk=person.pk)
    return _render_requests(request, person, constraint_form=form, status=400)


@require_POST
def preference_new(request, pk: int):
    person = _requests_person(request, pk)
    form = PreferenceForm(request.POST, site=person.site)
    if form.is_valid():
        try:
            item = agent_preference_create(actor=request.user, person=person, data=form.to_input())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved: %(item)s.") % {"item": preference_text(item)})
            return redirect("scheduling:person_requests", pk=person.pk)
    return _render_requests(request, person, preference_form=form, status=400)


def _request_or_404(request, kind: str, pk: int):
    model = REQUEST_MODELS.get(kind)
    if model is None:
        raise Http404
    readable = schedule_people_for(request.user, Access.READ)
    return get_object_or_404(
        model._default_manager.select_related("person"), pk=pk, person__in=readable
    )


@require_POST
def request_withdraw(request, kind: str, pk: int):
    item = _request_or_404(request, kind, pk)
    schedule_request_withdraw(actor=request.user, item=item)
    messages.success(request, _("Withdrawn."))
    return redirect("scheduling:person_requests", pk=item.person_id)


@require_POST
def request_decide(request, kind: str, pk: int):
    """Approve or reject (with a reason) a pending constraint or preference."""
    item = _request_or_404(request, kind, pk)
    if not can_decide_schedule_requests(request.user, item.person):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("scheduling:approvals")
    try:
        schedule_request_decide(
            actor=request.user,
            item=item,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decided."))
    return redirect("scheduling:approvals")


@require_http_methods(["GET"])
def approvals(request):
    """The leader's queue: constraints and preferences waiting for their decision."""
    constraints, preferences = pending_requests_for(request.user)
    if (
        not schedule_people_for(request.user, Access.CHANGE)
        .exclude(pk=request.user.person_id or 0)
        .exists()
    ):
        raise PermissionDenied
    return render(
        request,
        "scheduling/approvals.html",
        {
            "constraints": [(item, constraint_text(item)) for item in constraints],
            "preferences": [(item, preference_text(item)) for item in preferences],
            "trades": trades_to_decide(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def calendar_link(request):
    """The agent's private calendar link: reset it to get a new one (the old one stops)."""
    person = _own_person(request)
    link = ""
    if request.method == "POST":
        token = calendar_feed_reset(actor=request.user, person=person)
        link = request.build_absolute_uri(reverse("scheduling:feed", args=[token]))
    return render(
        request,
        "scheduling/calendar_link.html",
        {"link": link, "has_feed": CalendarFeed.objects.filter(person=person).exists()},
    )


@login_not_required
@require_http_methods(["GET"])
def calendar_feed(request, token: str):
    """The agent's published shifts as iCalendar; the token is the credential."""
    person = calendar_feed_person_or_404(token)
    response = HttpResponse(calendar_for(person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="schedule.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# ---- the site's set-up ------------------------------------------------------------------------


def _setup_site(request, pk: int, access: Access = Access.READ) -> Site:
    site = schedule_setup_sites_for(request.user, access).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


@require_http_methods(["GET"])
def setup(request, pk: int):
    """The site's shift templates, labour rules and contracts."""
    site = _setup_site(request, pk)
    templates = ShiftTemplate.objects.filter(site=site).prefetch_related("breaks", "queues")
    rules = LabourRules.objects.filter(site=site).first()
    people = schedule_people_for(request.user).filter(site=site)
    contracts = Contract.objects.filter(person__in=people).select_related("person")
    return render(
        request,
        "scheduling/setup.html",
        {
            "site": site,
            "templates": templates,
            "rules": [(rule_label(name), getattr(rules, name)) for name in RULE_FIELDS]
            if rules
            else [],
            "contracts": contracts,
            "people_without_contract": people.filter(contract__isnull=True)
            .filter(role_assignments__role="agent")
            .distinct()
            .order_by("display_name"),
            "can_manage": can_manage_schedule_setup(request.user, site),
        },
    )


@require_http_methods(["GET", "POST"])
def template_new(request, pk: int):
    site = _setup_site(request, pk, Access.CHANGE)
    return _template_form(request, site, None)


@require_http_methods(["GET", "POST"])
def template_edit(request, pk: int):
    template = get_object_or_404(
        ShiftTemplate.objects.filter(
            site__in=schedule_setup_sites_for(request.user, Access.CHANGE)
        ),
        pk=pk,
    )
    return _template_form(request, template.site, template)


def _template_form(request, site: Site, template: ShiftTemplate | None):
    initial: dict[str, object] = {"start_step_minutes": 30, "is_active": True}
    breaks_initial: list[dict] = []
    if template is not None:
        initial = {
            "name": template.name,
            "earliest_start": template.earliest_start,
            "latest_start": template.latest_start,
            "start_step_minutes": template.start_step_minutes,
            "paid_minutes": template.paid_minutes,
            "queues": list(template.queues.all()),
            "is_active": template.is_active,
        }
        breaks_initial = [
            {
                "kind": item.kind,
                "minutes": item.minutes,
                "paid": item.paid,
                "window_start": item.window_start,
                "window_end": item.window_end,
            }
            for item in template.breaks.all()
        ]
    data = request.POST if request.method == "POST" else None
    form = ShiftTemplateForm(data, initial=initial, site=site)
    breaks = BreakFormSet(data, initial=breaks_initial, prefix="breaks")
    if request.method == "POST" and form.is_valid() and breaks.is_valid():
        try:
            if template is None:
                shift_template_create(
                    actor=request.user, site=site, data=template_input(form, breaks)
                )
            else:
                shift_template_update(
                    actor=request.user, template=template, data=template_input(form, breaks)
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("scheduling:setup", pk=site.pk)
    return render(
        request,
        "scheduling/template_form.html",
        {"form": form, "breaks": breaks, "site": site, "template": template},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def rules_edit(request, pk: int):
    site = _setup_site(request, pk, Access.CHANGE)
    rules = LabourRules.objects.filter(site=site).first() or LabourRules(site=site)
    form = LabourRulesForm(
        request.POST or None, initial={name: getattr(rules, name) for name in RULE_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            labour_rules_set(actor=request.user, site=site, values=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("scheduling:setup", pk=site.pk)
    return render(
        request,
        "scheduling/simple_form.html",
        {
            "form": form,
            "title": _("Labour rules of %(site)s") % {"site": site.name},
            "back": reverse("scheduling:setup", args=[site.pk]),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def contract_edit(request, pk: int):
    person = get_object_or_404(
        schedule_people_for(request.user, Access.CHANGE).select_related("site"), pk=pk
    )
    if not can_manage_schedule_setup(request.user, person.site):
        raise PermissionDenied
    contract = Contract.objects.filter(person=person).first()
    initial: dict = {}
    if contract is not None:
        initial = {
            "min_minutes_per_week": contract.min_minutes_per_week,
            "max_minutes_per_week": contract.max_minutes_per_week,
            "allowed_templates": list(contract.allowed_templates.all()),
            **{name: getattr(contract, name) for name in CONTRACT_OVERRIDES},
        }
    form = ContractForm(request.POST or None, initial=initial, site=person.site)
    if request.method == "POST" and form.is_valid():
        try:
            contract_set(actor=request.user, person=person, data=form.to_input())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("scheduling:setup", pk=person.site_id)
    return render(
        request,
        "scheduling/simple_form.html",
        {
            "form": form,
            "title": _("Contract of %(person)s") % {"person": person.display_name},
            "back": reverse("scheduling:setup", args=[person.site_id]),
        },
        status=400 if request.method == "POST" else 200,
    )


# ---- schedules --------------------------------------------------------------------------------


def _schedule_or_404(request, pk: int) -> Schedule:
    schedule = schedules_for_sites(schedule_sites_for(request.user)).filter(pk=pk).first()
    if schedule is None:
        raise Http404
    return schedule


SCHEDULE_SORTS = {
    "start": "start_date",
    "-start": "-start_date",
    "site": "site__name",
    "-site": "-site__name",
    "status": "status",
    "-status": "-status",
}


@require_http_methods(["GET"])
def schedules(request):
    """The schedules of the sites the user reads, newest first; filter by status."""
    sites = schedule_sites_for(request.user)
    if not sites.exists():
        raise PermissionDenied
    rows = schedules_for_sites(sites)
    status = request.GET.get("status", "")
    if status in ScheduleStatus.values:
        rows = rows.filter(status=status)
    sort = request.GET.get("sort", "-start")
    rows = rows.order_by(SCHEDULE_SORTS.get(sort, "-start_date"), "-pk")
    if request.GET.get("format") == "csv":
        return csv_response(
            "schedules.csv",
            [_("Site"), _("First day"), _("Days"), _("Status"), _("Version"), _("Published at")],
            (
                [
                    row.site.name,
                    row.start_date.isoformat(),
                    row.days,
                    row.get_status_display(),
                    row.version,
                    row.published_at.isoformat() if row.published_at else "",
                ]
                for row in rows
            ),
        )
    return render(
        request,
        "scheduling/schedules.html",
        {
            "page": Paginator(rows, SCHEDULES_PER_PAGE).get_page(request.GET.get("page")),
            "query": query_without(request, "page"),
            "status": status,
            "statuses": ScheduleStatus.choices,
            "sort": sort,
            "can_create": schedule_sites_for(request.user, Access.CHANGE).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def schedule_new(request):
    sites = schedule_sites_for(request.user, Access.CHANGE)
    if not sites.exists():
        raise PermissionDenied
    form = ScheduleNewForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = schedule_create_draft(
                actor=request.user,
                site=form.cleaned_data["site"],
                start_date=form.cleaned_data["start_date"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("scheduling:schedule_detail", pk=schedule.pk)
    return render(
        request,
        "scheduling/simple_form.html",
        {"form": form, "title": _("New schedule"), "back": reverse("scheduling:schedules")},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET"])
def schedule_detail(request, pk: int):
    """The grid (agents × days), the generator's report, and publishing."""
    schedule = _schedule_or_404(request, pk)
    readable = schedule_people_for(request.user)
    rows = schedule_grid(schedule, readable)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"schedule-{schedule.site.name}-{schedule.start_date}.csv",
            [_("Agent"), _("Date"), _("Start"), _("End"), _("Template"), _("Queue")],
            (
                [
                    row.person.display_name,
                    shift.start.date().isoformat(),
                    shift.start.strftime("%H:%M"),
                    shift.end.strftime("%H:%M"),
                    shift.template,
                    shift.queue,
                ]
                for row in rows
                for cell in row.cells
                for shift in cell
            ),
        )
    unmet = schedule.unmet.filter(preference__person__in=readable).select_related(
        "preference__person", "preference__template"
    )
    people_with_shifts = Person.objects.filter(pk__in=schedule.shifts.values("person_id"))
    return render(
        request,
        "scheduling/schedule_detail.html",
        {
            "schedule": schedule,
            "days": schedule_days(schedule),
            "rows": rows,
            "report": report_view(schedule, readable),
            "unmet": unmet_views(unmet),
            "can_publish": schedule.status == ScheduleStatus.DRAFT
            and can_publish_schedule(request.user, schedule.site, people_with_shifts),
            "can_change": schedule_sites_for(request.user, Access.CHANGE)
            .filter(pk=schedule.site_id)
            .exists(),
            "can_generate": schedule.status == ScheduleStatus.DRAFT
            and can_generate_schedule(request.user, schedule.site),
            "time_limits": TIME_LIMITS,
            "generations": schedule.generations.all()[:5]
            if can_generate_schedule(request.user, schedule.site)
            else [],
        },
    )


@require_POST
def schedule_publish_view(request, pk: int):
    schedule = _schedule_or_404(request, pk)
    try:
        version = schedule_publish(actor=request.user, schedule=schedule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Published as version %(number)d.") % {"number": version.number}
        )
    return redirect("scheduling:schedule_detail", pk=schedule.pk)


@require_http_methods(["GET"])
def schedule_versions(request, pk: int):
    """Each published version with what changed from the one before."""
    schedule = _schedule_or_404(request, pk)
    readable = schedule_people_for(request.user)
    versions = schedule.versions.select_related("published_by", "schedule__site")
    return render(
        request,
        "scheduling/versions.html",
        {
            "schedule": schedule,
            "versions": [(version, version_changes(version, readable)) for version in versions],
        },
    )


def _shift_or_404(request, pk: int) -> ScheduledShift:
    shift = (
        ScheduledShift.objects.select_related("schedule__site", "person", "queue")
        .filter(pk=pk, person__in=schedule_people_for(request.user))
        .first()
    )
    if shift is None or not can_change_scheduled_shift(
        request.user, shift.schedule.site, shift.person
    ):
        raise Http404
    return shift


@require_http_methods(["GET", "POST"])
def shift_edit(request, pk: int):
    """Move or reshape a shift; on a published schedule a new version, and the agent is told."""
    shift = _shift_or_404(request, pk)
    site = shift.schedule.site
    zone = ZoneInfo(site.time_zone)
    initial = {
        "start": shift.start.astimezone(zone).replace(tzinfo=None),
        "end": shift.end.astimezone(zone).replace(tzinfo=None),
        "queue": shift.queue,
    }
    form = ShiftEditForm(request.POST or None, initial=initial, site=site)
    if request.method == "POST" and form.is_valid():
        queue = form.cleaned_data["queue"]
        try:
            scheduled_shift_change(
                actor=request.user,
                shift=shift,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                queue_id=queue.pk if queue else None,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("scheduling:schedule_detail", pk=shift.schedule_id)
    return render(
        request,
        "scheduling/shift_edit.html",
        {"form": form, "shift": shift},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def shift_remove(request, pk: int):
    shift = _shift_or_404(request, pk)
    schedule_id = shift.schedule_id
    scheduled_shift_remove(actor=request.user, shift=shift, reason=request.POST.get("reason", ""))
    messages.success(request, _("Shift removed."))
    return redirect("scheduling:schedule_detail", pk=schedule_id)


# ---- generation and the fairness ledger ---------------------------------------------------------


@require_POST
def schedule_generate_view(request, pk: int):
    """The planner's Generate button: queues a run on the draft and shows its progress."""
    schedule = _schedule_or_404(request, pk)
    if not can_generate_schedule(request.user, schedule.site):
        raise PermissionDenied
    try:
        time_limit = int(request.POST.get("time_limit", ""))
    except ValueError:
        time_limit = 0
    try:
        run = schedule_generate_start(actor=request.user, schedule=schedule, time_limit=time_limit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scheduling:schedule_detail", pk=schedule.pk)
    return redirect("scheduling:generation_detail", pk=run.pk)


@require_http_methods(["GET"])
def generation_detail(request, pk: int):
    """A generation's progress (updates by itself while it runs) and its result."""
    run = get_object_or_404(
        GenerationRun.objects.select_related("schedule__site", "created_by__person"), pk=pk
    )
    if not can_generate_schedule(request.user, run.schedule.site):
        raise Http404
    elapsed = 0
    if run.started_at:
        elapsed = int(((run.finished_at or timezone.now()) - run.started_at).total_seconds())
    in_progress = run.status in (GenerationStatus.QUEUED, GenerationStatus.RUNNING)
    percent = min(99, round(100 * elapsed / max(1, run.time_limit_seconds))) if in_progress else 100
    template = "scheduling/generation.html#status" if request.htmx else "scheduling/generation.html"
    return render(
        request,
        template,
        {
            "run": run,
            "schedule": run.schedule,
            "in_progress": in_progress,
            "elapsed": elapsed,
            "percent": percent,
        },
    )


@require_http_methods(["GET"])
def fairness_ledger(request, pk: int):
    """Who has been worse off in earlier published schedules (lowest balance first)."""
    site = get_object_or_404(Site, pk=pk)
    if not can_generate_schedule(request.user, site):
        raise Http404
    rows = ledger_rows(site=site)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"fairness-{site.name}.csv",
            [_("Agent"), _("Balance"), _("Schedules"), _("Last satisfaction")],
            ([row.person.display_name, row.balance, row.schedules, row.last] for row in rows),
        )
    return render(request, "scheduling/fairness.html", {"site": site, "rows": rows})


# ---- self-scheduling: bidding windows -----------------------------------------------------------


def _bidding_window_or_404(request, pk: int) -> BiddingWindow:
    window = bidding_windows_for(request.user).filter(pk=pk).first()
    if window is None:
        raise Http404
    return window


@require_http_methods(["GET"])
def bidding_windows(request):
    """The bidding windows the user sees: a planner's site's, or an agent's open ones."""
    windows = bidding_windows_for(request.user).order_by("-opens_at", "-pk")
    if request.GET.get("format") == "csv":
        return csv_response(
            "bidding-windows.csv",
            [
                _("Site"),
                _("First day"),
                _("Pick order"),
                _("Opens at"),
                _("Closes at"),
                _("Status"),
            ],
            (
                [
                    row.schedule.site.name,
                    row.schedule.start_date.isoformat(),
                    row.get_policy_display(),
                    row.opens_at.isoformat(),
                    row.closes_at.isoformat(),
                    row.get_status_display(),
                ]
                for row in windows
            ),
        )
    mine = {}
    if request.user.person_id:
        mine = {
            turn.window_id: turn
            for turn in BidTurn.objects.filter(person_id=request.user.person_id, window__in=windows)
        }
    return render(
        request,
        "scheduling/bidding_windows.html",
        {"rows": [(window, mine.get(window.pk)) for window in windows]},
    )


@require_http_methods(["GET", "POST"])
def bidding_open(request, pk: int):
    """Open a bidding window on a draft of a future period."""
    schedule = _schedule_or_404(request, pk)
    if not can_manage_bidding(request.user, schedule.site):
        raise PermissionDenied
    form = BiddingWindowForm(request.POST or None, site=schedule.site)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            window = bidding_window_open(
                actor=request.user,
                schedule=schedule,
                data=WindowInput(
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    policy=data["policy"],
                    turn_minutes=data["turn_minutes"],
                ),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Bidding window opened."))
            return redirect("scheduling:bidding_window", pk=window.pk)
    return render(
        request,
        "scheduling/simple_form.html",
        {
            "form": form,
            "title": _("Open a bidding window"),
            "back": reverse("scheduling:schedule_detail", args=[schedule.pk]),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET"])
def bidding_window(request, pk: int):
    """The order with each turn, the pool with the places left, and the viewer's picks:
    phone-first for agents, with closing for planners."""
    window = _bidding_window_or_404(request, pk)
    view = bidding_view(window, request.user.person, timezone.now())
    manage = can_manage_bidding(request.user, window.schedule.site)
    if request.GET.get("format") == "csv" and manage:
        picks = window.picks.select_related("person", "slot__template", "slot__queue")
        zone = ZoneInfo(window.schedule.site.time_zone)
        return csv_response(
            f"bidding-{window.schedule.site.name}-{window.schedule.start_date}.csv",
            [_("Agent"), _("Date"), _("Start"), _("End"), _("Template"), _("Queue")],
            (
                [
                    pick.person.display_name,
                    pick.slot.start.astimezone(zone).date().isoformat(),
                    pick.slot.start.astimezone(zone).strftime("%H:%M"),
                    pick.slot.end.astimezone(zone).strftime("%H:%M"),
                    pick.slot.template.name,
                    pick.slot.queue.name,
                ]
                for pick in picks.order_by("slot__start", "person__display_name")
            ),
        )
    return render(
        request,
        "scheduling/bidding_window.html",
        {
            "view": view,
            "window": window,
            "can_manage": manage,
            "can_close": manage and window.status == BiddingStatus.OPEN,
            "time_limits": TIME_LIMITS,
        },
    )


@require_POST
def bidding_pick_view(request, pk: int, slot: int):
    window = _bidding_window_or_404(request, pk)
    if not can_bid(request.user, window):
        raise PermissionDenied
    found = get_object_or_404(BidSlot, pk=slot, window=window)
    try:
        bidding_pick(actor=request.user, slot=found)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Shift picked."))
    return redirect("scheduling:bidding_window", pk=window.pk)


@require_POST
def bidding_drop_view(request, pk: int):
    pick = (
        BidPick.objects.select_related("window__schedule__site")
        .filter(pk=pk, person_id=request.user.person_id)
        .first()
    )
    if pick is None or request.user.person_id is None:
        raise Http404
    window = pick.window
    try:
        bidding_pick_drop(actor=request.user, pick=pick)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pick dropped; the shift is back in the pool."))
    return redirect("scheduling:bidding_window", pk=window.pk)


@require_POST
def bidding_close_view(request, pk: int):
    """Close the window and let the generator fill the rest of the draft around the picks."""
    window = _bidding_window_or_404(request, pk)
    if not can_manage_bidding(request.user, window.schedule.site):
        raise PermissionDenied
    try:
        time_limit = int(request.POST.get("time_limit", "60"))
    except ValueError:
        time_limit = 0
    try:
        run = bidding_window_close(actor=request.user, window=window, time_limit=time_limit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scheduling:bidding_window", pk=window.pk)
    return redirect("scheduling:generation_detail", pk=run.pk)


# ---- shift swaps and offers -------------------------------------------------------------------


def _own_future_shift(request, pk: int) -> ScheduledShift:
    person = _own_person(request)
    shift = future_shifts_of(person).filter(pk=pk).first()
    if shift is None:
        raise Http404
    if not can_trade_shifts(request.user, person):
        raise PermissionDenied
    return shift


def _trade_form_page(request, form, shift: ScheduledShift, zone: ZoneInfo, title: str, submit: str):
    """The offer or swap form for one of the agent's shifts, with the way back to its week."""
    return render(
        request,
        "scheduling/simple_form.html",
        {
            "form": form,
            "title": title % {"shift": shift_label(shift, zone)},
            "back": reverse("scheduling:my_week")
            + f"?week={shift.start.astimezone(zone):%Y-%m-%d}",
            "submit": submit,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def shift_offer_view(request, pk: int):
    """Offer one of your future shifts to a colleague or to anyone at the site."""
    shift = _own_future_shift(request, pk)
    zone = ZoneInfo(shift.schedule.site.time_zone)
    data = request.POST if request.method == "POST" else None
    form = OfferForm(data, colleagues=shift_trade_colleagues(shift.person))
    if request.method == "POST" and form.is_valid():
        try:
            shift_offer(
                actor=request.user,
                shift=shift,
                colleague=form.cleaned_data["colleague"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Offered. You keep the shift until a colleague takes it."))
            return redirect("scheduling:trades")
    return _trade_form_page(
        request, form, shift, zone, _("Offer my shift of %(shift)s"), _("Offer")
    )


@require_http_methods(["GET", "POST"])
def shift_swap_view(request, pk: int):
    """Propose to swap one of your future shifts for a colleague's of the same schedule."""
    shift = _own_future_shift(request, pk)
    zone = ZoneInfo(shift.schedule.site.time_zone)
    colleagues = shift_trade_colleagues(shift.person)
    shifts = (
        ScheduledShift.objects.filter(
            schedule=shift.schedule, person__in=colleagues, start__gt=selectors.now()
        )
        .select_related("person")
        .order_by("start", "person__display_name")
    )
    form = SwapForm(request.POST or None, shifts=shifts, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            shift_swap_propose(
                actor=request.user,
                shift=shift,
                other_shift=form.cleaned_data["other_shift"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Proposed. Your colleague is asked to accept."))
            return redirect("scheduling:trades")
    return _trade_form_page(
        request, form, shift, zone, _("Swap my shift of %(shift)s"), _("Propose the swap")
    )


@require_http_methods(["GET"])
def trades(request):
    """Your swaps and offers with their status and reasons, and those asked of you."""
    person = _own_person(request)
    mine, theirs = own_trades(person)
    return render(
        request,
        "scheduling/trades.html",
        {"mine": mine, "theirs": theirs, "person": person},
    )


@require_http_methods(["GET"])
def offer_board(request):
    """Open offers of shifts at your site that you could take."""
    person = _own_person(request)
    return render(request, "scheduling/offer_board.html", {"offers": open_offers_for(person)})


TRADE_ACTIONS: dict[str, Callable[..., ShiftTrade]] = {
    "take": shift_trade_accept,
    "accept": shift_trade_accept,
    "decline": shift_trade_decline,
    "withdraw": shift_trade_withdraw,
}


@require_POST
def trade_action(request, pk: int, action: str):
    """Take an offer, accept or decline a swap asked of you, or withdraw your own request."""
    service = TRADE_ACTIONS.get(action)
    person = _own_person(request)
    if service is None:
        raise Http404
    trade = get_object_or_404(
        ShiftTrade.objects.filter(
            Q(person=person)
            | Q(colleague=person)
            | Q(taker=person)
            | Q(colleague__isnull=True, schedule__site_id=person.site_id)
        ),
        pk=pk,
    )
    try:
        done = service(actor=request.user, trade=trade)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done.status == TradeStatus.APPROVED:
            messages.success(request, _("Approved: the schedule is updated and both of you told."))
        elif done.status == TradeStatus.PENDING:
            messages.info(
                request, _("Sent to the leader: the checks found reasons a person must weigh.")
            )
        else:
            messages.success(request, done.get_status_display())
    return redirect("scheduling:trades")


@require_POST
def trade_decide(request, pk: int):
    """A leader approves or rejects (with a reason) a swap or offer sent to them."""
    trade = get_object_or_404(
        ShiftTrade.objects.select_related("person", "taker").filter(
            person__in=schedule_people_for(request.user)
        ),
        pk=pk,
    )
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("scheduling:approvals")
    try:
        shift_trade_decide(
            actor=request.user,
            trade=trade,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decided; both agents are told."))
    return redirect("scheduling:approvals")
