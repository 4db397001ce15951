"""Reading the audit trail."""

from django.db.models import Q, QuerySet

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import Access, Aspect, is_admin, person_filter
from floorwalk.audit.models import AuditEvent
from floorwalk.org.models import Person


def audit_events_for(user: User) -> QuerySet[AuditEvent]:
    """The events a manager may read: administrators all; site managers those about people
    whose development they may change (their site's people) and those about nobody."""
    events = AuditEvent.objects.select_related("actor__person", "person")
    if is_admin(user):
        return events
    condition = person_filter(user, Aspect.DEVELOPMENT, Access.CHANGE)
    if condition is None:
        return events.none()
    # Records about nobody in particular (an organisation objective) are every manager's.
    people = Person.objects.filter(condition).values("pk")
    return events.filter(Q(person__in=people) | Q(person__isnull=True))
