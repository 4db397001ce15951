"""Writes of the metrics app that are not an import."""

from django.db import transaction

from floorwalk.metrics.ingest import store
from floorwalk.metrics.models import DailyAgentQueueStats


@transaction.atomic
def rollups_rebuild() -> int:
    """Recomputes every daily rollup from the stored interactions; returns the row count."""
    store.rollups_recompute(touched_only=False)
    return DailyAgentQueueStats.objects.count()
