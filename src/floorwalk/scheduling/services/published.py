"""What publishing sets off: the fairness ledger moved by the generator's step, and the
adherence rollups rebuilt (after commit) for the people and past days a version changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from floorwalk.org.models import Person
from floorwalk.scheduling.models import FairnessLedger, Schedule


def fairness_ledger_apply(*, schedule: Schedule) -> int:
    """Moves each agent's ledger by the step the generator computed for this schedule: the
    balance becomes `before + (next_balance − carried_in)`, so a ledger moved by another
    schedule since the generation keeps that move. Returns the ledgers changed. Called inside
    publishing; a schedule without a generator report changes nothing."""
    rows = (schedule.report or {}).get("satisfaction", [])
    changed = 0
    for row in rows:
        if "next_balance" not in row:
            continue
        ledger, _created = FairnessLedger.objects.select_for_update().get_or_create(
            person_id=int(row["person"])
        )
        if any(step.get("schedule") == schedule.pk for step in ledger.history):
            continue
        before = ledger.balance
        after = before + float(row["next_balance"]) - float(row.get("fairness_balance", 0.0))
        ledger.balance = round(after, 6)
        ledger.history = [
            *ledger.history,
            {
                "schedule": schedule.pk,
                "start_date": schedule.start_date.isoformat(),
                "before": round(before, 6),
                "after": ledger.balance,
                "satisfaction": row.get("score"),
            },
        ]
        ledger.save(update_fields=["balance", "history", "updated_at"])
        changed += 1
    return changed


def _local_days(moments: Iterable[datetime], zone: ZoneInfo) -> set[date]:
    return {moment.astimezone(zone).date() for moment in moments}


def adherence_rebuild_after_commit(*, schedule: Schedule, diff: dict[str, Any]) -> None:
    """After the transaction commits, rebuilds the adherence rollups of the people the
    version changed, on the days (up to the site's today) their shifts were added or removed."""
    zone = ZoneInfo(schedule.site.time_zone)
    today = timezone.localdate(timezone=zone)
    people = [int(pk) for pk in diff]
    moments = [
        datetime.fromisoformat(shift[edge])
        for changes in diff.values()
        for side in ("added", "removed")
        for shift in changes[side]
        for edge in ("start", "end")
    ]
    days = {day for day in _local_days(moments, zone) if day <= today}
    if not people or not days:
        return

    def rebuild() -> None:
        from floorwalk.metrics.adherence.services import adherence_rebuild

        adherence_rebuild(people=Person.objects.filter(pk__in=people), days=days)

    transaction.on_commit(rebuild)
