from django.contrib import admin

from floorwalk.accounts.models import RoleAssignment
from floorwalk.org.models import (
    Language,
    Mentorship,
    Organisation,
    Person,
    Queue,
    Site,
    Skill,
    Team,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "default_locale"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "leader"]
    list_filter = ["site"]
    search_fields = ["name", "leader__display_name"]
    autocomplete_fields = ["leader"]


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "site"]
    list_filter = ["channel", "site"]
    search_fields = ["name"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["queues"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["display_name", "employee_number", "team", "site", "status", "hire_date"]
    list_filter = ["status", "site", "team"]
    search_fields = ["display_name", "employee_number", "email"]
    autocomplete_fields = ["team"]
    filter_horizontal = ["queues", "languages"]
    inlines = [RoleAssignmentInline]
    date_hierarchy = "hire_date"

    def has_delete_permission(self, request, obj=None):
        # People are never deleted: someone who leaves is marked as left, history kept.
        return False


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentor", "mentee", "started_on", "ended_on"]
    autocomplete_fields = ["mentor", "mentee"]
