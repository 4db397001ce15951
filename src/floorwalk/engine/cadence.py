"""When an agent's next QA evaluation, observation and one-to-one are due (D3 cadence, D4).

A stage's playbook says how many of each activity a month the agent should get. The engine
turns that count into an interval and plans the next one from the last time it was done:

- interval = 30 days // count, at least 1 day (a "month" is 30 days here so that every
  month plans alike); a count of 0 means the stage asks for none, so nothing is due;
- next due = the last time it was done + interval. Activities done before the current stage
  was set do not count: a new stage re-plans its cadence from the day it was set, so an
  agent moved back to R1 is looked at sooner and one moved up to R4 later. An agent never
  looked at since the stage was set is planned from the stage's set date too;
- status: overdue when the due date is before today, due when it falls within the next
  seven days (today included), planned when it is later.

More activities a month never give a later due date: the interval shrinks (or stays) as
the count grows, and the anchor does not depend on the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from floorwalk.engine.text import gettext_noop

DAYS_IN_MONTH = 30
DUE_SOON_DAYS = 7


class ActivityKind(StrEnum):
    """What the playbook asks leaders to do with an agent at a set rhythm."""

    QA_EVALUATION = "qa_evaluation"
    OBSERVATION = "observation"
    ONE_TO_ONE = "one_to_one"

    @property
    def label(self) -> str:
        return ACTIVITY_LABELS[self]


ACTIVITY_LABELS = {
    ActivityKind.QA_EVALUATION: gettext_noop("QA evaluation"),
    ActivityKind.OBSERVATION: gettext_noop("Observation"),
    ActivityKind.ONE_TO_ONE: gettext_noop("One-to-one"),
}


class CadenceStatus(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    PLANNED = "planned"


def interval_days(per_month: int) -> int | None:
    """Days between two activities when the playbook asks for `per_month` of them; None when
    it asks for none."""
    if per_month < 0:
        raise ValueError("an activity count a month cannot be negative")
    if per_month == 0:
        return None
    return max(DAYS_IN_MONTH // per_month, 1)


def status_of(due_on: date, *, today: date) -> CadenceStatus:
    if due_on < today:
        return CadenceStatus.OVERDUE
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return CadenceStatus.DUE
    return CadenceStatus.PLANNED


@dataclass(frozen=True)
class NextDue:
    """One activity's plan: when it was last done (within the stage, or before it), when it
    is due next and how urgent that is. `due_on` and `status` are None when the stage asks
    for none."""

    kind: ActivityKind
    per_month: int
    interval_days: int | None
    last_done: date | None
    anchor: date
    due_on: date | None
    status: CadenceStatus | None
    today: date

    @property
    def needs_attention(self) -> bool:
        return self.status in (CadenceStatus.OVERDUE, CadenceStatus.DUE)

    @property
    def days_late(self) -> int:
        """How many days past due (0 unless overdue)."""
        if self.status is not CadenceStatus.OVERDUE or self.due_on is None:
            return 0
        return (self.today - self.due_on).days


def next_due(
    kind: ActivityKind,
    *,
    per_month: int,
    stage_set_on: date,
    last_done: date | None,
    today: date,
) -> NextDue:
    """The next `kind` activity for an agent whose current stage was set on `stage_set_on`
    and asks for `per_month` of them; `last_done` is the newest one ever done (or None)."""
    interval = interval_days(per_month)
    counts = last_done is not None and last_done >= stage_set_on
    anchor = last_done if counts and last_done is not None else stage_set_on
    if interval is None:
        return NextDue(kind, per_month, None, last_done, anchor, None, None, today)
    due_on = anchor + timedelta(days=interval)
    return NextDue(
        kind, per_month, interval, last_done, anchor, due_on, status_of(due_on, today=today), today
    )


STATUS_ORDER = {CadenceStatus.OVERDUE: 0, CadenceStatus.DUE: 1, CadenceStatus.PLANNED: 2}


def most_urgent_first(items: list[NextDue]) -> list[NextDue]:
    """Overdue before due before planned; within each, the earliest due date first. Items
    with nothing due go last."""
    return sorted(
        items,
        key=lambda item: (
            STATUS_ORDER[item.status] if item.status is not None else len(STATUS_ORDER),
            item.due_on or date.max,
            list(ActivityKind).index(item.kind),
        ),
    )
