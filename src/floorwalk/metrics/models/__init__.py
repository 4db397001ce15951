"""The metrics app's models: interactions and their rollups, standards, QA, agent states."""

from floorwalk.metrics.models.adherence import AgentState, AgentStateEvent, DailyAgentAdherence
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
    "AgentState",
    "AgentStateEvent",
    "DailyAgentAdherence",
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
