import time

from django.core.management.base import BaseCommand

from floorwalk.metrics.services import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Recomputes the daily per-agent, per-queue rollups from the stored interactions "
        "(imports keep them up to date; this is for repairs and checks)."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        rows = rollups_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {rows:,} daily rollup rows in {time.perf_counter() - started:.1f} s."
            )
        )
