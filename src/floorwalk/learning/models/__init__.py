"""The learning app's models: trainings and their reinforcement and transfer, the skills matrix."""

from floorwalk.learning.models.skills import (
    SERVING_LEVEL,
    PathEnrolment,
    PathStep,
    PathStepKind,
    Proficiency,
    SkillLevel,
    SkillLevelChange,
    StepCompletion,
    TrainingPath,
)
from floorwalk.learning.models.training import (
    DEFAULT_REINFORCEMENT_OFFSETS,
    ON_TIME_TOLERANCE_DAYS,
    AssignedBy,
    AutoAssignRule,
    Course,
    Delivery,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    ObservedLevel,
    TrainingSession,
)

__all__ = [
    "DEFAULT_REINFORCEMENT_OFFSETS",
    "ON_TIME_TOLERANCE_DAYS",
    "SERVING_LEVEL",
    "AssignedBy",
    "AutoAssignRule",
    "Course",
    "Delivery",
    "Enrolment",
    "EnrolmentStatus",
    "FollowUp",
    "ObservedLevel",
    "PathEnrolment",
    "PathStep",
    "PathStepKind",
    "Proficiency",
    "SkillLevel",
    "SkillLevelChange",
    "StepCompletion",
    "TrainingPath",
    "TrainingSession",
]
