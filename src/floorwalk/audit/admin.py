from django.contrib import admin

from floorwalk.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The trail, read only: nothing about it can be edited."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "person"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "person__display_name", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
