"""Writes of the metrics app that are not an import."""

from datetime import date

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
    from floorwalk.metrics.models import AgentStateEvent, DailyAgentAdherence

    for model in (
        AgentStateEvent,
        DailyAgentAdherence,
        DailyAgentQueueStats,
        Interaction,
        Standard,
    ):
        model.objects.all()._raw_delete(model.objects.db)


# Common starting points in the industry: (metric, target, amber band).
STARTER_STANDARDS = (
    ("aht", 390.0, 30.0),
    ("avg_hold", 45.0, 15.0),
    ("avg_acw", 60.0, 15.0),
    ("fcr", 70.0, 5.0),
    ("csat", 80.0, 5.0),
    ("tnps", 10.0, 10.0),
    ("qa_score", 85.0, 5.0),
    ("transfer_rate", 10.0, 3.0),
    ("escalation_rate", 5.0, 2.0),
)


@transaction.atomic
def standards_create_starter_set(*, valid_from: date) -> list[Standard]:
    """Organisation-wide standards a contact center commonly starts from, to adjust later."""
    return Standard.objects.bulk_create(
        Standard(metric=metric, target=target, amber_band=band, valid_from=valid_from)
        for metric, target, band in STARTER_STANDARDS
    )
