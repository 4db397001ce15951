"""Pages of a one-to-one in detail: what was shared, the feedback, the actions agreed and
carried forward; the agent acknowledges, the leader ticks actions off."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    can_acknowledge_one_to_one,
    can_read_one_to_ones,
    can_read_private_one_to_one_notes,
    can_record_one_to_one,
    person_for_user_or_404,
)
from floorwalk.development import followup_selectors as selectors
from floorwalk.development.followup_services import (
    action_set_status,
    one_to_one_acknowledge,
)
from floorwalk.development.models import ActionStatus, AgreedAction, OneToOne


def _talk_or_404(request, pk: int, talk_pk: int) -> OneToOne:
    person = person_for_user_or_404(request.user, pk)
    if not can_read_one_to_ones(request.user, person):
        raise Http404
    talk = selectors.one_to_one_of(person, talk_pk)
    if talk is None:
        raise Http404
    return talk


@require_http_methods(["GET"])
def one_to_one_detail(request, pk: int, talk: int):
    one_to_one = _talk_or_404(request, pk, talk)
    person = one_to_one.person
    return render(
        request,
        "development/one_to_one_detail.html",
        {
            "person": person,
            "talk": one_to_one,
            "show_private": can_read_private_one_to_one_notes(request.user, person),
            "can_acknowledge": can_acknowledge_one_to_one(request.user, person),
            "can_update_actions": can_record_one_to_one(request.user, person),
            "carried": selectors.carried_forward(one_to_one),
        },
    )


@require_POST
def one_to_one_acknowledge_view(request, pk: int, talk: int):
    one_to_one = _talk_or_404(request, pk, talk)
    try:
        one_to_one_acknowledge(actor=request.user, talk=one_to_one)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Thank you: the one-to-one is acknowledged."))
    return redirect("development:one_to_one_detail", pk=pk, talk=talk)


@require_POST
def action_status_view(request, pk: int):
    """Marks an agreed action done or open again; back to the page the leader came from."""
    action = AgreedAction.objects.select_related("person", "agreed_in").filter(pk=pk).first()
    if action is None or not can_record_one_to_one(request.user, action.person):
        raise Http404
    try:
        action_set_status(actor=request.user, action=action, status=request.POST.get("status", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        label = ActionStatus(action.status).label
        messages.success(request, _("Action marked %(status)s.") % {"status": label})
    return redirect("development:one_to_one_detail", pk=action.person_id, talk=action.agreed_in_id)
