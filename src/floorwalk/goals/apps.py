from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "floorwalk.goals"
    label = "goals"
    verbose_name = "Goals"
