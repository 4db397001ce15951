"""Writes of the metrics app that are not an import."""

from django.db import transaction

from floorwalk.metrics.ingest import store
from floorwalk.metrics.models import DailyAgentQueueStats, Interaction, Standard
from floorwalk.metrics.qa.services import qa_clear


@transaction.atomic
def rollups_rebuild() -> int:
    """Recomputes every daily rollup from the stored interactions; returns the row count."""
    store.rollups_recompute(touched_only=False)
    return DailyAgentQueueStats.objects.count()


@transaction.atomic
def metrics_clear() -> None:
    """Removes every interaction, rollup and standard, and the QA built on them (before the
    demo is loaded anew)."""
    qa_clear()
    for model in (DailyAgentQueueStats, Interaction, Standard):
        model.objects.all()._raw_delete(model.objects.db)
