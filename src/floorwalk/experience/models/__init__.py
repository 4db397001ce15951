"""The experience app's models: onboarding, listening, recognition, boundaries, empowerment."""

__all__: list[str] = []

from floorwalk.experience.models.onboarding import (
    PHASE_ORDER,
    JobPreview,
    OnboardingPhase,
    OnboardingPlan,
    OnboardingRampGoal,
    OnboardingReviewAnswer,
    OnboardingReviewQuestion,
    OnboardingTask,
    OnboardingTemplate,
    OnboardingTemplateTask,
    OwnerKind,
    QuestionKind,
    Respondent,
)

__all__ += [
    "PHASE_ORDER",
    "JobPreview",
    "OnboardingPhase",
    "OnboardingPlan",
    "OnboardingRampGoal",
    "OnboardingReviewAnswer",
    "OnboardingReviewQuestion",
    "OnboardingTask",
    "OnboardingTemplate",
    "OnboardingTemplateTask",
    "OwnerKind",
    "QuestionKind",
    "Respondent",
]
