from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WfmConfig(AppConfig):
    name = "floorwalk.wfm"
    label = "wfm"
    verbose_name = _("Workforce management")
