"""API clients in the admin.

A key is made only by the actions, and shown once, in a message to the
administrator who made it; the admin never shows or edits the stored hash.
A client is revoked, never deleted, because requests and history point to
it; revocation is final (a revoked client gets no new key and cannot be
switched back on), so a replacement is a new client.

The admin classes are generic in django-stubs only, not at run time, hence
the ``type-arg`` ignores.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from civic311.apiclients.actions import (
    ClientRevoked,
    create_api_client,
    revoke_api_client,
    rotate_api_key,
)
from civic311.apiclients.models import ApiClient
from civic311.lib.actors import Actor

EDITABLE = ("name", "channel", "contact_email", "notes")


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "channel", "key_prefix", "active", "created_at"]
    list_filter = ["active", "channel"]
    search_fields = ["name", "key_prefix"]
    actions = ["rotate_key", "revoke"]

    def get_fields(
        self, request: HttpRequest, obj: ApiClient | None = None
    ) -> tuple[str, ...]:
        if obj is None:
            return EDITABLE
        return (*EDITABLE, "key_prefix", "active", "created_at")

    def get_readonly_fields(
        self, request: HttpRequest, obj: ApiClient | None = None
    ) -> tuple[str, ...]:
        # key_hash is never shown; active changes through the actions only.
        return ("key_prefix", "key_hash", "active", "created_at")

    def has_delete_permission(
        self, request: HttpRequest, obj: ApiClient | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ApiClient, form: "ModelForm[Any]", change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return

        client, key = create_api_client(
            actor=_actor(request),
            name=obj.name,
            channel=obj.channel,
            contact_email=obj.contact_email,
            notes=obj.notes,
        )
        _take_saved(obj, client)
        _show_key(request, client, key)

    @admin.action(description=gettext_lazy("Rotate key (shows the new key once)"))
    def rotate_key(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        actor = _actor(request)
        for client in queryset:
            try:
                key = rotate_api_key(actor=actor, client=client)
            except ClientRevoked:
                message = _("%(name)s is revoked; its key was not rotated.")
                messages.warning(request, message % {"name": client.name})
                continue
            _show_key(request, client, key)

    @admin.action(description=gettext_lazy("Revoke (the key stops working)"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        actor = _actor(request)
        revoked = [client for client in queryset if client.active]
        for client in revoked:
            revoke_api_client(actor=actor, client=client)

        message = ngettext(
            "Revoked %(count)d API client.",
            "Revoked %(count)d API clients.",
            len(revoked),
        )
        messages.success(request, message % {"count": len(revoked)})


def _actor(request: HttpRequest) -> Actor:
    # The admin lets only signed-in staff this far.
    user = request.user
    assert not isinstance(user, AnonymousUser)
    return Actor.for_user(user)


def _take_saved(obj: ApiClient, saved: ApiClient) -> None:
    """Make the admin's unsaved ``obj`` the row the action saved, so that
    the admin's log entry and redirect refer to it."""
    for field in ApiClient._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state = saved._state


def _show_key(request: HttpRequest, client: ApiClient, key: str) -> None:
    message = _(
        "The key of %(name)s is %(key)s — copy it now: it is shown only "
        "this once and cannot be recovered."
    )
    messages.warning(request, message % {"name": client.name, "key": key})
