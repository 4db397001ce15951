from django.contrib.admin import AdminSite, ModelAdmin
from django.utils.translation import gettext_lazy as _

from floorwalk.accounts.policy import is_admin


class FloorwalkAdminSite(AdminSite):
    site_header = _("Floorwalk administration")
    site_title = _("Floorwalk administration")
    index_title = _("Organisation, people and accounts")

    def has_permission(self, request):
        return request.user.is_active and is_admin(request.user)


class ReadOnlyAdmin(ModelAdmin):
    """Records changed only through their services (imports, the pages that keep the audit
    trail): shown for checking, never added, edited or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
