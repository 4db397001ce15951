"""The agent's private calendar link: only a hash of its token is kept."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_enter_own_schedule_requests,
)
from floorwalk.audit.models import AuditAction
from floorwalk.audit.services import audit_record
from floorwalk.org.models import Person
from floorwalk.scheduling.models import (
    CalendarFeed,
)


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_reset(*, actor: User, person: Person) -> str:
    """A new private calendar link for the agent; the old one stops working at once. The
    token is returned once and only its hash is kept."""
    if not can_enter_own_schedule_requests(actor, person):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        person=person, defaults={"token_hash": feed_token_hash(token)}
    )
    audit_record(
        actor=actor,
        instance=feed,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        before=None if created else {"link": "old"},
        after={"link": "new"},
        person=person,
        reason=_("Calendar link reset"),
    )
    return token
