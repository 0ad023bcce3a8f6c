"""Response templates in the admin, where managers write them.

The admin classes are generic in django-stubs only, not at run time, hence
the ``type-arg`` ignore.
"""

from django.contrib import admin

from civic311.console.models import ResponseTemplate


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "service", "state", "active", "order"]
    list_filter = ["active", "state", "service__group"]
    list_select_related = ["service"]
    search_fields = ["title", "text", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["service"]
    fields = [
        "title",
        "slug",
        "text",
        "service",
        "state",
        "active",
        "order",
        "translations",
    ]
