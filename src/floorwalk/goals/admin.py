from django.contrib import admin

from floorwalk.goals.models import BonusRule, BonusTier


class BonusTierInline(admin.TabularInline):
    model = BonusTier
    extra = 2


@admin.register(BonusRule)
class BonusRuleAdmin(admin.ModelAdmin):
    """Bonus rules and their tiers; goals themselves change through their pages, which keep
    the audit trail."""

    list_display = ["name", "metric", "unit", "is_active"]
    list_filter = ["unit", "is_active"]
    inlines = [BonusTierInline]
