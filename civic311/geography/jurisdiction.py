"""Is this the city's? ``locate`` answers for every channel: inside, and in
which neighbourhood; or outside, and where the resident should go."""

import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from civic311.geography.profile import Elsewhere, Geography


@dataclass(frozen=True)
class Redirect:
    """Where a request that is not the city's belongs. ``message`` is in
    the language active when ``locate`` was called."""

    message: str
    to: Elsewhere | None = None


@dataclass(frozen=True)
class Place:
    inside: bool
    neighbourhood: str = ""  # a slug; empty when unknown
    area: str = ""
    redirect: Redirect | None = None
    # The ZIP code is not one at all; the caller says so as a problem.
    malformed_zip: bool = False


def locate(lat: float | None, long: float | None, zipcode: str = "") -> Place:
    """Where a request lies. A point decides when there is one; without
    one, the ZIP code does; with neither, the request is taken (its
    address cannot be checked without a geocoder)."""
    geography: Geography = settings.CITY.geography
    if lat is not None and long is not None:
        return _by_point(geography, lat, long)
    if zipcode.strip():
        return _by_zip(geography, zipcode.strip())
    return Place(inside=True)


def _by_point(geography: Geography, lat: float, long: float) -> Place:
    if not (math.isfinite(lat) and math.isfinite(long)):
        return Place(inside=False, redirect=Redirect(_outside()))
    if _in_city(geography, lat, long):
        return _neighbourhood(geography, lat, long)
    for other in geography.elsewhere:
        if other.holds(lat, long):
            return Place(inside=False, redirect=_redirect_to(other))
    return Place(inside=False, redirect=Redirect(_outside()))


def _in_city(geography: Geography, lat: float, long: float) -> bool:
    boundary = geography.boundary
    if boundary is None or boundary.covers(lat, long):
        return True
    tolerance = geography.tolerance_metres
    return tolerance > 0 and boundary.distance(lat, long) <= tolerance


def _neighbourhood(geography: Geography, lat: float, long: float) -> Place:
    """The neighbourhood that holds the point or, for a point just over
    the border that the tolerance let in, the nearest one."""
    neighbourhoods = geography.neighbourhoods
    for part in neighbourhoods:
        if part.shape.contains(lat, long):
            return Place(inside=True, neighbourhood=part.slug, area=part.area)
    if not neighbourhoods:
        return Place(inside=True)
    nearest = min(neighbourhoods, key=lambda part: part.shape.distance(lat, long))
    return Place(inside=True, neighbourhood=nearest.slug, area=nearest.area)


def _by_zip(geography: Geography, zipcode: str) -> Place:
    if not re.fullmatch(geography.zip_pattern, zipcode):
        return Place(inside=False, malformed_zip=True)
    five = zipcode[:5] if re.fullmatch(r"\d{5}-\d{4}", zipcode) else zipcode
    if not geography.zip_codes or geography.takes_zip(five):
        return Place(inside=True)
    for other in geography.elsewhere:
        if other.has_zip(five):
            return Place(inside=False, redirect=_redirect_to(other, five))
    message = _(
        "ZIP code %(zip)s is not in %(city)s; this service takes requests "
        "for %(city)s only."
    ) % {"zip": five, "city": settings.CITY.name}
    return Place(inside=False, redirect=Redirect(message))


def _redirect_to(other: Elsewhere, zipcode: str = "") -> Redirect:
    names = {"zip": zipcode, "other": other.name, "city": settings.CITY.name}
    if other.namesake and zipcode:
        message = _(
            "ZIP code %(zip)s belongs to %(other)s. This is the 311 service "
            "of a different %(city)s; please contact %(other)s instead."
        )
    elif other.namesake:
        message = _(
            "This place is in %(other)s. This is the 311 service of a "
            "different %(city)s; please contact %(other)s instead."
        )
    elif zipcode:
        message = _(
            "ZIP code %(zip)s is outside %(city)s, in %(other)s, which takes "
            "requests there."
        )
    else:
        message = _(
            "This place is outside %(city)s, in %(other)s, which takes requests there."
        )
    reach = _how_to_reach(other)
    return Redirect(" ".join(filter(None, (message % names, reach))), other)


def _how_to_reach(other: Elsewhere) -> str:
    if other.website and other.phone:
        return _("Reach it at %(website)s or %(phone)s.") % {
            "website": other.website,
            "phone": other.phone,
        }
    way = other.website or other.phone
    return _("Reach it at %(way)s.") % {"way": way} if way else ""


def _outside() -> str:
    return _(
        "This place is outside %(city)s; please contact the local government "
        "where it is."
    ) % {"city": settings.CITY.name}
