from django.contrib import admin

from floorwalk.core.admin_site import ReadOnlyAdmin
from floorwalk.hiring.models import Candidate, Interview, InterviewRating


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
