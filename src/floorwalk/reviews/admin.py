from django.contrib import admin

from floorwalk.core.admin_site import ReadOnlyAdmin
from floorwalk.reviews.models import Review, ReviewCycle, ReviewTemplate


@admin.register(ReviewTemplate)
class ReviewTemplateAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "weight_goals",
        "weight_competencies",
        "weight_self",
        "weight_peer",
        "weight_upward",
        "weight_leader",
        "is_active",
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # retire a template (untick "in use"); its cycles keep it


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "template", "period_start", "period_end"]
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    """Read only: ratings change through the review services, which keep the audit trail."""

    list_display = ["cycle", "person", "status", "overall", "calibrated_overall"]
    list_filter = ["status", "cycle"]
