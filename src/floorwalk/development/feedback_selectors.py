"""Reads of continuous feedback, always through the policy's visibility rule."""

from django.db.models import QuerySet

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import feedback_visible_condition
from floorwalk.development.models import Feedback, FeedbackRequest


def feedback_for(user: User) -> QuerySet[Feedback]:
    condition = feedback_visible_condition(user)
    if condition is None:
        return Feedback.objects.none()
    return Feedback.objects.filter(condition).select_related("given_by", "given_to")


def received_by_me(user: User) -> QuerySet[Feedback]:
    return feedback_for(user).filter(given_to_id=user.person_id)


def given_by_me(user: User) -> QuerySet[Feedback]:
    return feedback_for(user).filter(given_by_id=user.person_id)


def requests_to_me(user: User) -> QuerySet[FeedbackRequest]:
    return FeedbackRequest.objects.filter(asked_id=user.person_id).select_related("requested_by")


def requests_by_me(user: User) -> QuerySet[FeedbackRequest]:
    return FeedbackRequest.objects.filter(requested_by_id=user.person_id).select_related("asked")
