"""Goal pages: the cascade tree, one goal, create/check/edit, apply to a team, the agent's own."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    can_change_goal,
    can_export_bonuses,
    can_set_goals,
    development_teams_for,
    goal_for_user_or_404,
    goals_for,
)
from floorwalk.core.exports import csv_response
from floorwalk.goals.forms import ApplyGoalForm, GoalEditForm, GoalForm
from floorwalk.goals.models import GoalLevel, GoalStatus
from floorwalk.goals.rewards import bonus_totals, goal_bonuses, goals_ending_in
from floorwalk.goals.selectors import (
    check_goal,
    findings_text,
    goal_chart,
    goal_tree,
    progress_of,
)
from floorwalk.goals.services import (
    apply_goal_to_team,
    create_goal,
    roll_over_goal,
    update_goal,
)


def _add_errors(form, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@require_http_methods(["GET"])
def goal_tree_page(request):
    """Objectives → team goals → individual goals the user may read, with progress."""
    show_all = request.GET.get("all") == "1"
    goals = goals_for(request.user)
    if not show_all:
        goals = goals.filter(status=GoalStatus.ACTIVE)
    tree = goal_tree(goals, today=timezone.localdate())
    can_set = can_set_goals(request.user)
    teams = development_teams_for(request.user).order_by("name") if can_set else []
    return render(
        request,
        "goals/tree.html",
        {
            "tree": tree,
            "show_all": show_all,
            "can_set": can_set,
            "teams": teams,
            "can_export_bonuses": can_export_bonuses(request.user),
        },
    )


@require_http_methods(["GET"])
def my_goals(request):
    """The agent's own goals and the goals above them, each with progress."""
    if request.user.person_id is None:
        raise Http404
    today = timezone.localdate()
    own = goals_for(request.user).filter(person_id=request.user.person_id)
    above_ids = set()
    for goal in own.select_related("parent"):
        parent = goal.parent
        while parent is not None:
            above_ids.add(parent.pk)
            parent = parent.parent
    above = goals_for(request.user).filter(pk__in=above_ids)
    return render(
        request,
        "goals/mine.html",
        {
            "own": [(goal, progress_of(goal, today=today)) for goal in own],
            "worth": goal_bonuses(own, on=today),
            "above": [(goal, progress_of(goal, today=today)) for goal in above],
        },
    )


@require_http_methods(["GET"])
def goal_detail(request, pk: int):
    goal = goal_for_user_or_404(request.user, pk)
    progress = progress_of(goal, today=timezone.localdate())
    findings, history = check_goal(
        level=goal.level,
        metric_code=goal.metric,
        person=goal.person,
        team=goal.team,
        queue=goal.queue,
        start=goal.period_start,
        end=goal.period_end,
        target=goal.target,
        has_parent=goal.parent_id is not None,
    )
    children = goals_for(request.user).filter(parent=goal)
    return render(
        request,
        "goals/detail.html",
        {
            "goal": goal,
            "progress": progress,
            "findings": findings_text(findings),
            "chart": goal_chart(goal, progress, history),
            "children": [
                (child, progress_of(child, today=timezone.localdate())) for child in children
            ],
            "can_change": can_change_goal(request.user, goal),
        },
    )


@require_http_methods(["GET", "POST"])
def goal_create(request):
    """Check shows the SMART findings with their numbers; the leader then saves or adjusts."""
    if not can_set_goals(request.user):
        raise PermissionDenied
    form = GoalForm(request.POST or None, user=request.user)
    findings = None
    if request.method == "POST" and form.is_valid():
        data = form.goal_input()
        if request.POST.get("action") == "save":
            try:
                goal = create_goal(request.user, data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("goals:detail", pk=goal.pk)
        else:
            found, _history = check_goal(
                level=data.level,
                metric_code=data.metric,
                person=data.person,
                team=data.team,
                queue=data.queue,
                start=data.start,
                end=data.end,
                target=data.target,
                has_parent=data.parent is not None,
            )
            findings = findings_text(found)
    return render(request, "goals/form.html", {"form": form, "findings": findings})


@require_http_methods(["GET", "POST"])
def goal_edit(request, pk: int):
    goal = goal_for_user_or_404(request.user, pk)
    if not can_change_goal(request.user, goal):
        raise PermissionDenied
    initial = {
        "title": goal.title,
        "metric": goal.metric,
        "period_start": goal.period_start,
        "period_end": goal.period_end,
        "target": goal.target,
        "parent": goal.parent,
        "recurrence": goal.recurrence,
        "status": goal.status,
    }
    form = GoalEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            update_goal(
                request.user,
                goal,
                form.goal_input(level=goal.level),
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("goals:detail", pk=goal.pk)
    return render(request, "goals/form.html", {"form": form, "goal": goal, "findings": None})


@require_POST
def goal_roll_over(request, pk: int):
    goal = goal_for_user_or_404(request.user, pk)
    if not can_change_goal(request.user, goal):
        raise PermissionDenied
    try:
        following = roll_over_goal(request.user, goal)
    except ValidationError:
        return redirect("goals:detail", pk=goal.pk)
    return redirect("goals:detail", pk=following.pk)


@require_http_methods(["GET", "POST"])
def apply_to_team(request, pk: int):
    """One goal for every agent of the team (or of one stage), each on their own baseline."""
    team = development_teams_for(request.user).filter(pk=pk).first()
    if team is None:
        raise Http404
    form = ApplyGoalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            apply_goal_to_team(
                request.user,
                team,
                form.goal_input(level=GoalLevel.INDIVIDUAL),
                only_stage=form.cleaned_data["only_stage"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("goals:tree")
    return render(request, "goals/apply.html", {"form": form, "team": team})


def _bonus_month(request) -> tuple[date, date] | HttpResponseBadRequest:
    """The month asked for (?month=YYYY-MM), or a 400 that says how to write it."""
    if not can_export_bonuses(request.user):
        raise PermissionDenied
    month = _month(request.GET.get("month", ""))
    if month is None:
        return HttpResponseBadRequest(
            _("Give the month as ?month=YYYY-MM, for example ?month=2026-11."),
            content_type="text/plain; charset=utf-8",
        )
    return month


@require_http_methods(["GET"])
def bonuses_page(request):
    """The month's bonuses as payroll will get them, with totals, before the export; the
    last complete month unless another is asked for. Site managers and administrators."""
    if not can_export_bonuses(request.user):
        raise PermissionDenied
    if "month" not in request.GET:
        last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
        return redirect(f"{request.path}?month={last_month:%Y-%m}")
    month = _bonus_month(request)
    if isinstance(month, HttpResponseBadRequest):
        return month
    start, end = month
    rows = goal_bonuses(goals_ending_in(goals_for(request.user), start, end), on=end)
    previous = start - timedelta(days=1)
    return render(
        request,
        "goals/bonuses.html",
        {
            "month": start,
            "rows": rows,
            "totals": bonus_totals(rows),
            "previous_month": f"{previous:%Y-%m}",
            "next_month": f"{end + timedelta(days=1):%Y-%m}",
        },
    )


@require_http_methods(["GET"])
def bonuses_csv(request):
    """The month's bonuses for payroll: each individual goal ending in the month, its
    attainment, the rule and the bonus; site managers (their site) and administrators."""
    month = _bonus_month(request)
    if isinstance(month, HttpResponseBadRequest):
        return month
    start, end = month
    goals = goals_ending_in(goals_for(request.user), start, end)
    rows = goal_bonuses(goals, on=end)
    return csv_response(
        f"bonuses-{start:%Y-%m}.csv",
        [
            _("Employee number"),
            _("Name"),
            _("Goal"),
            _("Period end"),
            _("Attainment (%)"),
            _("Bonus rule"),
            _("Bonus"),
            _("Paid as"),
        ],
        (
            [
                row.goal.person.employee_number,
                row.goal.person.display_name,
                row.goal.title,
                row.goal.period_end.isoformat(),
                "" if row.attainment is None else f"{row.attainment:.1f}",
                row.rule.name,
                f"{row.bonus:g}",
                row.unit,
            ]
            for row in rows
        ),
    )


def _month(text: str) -> tuple[date, date] | None:
    try:
        first = datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 (a calendar month)
    except ValueError:
        return None
    last = date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
    return first, last
