"""Service requests in the admin, read-only.

Requests change through the workflow actions only, so the admin shows them
without add, change or delete. History is append-only: no one gets any
permission to write or remove an event here. The resident's contact is
shown to staff who hold the view permission on request contacts.

The admin classes are generic in django-stubs only, not at run time, hence
the ``type-arg`` ignores.
"""

from django.contrib import admin
from django.db.models import Model, QuerySet, URLField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civic311.lib import publicid
from civic311.servicerequests.models import (
    RequestContact,
    RequestEvent,
    ServiceRequest,
)


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Shown, never written: no add, change or delete."""

    extra = 0
    can_delete = False

    def has_add_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False


class RequestContactInline(ReadOnlyInline):
    model = RequestContact
    fields = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "account_id",
        "device_id",
    ]


class RequestEventInline(ReadOnlyInline):
    model = RequestEvent
    fields = ["at", "kind", "public", "actor_label", "changes", "note"]
    verbose_name_plural = _("history")


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "public_id",
        "service",
        "status",
        "state",
        "channel",
        "requested_datetime",
        "expected_datetime",
        "on_time",
        "department",
        "neighbourhood",
        "triage",
    ]
    list_filter = ["status", "state", "triage", "on_time", "channel", "department"]
    list_select_related = ["service", "department"]
    date_hierarchy = "requested_datetime"
    ordering = ["-requested_datetime", "-id"]
    search_fields = ["id"]
    search_help_text = _("Search by request number.")
    show_full_result_count = False
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    inlines = [RequestContactInline, RequestEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ServiceRequest | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: ServiceRequest | None = None
    ) -> bool:
        return False

    def get_search_results(
        self,
        request: HttpRequest,
        queryset: QuerySet[ServiceRequest],
        search_term: str,
    ) -> tuple[QuerySet[ServiceRequest], bool]:
        """Find a request by its public number; nothing else is searched."""
        if not search_term.strip():
            return queryset, False

        pk = publicid.decode(search_term)
        return queryset.filter(pk=pk) if pk else queryset.none(), False

    @admin.display(description=_("request"), ordering="id")
    def public_id(self, obj: ServiceRequest) -> str:
        return obj.public_id
