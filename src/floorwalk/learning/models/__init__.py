"""The learning app's models: trainings and their reinforcement and transfer, the skills matrix."""

from floorwalk.learning.models.training import (
    DEFAULT_REINFORCEMENT_OFFSETS,
    Course,
    Delivery,
)

__all__ = [
    "DEFAULT_REINFORCEMENT_OFFSETS",
    "Course",
    "Delivery",
]
