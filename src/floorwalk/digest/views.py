"""The digest pages: the user's teams with their counts, and one team's digest in full."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from floorwalk.accounts.models import Role
from floorwalk.accounts.policy import (
    can_read_digests,
    digest_team_for_user_or_404,
    digest_teams_for,
    roles_of,
)
from floorwalk.digest import selectors, services
from floorwalk.digest.forms import DigestForm, SubscriptionsForm
from floorwalk.digest.models import Granularity


def _form(request) -> DigestForm:
    default = (
        Granularity.DAILY if Role.TEAM_LEADER in roles_of(request.user) else Granularity.MONTHLY
    )
    return DigestForm(request.GET, today=timezone.localdate(), default=default)


def _period_context(form: DigestForm) -> dict:
    today = form.today
    granularity = form.cleaned_data["granularity"]
    period = selectors.digest_period(granularity, form.cleaned_data["on"], today)
    previous, following = selectors.neighbours(period, today)
    return {
        "granularity": granularity,
        "period": period,
        "previous_period": previous,
        "next_period": following,
        "granularities": Granularity.choices,
        "today": today,
    }


def _bad_request(request, form: DigestForm):
    return render(request, "digest/bad_request.html", {"form": form}, status=400)


@require_GET
def digest_home(request):
    """Every team the user gets a digest of, by site, with its counts per section."""
    if not can_read_digests(request.user):
        raise PermissionDenied
    form = _form(request)
    if not form.is_valid():
        return _bad_request(request, form)
    context = _period_context(form)
    teams = digest_teams_for(request.user).select_related("site", "leader")
    digests = selectors.team_digests(
        teams.order_by("site__name", "name"),
        context["granularity"],
        context["period"],
        today=context["today"],
    )
    sites = [
        (site, list(rows)) for site, rows in groupby(digests, key=lambda digest: digest.team.site)
    ]
    return render(request, "digest/home.html", {**context, "form": form, "sites": sites})


@require_GET
def team_digest_page(request, pk: int):
    """One team's digest in full, each item linking to where it is handled."""
    team = digest_team_for_user_or_404(request.user, pk)
    form = _form(request)
    if not form.is_valid():
        return _bad_request(request, form)
    context = _period_context(form)
    digest = selectors.team_digest(
        team, context["granularity"], context["period"], today=context["today"]
    )
    return render(request, "digest/team.html", {**context, "form": form, "digest": digest})


@require_http_methods(["GET", "POST"])
def subscriptions(request):
    """Which digest emails the user receives, among those of their roles."""
    if not can_read_digests(request.user):
        raise PermissionDenied
    offered = services.default_subscriptions(request.user)
    form = SubscriptionsForm(
        request.POST if request.method == "POST" else None,  # nothing ticked: an empty POST
        offered=offered,
        initial={"granularities": sorted(services.subscriptions_of(request.user))},
    )
    if request.method == "POST":
        if form.is_valid():
            services.digest_subscriptions_set(
                actor=request.user, granularities=form.cleaned_data["granularities"]
            )
            messages.success(request, _("Your digest emails are saved."))
            return redirect("digest:subscriptions")
        return render(
            request, "digest/subscriptions.html", {"form": form, "offered": offered}, status=400
        )
    return render(request, "digest/subscriptions.html", {"form": form, "offered": offered})
