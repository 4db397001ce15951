from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "floorwalk.audit"
    label = "audit"
    verbose_name = "Audit trail"
