"""How long a team's development view takes, against the team's scorecard in the same run.

    .venv/bin/python bench/bench_development.py --database var/bench-demo.sqlite3

The database (an SQLite file, or DATABASE_URL) is filled with the demo floor when empty. On
the demo leader's team, median of several runs:

- `team_development`: every agent's stage review (12 weeks of results against standards,
  3 months of QA, 4 weeks of independence, competencies, engagement) — the team page's work;
- `cadence_for`: every agent's next QA evaluation, observation and one-to-one;
- the anchor: `scorecard_for_group` for the same team over the same 12 weeks (every metric,
  the previous period, the 12-period trend, a row per agent), the page a leader opens first.
"""

import argparse
import os
import statistics
import time
from datetime import timedelta
from pathlib import Path

import django

RUNS = 5


def setup_django(database: Path | None) -> None:
    if database is not None:
        os.environ["DATABASE_URL"] = f"sqlite:///{database.resolve()}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "floorwalk.settings")
    django.setup()


def median_seconds(work) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", type=Path, help="an SQLite file (default: DATABASE_URL)")
    arguments = parser.parse_args()
    setup_django(arguments.database)

    from django.core.management import call_command
    from django.utils import timezone

    from floorwalk.development.cadence_selectors import cadence_for
    from floorwalk.development.team import team_development
    from floorwalk.engine.periods import custom_period
    from floorwalk.metrics.selectors import ScorecardScope, scorecard_for_group
    from floorwalk.org.models import Person, PersonStatus, Team

    call_command("migrate", verbosity=0, interactive=False)
    if not Team.objects.exists():
        call_command("demo", verbosity=0)
    team = Team.objects.get(leader__user__username="leader")
    members = (
        Person.objects.filter(team=team)
        .exclude(status=PersonStatus.LEFT)
        .exclude(pk=team.leader_id)
    )
    today = timezone.localdate()
    scope = ScorecardScope(custom_period(today - timedelta(weeks=12), today - timedelta(days=1)))

    anchor = median_seconds(
        lambda: scorecard_for_group(members, scope, site=team.site, team=team, today=today)
    )
    development = median_seconds(lambda: team_development(list(members), today=today))
    cadence = median_seconds(lambda: cadence_for(list(members), today))

    print(f"team of {members.count()} agents, median of {RUNS} runs")
    print(f"anchor  team scorecard, 12 weeks:  {anchor * 1000:8.1f} ms")
    print(
        f"team development (stage reviews):  {development * 1000:8.1f} ms  "
        f"ratio {development / anchor:5.2f}"
    )
    print(
        f"cadence of every agent:            {cadence * 1000:8.1f} ms  "
        f"ratio {cadence / anchor:5.2f}"
    )


if __name__ == "__main__":
    main()
