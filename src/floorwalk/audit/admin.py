from django.contrib import admin

from floorwalk.audit.models import AuditEvent
from floorwalk.core.admin_site import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The trail, read only: nothing about it can be edited."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "person"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "person__display_name", "reason"]
