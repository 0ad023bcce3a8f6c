"""The resident portal's pages. Each parses the request, calls a query
and renders; none changes state."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation

from civic311.console.queries.phone import phone_line
from civic311.core.vendor import vendored
from civic311.portal import queries

MAX_NUMBER = 40


def _page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a portal page with what every page shows: the city, its
    phone line, and USWDS when it was installed."""
    base = {
        "city": settings.CITY,
        "phone": phone_line(),
        "uswds": vendored("uswds"),
    }
    return render(request, template, {**base, **(context or {})}, status=status)


def home(request: HttpRequest) -> HttpResponse:
    popular = queries.popular_services(translation.get_language())
    return _page(request, "portal/home.html", {"popular": popular})


def services(request: HttpRequest) -> HttpResponse:
    """Services matching ``q``; without it, every service by group."""
    language = translation.get_language()
    q = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"q": q}
    if q:
        context["matches"] = queries.matching_services(q, language)
    else:
        context["groups"] = queries.services_by_group(language)
    return _page(request, "portal/services.html", context)


def track_form(request: HttpRequest) -> HttpResponse:
    """The "Track a request" box: go to the request's page when the number
    is one, else say it was not found."""
    number = request.GET.get("id", "").strip()[:MAX_NUMBER]
    tracking = queries.tracked_request(number, translation.get_language())
    if tracking is None:
        return _not_found(request, number)
    return redirect("portal:track", public_id=tracking.public_id)


def track(request: HttpRequest, public_id: str) -> HttpResponse:
    tracking = queries.tracked_request(public_id, translation.get_language())
    if tracking is None:
        return _not_found(request, public_id)
    return _page(request, "portal/track.html", {"tracking": tracking})


def _not_found(request: HttpRequest, number: str) -> HttpResponse:
    context = {"number": number[:MAX_NUMBER]}
    return _page(request, "portal/not_found.html", context, status=404)
