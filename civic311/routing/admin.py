from django.contrib import admin

from civic311.routing.models import OutsideAgency, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "priority",
        "service",
        "neighbourhood",
        "attribute_code",
        "attribute_value",
        "department",
        "active",
    ]
    list_filter = ["active", "department"]
    list_editable = ["active"]
    autocomplete_fields = ["service"]


@admin.register(OutsideAgency)
class OutsideAgencyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "website", "phone", "active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
