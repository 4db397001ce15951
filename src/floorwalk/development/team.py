"""A team's development at a glance, for its leader: where each agent stands, who may be
ready for the next stage, and whose engagement dips at R2."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from floorwalk.development.evidence import StageReview, stage_review
from floorwalk.development.models import Stage, StageAssignment
from floorwalk.development.selectors import current_stages, stage_rules
from floorwalk.engine.stages import EngagementNote, engagement_notes
from floorwalk.engine.stages import Stage as EngineStage
from floorwalk.org.models import Person


@dataclass(frozen=True)
class AgentDevelopment:
    """One agent's confirmed stage beside what the evidence proposes now."""

    person: Person
    current: StageAssignment | None
    review: StageReview
    engagement_notes: tuple[EngagementNote, ...]

    @property
    def ready_for_next(self) -> bool:
        """The evidence proposes a higher stage than the confirmed one."""
        proposed = EngineStage[self.review.proposed]
        return self.current is not None and proposed > EngineStage[self.current.stage]

    @property
    def engagement_falling_at_r2(self) -> bool:
        return (
            self.current is not None
            and self.current.stage == Stage.R2
            and bool(self.engagement_notes)
        )


def team_development(people: list[Person], *, today: date) -> list[AgentDevelopment]:
    """Every agent's stage review, in the order given (one review per agent)."""
    rules = stage_rules()
    stages = current_stages(person.pk for person in people)
    rows = []
    for person in people:
        review = stage_review(person, today=today, rules=rules)
        current = stages.get(person.pk)
        notes = (
            engagement_notes(review.evidence, EngineStage.R2, rules)
            if current is not None and current.stage == Stage.R2
            else ()
        )
        rows.append(AgentDevelopment(person, current, review, notes))
    return rows


def stage_distribution(rows: list[AgentDevelopment]) -> list[tuple[str, int]]:
    """How many agents are at each confirmed stage, R1 to R4, then those with none yet."""
    counts = Counter(row.current.stage if row.current else "" for row in rows)
    return [(str(stage.label), counts[stage.value]) for stage in Stage] + [("", counts[""])]
