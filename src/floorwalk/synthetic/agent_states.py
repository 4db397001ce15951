"""Agent states for a published schedule, as a contact-center platform would record them.

Given each agent's scheduled activities, the agents mostly follow them, with the habits that
make adherence less than perfect: logging in a few minutes early or late, coming back late
from breaks and lunch now and then, a short "not working" gap, a rare early log-off. Work is
a run of available, on-contact and after-contact-work spans. The states never overlap, so
the file imports cleanly; the same seed gives the same file.
"""

from __future__ import annotations

import csv
import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from floorwalk.engine.adherence import PRECEDENCE, ActivityKind, AgentState, ScheduledActivity
from floorwalk.engine.formats import AGENT_STATE_COLUMNS

ACTIVITY_STATE = {
    ActivityKind.BREAK: AgentState.BREAK,
    ActivityKind.LUNCH: AgentState.LUNCH,
    ActivityKind.TRAINING: AgentState.TRAINING,
    ActivityKind.MEETING: AgentState.MEETING,
}
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class StateRecord:
    agent: str  # employee number
    state: AgentState
    start: datetime
    end: datetime


def _timeline(
    activities: Sequence[ScheduledActivity],
) -> list[tuple[datetime, datetime, ActivityKind]]:
    """The schedule as consecutive stretches, each with the activity that counts there."""
    moments = sorted({moment for item in activities for moment in (item.start, item.end)})
    stretches: list[tuple[datetime, datetime, ActivityKind]] = []
    for left, right in itertools.pairwise(moments):
        kinds = {item.kind for item in activities if item.start <= left < item.end}
        kind = next((k for k in PRECEDENCE if k in kinds), None)
        if kind is None:
            continue
        if stretches and stretches[-1][1] == left and stretches[-1][2] == kind:
            stretches[-1] = (stretches[-1][0], right, kind)
        else:
            stretches.append((left, right, kind))
    return stretches


def _jitter(rng: random.Random, spread: float) -> timedelta:
    return timedelta(minutes=round(rng.gauss(0, spread)))


def _work_states(
    rng: random.Random, start: datetime, end: datetime
) -> list[tuple[AgentState, datetime, datetime]]:
    """Available, on contact and after-contact work, one after another."""
    spans = []
    moment = start
    while moment < end:
        for state, low, high in (
            (AgentState.AVAILABLE, 0, 4),
            (AgentState.ON_CONTACT, 2, 9),
            (AgentState.AFTER_CONTACT_WORK, 0, 2),
        ):
            length = timedelta(minutes=rng.randint(low, high))
            if not length:
                continue
            stop = min(moment + length, end)
            if stop > moment:
                spans.append((state, moment, stop))
            moment = stop
    return spans


def _blocks(
    stretches: list[tuple[datetime, datetime, ActivityKind]],
) -> list[list[tuple[datetime, datetime, ActivityKind]]]:
    """The stretches grouped into runs without a gap (a shift with its breaks)."""
    blocks: list[list[tuple[datetime, datetime, ActivityKind]]] = []
    for stretch in stretches:
        if blocks and blocks[-1][-1][1] == stretch[0]:
            blocks[-1].append(stretch)
        else:
            blocks.append([stretch])
    return blocks


def _follow(
    rng: random.Random,
    agent: str,
    block: list[tuple[datetime, datetime, ActivityKind]],
    not_before: datetime | None,
) -> list[StateRecord]:
    """One run of the schedule as the agent lived it. Each boundary moves a little: early or
    late in, back late from a break, now and then an early log-off."""
    first = block[0][0] + _jitter(rng, 3)
    bounds = [max(first, not_before) if not_before else first]
    for index, (_start, end, kind) in enumerate(block):
        late = kind in ACTIVITY_STATE and rng.random() < 0.3
        moved = end + (timedelta(minutes=rng.randint(1, 12)) if late else _jitter(rng, 2))
        if index == len(block) - 1 and rng.random() < 0.05:
            moved -= timedelta(minutes=rng.randint(10, 60))
        bounds.append(max(moved, bounds[-1]))
    records: list[StateRecord] = []
    for (_start, _end, kind), left, right in zip(block, bounds, bounds[1:], strict=False):
        if right <= left:
            continue
        if kind is ActivityKind.WORK:
            spans = _work_states(rng, left, right)
        else:
            spans = [(ACTIVITY_STATE[kind], left, right)]
        records.extend(StateRecord(agent, state, start, stop) for state, start, stop in spans)
    return records


def agent_states_for(
    schedules: Mapping[str, Sequence[ScheduledActivity]], *, seed: int = 1
) -> list[StateRecord]:
    """States following each agent's (employee number's) schedule, with realistic slips."""
    rng = random.Random(seed)
    records: list[StateRecord] = []
    for agent, activities in sorted(schedules.items()):
        not_before: datetime | None = None
        for block in _blocks(_timeline(activities)):
            followed = _follow(rng, agent, block, not_before)
            records.extend(followed)
            not_before = followed[-1].end if followed else not_before
    return records


def write_agent_states_csv(records: Sequence[StateRecord], path: Path) -> int:
    """The records in the agent-state import format; returns the row count."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(AGENT_STATE_COLUMNS)
        for record in records:
            writer.writerow(
                [record.agent, record.state.value, record.start.isoformat(), record.end.isoformat()]
            )
    return len(records)
