"""System checks for dangerous settings. Ids are stable: docs/checks.md.

A setting that must stop a production server is an ordinary check, so that
every command runs it, ``civic311 serve`` included (Django skips ``deploy``
checks unless asked). Checks registered with ``deploy=True`` are advice that
``civic311 check --deploy`` gives before a site goes live.
"""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.http.request import split_domain_port, validate_host

from civic311.city import DEMO_PROFILE, load_profile

TAG = "civic311"
ENVIRONMENTS = ("development", "test", "staging", "production")
# Django's own rule for a key it considers strong enough.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5

UNKNOWN_ENVIRONMENT = "ENVIRONMENT is {value!r}, which is not one of {known}."
HOST_NOT_ALLOWED = "The host of SITE_URL, {host!r}, is not in ALLOWED_HOSTS."

AppConfigs = Sequence[AppConfig] | None


def _in_production() -> bool:
    return bool(settings.ENVIRONMENT == "production")


@register(Tags.security, TAG)
def check_debug_in_production(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    if not (settings.DEBUG and _in_production()):
        return []
    return [
        Error(
            "DEBUG is on while ENVIRONMENT is production.",
            hint="Error pages would show settings and code to anyone. "
            "Unset DEBUG, or set ENVIRONMENT=development on a test machine.",
            id="civic311.E001",
        )
    ]


@register(Tags.security, TAG)
def check_secret_key(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    if settings.DEBUG or not _weak_secret_key(str(settings.SECRET_KEY)):
        return []
    return [
        Error(
            "SECRET_KEY is too short or looks like a placeholder.",
            hint="Sessions, password resets and signed links depend on it. "
            "Generate one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'",
            id="civic311.E002",
        )
    ]


def _weak_secret_key(key: str) -> bool:
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or "insecure" in key.lower()
    )


@register(Tags.security, TAG)
def check_site_url(app_configs: AppConfigs = None, **kwargs: Any) -> list[CheckMessage]:
    if not _in_production() or str(settings.SITE_URL).startswith("https://"):
        return []
    return [
        Error(
            "SITE_URL does not start with https:// while ENVIRONMENT is production.",
            hint="Links sent to residents would travel unencrypted, and "
            "session and CSRF cookies are only marked secure for an https "
            "SITE_URL.",
            id="civic311.E003",
        )
    ]


@register(TAG)
def check_media_max_bytes(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    limit = settings.MEDIA_MAX_BYTES
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return []
    return [
        Error(
            "MEDIA_MAX_BYTES must be a positive number of bytes.",
            hint="It limits each uploaded photo; the default is 10485760 (10 MiB).",
            id="civic311.E004",
        )
    ]


@register(TAG)
def check_environment(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    if settings.ENVIRONMENT in ENVIRONMENTS:
        return []
    return [
        Error(
            UNKNOWN_ENVIRONMENT.format(
                value=settings.ENVIRONMENT, known=", ".join(ENVIRONMENTS)
            ),
            hint="A misspelt name would skip the production checks and the "
            "staging guard alike.",
            id="civic311.E005",
        )
    ]


@register(Tags.database, TAG, deploy=True)
def check_sqlite_in_production(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if not _in_production() or not engine.endswith("sqlite3"):
        return []
    return [
        Warning(
            "The database is SQLite while ENVIRONMENT is production.",
            hint="SQLite serves a small city well on one machine. Back up "
            "the file, and move to PostgreSQL (DATABASE_URL) for several "
            "machines or heavy traffic.",
            id="civic311.W001",
        )
    ]


@register(Tags.security, TAG)
def check_allowed_hosts(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    if settings.DEBUG or "*" not in settings.ALLOWED_HOSTS:
        return []
    return [
        Warning(
            'ALLOWED_HOSTS contains "*".',
            hint="Any Host header is then accepted, so links the site builds "
            "(password resets among them) can point to a forged host. List "
            "the site's host names instead.",
            id="civic311.W002",
        )
    ]


@register(TAG)
def check_city_profile(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    if not _in_production():
        return []

    demo = load_profile(DEMO_PROFILE)
    if demo != settings.CITY:
        return []
    return [
        Warning(
            "The demo city profile is in use while ENVIRONMENT is production.",
            hint="Residents would see the demo city's name and phone numbers. "
            "Set CITY_PROFILE to the city's own profile.",
            id="civic311.W003",
        )
    ]


@register(Tags.files, TAG, deploy=True)
def check_serve_media(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    if not _in_production() or not settings.SERVE_MEDIA:
        return []
    return [
        Warning(
            "Uploaded photos are served by the application (SERVE_MEDIA is "
            "on) while ENVIRONMENT is production.",
            hint="Each photo then ties up a worker. Let the web server or "
            "object store in front serve MEDIA_ROOT, and set SERVE_MEDIA=0.",
            id="civic311.W004",
        )
    ]


@register(Tags.security, TAG)
def check_site_url_host(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    host, _port = split_domain_port(urlsplit(str(settings.SITE_URL)).netloc)
    if settings.DEBUG or validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            HOST_NOT_ALLOWED.format(host=host),
            hint="Links the site sends out would lead to a page that "
            "answers 400 Bad Request.",
            id="civic311.W005",
        )
    ]


OSM_TILES = "tile.openstreetmap.org"


@register(TAG, deploy=True)
def check_map_tiles(
    app_configs: AppConfigs = None, **kwargs: Any
) -> list[CheckMessage]:
    if not _in_production() or OSM_TILES not in settings.MAP_TILES:
        return []
    return [
        Warning(
            "Map tiles come from OpenStreetMap's own tile servers while "
            "ENVIRONMENT is production.",
            hint="Those servers are for light use only and may block a busy "
            "site. Set MAP_TILES (or the profile's [map] tiles) to the city's "
            "GIS server or a tile provider it has an agreement with.",
            id="civic311.W006",
        )
    ]
