"""The catalog in the admin: departments, services and their questions.

The admin classes are generic in django-stubs only, not at run time, hence
the ``type-arg`` ignores.
"""

from django.contrib import admin
from django.db.models import URLField

from civic311.catalog.models import (
    AttributeValue,
    Department,
    Service,
    ServiceAttribute,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "email", "phone"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


class ServiceAttributeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ServiceAttribute
    fields = ["order", "code", "datatype", "variable", "required", "description"]
    extra = 0
    # List choices are edited on the attribute's own page.
    show_change_link = True


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["service_code", "service_name", "group", "department", "active"]
    list_filter = ["group", "department", "active"]
    list_select_related = ["department"]
    search_fields = ["service_code", "service_name", "keywords"]
    inlines = [ServiceAttributeInline]


class AttributeValueInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AttributeValue
    fields = ["order", "key", "name", "translations"]
    extra = 0


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "description", "datatype", "required", "order"]
    list_filter = ["datatype", "required", "service__group"]
    list_select_related = ["service"]
    search_fields = ["code", "description", "service__service_code"]
    autocomplete_fields = ["service"]
    inlines = [AttributeValueInline]
