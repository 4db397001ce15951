from django.contrib import admin

from floorwalk.core.admin_site import ReadOnlyAdmin
from floorwalk.digest.models import DigestSent


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdmin):
    list_display = ("user", "granularity", "period_start", "items", "sent_at")
    list_filter = ("granularity",)
