"""The experience app's models: onboarding, listening, recognition, boundaries, empowerment."""

__all__: list[str] = []
