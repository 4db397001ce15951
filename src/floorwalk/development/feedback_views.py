"""Pages of continuous feedback: my feedback (received, given, requests), give, request."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from floorwalk.accounts.policy import feedback_colleagues_for
from floorwalk.development import feedback_selectors as selectors
from floorwalk.development.cadence_views import _add_service_errors
from floorwalk.development.feedback_forms import FeedbackGiveForm, FeedbackRequestForm
from floorwalk.development.feedback_services import feedback_give, feedback_request
from floorwalk.development.models import FeedbackRequest


def _person_or_404(request) -> None:
    """Feedback is between colleagues: a login without a person record has none."""
    if request.user.person_id is None:
        raise Http404


@require_http_methods(["GET"])
def my_feedback(request):
    _person_or_404(request)
    return render(
        request,
        "development/feedback.html",
        {
            "received": selectors.received_by_me(request.user)[:50],
            "given": selectors.given_by_me(request.user)[:50],
            "requests_to_me": selectors.requests_to_me(request.user)[:50],
            "requests_by_me": selectors.requests_by_me(request.user)[:50],
        },
    )


def _open_request(request) -> FeedbackRequest | None:
    pk = request.GET.get("request") or request.POST.get("request")
    if not pk or not str(pk).isdigit():
        return None
    found = selectors.requests_to_me(request.user).filter(pk=pk, answered_at__isnull=True).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def feedback_give_view(request):
    _person_or_404(request)
    answers = _open_request(request)
    initial = {"given_to": answers.requested_by_id} if answers else {}
    form = FeedbackGiveForm(
        request.POST or None, colleagues=feedback_colleagues_for(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            feedback_give(
                actor=request.user,
                to=form.cleaned_data["given_to"],
                item=form.item(),
                answers=answers,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Feedback sent. Thank you."))
            return redirect("development:my_feedback")
    return render(
        request,
        "development/feedback_give.html",
        {"form": form, "answers": answers},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def feedback_request_view(request):
    _person_or_404(request)
    form = FeedbackRequestForm(
        request.POST or None, colleagues=feedback_colleagues_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            feedback_request(
                actor=request.user, of=form.cleaned_data["asked"], topic=form.cleaned_data["topic"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Feedback requested."))
            return redirect("development:my_feedback")
    return render(
        request,
        "development/feedback_request.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
