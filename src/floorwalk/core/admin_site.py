from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _

from floorwalk.accounts.policy import is_admin


class FloorwalkAdminSite(AdminSite):
    site_header = _("Floorwalk administration")
    site_title = _("Floorwalk administration")
    index_title = _("Organisation, people and accounts")

    def has_permission(self, request):
        return request.user.is_active and is_admin(request.user)
