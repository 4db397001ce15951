"""How fast interactions import, against a plain load of the same rows with no validation.

    .venv/bin/python bench/bench_ingest.py --agents 1000 --months 12
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/floorwalk_bench \\
        .venv/bin/python bench/bench_ingest.py --agents 1000 --months 12

Without DATABASE_URL the database is a fresh SQLite file in a temporary folder; a PostgreSQL
database named in DATABASE_URL is emptied first. The generated floor's queues and people are
imported, then its interaction file is imported through the service the command line uses
(checks, staging, upsert, rollups). Anchor, measured in the same run: the same file read with
csv.reader and loaded into a table with the interaction table's columns and no index, by
`executemany` (SQLite) or `COPY` (PostgreSQL), with no checks and no rollups.
"""

import argparse
import csv
import itertools
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import django

BATCH = 100_000


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django(folder: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "floorwalk.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0, interactive=False)


def plain_load(path: Path) -> float:
    """The anchor: the rows as text into a table of the same columns, no checks, no index."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain")
        cursor.execute(
            "CREATE TABLE bench_plain (id_text text, agent text, queue text, channel text, "
            "started_at text, talk_seconds integer, hold_seconds integer, acw_seconds integer, "
            "outcome text, first_contact_resolution text, csat integer, nps integer)"
        )
        if connection.vendor == "postgresql":
            with (
                open(path, encoding="utf-8") as handle,
                cursor.copy("COPY bench_plain FROM STDIN (FORMAT csv, HEADER true)") as copy,
            ):
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
        else:
            with open(path, encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                next(reader)
                while rows := list(itertools.islice(reader, BATCH)):
                    cursor.executemany(
                        "INSERT INTO bench_plain VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, "
                        "%s, %s, %s)",
                        rows,
                    )
        cursor.execute("DROP TABLE bench_plain")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="floorwalk-bench-") as name:
        folder = Path(name)
        setup_django(folder)
        from django.db import connection

        from floorwalk.metrics.ingest import interactions_import
        from floorwalk.org.imports import people_import, queues_import
        from floorwalk.synthetic.files import write_dataset
        from floorwalk.synthetic.floor import FloorSpec, build_floor

        end = date(2026, 10, 31)
        spec = FloorSpec(agents=args.agents, months=args.months, seed=args.seed, end=end)
        write_dataset(build_floor(spec), folder)
        queues_import(path=folder / "queues.csv")
        people_import(path=folder / "people.csv", today=end)
        file = folder / "interactions.csv"

        started = time.perf_counter()
        report = interactions_import(path=file)
        ingest_seconds = time.perf_counter() - started
        ingest_peak = peak_rss_mib()
        anchor_seconds = plain_load(file)

        rows = report.rows_read
        print(f"database:                {connection.vendor}")
        print(f"floor:                   {args.agents} agents x {args.months} months")
        print(f"file:                    {rows:,} rows, {file.stat().st_size / 2**20:,.0f} MiB")
        print(
            f"import (checks+rollups): {ingest_seconds:.1f} s ({rows / ingest_seconds:,.0f} rows/s)"
        )
        anchor = "COPY" if connection.vendor == "postgresql" else "executemany"
        print(
            f"anchor plain {anchor}:{' ' * (11 - len(anchor))}{anchor_seconds:.1f} s "
            f"({rows / anchor_seconds:,.0f} rows/s)"
        )
        print(f"ratio import/anchor:     {ingest_seconds / anchor_seconds:.2f} (goal <= 2.5)")
        print(f"peak resident memory:    {ingest_peak:.0f} MiB (whole process, after the import)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
