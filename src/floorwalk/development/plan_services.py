"""Writes of development plans: adding an action and changing its status, by those who lead
the agent, each change audited in the same transaction."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_edit_development_plan
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.followup_services import one_to_one_hold
from floorwalk.development.models import (
    DevelopmentPlan,
    OneToOne,
    PlanAction,
    PlanActionKind,
    PlanActionStatus,
)
from floorwalk.org.models import Person

GAP_MAX_LENGTH = 300
PLAN_ACTION_AUDIT_FIELDS = ("kind", "description", "gap", "due_on", "status", "done_at")


def _plan_of(actor: User, person: Person) -> DevelopmentPlan:
    plan, _created = DevelopmentPlan.objects.get_or_create(person=person, defaults={"owner": actor})
    return plan


@transaction.atomic
def plan_action_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    description: str,
    due_on: date | None,
    gap: str = "",
) -> PlanAction:
    """Adds an action to the agent's plan (creating the plan on first use)."""
    if not can_edit_development_plan(actor, person):
        raise PermissionDenied
    if kind not in PlanActionKind.values:
        raise ValidationError({"kind": _("Pick coaching, training, mentoring or a task.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what the action is.")})
    if due_on is None:
        raise ValidationError({"due_on": _("Give a due date.")})
    if len(gap.strip()) > GAP_MAX_LENGTH:
        raise ValidationError({"gap": _("Name the gap in at most 300 characters.")})
    action = PlanAction.objects.create(
        plan=_plan_of(actor, person),
        kind=kind,
        description=description.strip(),
        gap=gap.strip(),
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        instance=action,
        action=AuditAction.CREATE,
        after=snapshot(action, PLAN_ACTION_AUDIT_FIELDS),
        person=person,
    )
    return action


@transaction.atomic
def plan_action_set_status(*, actor: User, action: PlanAction, status: str) -> PlanAction:
    """Moves a plan action to another status; done records when."""
    person = action.plan.person
    if not can_edit_development_plan(actor, person):
        raise PermissionDenied
    if status not in PlanActionStatus.values:
        raise ValidationError({"status": _("Pick planned, in progress, done or dropped.")})
    if status == action.status:
        return action
    before = snapshot(action, PLAN_ACTION_AUDIT_FIELDS)
    action.status = status
    action.done_at = timezone.now() if status == PlanActionStatus.DONE else None
    action.save(update_fields=["status", "done_at", "updated_at"])
    audit_record(
        actor=actor,
        instance=action,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(action, PLAN_ACTION_AUDIT_FIELDS),
        person=person,
    )
    return action


@transaction.atomic
def plan_actions_review(*, actor: User, person: Person, statuses: Mapping[int, str]) -> int:
    """Applies the statuses chosen for the agent's open plan actions while reviewing the plan
    in a one-to-one; only those that changed are saved (and audited). Returns how many."""
    if not can_edit_development_plan(actor, person):
        raise PermissionDenied
    actions = {
        action.pk: action
        for action in PlanAction.objects.select_for_update()
        .select_related("plan__person")
        .filter(plan__person=person, pk__in=list(statuses))
    }
    if set(actions) != set(statuses):
        raise ValidationError({"plan": _("Only the agent's own plan actions can be updated.")})
    changed = 0
    for pk, status in statuses.items():
        if actions[pk].status != status:
            plan_action_set_status(actor=actor, action=actions[pk], status=status)
            changed += 1
    return changed


@transaction.atomic
def one_to_one_with_plan_review(*, plan_statuses: Mapping[int, str], **one_to_one: Any) -> OneToOne:
    """Holds a one-to-one and, in the same transaction, applies the plan review done in it:
    either both are saved or neither."""
    talk = one_to_one_hold(**one_to_one)
    plan_actions_review(
        actor=one_to_one["actor"], person=one_to_one["person"], statuses=plan_statuses
    )
    return talk
