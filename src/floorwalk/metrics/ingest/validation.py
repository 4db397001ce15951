"""Checking a batch of interaction rows, a column at a time.

A batch arrives as text columns (as read from CSV or JSON Lines) with a `row` column; every
check is a vectorised expression, so a million rows are checked in well under a second. The
result is the typed rows that passed and a `RowError` for every failed check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _

from floorwalk.core.imports import RowError
from floorwalk.engine.formats import INTERACTION_COLUMNS
from floorwalk.metrics.models import Outcome
from floorwalk.org.models import Channel, Person, Queue

ROW = "row"
MAX_ID_LENGTH = 100
MAX_SECONDS = 2_147_483_647
TRUE_TEXTS = ("true", "1", "yes")
FALSE_TEXTS = ("false", "0", "no")
SECONDS_COLUMNS = ("talk_seconds", "hold_seconds", "acw_seconds")


@dataclass(frozen=True)
class References:
    """The agents and queues rows may name, as frames to join against."""

    agents: pl.DataFrame  # agent, agent_id, site_id, time_zone
    queues_at_site: pl.DataFrame  # queue, site_id, queue_id_at_site, queue_channel_at_site
    queues_by_name: pl.DataFrame  # queue, queue_id_unique, queue_channel_unique, queue_known
    time_zones: tuple[str, ...]

    @classmethod
    def load(cls) -> References:
        agents = pl.DataFrame(
            list(Person.objects.values_list("employee_number", "pk", "site_id", "site__time_zone")),
            schema={
                "agent": pl.String,
                "agent_id": pl.Int64,
                "site_id": pl.Int64,
                "time_zone": pl.String,
            },
            orient="row",
        )
        queues = pl.DataFrame(
            list(Queue.objects.values_list("name", "site_id", "pk", "channel")),
            schema={
                "queue": pl.String,
                "site_id": pl.Int64,
                "queue_id": pl.Int64,
                "queue_channel": pl.String,
            },
            orient="row",
        )
        at_site = queues.rename(
            {"queue_id": "queue_id_at_site", "queue_channel": "queue_channel_at_site"}
        )
        by_name = (
            queues.group_by("queue")
            .agg(
                pl.col("queue_id").first().alias("queue_id_unique"),
                pl.col("queue_channel").first().alias("queue_channel_unique"),
                (pl.len() == 1).alias("queue_unique"),
            )
            .with_columns(
                pl.when(pl.col("queue_unique")).then(pl.col("queue_id_unique")),
                pl.when(pl.col("queue_unique")).then(pl.col("queue_channel_unique")),
                pl.lit(value=True).alias("queue_known"),
            )
            .drop("queue_unique")
        )
        zones = tuple(sorted(set(agents["time_zone"].to_list())))
        return cls(agents=agents, queues_at_site=at_site, queues_by_name=by_name, time_zones=zones)


@dataclass(frozen=True)
class CheckedBatch:
    valid: pl.DataFrame  # typed columns, see `typed_columns`
    errors: list[RowError]
    invalid_rows: pl.DataFrame  # the raw text of the rejected rows, with `row` and `reasons`


def _text(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars()


def _present(column: str) -> pl.Expr:
    return _text(column).fill_null("") != ""


def _whole_number(column: str) -> pl.Expr:
    return _text(column).cast(pl.Int64, strict=False)


def _checks() -> list[tuple[str, pl.Expr, str]]:
    """(column, failure condition, reason) for every rule a row must meet."""
    outcomes = ", ".join(Outcome.values)
    channels = ", ".join(Channel.values)
    checks: list[tuple[str, pl.Expr, str]] = [
        ("interaction_id", ~_present("interaction_id"), _("a value is required")),
        (
            "interaction_id",
            _text("interaction_id").str.len_chars() > MAX_ID_LENGTH,
            _("longer than %(n)d characters") % {"n": MAX_ID_LENGTH},
        ),
        ("agent", ~_present("agent"), _("a value is required")),
        (
            "agent",
            _present("agent") & pl.col("agent_id").is_null(),
            _("no person has this employee number (import people first)"),
        ),
        ("queue", ~_present("queue"), _("a value is required")),
        (
            "queue",
            _present("queue") & pl.col("queue_known").is_null(),
            _("unknown queue (import queues first)"),
        ),
        (
            "queue",
            pl.col("queue_known") & pl.col("agent_id").is_not_null() & pl.col("queue_id").is_null(),
            _("this queue name is used at several sites, none of them the agent's"),
        ),
        (
            "channel",
            ~_text("channel").str.to_lowercase().is_in(Channel.values),
            _("unknown channel; use one of %(names)s") % {"names": channels},
        ),
        (
            "channel",
            _text("channel").str.to_lowercase().is_in(Channel.values)
            & pl.col("queue_channel").is_not_null()
            & (_text("channel").str.to_lowercase() != pl.col("queue_channel")),
            _("the queue belongs to another channel"),
        ),
        ("started_at", ~_present("started_at"), _("a value is required")),
        (
            "started_at",
            _present("started_at") & pl.col("started_utc").is_null(),
            _("not an ISO 8601 time with an offset, e.g. 2026-10-01T09:30:00+02:00"),
        ),
        (
            "outcome",
            ~_text("outcome").str.to_lowercase().is_in(Outcome.values),
            _("unknown outcome; use one of %(names)s") % {"names": outcomes},
        ),
        (
            "first_contact_resolution",
            _present("first_contact_resolution")
            & ~_text("first_contact_resolution")
            .str.to_lowercase()
            .is_in((*TRUE_TEXTS, *FALSE_TEXTS)),
            _("use true, false or leave it empty"),
        ),
    ]
    for column in SECONDS_COLUMNS:
        checks += [
            (column, ~_present(column), _("a value is required")),
            (
                column,
                _present(column) & _whole_number(column).is_null(),
                _("not a whole number of seconds"),
            ),
            (column, _whole_number(column) < 0, _("negative seconds")),
            (column, _whole_number(column) > MAX_SECONDS, _("too many seconds")),
        ]
    for column, low, high in (("csat", 1, 5), ("nps", 0, 10)):
        checks.append(
            (
                column,
                _present(column) & ~_whole_number(column).is_between(low, high),
                _("must be a whole number from %(low)d to %(high)d, or empty")
                % {"low": low, "high": high},
            )
        )
    return checks


def _local_date(time_zones: tuple[str, ...]) -> pl.Expr:
    """The calendar day of the start in the agent's site time zone."""
    expression: pl.Expr | None = None
    for zone in time_zones:
        local = pl.col("started_utc").dt.convert_time_zone(zone).dt.date()
        if expression is None:
            expression = local
        else:
            expression = pl.when(pl.col("time_zone") == zone).then(local).otherwise(expression)
    return expression if expression is not None else pl.lit(None, dtype=pl.Date)


def _resolve(batch: pl.DataFrame, references: References) -> pl.DataFrame:
    agent_key = _text("agent").alias("agent_key")
    queue_key = _text("queue").alias("queue_key")
    return (
        batch.with_columns(agent_key, queue_key)
        .join(
            references.agents.rename({"agent": "agent_key"}),
            on="agent_key",
            how="left",
            maintain_order="left",
        )
        .join(
            references.queues_at_site.rename({"queue": "queue_key"}),
            on=["queue_key", "site_id"],
            how="left",
            maintain_order="left",
        )
        .join(
            references.queues_by_name.rename({"queue": "queue_key"}),
            on="queue_key",
            how="left",
            maintain_order="left",
        )
        .with_columns(
            pl.coalesce("queue_id_at_site", "queue_id_unique").alias("queue_id"),
            pl.coalesce("queue_channel_at_site", "queue_channel_unique").alias("queue_channel"),
            _text("started_at")
            .str.to_datetime("%+", time_zone="UTC", strict=False)
            .alias("started_utc"),
        )
    )


def typed_columns(resolved: pl.DataFrame, references: References) -> pl.DataFrame:
    fcr = _text("first_contact_resolution").str.to_lowercase()
    return resolved.select(
        pl.col(ROW),
        _text("interaction_id").alias("external_id"),
        pl.col("agent_id"),
        pl.col("queue_id"),
        pl.col("queue_channel").alias("channel"),
        pl.col("started_utc").alias("started_at"),
        _local_date(references.time_zones).alias("local_date"),
        *(_whole_number(column).alias(column) for column in SECONDS_COLUMNS),
        _text("outcome").str.to_lowercase().alias("outcome"),
        pl.when(fcr.is_in(TRUE_TEXTS))
        .then(pl.lit(value=True))
        .when(fcr.is_in(FALSE_TEXTS))
        .then(pl.lit(value=False))
        .alias("first_contact_resolution"),
        _whole_number("csat").alias("csat"),
        _whole_number("nps").alias("nps"),
    )


def check_batch(
    batch: pl.DataFrame, references: References, flagged: Sequence[RowError] = ()
) -> CheckedBatch:
    """Splits a batch of text rows into typed valid rows and the errors of the others.

    `flagged` are errors found elsewhere (a repeated id); their rows are rejected too.
    """
    resolved = _resolve(batch, references)
    checks = _checks()
    failed = [condition.fill_null(value=False) for _column, condition, _reason in checks]
    # The reasons are worked out for the failing rows only: most batches have none.
    fails = resolved.select(pl.any_horizontal(failed)).to_series()
    errors = _row_errors(resolved.filter(fails), checks) if fails.any() else []
    errors = sorted([*errors, *flagged], key=lambda error: error.row)
    if errors:
        bad_rows = pl.Series(ROW, sorted({error.row for error in errors}), dtype=pl.Int64)
        bad = pl.col(ROW).is_in(bad_rows.implode())
        valid = typed_columns(resolved.filter(~bad), references)
        invalid = batch.filter(bad)
    else:
        valid = typed_columns(resolved, references)
        invalid = batch.clear()
    return CheckedBatch(valid=valid, errors=errors, invalid_rows=invalid)


def _row_errors(bad: pl.DataFrame, checks: list[tuple[str, pl.Expr, str]]) -> list[RowError]:
    """Every failed check of the given rows, in row order."""
    failures = bad.select(
        pl.col(ROW),
        pl.col(INTERACTION_COLUMNS),
        *(
            condition.fill_null(value=False).alias(f"failed {index}")
            for index, (_c, condition, _r) in enumerate(checks)
        ),
    )
    errors = []
    for record in failures.iter_rows(named=True):
        for index, (column, _condition, reason) in enumerate(checks):
            if record[f"failed {index}"]:
                errors.append(RowError(record[ROW], column, record[column] or "", reason))
    return errors
