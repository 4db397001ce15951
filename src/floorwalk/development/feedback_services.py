"""Continuous feedback: anyone gives feedback to a colleague, or asks a colleague for it, at
any time, not only in a review cycle. The pages and the API call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import feedback_colleagues_for
from floorwalk.development.followup_services import FeedbackItem
from floorwalk.development.models import Feedback, FeedbackKind, FeedbackRequest
from floorwalk.org.models import Person


def _checked_own_id(actor: User, colleague: Person, field: str) -> int:
    """The actor's person id, once the colleague is checked to be one they may address."""
    if actor.person_id is None:
        raise PermissionDenied
    if not feedback_colleagues_for(actor).filter(pk=colleague.pk).exists():
        raise ValidationError({field: _("Pick an active colleague of your site, not yourself.")})
    return actor.person_id


@transaction.atomic
def feedback_give(
    *, actor: User, to: Person, item: FeedbackItem, answers: FeedbackRequest | None = None
) -> Feedback:
    """Gives feedback to a colleague; when it answers their request, the request is
    answered with it."""
    own_id = _checked_own_id(actor, to, "given_to")
    if item.kind not in FeedbackKind.values:
        raise ValidationError({"kind": _("Pick recognition or constructive.")})
    if not item.text.strip():
        raise ValidationError({"text": _("Say what the feedback is.")})
    if answers is not None:
        if answers.asked_id != own_id or answers.requested_by_id != to.pk:
            raise ValidationError({"answers": _("This request was not made to you by them.")})
        if answers.answered_at is not None:
            raise ValidationError({"answers": _("This request is already answered.")})
        answers.answered_at = timezone.now()
        answers.save(update_fields=["answered_at", "updated_at"])
    return Feedback.objects.create(
        given_by_id=own_id,
        given_to=to,
        kind=item.kind,
        text=item.text.strip(),
        situation=item.situation.strip(),
        behaviour=item.behaviour.strip(),
        impact=item.impact.strip(),
        answers=answers,
    )


@transaction.atomic
def feedback_request(*, actor: User, of: Person, topic: str) -> FeedbackRequest:
    """Asks a colleague for feedback on a topic."""
    own_id = _checked_own_id(actor, of, "asked")
    if not topic.strip():
        raise ValidationError({"topic": _("Say what you would like feedback on.")})
    return FeedbackRequest.objects.create(requested_by_id=own_id, asked=of, topic=topic.strip())
