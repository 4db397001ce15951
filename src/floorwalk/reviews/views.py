"""Review pages: the cycles, a review with its actions, feedback to give."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from floorwalk.accounts.policy import (
    Role,
    can_calibrate_review,
    can_open_review_cycle,
    can_write_review,
    review_feedback_kind_for,
    roles_of,
)
from floorwalk.reviews import selectors, services
from floorwalk.reviews.forms import (
    CalibrateForm,
    FeedbackForm,
    ReviewCycleForm,
    ReviewScoreForm,
    StartReviewForm,
)
from floorwalk.reviews.models import Review, ReviewCycle, ReviewStatus


@require_GET
def reviews_home(request):
    """The cycles with the reviews the user reads, and the reviews awaiting their feedback."""
    reviews = selectors.reviews_for(request.user)
    awaiting = [
        review
        for review in Review.objects.filter(status=ReviewStatus.DRAFT).select_related(
            "person", "cycle"
        )
        if review_feedback_kind_for(request.user, review.person) is not None
        and not review.feedback.filter(author=request.user).exists()
    ]
    return render(
        request,
        "reviews/home.html",
        {
            "cycles": ReviewCycle.objects.select_related("template"),
            "reviews": reviews.order_by("-cycle__period_end", "person__display_name"),
            "awaiting": awaiting,
            "feedback_form": FeedbackForm(),
            "can_open_cycle": can_open_review_cycle(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def cycle_new(request):
    """Opens a review cycle: a name, a template, a period. Site managers and admins."""
    if not can_open_review_cycle(request.user):
        raise PermissionDenied
    form = ReviewCycleForm(request.POST or None)
    if form.is_valid():
        try:
            cycle = services.review_cycle_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The cycle is open: start each person's review here."))
            return redirect("reviews:cycle", cycle.pk)
    status = 400 if form.is_bound else 200
    return render(request, "reviews/cycle_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def cycle_detail(request, pk: int):
    """A cycle's reviews the user reads, starting a review, and the ratings side by side."""
    cycle = get_object_or_404(ReviewCycle.objects.select_related("template"), pk=pk)
    reviews = selectors.reviews_for(request.user).filter(cycle=cycle)
    form = StartReviewForm(
        request.POST or None, people=selectors.reviewable_people(request.user, cycle)
    )
    if request.method == "POST" and form.is_valid():
        review = services.review_start(
            actor=request.user, cycle=cycle, person=form.cleaned_data["person"]
        )
        return redirect("reviews:review", pk=review.pk)
    return render(
        request,
        "reviews/cycle.html",
        {
            "cycle": cycle,
            "reviews": reviews.order_by("person__display_name"),
            "form": form,
            "calibration": selectors.calibration_rows(reviews, cycle),
            "show_calibration": bool(roles_of(request.user) & {Role.SITE_MANAGER, Role.ADMIN}),
        },
        status=400 if form.errors else 200,
    )


ACTIONS = ("score", "calibrate", "release", "acknowledge")


@require_http_methods(["GET", "POST"])
def review_detail(request, pk: int):
    """One review with what the user may do with it."""
    review = get_object_or_404(selectors.reviews_for(request.user), pk=pk)
    user = request.user
    writes = can_write_review(user, review.person)
    calibrates = can_calibrate_review(user, review.person)
    action = request.POST.get("action") if request.method == "POST" else None
    score_form = ReviewScoreForm(
        request.POST if action == "score" else None,
        initial={
            "goal_attainment": review.goal_attainment,
            "competencies_score": review.competencies_score,
            "leader_score": review.leader_score,
            "narrative": review.narrative,
        },
    )
    calibrate_form = CalibrateForm(request.POST if action == "calibrate" else None)
    if action in ACTIONS and _act(request, review, action, score_form, calibrate_form):
        return redirect("reviews:review", pk=review.pk)
    return render(
        request,
        "reviews/review.html",
        {
            "review": review,
            "feedback": selectors.feedback_shown(review, user),
            "score_form": score_form if writes and review.status == ReviewStatus.DRAFT else None,
            "calibrate_form": calibrate_form
            if calibrates and review.status == ReviewStatus.DRAFT
            else None,
            "can_release": writes and review.status == ReviewStatus.CALIBRATED,
            "can_acknowledge": user.person_id == review.person_id
            and review.status == ReviewStatus.RELEASED,
        },
        status=400 if score_form.errors or calibrate_form.errors else 200,
    )


def _act(request, review, action, score_form, calibrate_form) -> bool:
    """Carries out the posted action; True when it succeeded."""
    user = request.user
    try:
        if action == "score":
            if not score_form.is_valid():
                return False
            services.review_score(actor=user, review=review, **score_form.cleaned_data)
        elif action == "calibrate":
            if not calibrate_form.is_valid():
                return False
            services.review_calibrate(actor=user, review=review, **calibrate_form.cleaned_data)
        elif action == "release":
            services.review_release(actor=user, review=review)
        else:
            services.review_acknowledge(actor=user, review=review)
    except ValidationError as error:
        form = calibrate_form if action == "calibrate" else score_form
        if hasattr(error, "error_dict"):
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.error(request, " ".join(error.messages))
            return False
        return False
    messages.success(request, _("Review saved."))
    return True


@require_POST
def feedback_give(request, pk: int):
    """A self-assessment, peer or upward feedback for a draft review."""
    review = get_object_or_404(Review.objects.select_related("person", "cycle"), pk=pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.review_feedback_give(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your feedback is part of the review."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("reviews:home")
