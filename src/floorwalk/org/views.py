from dataclasses import replace

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    Feature,
    assessment_source_for,
    can_access_person,
    can_manage_mentoring,
    can_read_one_to_ones,
    development_teams_for,
    observation_source_for,
    people_for,
    person_for_user_or_404,
    site_for_user_or_404,
    sites_for,
    team_for_user_or_404,
    teams_for,
)
from floorwalk.core.decorators import require_feature
from floorwalk.core.exports import csv_response
from floorwalk.development.selectors import current_stage, current_stages, playbook_for
from floorwalk.org import selectors
from floorwalk.org.forms import RosterFilterForm


@require_GET
@require_feature(Feature.MY_TEAM)
def my_team(request):
    teams = list(teams_for(request.user).filter(leader_id=request.user.person_id))
    if len(teams) == 1:
        return redirect("org:team", pk=teams[0].pk)
    return render(request, "org/my_teams.html", {"teams": teams})


def _roster(request, team):
    form = RosterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.team_roster(
        team,
        visible=people_for(request.user, Aspect.PROFILE),
        on=timezone.localdate(),
        search=filters.get("q", ""),
        status=filters.get("status", ""),
        sort=filters.get("sort") or "name",
        descending=filters.get("order") == "desc",
    )
    return form, _with_stages(request.user, rows)


def _with_stages(user, rows: list[selectors.RosterRow]) -> list[selectors.RosterRow]:
    """The rows with each agent's current stage, where the user may read their development."""
    readable = people_for(user, Aspect.DEVELOPMENT).filter(pk__in=[row.person.pk for row in rows])
    stages = current_stages(readable.values_list("pk", flat=True))
    return [
        replace(row, stage=stages[row.person.pk].stage) if row.person.pk in stages else row
        for row in rows
    ]


@require_GET
def team_detail(request, pk: int):
    team = team_for_user_or_404(request.user, pk)
    form, rows = _roster(request, team)
    template = "org/team.html#roster" if request.htmx else "org/team.html"
    context = {
        "team": team,
        "form": form,
        "rows": rows,
        "today_date": timezone.localdate(),
        "oversees_development": development_teams_for(request.user).filter(pk=team.pk).exists(),
    }
    return render(request, template, context)


@require_GET
def team_roster_csv(request, pk: int):
    team = team_for_user_or_404(request.user, pk)
    _form, rows = _roster(request, team)
    return csv_response(
        f"team-{team.pk}-roster.csv",
        [
            _("Employee number"),
            _("Name"),
            _("Hire date"),
            _("Tenure (days)"),
            _("Queues"),
            _("Status"),
        ],
        (
            [
                row.person.employee_number,
                row.person.display_name,
                row.person.hire_date.isoformat(),
                row.tenure_days,
                "|".join(queue.name for queue in row.queues),
                row.person.get_status_display(),
            ]
            for row in rows
        ),
    )


@require_GET
def person_detail(request, pk: int):
    person = selectors.person_profile(person_for_user_or_404(request.user, pk))
    today = timezone.localdate()
    return render(
        request,
        "org/person.html",
        {
            "person": person,
            "tenure_days": person.tenure_days(today),
            "mentees": selectors.active_mentees(person, on=today),
            "can_see_team": person.team_id is not None
            and teams_for(request.user).filter(pk=person.team_id).exists(),
            "is_self": person.pk == request.user.person_id,
            "can_change": can_access_person(request.user, person, Aspect.PROFILE, Access.CHANGE),
            "can_see_metrics": can_access_person(request.user, person, Aspect.METRICS),
            "can_assess_competencies": assessment_source_for(request.user, person) is not None,
            **_development_context(request.user, person),
            **_follow_up_context(request.user, person),
        },
    )


def _development_context(user, person) -> dict:
    """The agent's stage and how to lead them now, for those who may read their development."""
    if not can_access_person(user, person, Aspect.DEVELOPMENT):
        return {}
    stage = current_stage(person)
    return {
        "can_see_development": True,
        "can_set_stage": can_access_person(user, person, Aspect.DEVELOPMENT, Access.CHANGE),
        "stage": stage,
        "playbook": playbook_for(stage.stage) if stage else None,
    }


def _follow_up_context(user, person) -> dict:
    """Links to the agent's observations, one-to-ones and mentor, for those who may use them."""
    return {
        "follow_up": {
            "observations": can_access_person(user, person, Aspect.DEVELOPMENT),
            "log_observation": observation_source_for(user, person) is not None,
            "one_to_ones": can_read_one_to_ones(user, person),
            "mentor": can_manage_mentoring(user, person),
        }
    }


@require_GET
@require_feature(Feature.SITE)
def my_site(request):
    sites = list(sites_for(request.user))
    if len(sites) == 1:
        return redirect("org:site", pk=sites[0].pk)
    return render(request, "org/sites.html", {"sites": sites})


@require_GET
def site_detail(request, pk: int):
    site = site_for_user_or_404(request.user, pk)
    return render(
        request,
        "org/site.html",
        {"site": site, "teams": selectors.site_teams(site, on=timezone.localdate())},
    )


@require_GET
def site_teams_csv(request, pk: int):
    site = site_for_user_or_404(request.user, pk)
    summaries = selectors.site_teams(site, on=timezone.localdate())
    return csv_response(
        f"site-{site.pk}-teams.csv",
        [_("Team"), _("Team leader"), _("Active"), _("On leave"), _("New hires")],
        (
            [
                summary.team.name,
                summary.team.leader.display_name if summary.team.leader else "",
                summary.active,
                summary.on_leave,
                summary.new_hires,
            ]
            for summary in summaries
        ),
    )
