"""Address search and "use my location", for the report form's script.

Both answer JSON: ``{"results": [...]}``; or ``{"error": message}``, in
the resident's language, with 400 for a question that cannot be asked and
503 when no geocoder answers, so that the form falls back to the address
the resident types.
"""

from dataclasses import asdict

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from civic311.geography import geocoding
from civic311.geography.geocoding import GeocodingUnavailable, Place
from civic311.geography.shapes import on_the_map
from civic311.portal.pages import language

MIN_QUERY = 3
MAX_QUERY = 200
# Answers are the same for everyone, but they follow what one resident
# typed: no shared cache should keep them.
BROWSER_CACHE_SECONDS = 60 * 60


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    text = " ".join(request.GET.get("q", "").split())
    problem = _query_problem(text)
    if problem:
        return _error(problem, 400)

    try:
        places = geocoding.search(text, language())
    except GeocodingUnavailable:
        return _unavailable()
    return _results(places)


@require_GET
def reverse(request: HttpRequest) -> JsonResponse:
    point = _point(request.GET.get("lat", ""), request.GET.get("long", ""))
    if point is None:
        message = _("That is not a place on the map. Type the address instead.")
        return _error(message, 400)

    try:
        places = geocoding.reverse(*point, language())
    except GeocodingUnavailable:
        return _unavailable()
    return _results(places)


def _query_problem(text: str) -> str:
    if not text:
        return _("Type an address to search for.")
    if len(text) < MIN_QUERY:
        return ngettext(
            "Type at least %(count)d character.",
            "Type at least %(count)d characters.",
            MIN_QUERY,
        ) % {"count": MIN_QUERY}
    if len(text) > MAX_QUERY:
        return ngettext(
            "Type at most %(count)d character.",
            "Type at most %(count)d characters.",
            MAX_QUERY,
        ) % {"count": MAX_QUERY}
    return ""


def _point(lat: str, long: str) -> tuple[float, float] | None:
    try:
        point = float(lat), float(long)
    except ValueError:
        return None
    return point if on_the_map(*point) else None


def _results(places: list[Place]) -> JsonResponse:
    response = JsonResponse({"results": [asdict(place) for place in places]})
    patch_cache_control(response, private=True, max_age=BROWSER_CACHE_SECONDS)
    return response


def _unavailable() -> JsonResponse:
    message = _("Address search is not available right now. Type the address instead.")
    return _error(message, 503)


def _error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    patch_cache_control(response, no_store=True)
    return response
