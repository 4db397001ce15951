"""Writes of the one-to-one conversation beyond its date: the feedback items, the actions
agreed, marking earlier actions done, and the agent's acknowledgement. Recording a
one-to-one and its parts happens in one transaction, so nothing is half saved."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_acknowledge_one_to_one, can_record_one_to_one
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.cadence_services import one_to_one_record
from floorwalk.development.models import (
    ActionOwner,
    ActionStatus,
    AgreedAction,
    FeedbackKind,
    OneToOne,
    OneToOneItem,
)
from floorwalk.org.models import Person

ACTION_AUDIT_FIELDS = ("description", "owner", "due_on", "status", "done_at")


@dataclass(frozen=True)
class FeedbackItem:
    """Recognition or constructive feedback, with the optional situation–behaviour–impact."""

    kind: str
    text: str
    situation: str = ""
    behaviour: str = ""
    impact: str = ""


@dataclass(frozen=True)
class NewAction:
    description: str
    owner: str
    due_on: date


def _check_item(index: int, item: FeedbackItem) -> None:
    if item.kind not in FeedbackKind.values:
        raise ValidationError({f"items[{index}].kind": _("Pick recognition or constructive.")})
    if not item.text.strip():
        raise ValidationError({f"items[{index}].text": _("Say what the feedback is.")})


def _check_action(index: int, action: NewAction, held_on: date) -> None:
    if action.owner not in ActionOwner.values:
        raise ValidationError({f"actions[{index}].owner": _("Pick the agent or the leader.")})
    if not action.description.strip():
        raise ValidationError({f"actions[{index}].description": _("Say what was agreed.")})
    if action.due_on < held_on:
        raise ValidationError(
            {f"actions[{index}].due_on": _("The due date cannot be before the one-to-one.")}
        )


@transaction.atomic
def one_to_one_hold(
    *,
    actor: User,
    person: Person,
    held_on: date,
    notes: str = "",
    agenda: str = "",
    private_notes: str = "",
    items: Sequence[FeedbackItem] = (),
    actions: Sequence[NewAction] = (),
    done_action_ids: Sequence[int] = (),
) -> OneToOne:
    """Records a one-to-one with its feedback items and agreed actions, and marks done the
    earlier actions of the agent the leader ticked (each change audited)."""
    if not can_record_one_to_one(actor, person):
        raise PermissionDenied
    for index, item in enumerate(items):
        _check_item(index, item)
    for index, action in enumerate(actions):
        _check_action(index, action, held_on)
    talk = one_to_one_record(actor=actor, person=person, held_on=held_on, notes=notes)
    talk.agenda = agenda.strip()
    talk.private_notes = private_notes.strip()
    talk.save(update_fields=["agenda", "private_notes", "updated_at"])
    OneToOneItem.objects.bulk_create(
        OneToOneItem(
            one_to_one=talk,
            kind=item.kind,
            text=item.text.strip(),
            situation=item.situation.strip(),
            behaviour=item.behaviour.strip(),
            impact=item.impact.strip(),
        )
        for item in items
    )
    for action in actions:
        created = AgreedAction.objects.create(
            person=person,
            agreed_in=talk,
            description=action.description.strip(),
            owner=action.owner,
            due_on=action.due_on,
        )
        audit_record(
            actor=actor,
            instance=created,
            action=AuditAction.CREATE,
            after=snapshot(created, ACTION_AUDIT_FIELDS),
            person=person,
        )
    _mark_done(actor=actor, person=person, talk=talk, action_ids=done_action_ids)
    return talk


def _mark_done(*, actor: User, person: Person, talk: OneToOne, action_ids: Sequence[int]) -> None:
    if not action_ids:
        return
    actions = list(
        AgreedAction.objects.select_for_update().filter(
            person=person, pk__in=action_ids, status=ActionStatus.OPEN
        )
    )
    if len(actions) != len(set(action_ids)):
        raise ValidationError({"done_actions": _("Only the agent's open actions can be ticked.")})
    for action in actions:
        action_set_status(actor=actor, action=action, status=ActionStatus.DONE, talk=talk)


@transaction.atomic
def action_set_status(
    *, actor: User, action: AgreedAction, status: str, talk: OneToOne | None = None
) -> AgreedAction:
    """Marks an agreed action done (or open again); those who lead the agent do it."""
    if not can_record_one_to_one(actor, action.person):
        raise PermissionDenied
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Pick open or done.")})
    before = snapshot(action, ACTION_AUDIT_FIELDS)
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    action.done_in = talk if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_at", "done_in", "updated_at"])
    audit_record(
        actor=actor,
        instance=action,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(action, ACTION_AUDIT_FIELDS),
        person=action.person,
    )
    return action


@transaction.atomic
def one_to_one_acknowledge(*, actor: User, talk: OneToOne) -> OneToOne:
    """The agent confirms they read the shared notes, items and actions; the first
    acknowledgement counts."""
    if not can_acknowledge_one_to_one(actor, talk.person):
        raise PermissionDenied
    if talk.acknowledged_at is None:
        talk.acknowledged_at = timezone.now()
        talk.save(update_fields=["acknowledged_at", "updated_at"])
    return talk
