"""Importing agent states from the contact-center platform (see docs/adherence.md).

The rules are those of every import: each bad row is reported with its row, column, value and
reason; by default a file with any bad row applies nothing; `skip_invalid` applies the valid
rows and writes the rejected ones to a file; a dry run checks and counts, then rolls back.
A state is known by its source, agent and start, so importing the same file again changes
nothing. One agent's states may not overlap, in the file or with those already stored.
The daily adherence of every agent-day the applied rows touch is recomputed in the same
transaction.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils.translation import gettext as _

from floorwalk.core.imports import (
    CsvRow,
    ImportRefusedError,
    ImportReport,
    PathLike,
    Progress,
    RowError,
    atomic_unless_dry_run,
    read_csv_rows,
    rejected_path_for,
    row_shape_error,
    write_rejected_rows,
)
from floorwalk.engine.adherence import STATE_NAMES, AgentState, days_touched, state_from_name
from floorwalk.engine.formats import AGENT_STATE_COLUMNS
from floorwalk.metrics.adherence.services import (
    MAX_STATE_LENGTH,
    ScheduleSource,
    adherence_rebuild,
    states_between,
)
from floorwalk.metrics.models import AgentStateEvent
from floorwalk.org.models import Person

DEFAULT_SOURCE = "default"
PROGRESS_EVERY = 10_000
LOOKUP_CHUNK = 500
INSERT_BATCH = 10_000


@dataclass(frozen=True)
class StateRow:
    number: int
    agent_id: int
    zone: ZoneInfo
    state: AgentState
    started_at: datetime
    ended_at: datetime


def _moment(row: CsvRow, column: str, zone: ZoneInfo | None, errors: list[RowError]):
    """The row's time in UTC, whole seconds; a time without an offset is the site's."""
    value = row.values.get(column, "")
    if not value:
        errors.append(RowError(row.number, column, "", _("a value is required")))
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        errors.append(
            RowError(
                row.number,
                column,
                value,
                _("not a date and time in ISO 8601 form, e.g. 2026-10-01T09:30:00+02:00"),
            )
        )
        return None
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    if zone is None:
        return None  # the agent is unknown: reported on the agent column
    earlier, later = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        if earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment:
            reason = _("this local time does not exist at the site (clocks went forward)")
        else:
            reason = _("this local time happens twice at the site (clocks went back)")
        errors.append(
            RowError(row.number, column, value, reason + "; " + _("add the offset, e.g. +02:00"))
        )
        return None
    return earlier.astimezone(UTC)


def _parse_row(
    row: CsvRow, agents: dict[str, tuple[int, ZoneInfo]], errors: list[RowError]
) -> StateRow | None:
    values = row.values
    agent = agents.get(values.get("agent", ""))
    if not values.get("agent"):
        errors.append(RowError(row.number, "agent", "", _("a value is required")))
    elif agent is None:
        errors.append(
            RowError(
                row.number,
                "agent",
                values["agent"],
                _("no person has this employee number (import people first)"),
            )
        )
    state = state_from_name(values.get("state", ""))
    if not values.get("state"):
        errors.append(RowError(row.number, "state", "", _("a value is required")))
    elif state is None:
        errors.append(
            RowError(
                row.number,
                "state",
                values["state"],
                _("unknown state; use one of %(names)s") % {"names": ", ".join(STATE_NAMES)},
            )
        )
    zone = agent[1] if agent else None
    started_at = _moment(row, "started_at", zone, errors)
    ended_at = _moment(row, "ended_at", zone, errors)
    if started_at is not None and ended_at is not None:
        if ended_at <= started_at:
            errors.append(
                RowError(row.number, "ended_at", values["ended_at"], _("must be after started_at"))
            )
        elif ended_at - started_at > MAX_STATE_LENGTH:
            errors.append(
                RowError(
                    row.number,
                    "ended_at",
                    values["ended_at"],
                    _("a state lasts at most 24 hours; split longer ones"),
                )
            )
    if errors or agent is None or state is None or started_at is None or ended_at is None:
        return None
    return StateRow(row.number, agent[0], agent[1], state, started_at, ended_at)


def _agents(rows: list[CsvRow]) -> dict[str, tuple[int, ZoneInfo]]:
    numbers = sorted({row.values.get("agent", "") for row in rows} - {""})
    found: dict[str, tuple[int, ZoneInfo]] = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        for number, pk, zone in Person.objects.filter(
            employee_number__in=numbers[start : start + LOOKUP_CHUNK]
        ).values_list("employee_number", "pk", "site__time_zone"):
            found[number] = (pk, ZoneInfo(zone))
    return found


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _overlap_errors(parsed: list[StateRow], source: str) -> dict[int, RowError]:
    """Rows that repeat another row's start or overlap another state of the same agent, in
    the file or stored (stored states this file replaces, by source and start, aside)."""
    errors: dict[int, RowError] = {}
    by_agent: dict[int, list[StateRow]] = defaultdict(list)
    for row in parsed:
        by_agent[row.agent_id].append(row)
    for rows in by_agent.values():
        first_row_of_start: dict[datetime, int] = {}
        for row in rows:
            if row.started_at in first_row_of_start:
                errors[row.number] = RowError(
                    row.number,
                    "started_at",
                    _when(row.started_at, row.zone),
                    _("repeats the agent and start of row %(row)d")
                    % {"row": first_row_of_start[row.started_at]},
                )
            else:
                first_row_of_start[row.started_at] = row.number
        kept = sorted(
            (row for row in rows if row.number not in errors),
            key=lambda row: (row.started_at, row.number),
        )
        # The state that starts later is the one in the wrong: it begins before the running
        # state (the kept one reaching furthest) has ended.
        latest: StateRow | None = None
        for row in kept:
            if latest is not None and row.started_at < latest.ended_at:
                errors[row.number] = RowError(
                    row.number,
                    "started_at",
                    _when(row.started_at, row.zone),
                    _("overlaps row %(row)d (%(start)s to %(end)s) of the same agent")
                    % {
                        "row": latest.number,
                        "start": _when(latest.started_at, latest.zone),
                        "end": _when(latest.ended_at, latest.zone),
                    },
                )
            elif latest is None or row.ended_at > latest.ended_at:
                latest = row
    _stored_overlaps([row for row in parsed if row.number not in errors], source, errors)
    return errors


def _stored_overlaps(rows: list[StateRow], source: str, errors: dict[int, RowError]) -> None:
    if not rows:
        return
    replaced = {(source, row.agent_id, row.started_at) for row in rows}
    start = min(row.started_at for row in rows)
    end = max(row.ended_at for row in rows)
    stored: dict[int, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    agent_ids = sorted({row.agent_id for row in rows})
    for first in range(0, len(agent_ids), LOOKUP_CHUNK):
        for agent_id, other_source, started_at, ended_at in states_between(
            agent_ids[first : first + LOOKUP_CHUNK], start, end
        ).values_list("agent_id", "source", "started_at", "ended_at"):
            if (other_source, agent_id, started_at) not in replaced:
                stored[agent_id].append((started_at, ended_at, other_source))
    for row in rows:
        spans = stored.get(row.agent_id, [])
        # Stored states never overlap each other, so the one starting last before this row
        # ends is the only one that can reach into it.
        index = bisect_right(spans, (row.ended_at,)) - 1
        if index >= 0 and spans[index][1] > row.started_at:
            started_at, ended_at, other_source = spans[index]
            errors[row.number] = RowError(
                row.number,
                "started_at",
                _when(row.started_at, row.zone),
                _("overlaps the stored state from %(start)s to %(end)s (source %(source)s)")
                % {
                    "start": _when(started_at, row.zone),
                    "end": _when(ended_at, row.zone),
                    "source": other_source,
                },
            )


def _check_rows(
    rows: list[CsvRow], header: list[str], source: str, progress: Progress | None
) -> tuple[list[StateRow], list[tuple[list[str], list[RowError]]]]:
    agents = _agents(rows)
    parsed: list[StateRow] = []
    row_errors: dict[int, list[RowError]] = {}
    for count, row in enumerate(rows, start=1):
        errors: list[RowError] = []
        shape_error = row_shape_error(row, header)
        if shape_error:
            errors.append(shape_error)
        state_row = _parse_row(row, agents, errors)
        if errors or state_row is None:
            row_errors[row.number] = errors
        else:
            parsed.append(state_row)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    for number, error in _overlap_errors(parsed, source).items():
        row_errors[number] = [error]
    good = [row for row in parsed if row.number not in row_errors]
    rejected = [(row.raw, row_errors[row.number]) for row in rows if row.number in row_errors]
    return good, rejected


# ---- applying -------------------------------------------------------------------------------


def _apply(rows: list[StateRow], source: str, report: ImportReport) -> dict[int, set[date]]:
    """Creates new states and updates changed ones; returns the agent-days they touch."""
    touched: dict[int, set[date]] = defaultdict(set)
    stored: dict[tuple[int, datetime], AgentStateEvent] = {}
    if rows:
        # The source's states of the file's agents in the file's time range, a chunk of
        # agents a query; those starting where a row starts are the ones it may update.
        keys = {(row.agent_id, row.started_at) for row in rows}
        start = min(row.started_at for row in rows)
        end = max(row.started_at for row in rows)
        agent_ids = sorted({row.agent_id for row in rows})
        for first in range(0, len(agent_ids), LOOKUP_CHUNK):
            for found in AgentStateEvent.objects.filter(
                source=source,
                agent_id__in=agent_ids[first : first + LOOKUP_CHUNK],
                started_at__gte=start,
                started_at__lte=end,
            ):
                if (found.agent_id, found.started_at) in keys:
                    stored[(found.agent_id, found.started_at)] = found
    new: list[AgentStateEvent] = []
    changed: list[AgentStateEvent] = []
    for row in rows:
        event = stored.get((row.agent_id, row.started_at))
        if event is None:
            new.append(
                AgentStateEvent(
                    source=source,
                    agent_id=row.agent_id,
                    state=row.state,
                    started_at=row.started_at,
                    ended_at=row.ended_at,
                )
            )
        elif event.state == row.state and event.ended_at == row.ended_at:
            report.unchanged += 1
            continue
        else:
            touched[row.agent_id].update(days_touched(event.started_at, event.ended_at, row.zone))
            event.state, event.ended_at = row.state, row.ended_at
            changed.append(event)
        touched[row.agent_id].update(days_touched(row.started_at, row.ended_at, row.zone))
    _insert(new)
    AgentStateEvent.objects.bulk_update(changed, ["state", "ended_at"], batch_size=2000)
    report.created, report.updated = len(new), len(changed)
    return touched


def _insert(events: list[AgentStateEvent]) -> None:
    """New states in one `executemany` a batch: several times faster than `bulk_create`,
    which builds and compiles a model instance and a statement per batch in Python."""
    if not events:
        return
    table = connection.ops.quote_name(AgentStateEvent._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(name)
        for name in ("source", "agent_id", "state", "started_at", "ended_at")
    )
    adapt = connection.ops.adapt_datetimefield_value
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        for first in range(0, len(events), INSERT_BATCH):
            cursor.executemany(
                sql,
                [
                    (e.source, e.agent_id, e.state, adapt(e.started_at), adapt(e.ended_at))
                    for e in events[first : first + INSERT_BATCH]
                ],
            )


def _rebuild(touched: dict[int, set[date]], schedule_source: ScheduleSource | None) -> None:
    """Recomputes the touched agent-days, grouped by the days so few schedule reads are made."""
    by_days: dict[frozenset[date], list[int]] = defaultdict(list)
    for agent_id, days in touched.items():
        by_days[frozenset(days)].append(agent_id)
    for day_set, agent_ids in by_days.items():
        adherence_rebuild(
            people=Person.objects.filter(pk__in=agent_ids),
            days=day_set,
            schedule_source=schedule_source,
        )


def agent_states_import(
    *,
    path: PathLike,
    source: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    schedule_source: ScheduleSource | None = None,
) -> ImportReport:
    """Creates new states, updates changed ones (by source, agent and start), and recomputes
    the daily adherence of the agent-days they touch; raises ImportRefusedError if a row is
    bad, unless `skip_invalid`."""
    header, rows_iter = read_csv_rows(path, AGENT_STATE_COLUMNS)
    rows = list(rows_iter)
    good, rejected = _check_rows(rows, header, source, progress)
    report = ImportReport(rows_read=len(rows))
    for _raw, errors in rejected:
        report.add_errors(errors, invalid_rows=1)
    if rejected:
        target = rejected_path_for(path)
        write_rejected_rows(target, header, rejected)
        report.rejected_file = str(target)
        if not skip_invalid:
            raise ImportRefusedError(report)
    with atomic_unless_dry_run(dry_run):
        touched = _apply(good, source, report)
        if not dry_run:
            _rebuild(touched, schedule_source)
    if progress is not None:
        progress(len(rows))
    report.applied = not dry_run
    return report


def state_rows_for_export(events: Iterable[AgentStateEvent]) -> Iterable[list[str]]:
    """Stored states as rows of the import format (times with their UTC offset)."""
    for event in events:
        yield [
            event.agent.employee_number,
            event.state,
            event.started_at.isoformat(),
            event.ended_at.isoformat(),
        ]
