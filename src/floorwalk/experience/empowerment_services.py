"""Writes of empowerment: site managers set latitude rules; agents record what they granted
a customer, approved at once within their limit and sent to their leader above it; the
leader approves or rejects with a reason. Every change is audited."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floorwalk.accounts.models import Role, User
from floorwalk.accounts.policy import (
    Access,
    can_decide_grant,
    latitude_sites_for,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record, snapshot
from floorwalk.development.models import Stage
from floorwalk.experience.empowerment_selectors import latitude_limit_for
from floorwalk.experience.models import EmpowermentGrant, GrantKind, GrantStatus, LatitudeRule
from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Site

CURRENCY = re.compile(r"^[A-Z]{3}$")
RULE_AUDIT_FIELDS = ("site", "stage", "role", "kind", "currency", "limit")
GRANT_AUDIT_FIELDS = (
    "agent",
    "interaction",
    "kind",
    "currency",
    "amount",
    "limit_applied",
    "status",
    "decision_reason",
)


def _checked_currency(currency: str) -> str:
    code = currency.strip().upper()
    if not CURRENCY.match(code):
        raise ValidationError(
            {"currency": _("Write the currency as its three-letter code, e.g. EUR.")}
        )
    return code


@transaction.atomic
def latitude_rule_set(
    *,
    actor: User,
    site: Site,
    kind: str,
    currency: str,
    limit: Decimal,
    stage: str = "",
    role: str = "",
) -> LatitudeRule:
    """Sets the limit of one rule (site, stage or any, role or any, kind, currency), creating
    it the first time; a limit of 0 means every grant of that kind needs approval."""
    if not latitude_sites_for(actor, Access.CHANGE).filter(pk=site.pk).exists():
        raise PermissionDenied
    if kind not in GrantKind.values:
        raise ValidationError({"kind": _("Pick a kind of grant.")})
    if stage and stage not in Stage.values:
        raise ValidationError({"stage": _("Pick a stage, or none for every stage.")})
    if role and role not in Role.values:
        raise ValidationError({"role": _("Pick a role, or none for every role.")})
    if limit is None or limit < 0:
        raise ValidationError({"limit": _("The limit is an amount of 0 or more.")})
    code = _checked_currency(currency)
    rule = (
        LatitudeRule.objects.select_for_update()
        .filter(site=site, stage=stage, role=role, kind=kind, currency=code)
        .first()
    )
    if rule is None:
        rule = LatitudeRule.objects.create(
            site=site, stage=stage, role=role, kind=kind, currency=code, limit=limit
        )
        audit_record(
            actor=actor,
            instance=rule,
            action=AuditAction.CREATE,
            after=snapshot(rule, RULE_AUDIT_FIELDS),
        )
        return rule
    before = snapshot(rule, RULE_AUDIT_FIELDS)
    rule.limit = limit
    rule.save(update_fields=["limit", "updated_at"])
    audit_record(
        actor=actor,
        instance=rule,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(rule, RULE_AUDIT_FIELDS),
    )
    return rule


@transaction.atomic
def grant_record(
    *,
    actor: User,
    interaction: Interaction,
    kind: str,
    currency: str,
    amount: Decimal,
    reason: str,
) -> EmpowermentGrant:
    """Records what the agent granted on one of their own contacts. Within the limit that
    applies to them it is approved at once; above it, it waits for their leader."""
    agent = actor.person
    if agent is None:
        raise PermissionDenied
    if interaction.agent_id != agent.pk:
        raise ValidationError({"interaction": _("Pick one of your own interactions.")})
    if kind not in GrantKind.values:
        raise ValidationError({"kind": _("Pick what you granted.")})
    code = _checked_currency(currency)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount is more than 0.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you granted it.")})
    limit = latitude_limit_for(agent, kind, code)
    grant = EmpowermentGrant.objects.create(
        agent=agent,
        interaction=interaction,
        kind=kind,
        currency=code,
        amount=amount,
        reason=reason.strip(),
        stage=limit.stage,
        limit_applied=limit.amount,
        status=GrantStatus.APPROVED if amount <= limit.amount else GrantStatus.PENDING,
    )
    audit_record(
        actor=actor,
        instance=grant,
        action=AuditAction.CREATE,
        after=snapshot(grant, GRANT_AUDIT_FIELDS),
        person=agent,
    )
    return grant


@transaction.atomic
def grant_decide(
    *, actor: User, grant: EmpowermentGrant, approve: bool, reason: str
) -> EmpowermentGrant:
    """The agent's leader approves or rejects a grant above the limit, saying why."""
    locked = EmpowermentGrant.objects.select_for_update().select_related("agent").get(pk=grant.pk)
    if not can_decide_grant(actor, locked.agent):
        raise PermissionDenied
    if locked.status != GrantStatus.PENDING:
        raise ValidationError(
            _("This grant is not waiting for a decision: %(status)s.")
            % {"status": locked.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you approve or reject it.")})
    before = snapshot(locked, GRANT_AUDIT_FIELDS)
    locked.status = GrantStatus.APPROVED if approve else GrantStatus.REJECTED
    locked.decision_reason = reason.strip()
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save()
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(locked, GRANT_AUDIT_FIELDS),
        person=locked.agent,
    )
    return locked
