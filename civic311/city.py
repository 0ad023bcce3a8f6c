"""The city profile: everything that differs from one city to the next.

A profile is a TOML file. Settings load it once, at start-up; code reads it
through ``settings.CITY`` so that no module branches on which city it serves.
"""

import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from civic311.geography.profile import Geography, read_geography

DEMO_PROFILE = Path(__file__).parent / "cities" / "alexandria-va.toml"
# What civic311.geography.geocoding knows how to ask.
GEOCODER_KINDS = ("nominatim", "census")


class ProfileError(ValueError):
    """The profile file is missing, unreadable or incomplete."""


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[int, ...]
    opens: time
    closes: time


@dataclass(frozen=True)
class Endpoint:
    """Another GeoReport endpoint of the city, listed in discovery."""

    url: str
    type: str


@dataclass(frozen=True)
class Geocoder:
    """A geocoding service the portal asks for addresses and points.

    ``timeout`` is in seconds; it bounds the wait for the connection and
    for each read, so a dead service costs a resident that long at most
    before the next one is asked.
    """

    kind: str
    url: str
    timeout: float = 3.0


@dataclass(frozen=True)
class CityProfile:
    name: str
    full_name: str
    jurisdiction_id: str
    time_zone: str
    website: str
    default_language: str
    open311_contact: str
    open311_key_service: str
    phone_number: str
    emergency_number: str
    police_non_emergency: str
    phone_hours: tuple[OpeningHours, ...] = ()
    map_center: tuple[float, float] = (0.0, 0.0)
    map_bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    # A tile URL template ({z}/{x}/{y}) and the credit its provider asks
    # for; without one, maps show the points on a blank background.
    map_tiles: str = ""
    map_attribution: str = ""
    open311_endpoints: tuple[Endpoint, ...] = ()
    # Public holidays, as the ``holidays`` package names them: a country
    # code and, optionally, a state or province.
    holiday_country: str = "US"
    holiday_subdivision: str = ""
    geography: Geography = field(default_factory=Geography)
    # Asked in this order; with none, residents type the address.
    geocoders: tuple[Geocoder, ...] = ()


def load_profile(path: Path) -> CityProfile:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"cannot read city profile {path}: {error}") from error

    try:
        profile = _build(data, path.parent)
    except (KeyError, TypeError, ValueError) as error:
        raise ProfileError(f"city profile {path} is incomplete: {error}") from error

    try:
        ZoneInfo(profile.time_zone)
    except ZoneInfoNotFoundError as error:
        raise ProfileError(f"unknown time zone {profile.time_zone!r}") from error
    return profile


def _build(data: dict, base: Path) -> CityProfile:  # type: ignore[type-arg]
    phone = data["phone"]
    hours = tuple(
        OpeningHours(
            days=tuple(int(day) for day in block["days"]),
            opens=time.fromisoformat(block["opens"]),
            closes=time.fromisoformat(block["closes"]),
        )
        for block in phone.get("hours", [])
    )
    map_data = data.get("map", {})
    holidays = data.get("holidays", {})
    return CityProfile(
        name=data["name"],
        full_name=data.get("full_name", data["name"]),
        jurisdiction_id=data["jurisdiction_id"],
        time_zone=data["time_zone"],
        website=data.get("website", ""),
        default_language=data.get("default_language", "en"),
        open311_contact=data["open311"]["contact"],
        open311_key_service=data["open311"]["key_service"],
        phone_number=phone["number"],
        emergency_number=phone.get("emergency_number", "911"),
        police_non_emergency=phone.get("police_non_emergency", ""),
        phone_hours=hours,
        map_center=tuple(map_data.get("center", (0.0, 0.0))),
        map_bbox=tuple(map_data.get("bbox", (0.0, 0.0, 0.0, 0.0))),
        map_tiles=str(map_data.get("tiles", "")),
        map_attribution=str(map_data.get("attribution", "")),
        holiday_country=str(holidays.get("country", "US")),
        holiday_subdivision=str(holidays.get("subdivision", "")),
        geography=read_geography(data.get("geography", {}), base),
        geocoders=_geocoders(data.get("geocoding", {})),
        open311_endpoints=tuple(
            Endpoint(url=item["url"].rstrip("/"), type=item["type"])
            for item in data["open311"].get("endpoints", [])
        ),
    )


def _geocoders(section: dict[str, Any]) -> tuple[Geocoder, ...]:
    return tuple(
        _geocoder(number, item)
        for number, item in enumerate(section.get("providers", ()), start=1)
    )


def _geocoder(number: int, item: dict[str, Any]) -> Geocoder:
    where = f"geocoding provider {number}"
    kind = item.get("kind")
    if kind not in GEOCODER_KINDS:
        known = ", ".join(GEOCODER_KINDS)
        raise ProfileError(f"{where} has kind {kind!r}; the kinds are {known}")

    url = item.get("url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise ProfileError(f"{where} needs a url starting with https://")

    timeout = item.get("timeout", 3.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise ProfileError(f"{where} has timeout {timeout!r}; give seconds")
    if not 0 < timeout <= 30:
        message = f"{where} has timeout {timeout!r}; give up to 30 seconds"
        raise ProfileError(message)
    return Geocoder(kind=kind, url=url.rstrip("/"), timeout=float(timeout))
