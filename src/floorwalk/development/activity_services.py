"""Activities (a task or project given to an agent) assigned and evaluated by those who lead
the agent; both are audited."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_edit_development_plan
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.models import Activity, ActivityKind
from floorwalk.org.models import Person

ACTIVITY_AUDIT_FIELDS = ("title", "kind", "starts_on", "ends_on", "rating", "evaluation")


@transaction.atomic
def activity_assign(
    *,
    actor: User,
    person: Person,
    title: str,
    kind: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
) -> Activity:
    if not can_edit_development_plan(actor, person):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give the activity a title.")})
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Pick a kind of activity.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})
    activity = Activity.objects.create(
        person=person,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        assigned_by=actor,
    )
    audit_record(
        actor=actor,
        instance=activity,
        action=AuditAction.CREATE,
        after=snapshot(activity, ACTIVITY_AUDIT_FIELDS),
        person=person,
    )
    return activity


@transaction.atomic
def activity_evaluate(*, actor: User, activity: Activity, rating: int, comment: str) -> Activity:
    """Rates how the activity went, 1–5, with a comment saying why."""
    if not can_edit_development_plan(actor, activity.person):
        raise PermissionDenied
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    if not comment.strip():
        raise ValidationError({"evaluation": _("Say why you rate it so.")})
    before = snapshot(activity, ACTIVITY_AUDIT_FIELDS)
    activity.rating = rating
    activity.evaluation = comment.strip()
    activity.evaluated_at = timezone.now()
    activity.save(update_fields=["rating", "evaluation", "evaluated_at", "updated_at"])
    audit_record(
        actor=actor,
        instance=activity,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(activity, ACTIVITY_AUDIT_FIELDS),
        person=activity.person,
    )
    return activity
