"""The metrics app's models: interactions and their rollups, standards, and QA."""

from floorwalk.metrics.models.interactions import (
    METRIC_CHOICES,
    DailyAgentQueueStats,
    Interaction,
    Outcome,
    Standard,
)
from floorwalk.metrics.models.qa import (
    QaAssignment,
    QaCalibrationSession,
    QaDispute,
    QaDisputeStatus,
    QaEvaluation,
    QaEvaluationSource,
    QaEvent,
    QaEventAction,
    QaForm,
    QaFormVersion,
    QaItem,
    QaItemScore,
    QaSection,
)

__all__ = [
    "METRIC_CHOICES",
    "DailyAgentQueueStats",
    "Interaction",
    "Outcome",
    "QaAssignment",
    "QaCalibrationSession",
    "QaDispute",
    "QaDisputeStatus",
    "QaEvaluation",
    "QaEvaluationSource",
    "QaEvent",
    "QaEventAction",
    "QaForm",
    "QaFormVersion",
    "QaItem",
    "QaItemScore",
    "QaSection",
    "Standard",
]
