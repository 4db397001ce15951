"""Reads of the one-to-one conversation: its items, the actions agreed in it and those
carried forward from earlier ones until done."""

from django.db.models import Q, QuerySet

from floorwalk.development.models import ActionStatus, AgreedAction, OneToOne
from floorwalk.org.models import Person


def open_actions(person: Person) -> QuerySet[AgreedAction]:
    """The agent's actions not done yet, soonest due first: the next one-to-one shows them."""
    return (
        AgreedAction.objects.filter(person=person, status=ActionStatus.OPEN)
        .select_related("agreed_in")
        .order_by("due_on", "pk")
    )


def one_to_one_of(person: Person, pk: int) -> OneToOne | None:
    return (
        OneToOne.objects.filter(person=person, pk=pk)
        .select_related("held_by", "held_by__person", "person")
        .prefetch_related("items", "actions")
        .first()
    )


def carried_forward(talk: OneToOne) -> QuerySet[AgreedAction]:
    """Actions agreed in earlier one-to-ones that were still open when this one was held:
    those open now, and those marked done in this one or after it (in a later one-to-one, or
    on its own page on or after this one's day)."""
    earlier = Q(agreed_in__held_on__lt=talk.held_on) | Q(
        agreed_in__held_on=talk.held_on, agreed_in__pk__lt=talk.pk
    )
    still_open_then = (
        Q(status=ActionStatus.OPEN)
        | Q(done_in__held_on__gte=talk.held_on)
        | Q(done_in__isnull=True, done_at__date__gte=talk.held_on)
    )
    return (
        AgreedAction.objects.filter(person_id=talk.person_id)
        .filter(earlier & still_open_then)
        .select_related("agreed_in", "done_in")
        .order_by("due_on", "pk")
    )
