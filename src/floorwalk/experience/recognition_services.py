"""Writes of recognition: kudos between colleagues, customer compliments entered by leaders
or QA. The pages, the API and the compliments import call these."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import compliment_agents_for, kudos_recipients_for
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.experience.models import Compliment, ComplimentSource, Kudos, KudosValue
from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Person

# Kudos mean something when they are not handed out by the dozen: a few a day, and one a day
# to the same colleague.
KUDOS_PER_DAY = 10
KUDOS_AUDIT_FIELDS = ("given_by", "given_to", "value", "message")
COMPLIMENT_AUDIT_FIELDS = ("agent", "interaction", "received_on", "text", "external_id")


@transaction.atomic
def kudos_give(*, actor: User, to: Person, value: str, message: str) -> Kudos:
    """Sends kudos to a colleague of one's site. Refused to oneself, beyond KUDOS_PER_DAY a
    day, and a second time the same day to the same colleague."""
    if actor.person_id is None:
        raise PermissionDenied
    if not kudos_recipients_for(actor).filter(pk=to.pk).exists():
        raise ValidationError(
            {"given_to": _("Pick an active colleague of your site, not yourself.")}
        )
    if value not in KudosValue.values:
        raise ValidationError({"value": _("Pick what the kudos is for.")})
    if not message.strip():
        raise ValidationError({"message": _("Say what they did.")})
    # Serialises the giver's kudos, so two quick sends can't both pass the limits.
    giver = Person.objects.select_for_update().get(pk=actor.person_id)
    since = timezone.now() - timedelta(days=1)
    recent = Kudos.objects.filter(given_by=giver, created_at__gte=since)
    if recent.filter(given_to=to).exists():
        raise ValidationError(
            {"given_to": _("You sent them kudos in the last 24 hours already. Thank you!")}
        )
    if recent.count() >= KUDOS_PER_DAY:
        raise ValidationError(
            _("You sent %(count)d kudos in the last 24 hours; send more tomorrow.")
            % {"count": KUDOS_PER_DAY}
        )
    kudos = Kudos.objects.create(given_by=giver, given_to=to, value=value, message=message.strip())
    audit_record(
        actor=actor,
        instance=kudos,
        action=AuditAction.CREATE,
        after=snapshot(kudos, KUDOS_AUDIT_FIELDS),
        person=to,
    )
    return kudos


def _checked_compliment(
    *, agent: Person, interaction: Interaction | None, received_on: date | None, text: str
) -> None:
    if interaction is not None and interaction.agent_id != agent.pk:
        raise ValidationError({"interaction": _("This interaction was handled by someone else.")})
    if received_on is None:
        raise ValidationError({"received_on": _("Say when the compliment was received.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date is in the future.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what the customer said.")})


@transaction.atomic
def compliment_record(
    *,
    actor: User | None,
    agent: Person,
    received_on: date,
    text: str,
    interaction: Interaction | None = None,
    external_id: str = "",
    source: str = ComplimentSource.ENTERED,
) -> Compliment:
    """Records a customer's compliment about an agent. By hand: leaders for their teams, QA
    for their site, admins (the import checks who may import, then calls this without)."""
    if source == ComplimentSource.ENTERED and (
        actor is None or not compliment_agents_for(actor).filter(pk=agent.pk).exists()
    ):
        raise PermissionDenied
    _checked_compliment(agent=agent, interaction=interaction, received_on=received_on, text=text)
    compliment = Compliment.objects.create(
        agent=agent,
        interaction=interaction,
        received_on=received_on,
        text=text.strip(),
        source=source,
        external_id=external_id,
        entered_by=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor,
        instance=compliment,
        action=AuditAction.CREATE,
        after=snapshot(compliment, COMPLIMENT_AUDIT_FIELDS),
        person=agent,
    )
    return compliment


def compliment_update_from_import(
    *,
    actor: User | None,
    compliment: Compliment,
    agent: Person,
    received_on: date,
    text: str,
    interaction: Interaction | None,
) -> bool:
    """Brings an imported compliment in line with the source's copy; False when nothing
    differed. Called inside the import's transaction."""
    before = snapshot(compliment, COMPLIMENT_AUDIT_FIELDS)
    compliment.agent, compliment.received_on = agent, received_on
    compliment.text, compliment.interaction = text.strip(), interaction
    after = snapshot(compliment, COMPLIMENT_AUDIT_FIELDS)
    if before == after:
        return False
    compliment.save()
    audit_record(
        actor=actor,
        instance=compliment,
        action=AuditAction.UPDATE,
        before=before,
        after=after,
        person=agent,
        reason=_("Changed by the import of compliment %(id)s.") % {"id": compliment.external_id},
    )
    return True
