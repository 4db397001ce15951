"""The demo's recognition, boundary incidents and empowerment, added through the same services
as the pages: kudos between the demo leader's agents and from the leader, customer compliments
(most linked to their contact), one incident open for the leader and one closed with the
support given, latitude rules per stage and grants within and above the limit."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from floorwalk.accounts.models import Role, User
from floorwalk.experience.boundary_services import boundary_incident_close, boundary_incident_flag
from floorwalk.experience.empowerment_services import (
    grant_decide,
    grant_record,
    latitude_rule_set,
)
from floorwalk.experience.models import (
    BoundaryIncident,
    Compliment,
    EmpowermentGrant,
    GrantStatus,
    Kudos,
    KudosValue,
    LatitudeRule,
)
from floorwalk.experience.recognition_services import compliment_record, kudos_give
from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Person, PersonStatus

DEMO_LEADER = "leader"
DEMO_AGENT = "agent"
RULE_SETTERS = ("manager", "admin")
# What an agent may grant without asking, growing with the stage (the site's rule for
# agents without a stage yet is the R1 one).
COMPENSATION_LIMITS = {"": 10, "R1": 10, "R2": 25, "R3": 50, "R4": 100}
GOODWILL_LIMIT = 15
KUDOS_MESSAGES = (
    "Took my overflow chats when the queue spiked. Thank you!",
    "Walked me through the refund tool twice without a sigh.",
    "Stayed calm with a very upset caller and solved it in one go.",
    "Owned the broken-delivery case end to end.",
)
COMPLIMENT_TEXTS = (
    "The agent was patient and explained everything clearly.",
    "Fixed in one call, and friendly too. Thank you!",
    "Finally someone who listened.",
)


@dataclass(frozen=True)
class RecognitionDemoResult:
    kudos: int
    compliments: int
    linked: int
    open_incidents: int
    closed_incidents: int
    rules: int
    grants: int
    pending: int


def recognition_clear() -> None:
    """Deletes every record of recognition, incidents and grants (the demo's --replace,
    before interactions and people go)."""
    for model in (Kudos, Compliment, BoundaryIncident, EmpowermentGrant, LatitudeRule):
        model.objects.all().delete()


def _recent(person: Person, count: int) -> list[Interaction]:
    return list(Interaction.objects.filter(agent=person).order_by("-started_at", "-pk")[:count])


@transaction.atomic
def recognition_demo_load(*, today: date, seed: int) -> RecognitionDemoResult:
    leader = User.objects.filter(username=DEMO_LEADER, person__isnull=False).first()
    if leader is None:
        return RecognitionDemoResult(0, 0, 0, 0, 0, 0, 0, 0)
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    agents = list(
        Person.objects.filter(
            team__leader=leader.person,
            status=PersonStatus.ACTIVE,
            role_assignments__role=Role.AGENT,
            user__isnull=False,
        )
        .select_related("user")
        .order_by("pk")
        .distinct()
    )
    kudos = _kudos(leader, agents, today, rng)
    compliments, linked = _compliments(leader, agents, rng)
    open_incidents, closed = _incidents(leader, agents)
    rules = _rules(leader)
    grants, pending = _grants(leader, agents)
    return RecognitionDemoResult(
        kudos, compliments, linked, open_incidents, closed, rules, grants, pending
    )


def _kudos(leader: User, agents: list[Person], today: date, rng: random.Random) -> int:
    """Each agent thanks the next one; the leader thanks two. Spread over the last months so
    the wall's monthly counts have a shape (the dates are set as if sent then)."""
    sent = []
    for index, giver in enumerate(agents):
        receiver = agents[(index + 1) % len(agents)]
        if receiver == giver:
            continue
        sent.append(
            kudos_give(
                actor=giver.user,  # type: ignore[attr-defined]
                to=receiver,
                value=rng.choice(KudosValue.values),
                message=rng.choice(KUDOS_MESSAGES),
            )
        )
    for receiver in agents[:2]:
        sent.append(
            kudos_give(
                actor=leader,
                to=receiver,
                value=KudosValue.OWNERSHIP,
                message="Thank you for carrying the team through the outage.",
            )
        )
    zone = timezone.get_current_timezone()
    for item in sent[2:]:
        day = today - timedelta(days=rng.randrange(1, 150))
        Kudos.objects.filter(pk=item.pk).update(
            created_at=datetime.combine(day, time(11), tzinfo=zone)
        )
    return len(sent)


def _compliments(leader: User, agents: list[Person], rng: random.Random) -> tuple[int, int]:
    count = linked = 0
    for person in agents[: max(len(agents) // 2, 1)]:
        for interaction in _recent(person, 2):
            compliment_record(
                actor=leader,
                agent=person,
                received_on=interaction.local_date,
                text=rng.choice(COMPLIMENT_TEXTS),
                interaction=interaction,
            )
            count, linked = count + 1, linked + 1
        if person.hire_date:
            compliment_record(
                actor=leader,
                agent=person,
                received_on=max(person.hire_date, timezone.localdate() - timedelta(days=20)),
                text="A customer wrote to the site: 'Kind and quick, thank you.'",
            )
            count += 1
    return count, linked


def _incidents(leader: User, agents: list[Person]) -> tuple[int, int]:
    agent = next(
        (p for p in agents if p.user.username == DEMO_AGENT), agents[0] if agents else None
    )  # type: ignore[attr-defined]
    if agent is None:
        return 0, 0
    contacts = _recent(agent, 8)
    if len(contacts) < 2:
        return 0, 0
    closed = boundary_incident_flag(
        actor=agent.user,  # type: ignore[attr-defined]
        interaction=contacts[-1],
        kind="harassment",
        description="The caller kept making remarks about my voice after I asked him to stop.",
    )
    boundary_incident_close(
        actor=leader,
        incident=closed,
        support_given="Talked it through right after the call; a short break; "
        "agreed the script to end such calls.",
        customer_action="warning",
    )
    boundary_incident_flag(
        actor=agent.user,  # type: ignore[attr-defined]
        interaction=contacts[0],
        kind="abuse",
        description="Shouted and swore at me for the delay of a refund I could not speed up.",
    )
    return 1, 1


def _rules(leader: User) -> int:
    setter = User.objects.filter(username__in=RULE_SETTERS, person__isnull=False).first()
    if setter is None or leader.person is None:
        return 0
    site = leader.person.site
    for stage, limit in COMPENSATION_LIMITS.items():
        latitude_rule_set(
            actor=setter,
            site=site,
            kind="compensation",
            currency="EUR",
            limit=Decimal(limit),
            stage=stage,
        )
    latitude_rule_set(
        actor=setter,
        site=site,
        kind="goodwill_credit",
        currency="EUR",
        limit=Decimal(GOODWILL_LIMIT),
    )
    return len(COMPENSATION_LIMITS) + 1


def _grants(leader: User, agents: list[Person]) -> tuple[int, int]:
    """Two grants within the limit per agent (on contacts no incident is about), then one above
    it that the leader approved and one waiting for the leader."""
    flagged = set(BoundaryIncident.objects.values_list("interaction_id", flat=True))
    recorded = []
    spare: dict[int, list[Interaction]] = {}
    for person in agents:
        contacts = [c for c in _recent(person, 12)[2:] if c.pk not in flagged]
        spare[person.pk] = contacts[2:]
        for contact, (kind, amount) in zip(
            contacts[:2], (("compensation", "8.00"), ("goodwill_credit", "12.50")), strict=False
        ):
            recorded.append(
                grant_record(
                    actor=person.user,  # type: ignore[attr-defined]
                    interaction=contact,
                    kind=kind,
                    currency="EUR",
                    amount=Decimal(amount),
                    reason="Delivery late; customer waited twice",
                )
            )
    above = [person for person in agents if spare.get(person.pk)][:2]
    for index, person in enumerate(above):
        grant = grant_record(
            actor=person.user,  # type: ignore[attr-defined]
            interaction=spare[person.pk][0],
            kind="compensation",
            currency="EUR",
            amount=Decimal("120.00"),
            reason="Third failed repair visit; the customer took a day off twice",
        )
        recorded.append(grant)
        if index == 0 and grant.status == GrantStatus.PENDING:
            grant_decide(
                actor=leader, grant=grant, approve=True, reason="Fair after three failed visits"
            )
    pending = EmpowermentGrant.objects.filter(status=GrantStatus.PENDING).count()
    return len(recorded), pending
