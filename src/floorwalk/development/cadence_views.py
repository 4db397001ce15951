"""Pages of an agent's follow-up: observations, one-to-ones and their mentor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    can_access_person,
    can_evaluate,
    can_manage_mentoring,
    can_read_one_to_ones,
    can_record_one_to_one,
    mentoring_people_for,
    mentorships_for,
    observation_source_for,
    person_for_user_or_404,
)
from floorwalk.development import cadence_selectors as selectors
from floorwalk.development.cadence_forms import MentorAssignForm, ObservationForm, OneToOneForm
from floorwalk.development.cadence_services import (
    mentorship_assign,
    mentorship_end,
    observation_log,
)
from floorwalk.development.followup_selectors import open_actions
from floorwalk.development.models import Competency
from floorwalk.development.plan_selectors import open_plan_actions
from floorwalk.development.plan_services import one_to_one_with_plan_review
from floorwalk.engine.cadence import ActivityKind
from floorwalk.org.models import Person

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _add_service_errors(form: Form, error: ValidationError) -> None:
    """The service's errors on the form: on the field it names when the form has it, above
    the form otherwise."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@require_http_methods(["GET"])
def person_observations(request, pk: int):
    person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT)
    return render(
        request,
        "development/observations.html",
        {
            "person": person,
            "page": _page(request, selectors.person_observations(person)),
            "can_log": observation_source_for(request.user, person) is not None,
        },
    )


@require_http_methods(["GET", "POST"])
def observation_new(request, pk: int):
    person = person_for_user_or_404(request.user, pk)
    source = observation_source_for(request.user, person)
    if source is None:
        raise Http404
    competencies = Competency.objects.filter(is_active=True).order_by("name")
    form = ObservationForm(
        request.POST or None,
        competencies=competencies,
        initial={"observed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            observation_log(
                actor=request.user,
                person=person,
                observed_on=form.cleaned_data["observed_on"],
                notes=form.cleaned_data["notes"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, _("Observation of %(name)s saved.") % {"name": person.display_name}
            )
            if can_access_person(request.user, person, Aspect.DEVELOPMENT):
                return redirect("development:person_observations", pk=person.pk)
            return redirect("org:person", pk=person.pk)
    return render(
        request,
        "development/observation_new.html",
        {"person": person, "form": form, "source": source},
        status=400 if form.errors else 200,
    )


def _one_to_one_person_or_404(request, pk: int) -> Person:
    person = person_for_user_or_404(request.user, pk)
    if not can_read_one_to_ones(request.user, person):
        raise Http404
    return person


@require_http_methods(["GET"])
def person_one_to_ones(request, pk: int):
    person = _one_to_one_person_or_404(request, pk)
    return render(
        request,
        "development/one_to_ones.html",
        {
            "person": person,
            "page": _page(request, selectors.person_one_to_ones(person)),
            "can_record": can_record_one_to_one(request.user, person),
        },
    )


@require_http_methods(["GET", "POST"])
def one_to_one_new(request, pk: int):
    person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT, Access.CHANGE)
    if not can_record_one_to_one(request.user, person):
        raise Http404
    form = OneToOneForm(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        open_actions=open_actions(person),
        plan_actions=open_plan_actions(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            talk = one_to_one_with_plan_review(
                plan_statuses=form.plan_statuses(),
                actor=request.user,
                person=person,
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
                agenda=form.cleaned_data["agenda"],
                private_notes=form.cleaned_data["private_notes"],
                items=form.items(),
                actions=form.actions(),
                done_action_ids=form.cleaned_data["done_actions"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, _("One-to-one with %(name)s saved.") % {"name": person.display_name}
            )
            return redirect("development:one_to_one_detail", pk=person.pk, talk=talk.pk)
    return render(
        request,
        "development/one_to_one_new.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def person_mentorship(request, pk: int):
    """The agent's mentor now and before; a leader assigns one or ends the current one."""
    mentee = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT, Access.CHANGE)
    candidates = selectors.mentor_candidates(mentoring_people_for(request.user), mentee)
    form = MentorAssignForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        mentor = form.candidates[form.cleaned_data["mentor"]].person
        try:
            mentorship_assign(actor=request.user, mentee=mentee, mentor=mentor)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(mentor)s now mentors %(mentee)s.")
                % {"mentor": mentor.display_name, "mentee": mentee.display_name},
            )
            return redirect("development:person_mentorship", pk=mentee.pk)
    return render(
        request,
        "development/mentorship.html",
        {
            "person": mentee,
            "current": selectors.current_mentor_of(mentee),
            "history": selectors.mentorship_history(mentee),
            "candidates": candidates,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def mentorship_end_view(request, pk: int):
    mentorship = mentorships_for(request.user).select_related("mentee").filter(pk=pk).first()
    if mentorship is None or not can_manage_mentoring(request.user, mentorship.mentee):
        raise Http404
    try:
        mentorship_end(actor=request.user, mentorship=mentorship)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(mentee)s's mentorship ended today.") % {"mentee": mentorship.mentee.display_name},
        )
    return redirect("development:person_mentorship", pk=mentorship.mentee_id)


def cadence_rows(user, person: Person, cadence: selectors.PersonCadence) -> list[dict[str, object]]:
    """The agent's next activities as the stage page shows them, each with a link to do it
    when the user may: QA evaluations are done from the evaluator's queue."""
    links = {
        ActivityKind.QA_EVALUATION: reverse("qa:queue") if can_evaluate(user, person) else "",
        ActivityKind.OBSERVATION: reverse("development:observation_new", args=[person.pk])
        if observation_source_for(user, person) is not None
        else "",
        ActivityKind.ONE_TO_ONE: reverse("development:one_to_one_new", args=[person.pk])
        if can_record_one_to_one(user, person)
        else "",
    }
    return [
        {"item": item, "label": item.kind.label, "link": links[item.kind]} for item in cadence.items
    ]
