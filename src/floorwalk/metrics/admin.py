from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from floorwalk.core.admin_site import ReadOnlyAdmin
from floorwalk.metrics.models import Interaction, Standard


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["metric", "site", "team", "queue", "target", "amber_band", "valid_from"]
    list_filter = ["metric", "site"]
    autocomplete_fields = ["team", "queue"]


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = [
        "external_id",
        "source",
        "agent",
        "queue",
        "started_at",
        "handle_seconds",
        "outcome",
    ]
    list_filter = ["source", "channel", "outcome"]
    search_fields = ["=external_id", "=agent__employee_number"]
    show_full_result_count = False  # counting millions of rows on every page is slow
    list_select_related = ["agent", "queue"]
    ordering = ["-id"]

    @admin.display(description=_("handle time (s)"))
    def handle_seconds(self, obj: Interaction) -> int:
        return obj.handle_seconds
