"""The experience app's models: onboarding, listening, recognition, boundaries, empowerment."""

from floorwalk.experience.models.listening import (
    NamedResponse,
    PulseAnswer,
    PulseParticipation,
    PulseQuestion,
    PulseResponse,
    PulseRound,
    PulseSurvey,
    RetentionNote,
    Suggestion,
)

__all__: list[str] = []
__all__ += [
    "NamedResponse",
    "PulseAnswer",
    "PulseParticipation",
    "PulseQuestion",
    "PulseResponse",
    "PulseRound",
    "PulseSurvey",
    "RetentionNote",
    "Suggestion",
]
