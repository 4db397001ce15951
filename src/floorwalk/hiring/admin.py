from django.contrib import admin

from floorwalk.hiring.models import Candidate, Interview, InterviewRating


class ReadOnlyAdmin(admin.ModelAdmin):
    """Hiring records are written through the pages, which keep who decided and when and
    never let anyone edit another's interview; the administration only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InterviewRatingInline(admin.TabularInline):
    model = InterviewRating
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ["name", "site", "status", "applied_on", "decided_at"]
    list_filter = ["status", "site"]
    search_fields = ["name", "email"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdmin):
    list_display = ["candidate", "interviewer", "held_on", "recommendation"]
    list_filter = ["recommendation"]
    inlines = [InterviewRatingInline]
