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
    Course,
    Delivery,
)

__all__ = [
    "DEFAULT_REINFORCEMENT_OFFSETS",
    "SERVING_LEVEL",
    "Course",
    "Delivery",
    "PathEnrolment",
    "PathStep",
    "PathStepKind",
    "Proficiency",
    "SkillLevel",
    "SkillLevelChange",
    "StepCompletion",
    "TrainingPath",
]
