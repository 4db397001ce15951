"""How fast scorecards answer, against the same numbers computed from the raw interactions.

    .venv/bin/python bench/bench_scorecards.py --database var/reference.sqlite3 --load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/floorwalk_bench \\
        .venv/bin/python bench/bench_scorecards.py --load

The database (an SQLite file given by --database, or DATABASE_URL) must hold a floor with its
interactions; with --load an empty one is first filled with the generated reference site
(--agents × --months) through the interaction import. Measured on it, in the same run:

- a team of about 15 agents over a quarter, and the whole site over its last twelve months:
  `scorecard_for_group`, the selector behind the page and the API (every metric, the previous
  period, the 12-period trend, a row per agent, the spreads), median of several runs;
- the anchor: the same per-agent, per-period totals computed from the raw interaction table
  with one SQL GROUP BY (conditional sums), as a scorecard without rollups would.

The two must agree exactly; the run stops if they don't.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import django

TEAM_SIZE = 15


def setup_django(database: Path | None) -> None:
    if database is not None:
        os.environ["DATABASE_URL"] = f"sqlite:///{database.resolve()}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "floorwalk.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load_reference_site(agents: int, months: int, end: date) -> None:
    from floorwalk.metrics.ingest import interactions_import
    from floorwalk.org.imports import people_import, queues_import
    from floorwalk.synthetic.files import write_dataset
    from floorwalk.synthetic.floor import FloorSpec, build_floor

    with tempfile.TemporaryDirectory(prefix="floorwalk-bench-") as name:
        folder = Path(name)
        write_dataset(build_floor(FloorSpec(agents=agents, months=months, seed=7, end=end)), folder)
        queues_import(path=folder / "queues.csv")
        people_import(path=folder / "people.csv", today=end)
        started = time.perf_counter()
        report = interactions_import(path=folder / "interactions.csv")
        print(f"loaded {report.rows_read:,} interactions in {time.perf_counter() - started:.0f} s")


def raw_totals(agent_ids, periods):
    """The anchor: per agent and period, the totals straight from the raw interactions."""
    from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

    from floorwalk.engine.metrics import Totals
    from floorwalk.metrics.models import Interaction

    handled = ~Q(outcome="abandoned")

    def count_if(condition):
        return Sum(Case(When(condition, then=Value(1)), default=Value(0)))

    def sum_if(condition, field):
        return Sum(Case(When(condition, then=F(field)), default=Value(0)))

    period_index = Case(
        *(When(local_date__range=(p.start, p.end), then=Value(i)) for i, p in enumerate(periods)),
        output_field=IntegerField(),
    )
    rows = (
        Interaction.objects.filter(
            agent_id__in=agent_ids, local_date__range=(periods[0].start, periods[-1].end)
        )
        .annotate(period_index=period_index)
        .values("agent_id", "period_index")
        .annotate(
            contacts=Count("id"),
            handled=count_if(handled),
            talk_seconds=sum_if(handled, "talk_seconds"),
            hold_seconds=sum_if(handled, "hold_seconds"),
            acw_seconds=sum_if(handled, "acw_seconds"),
            fcr_known=count_if(handled & Q(first_contact_resolution__isnull=False)),
            fcr_resolved=count_if(handled & Q(first_contact_resolution=True)),
            csat_responses=count_if(Q(csat__isnull=False)),
            csat_satisfied=count_if(Q(csat__gte=4)),
            csat_sum=Sum("csat", default=0),
            nps_responses=count_if(Q(nps__isnull=False)),
            nps_promoters=count_if(Q(nps__gte=9)),
            nps_detractors=count_if(Q(nps__lte=6)),
            transferred=count_if(Q(outcome="transferred")),
            escalated=count_if(Q(outcome="escalated")),
        )
        .order_by()
    )
    result = {}
    for row in rows:
        agent, index = row.pop("agent_id"), row.pop("period_index")
        result.setdefault(agent, [Totals()] * len(periods))[index] = Totals(**row)
    return result


def timed(function, runs: int) -> tuple[float, object]:
    function()  # warm the caches, as a page opened every morning has them warm
    durations, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), result


def compare(label: str, members, scope, *, site, team, runs: int) -> None:
    from floorwalk.metrics.selectors import scorecard_for_group, totals_by_agent_and_period

    periods = scope.trend
    ids = list(members.values_list("pk", flat=True))
    scorecard_seconds, scorecard = timed(
        lambda: scorecard_for_group(members, scope, site=site, team=team, today=scope.period.end),
        runs,
    )
    anchor_seconds, anchor = timed(lambda: raw_totals(ids, periods), max(1, runs // 3))
    if anchor != totals_by_agent_and_period(ids, periods):
        sys.exit(f"{label}: the rollups and the raw interactions disagree")
    contacts = sum(totals.contacts for series in anchor.values() for totals in series)
    print(
        f"{label:<34} {len(scorecard.rows):>5} agents {contacts:>12,} contacts  "
        f"scorecard {scorecard_seconds * 1000:8.1f} ms  "
        f"raw GROUP BY {anchor_seconds * 1000:9.1f} ms  "
        f"ratio {anchor_seconds / scorecard_seconds:6.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="SQLite file (default: DATABASE_URL)")
    parser.add_argument("--load", action="store_true", help="load the reference site if empty")
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 10, 31))
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    setup_django(args.database)

    from django.db import connection
    from django.db.models import Count, Max, Min

    from floorwalk.engine.periods import PeriodKind, custom_period, period_containing
    from floorwalk.metrics.models import Interaction
    from floorwalk.metrics.selectors import ScorecardScope, team_members
    from floorwalk.org.models import Person, Site, Team

    if not Interaction.objects.exists():
        if not args.load:
            sys.exit("The database holds no interactions; add --load to load the reference site.")
        load_reference_site(args.agents, args.months, args.end)
    span = Interaction.objects.aggregate(first=Min("local_date"), last=Max("local_date"))
    print(f"database: {connection.vendor}, interactions {span['first']} to {span['last']}")

    last = span["last"]
    quarter = period_containing(PeriodKind.QUARTER, last)
    if quarter.end > last:  # the last whole quarter
        quarter = period_containing(PeriodKind.QUARTER, quarter.start - timedelta(days=1))
    year = custom_period(max(span["first"], last - timedelta(days=364)), last)
    teams = Team.objects.annotate(size=Count("members")).order_by("pk")
    team = min(teams, key=lambda t: (abs(t.size - 1 - TEAM_SIZE), t.pk))
    site = Site.objects.annotate(size=Count("people")).order_by("-size").first()

    compare(
        f"team {team.name}, quarter {quarter.label}",
        team_members(team, Person.objects.all()),
        ScorecardScope(quarter),
        site=team.site,
        team=team,
        runs=args.runs,
    )
    compare(
        f"site {site.name}, {year.days} days",
        Person.objects.filter(site=site),
        ScorecardScope(year),
        site=site,
        team=None,
        runs=max(3, args.runs // 3),
    )


if __name__ == "__main__":
    main()
