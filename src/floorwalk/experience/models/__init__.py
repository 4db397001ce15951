"""The experience app's models: onboarding, listening, recognition, boundaries, empowerment."""

# Recognition, boundary incidents, empowerment.
from floorwalk.experience.models.boundaries import (
    BoundaryIncident,
    CustomerAction,
    IncidentKind,
    IncidentStatus,
)
from floorwalk.experience.models.empowerment import (
    EmpowermentGrant,
    GrantKind,
    GrantStatus,
    LatitudeRule,
)
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
from floorwalk.experience.models.recognition import (
    Compliment,
    ComplimentSource,
    Kudos,
    KudosValue,
)

__all__ = [
    "BoundaryIncident",
    "Compliment",
    "ComplimentSource",
    "CustomerAction",
    "EmpowermentGrant",
    "GrantKind",
    "GrantStatus",
    "IncidentKind",
    "IncidentStatus",
    "Kudos",
    "KudosValue",
    "LatitudeRule",
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
