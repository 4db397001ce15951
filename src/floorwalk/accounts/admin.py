from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from floorwalk.accounts.models import User

# Access follows the roles of a person, not Django groups.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "person", "is_active", "last_login"]
    list_select_related = ["person"]
    search_fields = ["username", "person__display_name", "person__employee_number"]
    autocomplete_fields = ["person"]
    fieldsets = (
        (None, {"fields": ("username", "password", "person")}),
        (_("Preferences"), {"fields": ("language",)}),
        (_("Status"), {"fields": ("is_active", "is_superuser", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    list_filter = ["is_active"]
    filter_horizontal = []

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, not deleted, so the audit trail keeps its actors.
        return False
