"""Reads of empowerment: the limit that applies to an agent, the grants a user sees, those
waiting for them, and the usage and outcomes of grants per agent, grouped by stage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    Access,
    Aspect,
    grant_condition,
    latitude_sites_for,
    people_for,
    roles_of,
)
from floorwalk.development.models import Stage
from floorwalk.development.selectors import current_stages
from floorwalk.experience.models import EmpowermentGrant, GrantStatus, LatitudeRule
from floorwalk.metrics.models import DailyAgentQueueStats
from floorwalk.org.models import Person

NO_STAGE = ""
REPEAT_WINDOW_DAYS = 7  # what the platform's first-contact resolution flag looks ahead


@dataclass(frozen=True)
class Limit:
    """What an agent may grant without approval, and the stage and rule it came from."""

    amount: Decimal
    stage: str
    rule: LatitudeRule | None


def latitude_limit_for(agent: Person, kind: str, currency: str) -> Limit:
    """The most specific rule of the agent's site for this kind and currency that fits their
    current stage and roles (stage and role, then stage, then role, then any); among equally
    specific rules (an agent with two roles) the higher limit. No rule: 0, so every grant of
    that kind waits for approval."""
    current = current_stages([agent.pk]).get(agent.pk)
    stage = current.stage if current is not None else NO_STAGE
    roles = set(agent.role_assignments.values_list("role", flat=True))
    best: tuple[int, Decimal] | None = None
    chosen: LatitudeRule | None = None
    for rule in LatitudeRule.objects.filter(site_id=agent.site_id, kind=kind, currency=currency):
        if rule.stage and rule.stage != stage:
            continue
        if rule.role and rule.role not in roles:
            continue
        rank = (2 * bool(rule.stage) + bool(rule.role), rule.limit)
        if best is None or rank > best:
            best, chosen = rank, rule
    return Limit(chosen.limit if chosen else Decimal("0"), stage, chosen)


def latitude_rules_for(user: User) -> QuerySet[LatitudeRule]:
    return LatitudeRule.objects.filter(site__in=latitude_sites_for(user)).select_related("site")


def grants_for(user: User) -> QuerySet[EmpowermentGrant]:
    condition = grant_condition(user)
    if condition is None:
        return EmpowermentGrant.objects.none()
    return EmpowermentGrant.objects.filter(condition).select_related(
        "agent", "interaction", "decided_by"
    )


def grants_to_decide(user: User) -> QuerySet[EmpowermentGrant]:
    """Grants above the limit waiting for this user: those of the agents they lead, never
    their own."""
    if not roles_of(user):
        return EmpowermentGrant.objects.none()
    led = people_for(user, Aspect.DEVELOPMENT, Access.CHANGE)
    if user.person_id is not None:
        led = led.exclude(pk=user.person_id)
    return (
        EmpowermentGrant.objects.filter(agent__in=led, status=GrantStatus.PENDING)
        .select_related("agent", "interaction")
        .order_by("created_at", "pk")
    )


@dataclass
class GrantOutcome:
    """Usage and outcomes of one agent's grants (or a stage's, summed over its agents)."""

    agent: Person | None
    grants: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)  # currency: approved amounts
    above_limit: int = 0
    pending: int = 0
    rejected: int = 0
    fcr_known: int = 0
    repeat_contacts: int = 0
    linked_csat_sum: int = 0
    linked_csat_count: int = 0
    agent_csat_sum: int = 0
    agent_csat_count: int = 0

    @property
    def above_limit_share(self) -> float | None:
        return self.above_limit / self.grants if self.grants else None

    @property
    def repeat_share(self) -> float | None:
        return self.repeat_contacts / self.fcr_known if self.fcr_known else None

    @property
    def linked_csat(self) -> float | None:
        return self.linked_csat_sum / self.linked_csat_count if self.linked_csat_count else None

    @property
    def agent_csat(self) -> float | None:
        return self.agent_csat_sum / self.agent_csat_count if self.agent_csat_count else None

    @property
    def totals_text(self) -> str:
        return ", ".join(f"{amount} {code}" for code, amount in sorted(self.totals.items()))

    def add(self, other: GrantOutcome) -> None:
        self.grants += other.grants
        for code, amount in other.totals.items():
            self.totals[code] = self.totals.get(code, Decimal("0")) + amount
        for name in (
            "above_limit",
            "pending",
            "rejected",
            "fcr_known",
            "repeat_contacts",
            "linked_csat_sum",
            "linked_csat_count",
            "agent_csat_sum",
            "agent_csat_count",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class StageOutcomes:
    stage: str
    label: str
    agents: list[GrantOutcome]
    total: GrantOutcome


def _agent_csat(agent_ids: Iterable[int], start: date, end: date) -> dict[int, tuple[int, int]]:
    """Each agent's CSAT sum and responses over the days, from the daily rollups."""
    rows = (
        DailyAgentQueueStats.objects.filter(agent_id__in=list(agent_ids), date__range=(start, end))
        .values("agent_id")
        .annotate(total=Sum("csat_sum"), responses=Sum("csat_responses"))
    )
    return {row["agent_id"]: (row["total"] or 0, row["responses"] or 0) for row in rows}


def grant_outcomes(people: QuerySet[Person], *, start: date, end: date) -> list[StageOutcomes]:
    """For each agent among `people` with grants on contacts of the days start..end: how many,
    how much (approved), how many above their limit, how often the customer came back (the
    linked contact not resolved at first contact, as the platform flags it), the CSAT of the
    linked contacts against the agent's CSAT over the same days. Grouped by current stage,
    R1 first, agents without a stage last."""
    grants = list(
        EmpowermentGrant.objects.filter(
            agent__in=people, interaction__local_date__range=(start, end)
        )
        .select_related("agent", "interaction")
        .order_by("agent__display_name", "pk")
    )
    per_agent: dict[int, GrantOutcome] = {}
    for grant in grants:
        outcome = per_agent.setdefault(grant.agent_id, GrantOutcome(agent=grant.agent))
        outcome.grants += 1
        outcome.above_limit += grant.amount > grant.limit_applied
        if grant.status == GrantStatus.APPROVED:
            outcome.totals[grant.currency] = (
                outcome.totals.get(grant.currency, Decimal("0")) + grant.amount
            )
        outcome.pending += grant.status == GrantStatus.PENDING
        outcome.rejected += grant.status == GrantStatus.REJECTED
        resolved = grant.interaction.first_contact_resolution
        if resolved is not None:
            outcome.fcr_known += 1
            outcome.repeat_contacts += not resolved
        if grant.interaction.csat is not None:
            outcome.linked_csat_sum += grant.interaction.csat
            outcome.linked_csat_count += 1
    for agent_id, (total, responses) in _agent_csat(per_agent, start, end).items():
        per_agent[agent_id].agent_csat_sum = total
        per_agent[agent_id].agent_csat_count = responses
    stages = current_stages(per_agent)
    grouped: dict[str, list[GrantOutcome]] = defaultdict(list)
    for agent_id, outcome in per_agent.items():
        grouped[stages[agent_id].stage if agent_id in stages else NO_STAGE].append(outcome)
    labels = dict(Stage.choices)
    result = []
    for stage in [*Stage.values, NO_STAGE]:
        if stage not in grouped:
            continue
        stage_total = GrantOutcome(agent=None)
        for outcome in grouped[stage]:
            stage_total.add(outcome)
        result.append(StageOutcomes(stage, str(labels.get(stage, "")), grouped[stage], stage_total))
    return result
