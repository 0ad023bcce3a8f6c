"""Who may open the console: signed-in city accounts with a role. Each
view is wrapped by ``console_view`` and acts as ``actor_of(request)``."""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_otp import user_has_device

from civic311.console.queries.phone import phone_line
from civic311.core.vendor import vendored
from civic311.lib.actors import Actor
from civic311.people.models import Role
from civic311.people.permissions import role_of

security = logging.getLogger("civic311.security")

View = Callable[..., HttpResponse]


def console_view(view: View) -> View:
    """Send anonymous visitors to the sign-in page, and refuse accounts
    without a role (a resident's, a crew account) with 403."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user_has_device(request.user) and not _verified(request):
            # Signed in some other way than with the app's code.
            return redirect_to_login(request.get_full_path())
        if role_of(request.user) is None:
            security.warning("console refused: account %s has no role", request.user.pk)
            return refused(request, _("Your account has no role in the console."))
        return view(request, *args, **kwargs)

    return wrapped


def _verified(request: HttpRequest) -> bool:
    """Whether this session signed in with the app's code (set by
    django-otp's middleware)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def actor_of(request: HttpRequest) -> Actor:
    return Actor.for_user(request.user)  # type: ignore[arg-type]


def role(request: HttpRequest) -> Role | None:
    return role_of(request.user)


def refused(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    return page(request, "console/refused.html", {"reason": reason}, status=status)


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a console page with what every page shows: the person's
    role, the city and the phone line."""
    base = {
        "role": role(request),
        "phone": phone_line(),
        "city": settings.CITY,
        "Role": Role,
        "map": map_settings(),
    }
    return render(request, template, {**base, **(context or {})}, status=status)


def map_settings() -> dict[str, object]:
    """What the map script needs; ``available`` is false when Leaflet was
    not installed, and the pages then show no map."""
    city = settings.CITY
    return {
        "available": vendored("leaflet"),
        "tiles": settings.MAP_TILES,
        "attribution": city.map_attribution,
        "center": list(city.map_center),
    }
