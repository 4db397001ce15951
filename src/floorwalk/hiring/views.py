"""The hiring pages: candidates of the user's sites, their interviews and the decision.

Every view asks the access policy first; a candidate outside the user's sites is a 404, so
nobody learns that they exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from floorwalk.accounts.policy import (
    Feature,
    can_access_person,
    candidate_for_user_or_404,
    candidates_for,
    hiring_sites_for,
    hiring_teams_for,
)
from floorwalk.core.decorators import require_feature
from floorwalk.core.paging import query_without
from floorwalk.hiring import selectors, services
from floorwalk.hiring.forms import (
    CandidateFilterForm,
    CandidateForm,
    DecisionForm,
    InterviewForm,
    add_service_error,
)
from floorwalk.hiring.models import Recommendation

PAGE_SIZE = 50


def _posted(request):
    """The form data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


@require_GET
@require_feature(Feature.HIRING)
def candidate_list(request):
    sites = hiring_sites_for(request.user)
    filters = CandidateFilterForm(request.GET or None, sites=sites)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    site = chosen.get("site")
    candidates = selectors.candidates_filtered(
        candidates_for(request.user),
        status=chosen.get("status", ""),
        site_id=site.pk if site else None,
    )
    return render(
        request,
        "hiring/candidates.html",
        {
            "page": Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": filters,
            "query": query_without(request, "page"),
            "several_sites": len(sites) > 1,
        },
    )


@require_http_methods(["GET", "POST"])
@require_feature(Feature.HIRING)
def candidate_create(request):
    form = CandidateForm(_posted(request), sites=hiring_sites_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": candidate.name})
            return redirect("hiring:candidate", pk=candidate.pk)
    return render(
        request, "hiring/candidate_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
def candidate_detail(request, pk: int):
    candidate = candidate_for_user_or_404(request.user, pk)
    interviews = selectors.candidate_interviews(candidate)
    person = candidate.person
    return render(
        request,
        "hiring/candidate.html",
        {
            "candidate": candidate,
            "interviews": interviews,
            "summary": selectors.candidate_summary(interviews),
            "person_visible": person is not None and can_access_person(request.user, person),
        },
    )


@require_http_methods(["GET", "POST"])
def interview_create(request, pk: int):
    candidate = candidate_for_user_or_404(request.user, pk)
    if candidate.is_decided:
        messages.info(request, _("This candidate is decided; no more interviews are recorded."))
        return redirect("hiring:candidate", pk=candidate.pk)
    form = InterviewForm(_posted(request), competencies=selectors.screen_competencies())
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_record(
                actor=request.user,
                candidate=candidate,
                held_on=form.cleaned_data["held_on"],
                recommendation=Recommendation(form.cleaned_data["recommendation"]),
                notes=form.cleaned_data["notes"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Interview saved."))
            return redirect("hiring:candidate", pk=candidate.pk)
    return render(
        request,
        "hiring/interview_form.html",
        {"candidate": candidate, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def candidate_decide(request, pk: int):
    candidate = candidate_for_user_or_404(request.user, pk)
    if candidate.is_decided:
        messages.info(request, _("This candidate is decided; the decision stands."))
        return redirect("hiring:candidate", pk=candidate.pk)
    form = DecisionForm(
        _posted(request),
        teams=hiring_teams_for(request.user, candidate),
        initial={"team": candidate.team_id, "email": candidate.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_decide(
                actor=request.user,
                candidate=candidate,
                decision=Recommendation(form.cleaned_data["decision"]),
                note=form.cleaned_data["note"],
                hire=form.hire_details(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _after_decision(request, candidate)
    return render(
        request,
        "hiring/decide.html",
        {"candidate": candidate, "form": form},
        status=400 if form.errors else 200,
    )


def _after_decision(request, candidate):
    """A hire lands on the new person's page when the user may see it; else the candidate."""
    messages.success(
        request,
        _("%(name)s: %(status)s.")
        % {"name": candidate.name, "status": candidate.get_status_display()},
    )
    person = candidate.person
    if person is not None and can_access_person(request.user, person):
        return redirect("org:person", pk=person.pk)
    return redirect("hiring:candidate", pk=candidate.pk)
