"""Moving checked interaction rows into the database, and keeping the daily rollups right.

Two ways in, both inside the import's transaction (SQLite: `executemany`; PostgreSQL: `COPY`):

- `StagedUpsert`, when the source already has stored rows: valid rows go to a temporary
  staging table; applying notes the agent-days the import touches (new rows, changed rows, and
  where changed rows were before), upserts the rows by (source, interaction id), and recomputes
  the rollups of the touched agent-days from the stored interactions. Rows that did not change
  touch nothing, so re-importing a file is a no-op.
- `FirstLoad`, a source's first import: there is nothing to compare with, so rows go straight
  into the interaction table and each batch's rollup sums are computed as it passes and
  staged. Applying writes those sums as the rollups of agent-days that had none; agent-days
  that already had rollups (rows of another source) are recomputed from the stored
  interactions, as an upsert would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import polars as pl
from django.db import connection

from floorwalk.metrics.models import DailyAgentQueueStats, Interaction

STAGING = "floorwalk_import_staging"
TOUCHED = "floorwalk_import_touched"
ROLLUP_STAGING = "floorwalk_import_rollups"
ROLLUP_KEYS = ("agent_id", "date", "queue_id", "channel")
# SQLite's page cache during an import. The default (2 MiB) can't hold the index pages that a
# load of many agents writes to in turn (one per agent in the agent-day index), so pages go
# back and forth to disk; 64 MiB holds them (1,000 agents x 2 months: the writing's CPU time
# went from 39 s to 28 s).
SQLITE_IMPORT_CACHE_KIB = 65_536

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


@contextmanager
def import_session() -> Iterator[None]:
    """Settings of the database connection for the length of an import."""
    if _is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        usual = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {usual}")


def _temporary_table_create(name: str, columns: str) -> None:
    # PostgreSQL drops it when the import's transaction ends, committed or not.
    ending = " ON COMMIT DROP" if _is_postgres() else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns}){ending}")


def staging_create() -> None:
    """Empty staging tables for this connection, dropped again by `staging_drop`."""
    types = _POSTGRES_STAGING_TYPES if _is_postgres() else _SQLITE_STAGING_TYPES
    columns = ", ".join(f"{name} {types[name]}".strip() for name in STAGED_COLUMNS)
    _temporary_table_create(STAGING, f"row_number bigint, {columns}")
    _temporary_table_create(TOUCHED, "agent_id bigint, local_date date")


def staging_drop() -> None:
    with connection.cursor() as cursor:
        for table in (STAGING, TOUCHED, ROLLUP_STAGING):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


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


def _rows_write(table: str, frame: pl.DataFrame) -> None:
    """Appends a frame's rows to a table whose columns the frame names (times already text
    on SQLite, see `_sqlite_text_times`)."""
    names = ", ".join(frame.columns)
    with connection.cursor() as cursor:
        if _is_postgres():
            text = frame.write_csv(include_header=False, null_value="")
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(text)
        else:
            marks = ", ".join(["%s"] * frame.width)
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", frame.rows())


def _database_times(frame: pl.DataFrame) -> pl.DataFrame:
    if _is_postgres():
        return frame.with_columns(pl.col("started_at").dt.strftime("%Y-%m-%d %H:%M:%S%.6f+00:00"))
    return _sqlite_text_times(frame)


def staging_insert(frame: pl.DataFrame) -> None:
    """Adds typed rows (`validation.typed_columns`) to the staging table."""
    ordered = frame.select(pl.col("row").alias("row_number"), *STAGED_COLUMNS)
    _rows_write(STAGING, _database_times(ordered))


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


def source_lock(source: str) -> None:
    """Makes concurrent imports of one source wait for each other, so the second sees what
    the first stored (SQLite's write transactions already do)."""
    if _is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [source])


def source_has_rows(source: str) -> bool:
    return Interaction.objects.filter(source=source).exists()


class StagedUpsert:
    """Rows compared with the stored ones of their source: see the module's description."""

    def __init__(self, source: str) -> None:
        self.source = source
        staging_create()

    def add(self, frame: pl.DataFrame) -> None:
        staging_insert(frame)

    def apply(self) -> ApplyCounts:
        counts = staging_apply(self.source)
        staging_drop()
        return counts


class FirstLoad:
    """A source's first import, written as it is read: see the module's description."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.created = 0
        sums = ", ".join(f"{name} bigint" for name in ROLLUP_SUMS)
        _temporary_table_create(
            ROLLUP_STAGING, f"agent_id bigint, date date, queue_id bigint, channel text, {sums}"
        )
        _temporary_table_create(TOUCHED, "agent_id bigint, local_date date")

    def add(self, frame: pl.DataFrame) -> None:
        rows = frame.select(pl.lit(self.source).alias("source"), *STAGED_COLUMNS)
        _rows_write(_interactions(), _database_times(rows))
        sums = rollup_sums(frame)
        if not _is_postgres():
            sums = sums.with_columns(pl.col("date").dt.strftime("%Y-%m-%d"))
        _rows_write(ROLLUP_STAGING, sums)
        self.created += frame.height

    def apply(self) -> ApplyCounts:
        """Rollups of the loaded rows: the staged sums where the agent-day had no rollups."""
        rollups = _rollups()
        had_rollups = (
            f"EXISTS (SELECT 1 FROM {rollups} d WHERE d.agent_id = r.agent_id AND d.date = r.date)"
        )
        touched = (
            f"EXISTS (SELECT 1 FROM {TOUCHED} t "
            "WHERE t.agent_id = r.agent_id AND t.local_date = r.date)"
        )
        keys = ", ".join(ROLLUP_KEYS)
        columns = ", ".join(ROLLUP_SUMS)
        sums = ", ".join(f"SUM({name})" for name in ROLLUP_SUMS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TOUCHED} (agent_id, local_date) "
                f"SELECT DISTINCT r.agent_id, r.date FROM {ROLLUP_STAGING} r WHERE {had_rollups}"
            )
            cursor.execute(f"SELECT COUNT(*) FROM {TOUCHED}")
            shared_days = int(cursor.fetchone()[0])
            if shared_days:
                rollups_recompute(touched_only=True)
            cursor.execute(
                f"INSERT INTO {rollups} ({keys}, {columns}) SELECT {keys}, {sums} "
                f"FROM {ROLLUP_STAGING} r WHERE NOT {touched} GROUP BY {keys}"
            )
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT DISTINCT agent_id, date FROM {ROLLUP_STAGING}) days"
            )
            agent_days = int(cursor.fetchone()[0])
        staging_drop()
        return ApplyCounts(created=self.created, updated=0, unchanged=0, agent_days=agent_days)


def rollup_sums(frame: pl.DataFrame) -> pl.DataFrame:
    """The rollup sums of typed rows, per agent, local day, queue and channel; the same
    figures as `ROLLUP_SUMS` computes in SQL."""
    handled = pl.col("outcome") != "abandoned"
    fcr = pl.col("first_contact_resolution")
    csat = pl.col("csat")
    nps = pl.col("nps")

    def count(condition: pl.Expr) -> pl.Expr:
        return condition.fill_null(value=False).sum()

    return (
        frame.rename({"local_date": "date"})
        .group_by(ROLLUP_KEYS)
        .agg(
            contacts=pl.len(),
            handled=count(handled),
            talk_seconds=pl.when(handled).then("talk_seconds").otherwise(0).sum(),
            hold_seconds=pl.when(handled).then("hold_seconds").otherwise(0).sum(),
            acw_seconds=pl.when(handled).then("acw_seconds").otherwise(0).sum(),
            fcr_known=count(handled & fcr.is_not_null()),
            fcr_resolved=count(handled & fcr),
            csat_responses=count(csat.is_not_null()),
            csat_satisfied=count(csat >= 4),
            csat_sum=csat.sum(),
            nps_responses=count(nps.is_not_null()),
            nps_promoters=count(nps >= 9),
            nps_detractors=count(nps <= 6),
            transferred=count(pl.col("outcome") == "transferred"),
            escalated=count(pl.col("outcome") == "escalated"),
        )
        .select(*ROLLUP_KEYS, *ROLLUP_SUMS)
    )
