"""How fast the QA sample is planned and the scorecards' QA totals are read.

    .venv/bin/python bench/bench_qa.py --agents 200 --months 2 --per-agent 8
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/floorwalk_bench \\
        .venv/bin/python bench/bench_qa.py --agents 200 --months 2 --per-agent 8

Without DATABASE_URL the database is a fresh SQLite file in a temporary folder; a PostgreSQL
database named in DATABASE_URL is emptied first. A generated floor is loaded and its
interactions imported; `qa_sample_plan` samples every month; every sampled interaction gets
an evaluation (written in bulk: this measures reads, not the evaluation form).

Anchor for the totals, measured in the same run: every standing evaluation's agent, day and
score fetched into Python and summed in a dict into the same `Totals`, the obvious way
without a GROUP BY.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import django


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


def load_floor(agents: int, months: int, end: date) -> None:
    from django.core.management import call_command

    call_command("demo", agents=agents, months=months, end=end, verbosity=0)


def clear_demo_qa() -> None:
    """The demo loads a little QA of its own; the benchmark starts from none."""
    from floorwalk.metrics.qa.services import qa_clear

    qa_clear()


def plan_samples(months: list[date], per_agent: int) -> tuple[float, int]:
    from floorwalk.accounts.models import User
    from floorwalk.metrics.qa.selectors import sample_agents, site_qa_specialists
    from floorwalk.metrics.qa.services import qa_sample_plan

    actor = User.objects.get(username="qa")
    site = actor.person.site
    evaluators = list(site_qa_specialists([site.pk]))
    started = time.perf_counter()
    planned = 0
    for month in months:
        planned += qa_sample_plan(
            actor=actor,
            agents=sample_agents(actor, site),
            evaluators=evaluators,
            month=month,
            per_agent=per_agent,
        ).planned
    return time.perf_counter() - started, planned


def evaluate_every_assignment(seed: int) -> int:
    from django.db import connection
    from django.utils import timezone

    from floorwalk.accounts.models import User
    from floorwalk.metrics.models import QaAssignment, QaEvaluation
    from floorwalk.metrics.qa.selectors import form_version_current
    from floorwalk.metrics.qa.services import ItemSpec, qa_form_create

    rng = random.Random(seed)
    form = qa_form_create(
        actor=User.objects.get(username="qa"),
        name="Benchmark form",
        description="",
        items=[ItemSpec("All", "overall", "Overall", 1.0)],
    )
    version = form_version_current(form)
    now = timezone.now()
    evaluations = [
        QaEvaluation(
            interaction_id=interaction_id,
            form_version=version,
            evaluator_id=evaluator_id,
            evaluated_at=now,
            score=round(rng.uniform(40, 100), 1),
        )
        for interaction_id, evaluator_id in QaAssignment.objects.values_list(
            "interaction_id", "evaluator_id"
        )
    ]
    QaEvaluation.objects.bulk_create(evaluations, batch_size=5000)
    # As autovacuum would after a day's writes: the planner needs the new table's statistics.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(evaluations)


def timed(function, repeat: int = 5):
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def naive_totals(agent_ids, start: date, end: date) -> dict:
    from floorwalk.engine.metrics import Totals
    from floorwalk.metrics.qa.selectors import standing_evaluations

    sums: dict = defaultdict(lambda: [0, 0.0])
    rows = standing_evaluations().filter(
        interaction__agent_id__in=agent_ids,
        interaction__local_date__gte=start,
        interaction__local_date__lte=end,
    )
    for agent_id, day, score in rows.values_list(
        "interaction__agent_id", "interaction__local_date", "score"
    ):
        entry = sums[(agent_id, day)]
        entry[0] += 1
        entry[1] += score
    return {
        key: Totals(qa_evaluations=count, qa_score_sum=total)
        for key, (count, total) in sums.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--months", type=int, default=2)
    parser.add_argument("--per-agent", type=int, default=8)
    parser.add_argument("--seed", type=int, default=11)
    arguments = parser.parse_args()
    end = date(2026, 10, 31)
    with tempfile.TemporaryDirectory(prefix="floorwalk-bench-qa-") as folder:
        setup_django(Path(folder))
        from django.db import connection

        started = time.perf_counter()
        load_floor(arguments.agents, arguments.months, end)
        clear_demo_qa()
        print(f"floor loaded in {time.perf_counter() - started:.1f} s ({connection.vendor})")
        months = []
        month = end.replace(day=1)
        for _ in range(arguments.months):
            months.append(month)
            month = (month - timedelta(days=1)).replace(day=1)
        seconds, planned = plan_samples(months, arguments.per_agent)
        print(
            f"sample planned: {planned:,} interactions in {seconds:.2f} s "
            f"({1000 * seconds / max(arguments.agents * len(months), 1):.1f} ms per agent-month)"
        )
        replanned, again = plan_samples(months, arguments.per_agent)
        print(f"planned again: {again} new in {replanned:.2f} s")
        evaluations = evaluate_every_assignment(arguments.seed)
        from floorwalk.metrics.qa.selectors import qa_totals_by_agent_day
        from floorwalk.org.models import Person

        agent_ids = list(Person.objects.values_list("pk", flat=True))
        start = months[-1]
        selector, totals = timed(
            lambda: qa_totals_by_agent_day(agent_ids=agent_ids, start=start, end=end)
        )
        anchor, sums = timed(lambda: naive_totals(agent_ids, start, end))
        assert totals.keys() == sums.keys()
        assert sum(t.qa_evaluations for t in totals.values()) == evaluations
        print(
            f"qa_totals_by_agent_day, site: {evaluations:,} evaluations, {len(totals):,} "
            f"agent-days in {1000 * selector:.1f} ms; anchor (fetch and sum in Python) "
            f"{1000 * anchor:.1f} ms; ratio {selector / anchor:.2f}"
        )
        team = Person.objects.filter(team__isnull=False).values_list("team_id", flat=True)[0]
        team_ids = list(Person.objects.filter(team_id=team).values_list("pk", flat=True))
        selector, totals = timed(
            lambda: qa_totals_by_agent_day(agent_ids=team_ids, start=months[0], end=end)
        )
        anchor, _sums = timed(lambda: naive_totals(team_ids, months[0], end))
        print(
            f"qa_totals_by_agent_day, one team ({len(team_ids)} people), one month: "
            f"{sum(t.qa_evaluations for t in totals.values())} evaluations in "
            f"{1000 * selector:.1f} ms; anchor {1000 * anchor:.1f} ms; "
            f"ratio {selector / anchor:.2f}"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
