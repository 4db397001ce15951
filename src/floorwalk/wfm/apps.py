from django.apps import AppConfig


class WfmConfig(AppConfig):
    name = "floorwalk.wfm"
    verbose_name = "Workforce management"
