from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    Role,
    people_for,
    roles_of,
    sites_for,
    skill_people_for,
    teams_for,
)
from floorwalk.development.cadence_selectors import due_and_overdue
from floorwalk.engine.periods import custom_period
from floorwalk.experience.boundary_selectors import open_incidents_to_handle
from floorwalk.experience.empowerment_selectors import grants_to_decide
from floorwalk.experience.listening_selectors import listening_today
from floorwalk.experience.onboarding_selectors import DUE_SOON_DAYS, owner_open_tasks
from floorwalk.learning.skills_selectors import open_paths_for_home
from floorwalk.learning.training_selectors import home_follow_ups
from floorwalk.metrics.selectors import ScorecardScope, scorecard_for_group, team_members
from floorwalk.org import selectors
from floorwalk.org.models import PersonStatus
from floorwalk.scheduling.selectors import open_bidding_turns


@require_GET
def home(request):
    """What needs this user today, section by section for each of their roles."""
    user = request.user
    roles = roles_of(user)
    today = timezone.localdate()
    context = {"today": today, "roles": roles, "person": user.person}
    if Role.TEAM_LEADER in roles:
        led_teams = teams_for(user).filter(leader_id=user.person_id)
        context["led_teams"] = list(led_teams)
        context["team_attention"] = selectors.people_needing_attention(
            people_for(user).filter(team__in=led_teams), on=today
        )
        context["team_weeks"] = [
            (team, _week_scorecard(user, team, today)) for team in context["led_teams"]
        ]
        context["team_due"] = _team_due(user, led_teams, today)
    if Role.MENTOR in roles and user.person_id:
        context["mentees"] = selectors.active_mentees(user.person, on=today)
    if roles & {Role.SITE_MANAGER, Role.QA_SPECIALIST, Role.PLANNER, Role.ADMIN}:
        context["site_summaries"] = [
            (site, selectors.site_teams(site, on=today)) for site in sites_for(user)
        ]
    if Role.SITE_MANAGER in roles or Role.ADMIN in roles:
        context["site_attention"] = selectors.people_needing_attention(people_for(user), on=today)
    # Self-scheduling: the agent's turns in open bidding windows.
    if user.person_id:
        context["now_moment"] = timezone.now()
        context["bidding_turns"] = open_bidding_turns(user.person, context["now_moment"])
    # Boundary incidents to follow up and grants above the limit waiting for a decision.
    context["boundary_alerts"] = list(open_incidents_to_handle(user)[:20])
    context["grants_waiting"] = list(grants_to_decide(user)[:20])
    # Skills: the next steps of open training paths, the user's own and their agents'.
    context["skill_paths_open"] = open_paths_for_home(
        user.person_id, skill_people_for(user, Access.CHANGE)
    )
    # Listening: open pulse surveys to answer, new answers to one's suggestions.
    if user.person_id:
        context["listening_today"] = listening_today(user.person, today)
    # Onboarding: the tasks this user owns in new hires' plans, due within a week or overdue.
    if user.person_id:
        context["onboarding_tasks"] = list(
            owner_open_tasks(user.person, today, due_within=DUE_SOON_DAYS)
        )
    # Training: reinforcement follow-ups due within a week or overdue, beside the cadence.
    context["training_follow_ups"] = home_follow_ups(user, today)
    return render(request, "core/home.html", context)


def _team_due(user, led_teams, today):
    """The led teams' agents' QA evaluations, observations and one-to-ones due within a week
    or overdue, overdue first (D4)."""
    agents = (
        people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)
        .filter(team__in=led_teams)
        .exclude(status=PersonStatus.LEFT)
        .exclude(pk=user.person_id)
    )
    return due_and_overdue(agents, today)


def _week_scorecard(user, team, today):
    """The team's last seven whole days: what a leader checks first in the morning."""
    members = team_members(team, people_for(user, Aspect.METRICS))
    scope = ScorecardScope(custom_period(today - timedelta(days=7), today - timedelta(days=1)))
    return scorecard_for_group(members, scope, site=team.site, team=team, today=today)


@login_not_required
@require_GET
def health(request):
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico; the hashed name changes with each release, so 302."""
    return HttpResponseRedirect(static("floorwalk/favicon.svg"))
