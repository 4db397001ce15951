from django.contrib import admin

from floorwalk.scheduling.models import (
    Schedule,
    ScheduleVersion,
    ShiftBreak,
    ShiftTemplate,
)


class ShiftBreakInline(admin.TabularInline):
    model = ShiftBreak
    extra = 0


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(admin.ModelAdmin):
    """Templates are set on the site's shift set-up page (audited); here to look them up."""

    list_display = ["name", "site", "earliest_start", "latest_start", "paid_minutes", "is_active"]
    list_filter = ["site", "is_active"]
    inlines = [ShiftBreakInline]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    """Read-only: schedules change through their services, which version and notify."""

    list_display = ["site", "start_date", "days", "status", "version"]
    list_filter = ["site", "status"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ScheduleVersion)
class ScheduleVersionAdmin(admin.ModelAdmin):
    """Published versions are immutable."""

    list_display = ["schedule", "number", "published_at", "published_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
