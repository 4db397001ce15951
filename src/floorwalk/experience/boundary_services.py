"""Writes of boundary incidents: the agent flags one of their own contacts, their leader is
told at once (home page, and an email after commit), records the support and closes it."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import can_flag_boundary_incident, can_handle_boundary_incident
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.experience.models import (
    BoundaryIncident,
    CustomerAction,
    IncidentKind,
    IncidentStatus,
)
from floorwalk.metrics.models import Interaction

logger = logging.getLogger(__name__)

INCIDENT_AUDIT_FIELDS = (
    "agent",
    "interaction",
    "kind",
    "description",
    "status",
    "support_given",
    "customer_action",
)


@transaction.atomic
def boundary_incident_flag(
    *, actor: User, interaction: Interaction, kind: str, description: str
) -> BoundaryIncident:
    """Flags one of the actor's own contacts as abusive or boundary-crossing."""
    if not can_flag_boundary_incident(actor):
        raise PermissionDenied
    if interaction.agent_id != actor.person_id:
        raise ValidationError({"interaction": _("Pick one of your own interactions.")})
    if kind not in IncidentKind.values:
        raise ValidationError({"kind": _("Pick what kind of incident it was.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what happened.")})
    if BoundaryIncident.objects.filter(interaction=interaction).exists():
        raise ValidationError({"interaction": _("This interaction is flagged already.")})
    incident = BoundaryIncident.objects.create(
        agent_id=actor.person_id,
        interaction=interaction,
        kind=kind,
        description=description.strip(),
    )
    audit_record(
        actor=actor,
        instance=incident,
        action=AuditAction.CREATE,
        after=snapshot(incident, INCIDENT_AUDIT_FIELDS),
        person=incident.agent,
    )
    transaction.on_commit(partial(_send_flagged_email, incident.pk))
    return incident


def _send_flagged_email(incident_pk: int) -> None:
    """Tells the agent's team leader, in the leader's language, that a contact was flagged.
    What happened stays in Floorwalk: the email names the agent and the kind, and links."""
    incident = (
        BoundaryIncident.objects.select_related("agent__team__leader")
        .filter(pk=incident_pk)
        .first()
    )
    team = incident.agent.team if incident is not None else None
    if incident is None or team is None or team.leader is None:
        return
    leader = team.leader
    login = User.objects.filter(person=leader, is_active=True).first()
    address = leader.email or (login.email if login else "")
    if not address:
        return
    language = (login.language if login else "") or settings.LANGUAGE_CODE
    context = {
        "leader": leader,
        "incident": incident,
        "url": settings.FLOORWALK_BASE_URL.rstrip("/")
        + reverse("experience:boundary_incident", args=[incident.pk]),
    }
    with translation.override(language):
        subject = render_to_string("experience/boundaries/email/flagged_subject.txt", context)
        body = render_to_string("experience/boundaries/email/flagged.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Content-Language": language},
    )
    try:
        message.send()
    except OSError:
        # The flag is saved and on the leader's home page; a mail server that is down must
        # not turn the agent's flag into an error page.
        logger.exception("Could not email the leader about boundary incident %s", incident_pk)


@transaction.atomic
def boundary_incident_close(
    *, actor: User, incident: BoundaryIncident, support_given: str, customer_action: str
) -> BoundaryIncident:
    """The leader records the support given and the customer-side action, and closes."""
    locked = (
        BoundaryIncident.objects.select_for_update().select_related("agent").get(pk=incident.pk)
    )
    if not can_handle_boundary_incident(actor, locked.agent):
        raise PermissionDenied
    if locked.status != IncidentStatus.OPEN:
        raise ValidationError(_("This incident is closed already."))
    if not support_given.strip():
        raise ValidationError({"support_given": _("Say what support you gave.")})
    if customer_action not in CustomerAction.values:
        raise ValidationError({"customer_action": _("Pick the action on the customer's side.")})
    before = snapshot(locked, INCIDENT_AUDIT_FIELDS)
    locked.support_given = support_given.strip()
    locked.customer_action = customer_action
    locked.status = IncidentStatus.CLOSED
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.save()
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(locked, INCIDENT_AUDIT_FIELDS),
        person=locked.agent,
    )
    return locked
