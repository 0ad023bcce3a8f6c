"""Addresses to points and points to addresses, from the geocoders the city
profile lists.

Geocoders are asked in the profile's order. One that cannot be reached or
answers nonsense is passed over for the next; when none answers, callers
get ``GeocodingUnavailable`` and residents type the address instead. An
empty answer is an answer. Answers are kept for a day: addresses do not
move, and free geocoders ask to be used lightly.

What residents type and where they stand never reaches a log line or a
cache key in the clear: logs name the geocoder and how it failed, keys are
hashes.
"""

import hashlib
import http.client
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.cache import cache

from civic311.city import Geocoder
from civic311.geography.jurisdiction import locate
from civic311.geography.shapes import on_the_map

logger = logging.getLogger(__name__)

CACHE_SECONDS = 24 * 60 * 60
MAX_RESULTS = 5
MAX_ANSWER_BYTES = 1_000_000
# Five decimals is about a metre: points that close share an answer.
POINT_DECIMALS = 5


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    long: float
    zipcode: str  # "" when the geocoder gave none
    inside: bool  # the city's own, by its jurisdiction check


class GeocodingUnavailable(Exception):
    """No geocoder is on, or none of them answered."""


class _Failed(Exception):
    """A geocoder gave no usable answer; ``kind`` says how, for the log."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


_Ask = Callable[[], list[Place]]


def search(text: str, language: str) -> list[Place]:
    """Places matching ``text``, best first, labelled in ``language`` where
    the geocoder can. Raises GeocodingUnavailable."""
    text = " ".join(text.split())
    asks = [
        (geocoder, partial(_SEARCH[geocoder.kind], geocoder, text, language))
        for geocoder in _geocoders()
        if geocoder.kind in _SEARCH
    ]
    return _first_answer(("search", text.casefold(), language), asks)


def reverse(lat: float, long: float, language: str) -> list[Place]:
    """The address at a point: one place, or none when the geocoder knows
    no address there. Raises GeocodingUnavailable."""
    lat, long = round(lat, POINT_DECIMALS), round(long, POINT_DECIMALS)
    asks = [
        (geocoder, partial(_REVERSE[geocoder.kind], geocoder, lat, long, language))
        for geocoder in _geocoders()
        if geocoder.kind in _REVERSE
    ]
    return _first_answer(("reverse", f"{lat},{long}", language), asks)


def _geocoders() -> tuple[Geocoder, ...]:
    if not settings.GEOCODING_ENABLED:
        return ()
    geocoders: tuple[Geocoder, ...] = settings.CITY.geocoders
    return geocoders


def _first_answer(
    question: tuple[str, str, str], asks: Sequence[tuple[Geocoder, _Ask]]
) -> list[Place]:
    key = "geocoding:" + hashlib.sha256(json.dumps(question).encode()).hexdigest()
    cached: list[Place] | None = cache.get(key)
    if cached is not None:
        return cached

    for geocoder, ask in asks:
        try:
            places = ask()
        except _Failed as failure:
            logger.warning("geocoder %s failed: %s", _name(geocoder), failure.kind)
            continue
        cache.set(key, places, CACHE_SECONDS)
        return places
    raise GeocodingUnavailable


def _name(geocoder: Geocoder) -> str:
    # The host only: a URL may carry an API key.
    return f"{geocoder.kind} at {urlsplit(geocoder.url).hostname}"


# Asking ---------------------------------------------------------------------


def _get_json(
    geocoder: Geocoder, path: str, query: dict[str, str], language: str
) -> Any:
    """The JSON a geocoder answers; raises _Failed for anything but a 200
    with JSON in it."""
    headers = {
        "User-Agent": _user_agent(),
        "Accept": "application/json",
        "Accept-Language": language,
    }
    # The profile lets only http and https URLs through (S310).
    url = f"{geocoder.url}/{path}?{urlencode(query)}"
    request = Request(url, headers=headers)  # noqa: S310
    try:
        with urlopen(request, timeout=geocoder.timeout) as response:  # noqa: S310
            status = response.status
            body = response.read(MAX_ANSWER_BYTES + 1)
    except HTTPError as error:
        error.close()
        raise _Failed(f"status {error.code}") from None
    except URLError as error:
        raise _Failed(_unreachable(error.reason)) from None
    except (OSError, http.client.HTTPException) as error:
        raise _Failed(_unreachable(error)) from None

    if status != 200:
        raise _Failed(f"status {status}")
    if len(body) > MAX_ANSWER_BYTES:
        raise _Failed("answer too large")
    try:
        return json.loads(body)
    except ValueError:
        raise _Failed("answer not JSON") from None


def _unreachable(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timeout"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return "unreachable"


def _user_agent() -> str:
    """Who is asking, as Nominatim's usage policy requires."""
    city = settings.CITY.full_name
    return f"civic311 ({city} 311; {settings.SITE_URL})"


def _place(label: str, lat: float, long: float, zipcode: str) -> Place:
    if not on_the_map(lat, long):
        raise ValueError("a point off the map")
    inside = locate(lat, long).inside
    return Place(label.strip(), lat, long, zipcode.strip(), inside)


def _parsed(read: Callable[[Any], list[Place]], answer: Any) -> list[Place]:
    try:
        return read(answer)[:MAX_RESULTS]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _Failed("answer not understood") from None


# Nominatim ------------------------------------------------------------------


def _nominatim_search(geocoder: Geocoder, text: str, language: str) -> list[Place]:
    query = {
        "format": "jsonv2",
        "q": text,
        "limit": str(MAX_RESULTS),
        "addressdetails": "1",
        "countrycodes": "us",
    }
    south, west, north, east = settings.CITY.map_bbox
    if south < north and west < east:
        query |= {"viewbox": f"{west},{north},{east},{south}", "bounded": "1"}
    answer = _get_json(geocoder, "search", query, language)
    return _parsed(_nominatim_places, answer)


def _nominatim_reverse(
    geocoder: Geocoder, lat: float, long: float, language: str
) -> list[Place]:
    query = {
        "format": "jsonv2",
        "lat": str(lat),
        "lon": str(long),
        "addressdetails": "1",
    }
    answer = _get_json(geocoder, "reverse", query, language)
    if isinstance(answer, dict) and "error" in answer:
        return []  # Nominatim's way of saying there is no address here
    return _parsed(_nominatim_places, [answer])


def _nominatim_places(answer: Any) -> list[Place]:
    if not isinstance(answer, list):
        raise TypeError("not a list")
    return [_nominatim_place(item) for item in answer]


def _nominatim_place(item: dict[str, Any]) -> Place:
    """A short label, as a resident would write the address: the place's
    name, the street address and the town, not the whole display name."""
    address = item.get("address") or {}
    street = " ".join(filter(None, (address.get("house_number"), address.get("road"))))
    town = next(
        (address[part] for part in ("city", "town", "village") if address.get(part)),
        "",
    )
    parts = dict.fromkeys(p for p in (item.get("name"), street, town) if p)
    label = ", ".join(map(str, parts)) or str(item["display_name"])
    zipcode = str(address.get("postcode", "")).split(";")[0]
    return _place(label, float(item["lat"]), float(item["lon"]), zipcode)


# The Census Bureau ----------------------------------------------------------


def _census_search(geocoder: Geocoder, text: str, language: str) -> list[Place]:
    query = {"address": text, "benchmark": "Public_AR_Current", "format": "json"}
    answer = _get_json(geocoder, "locations/onelineaddress", query, language)
    return _parsed(_census_places, answer)


def _census_places(answer: Any) -> list[Place]:
    matches = answer["result"]["addressMatches"]
    if not isinstance(matches, list):
        raise TypeError("not a list")
    return [
        _place(
            str(match["matchedAddress"]),
            float(match["coordinates"]["y"]),
            float(match["coordinates"]["x"]),
            str(match.get("addressComponents", {}).get("zip", "")),
        )
        for match in matches
    ]


_SEARCH: dict[str, Callable[[Geocoder, str, str], list[Place]]] = {
    "nominatim": _nominatim_search,
    "census": _census_search,
}
# The Census Bureau's geocoder has no address lookup for a point.
_REVERSE: dict[str, Callable[[Geocoder, float, float, str], list[Place]]] = {
    "nominatim": _nominatim_reverse,
}
