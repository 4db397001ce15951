from django.contrib import admin

from floorwalk.development.models import Competency, CompetencyIndicator


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
