from django.contrib import admin

from civic311.people.models import StaffMember


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "role", "department"]
    list_filter = ["role", "department"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
