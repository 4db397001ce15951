from django.contrib import admin
from django.core.exceptions import ValidationError

from floorwalk.wfm.models import PlanningSettings
from floorwalk.wfm.services import planning_settings_set


@admin.register(PlanningSettings)
class PlanningSettingsAdmin(admin.ModelAdmin):
    """A site's interval length. Forecasts, adjustments, targets, special days and history
    change through their pages, which check the policy and keep the audit trail."""

    list_display = ["site", "interval_minutes"]

    def save_model(self, request, obj, form, change):
        try:
            planning_settings_set(
                actor=request.user, site=obj.site, interval_minutes=obj.interval_minutes
            )
        except ValidationError as error:
            # The admin shows a message instead of saving a grid the history doesn't fit.
            self.message_user(request, " ".join(error.messages), level="error")
