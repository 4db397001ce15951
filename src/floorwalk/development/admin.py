from django.contrib import admin

from floorwalk.core.admin_site import ReadOnlyAdmin
from floorwalk.development.models import Competency, CompetencyIndicator, Playbook, StageAssignment


class CompetencyIndicatorInline(admin.TabularInline):
    model = CompetencyIndicator
    extra = 1


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "use", "target_level", "is_active"]
    list_filter = ["use", "is_active"]
    search_fields = ["name", "definition"]
    inlines = [CompetencyIndicatorInline]

    def has_delete_permission(self, request, obj=None):
        return False  # retire a competency (untick "in use"); its assessments keep it


@admin.register(Playbook)
class PlaybookAdmin(admin.ModelAdmin):
    list_display = [
        "stage",
        "leadership_style",
        "qa_evaluations_per_month",
        "observations_per_month",
        "one_to_ones_per_month",
    ]

    def has_add_permission(self, request):
        return False  # one per stage, created with the defaults

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageAssignment)
class StageAssignmentAdmin(ReadOnlyAdmin):
    """The stage history, read only: stages are set by team leaders through the service."""

    list_display = ["person", "stage", "proposed_stage", "set_by", "set_at"]
    list_filter = ["stage"]
    search_fields = ["person__display_name", "person__employee_number"]
