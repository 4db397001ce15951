"""The learning app's models: trainings and their reinforcement and transfer, the skills matrix."""

__all__: list[str] = []
