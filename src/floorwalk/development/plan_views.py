"""The agent's development plan page: gaps, actions, adding one and moving its status."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Access,
    Aspect,
    can_edit_development_plan,
    person_for_user_or_404,
)
from floorwalk.development import plan_selectors as selectors
from floorwalk.development.models import PlanAction, PlanActionStatus
from floorwalk.development.plan_forms import PlanActionForm
from floorwalk.development.plan_services import plan_action_add, plan_action_set_status


@require_http_methods(["GET", "POST"])
def person_plan(request, pk: int):
    person = person_for_user_or_404(request.user, pk, Aspect.DEVELOPMENT, Access.READ)
    can_edit = can_edit_development_plan(request.user, person)
    today = timezone.localdate()
    gaps = selectors.plan_gaps(person, today)
    form = PlanActionForm(request.POST or None, gaps=gaps.names) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                plan_action_add(
                    actor=request.user,
                    person=person,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    due_on=form.cleaned_data["due_on"],
                    gap=form.gap(),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Action added to the plan."))
                return redirect("development:person_plan", pk=person.pk)
    return render(
        request,
        "development/plan.html",
        {
            "person": person,
            "gaps": gaps,
            "actions": selectors.plan_actions(person),
            "form": form,
            "can_edit": can_edit,
            "today": today,
            "statuses": PlanActionStatus.choices,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def plan_action_status_view(request, pk: int):
    """Moves a plan action to another status; back to where the leader came from."""
    action = PlanAction.objects.select_related("plan__person").filter(pk=pk).first()
    if action is None or not can_edit_development_plan(request.user, action.plan.person):
        raise Http404
    try:
        plan_action_set_status(
            actor=request.user, action=action, status=request.POST.get("status", "")
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Plan action updated."))
    return redirect("development:person_plan", pk=action.plan.person_id)
