"""Moving checked interaction rows into the database, and keeping the daily rollups right.

Valid rows first go to a temporary staging table (SQLite: `executemany`; PostgreSQL: `COPY`).
Applying then takes three statements, all inside the import's transaction: note the agent-days
the import touches (new rows, changed rows, and where changed rows were before), upsert the
rows by (source, interaction id), and recompute the rollups of the touched agent-days from the
stored interactions. Rows that did not change touch nothing, so re-importing a file is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.db import connection

from floorwalk.metrics.models import DailyAgentQueueStats, Interaction

STAGING = "floorwalk_import_staging"
TOUCHED = "floorwalk_import_touched"

# Staged columns, in the order of Interaction's columns (after `source`).
STAGED_COLUMNS = (
    "external_id",
    "agent_id",
    "queue_id",
    "channel",
    "started_at",
    "local_date",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "outcome",
    "first_contact_resolution",
    "csat",
    "nps",
)
COMPARED_COLUMNS = STAGED_COLUMNS[1:]

_SQLITE_STAGING_TYPES = dict.fromkeys(STAGED_COLUMNS, "")
_POSTGRES_STAGING_TYPES = {
    "external_id": "text",
    "agent_id": "bigint",
    "queue_id": "bigint",
    "channel": "text",
    "started_at": "timestamptz",
    "local_date": "date",
    "talk_seconds": "integer",
    "hold_seconds": "integer",
    "acw_seconds": "integer",
    "outcome": "text",
    "first_contact_resolution": "boolean",
    "csat": "smallint",
    "nps": "smallint",
}

HANDLED = "outcome <> 'abandoned'"
ROLLUP_SUMS = {
    "contacts": "COUNT(*)",
    "handled": f"SUM(CASE WHEN {HANDLED} THEN 1 ELSE 0 END)",
    "talk_seconds": f"SUM(CASE WHEN {HANDLED} THEN talk_seconds ELSE 0 END)",
    "hold_seconds": f"SUM(CASE WHEN {HANDLED} THEN hold_seconds ELSE 0 END)",
    "acw_seconds": f"SUM(CASE WHEN {HANDLED} THEN acw_seconds ELSE 0 END)",
    "fcr_known": (
        f"SUM(CASE WHEN {HANDLED} AND first_contact_resolution IS NOT NULL THEN 1 ELSE 0 END)"
    ),
    "fcr_resolved": f"SUM(CASE WHEN {HANDLED} AND first_contact_resolution THEN 1 ELSE 0 END)",
    "csat_responses": "SUM(CASE WHEN csat IS NOT NULL THEN 1 ELSE 0 END)",
    "csat_satisfied": "SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END)",
    "csat_sum": "COALESCE(SUM(csat), 0)",
    "nps_responses": "SUM(CASE WHEN nps IS NOT NULL THEN 1 ELSE 0 END)",
    "nps_promoters": "SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END)",
    "nps_detractors": "SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END)",
    "transferred": "SUM(CASE WHEN outcome = 'transferred' THEN 1 ELSE 0 END)",
    "escalated": "SUM(CASE WHEN outcome = 'escalated' THEN 1 ELSE 0 END)",
}


@dataclass(frozen=True)
class ApplyCounts:
    created: int
    updated: int
    unchanged: int
    agent_days: int


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _interactions() -> str:
    return connection.ops.quote_name(Interaction._meta.db_table)


def _rollups() -> str:
    return connection.ops.quote_name(DailyAgentQueueStats._meta.db_table)


def staging_create() -> None:
    """An empty staging table for this connection, dropped again by `staging_drop`."""
    types = _POSTGRES_STAGING_TYPES if _is_postgres() else _SQLITE_STAGING_TYPES
    columns = ", ".join(f"{name} {types[name]}".strip() for name in STAGED_COLUMNS)
    # PostgreSQL drops them when the import's transaction ends, committed or not.
    ending = " ON COMMIT DROP" if _is_postgres() else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"DROP TABLE IF EXISTS {TOUCHED}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} (row_number bigint, {columns}){ending}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {TOUCHED} (agent_id bigint, local_date date){ending}"
        )


def staging_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"DROP TABLE IF EXISTS {TOUCHED}")


def staging_clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {STAGING}")


def _sqlite_text_times(frame: pl.DataFrame) -> pl.DataFrame:
    """Times as Django stores them in SQLite: UTC, a space, microseconds only when not zero."""
    started = pl.col("started_at")
    return frame.with_columns(
        pl.when(started.dt.microsecond() == 0)
        .then(started.dt.strftime("%Y-%m-%d %H:%M:%S"))
        .otherwise(started.dt.strftime("%Y-%m-%d %H:%M:%S%.6f"))
        .alias("started_at"),
        pl.col("local_date").dt.strftime("%Y-%m-%d"),
        pl.col("first_contact_resolution").cast(pl.Int8),
    )


def staging_insert(frame: pl.DataFrame) -> None:
    """Adds typed rows (`validation.typed_columns`) to the staging table."""
    ordered = frame.select("row", *STAGED_COLUMNS)
    names = ", ".join(("row_number", *STAGED_COLUMNS))
    with connection.cursor() as cursor:
        if _is_postgres():
            text = ordered.with_columns(
                pl.col("started_at").dt.strftime("%Y-%m-%d %H:%M:%S%.6f+00:00")
            ).write_csv(include_header=False, null_value="")
            with cursor.copy(f"COPY {STAGING} ({names}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(text)
        else:
            marks = ", ".join(["%s"] * (len(STAGED_COLUMNS) + 1))
            cursor.executemany(
                f"INSERT INTO {STAGING} ({names}) VALUES ({marks})",
                _sqlite_text_times(ordered).rows(),
            )


def _differs(stored: str, staged: str) -> str:
    return " OR ".join(
        f"{stored}.{name} IS DISTINCT FROM {staged}.{name}" for name in COMPARED_COLUMNS
    )


def _count_interactions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_interactions()}")
        return int(cursor.fetchone()[0])


def staging_apply(source: str) -> ApplyCounts:
    """Upserts the staged rows and recomputes the rollups of every agent-day they touch."""
    table = _interactions()
    match = "i.source = %s AND i.external_id = s.external_id"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {STAGING}")
        staged = int(cursor.fetchone()[0])
        cursor.execute(
            f"INSERT INTO {TOUCHED} (agent_id, local_date) "
            f"SELECT s.agent_id, s.local_date FROM {STAGING} s "
            f"LEFT JOIN {table} i ON {match} WHERE i.id IS NULL OR {_differs('i', 's')} "
            f"UNION SELECT i.agent_id, i.local_date FROM {STAGING} s "
            f"JOIN {table} i ON {match} WHERE {_differs('i', 's')}",
            [source, source],
        )
        before = _count_interactions()
        names = ", ".join(STAGED_COLUMNS)
        updates = ", ".join(f"{name} = excluded.{name}" for name in COMPARED_COLUMNS)
        cursor.execute(
            f"INSERT INTO {table} (source, {names}) SELECT %s, {names} FROM {STAGING} WHERE true "
            f"ON CONFLICT (source, external_id) DO UPDATE SET {updates} "
            f"WHERE {_differs(table, 'excluded')}",
            [source],
        )
        written = cursor.rowcount
        created = _count_interactions() - before
        cursor.execute(f"SELECT COUNT(*) FROM {TOUCHED}")
        agent_days = int(cursor.fetchone()[0])
    rollups_recompute(touched_only=True)
    updated = written - created
    return ApplyCounts(
        created=created, updated=updated, unchanged=staged - written, agent_days=agent_days
    )


def rollups_recompute(*, touched_only: bool) -> None:
    """Rollups from the stored interactions: of the touched agent-days, or of everything."""
    rollups = _rollups()
    sums = ", ".join(ROLLUP_SUMS.values())
    columns = ", ".join(ROLLUP_SUMS)
    where = ""
    if touched_only:
        where = f"WHERE (agent_id, local_date) IN (SELECT agent_id, local_date FROM {TOUCHED})"
    delete_where = where.replace("local_date)", "date)", 1)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {rollups} {delete_where}")
        cursor.execute(
            f"INSERT INTO {rollups} (agent_id, date, queue_id, channel, {columns}) "
            f"SELECT agent_id, local_date, queue_id, channel, {sums} FROM {_interactions()} "
            f"{where} GROUP BY agent_id, local_date, queue_id, channel"
        )
