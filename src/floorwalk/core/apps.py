from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "floorwalk.core"
    label = "core"


class FloorwalkAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "floorwalk.core.admin_site.FloorwalkAdminSite"
