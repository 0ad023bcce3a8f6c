"""Each system check fires on the dangerous setting and stays quiet
otherwise (ids documented in docs/checks.md)."""

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.conf import settings
from django.core.checks import CheckMessage, run_checks
from django.test import override_settings

from civic311.city import DEMO_PROFILE, load_profile
from civic311.core import checks

STRONG_KEY = "k3y-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ" * 2
SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}
POSTGRES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}}

ignore_databases_warning = pytest.mark.filterwarnings(
    "ignore:Overriding setting DATABASES"
)


def ids(check: Callable[..., Iterable[CheckMessage]], **overrides: Any) -> list[str]:
    with override_settings(**overrides):
        return [message.id or "" for message in check()]


def test_debug_on_in_production_is_an_error():
    assert ids(
        checks.check_debug_in_production, DEBUG=True, ENVIRONMENT="production"
    ) == ["civic311.E001"]


@pytest.mark.parametrize(
    ("debug", "environment"),
    [(True, "development"), (True, "staging"), (False, "production")],
)
def test_debug_is_fine_outside_production_or_off(debug, environment):
    check = checks.check_debug_in_production
    assert ids(check, DEBUG=debug, ENVIRONMENT=environment) == []


@pytest.mark.parametrize(
    "key",
    [
        "too-short",
        "x" * 80,
        "django-insecure-" + STRONG_KEY,
        "insecure-development-key-never-use-in-production",
    ],
)
def test_a_weak_secret_key_is_an_error_outside_debug(key):
    check = checks.check_secret_key
    assert ids(check, DEBUG=False, SECRET_KEY=key) == ["civic311.E002"]


def test_a_strong_secret_key_passes_and_debug_accepts_any():
    check = checks.check_secret_key
    assert ids(check, DEBUG=False, SECRET_KEY=STRONG_KEY) == []
    assert ids(check, DEBUG=True, SECRET_KEY="too-short") == []


def test_a_plain_http_site_url_is_an_error_in_production():
    check = checks.check_site_url
    production = {"ENVIRONMENT": "production"}
    assert ids(check, SITE_URL="http://311.example.org", **production) == [
        "civic311.E003"
    ]
    assert ids(check, SITE_URL="https://311.example.org", **production) == []
    assert ids(check, SITE_URL="http://localhost:8000", ENVIRONMENT="staging") == []


@pytest.mark.parametrize("limit", [0, -1, "10485760", None, True])
def test_media_max_bytes_must_be_a_positive_number(limit):
    check = checks.check_media_max_bytes
    assert ids(check, MEDIA_MAX_BYTES=limit) == ["civic311.E004"]


def test_a_positive_media_max_bytes_passes():
    assert ids(checks.check_media_max_bytes, MEDIA_MAX_BYTES=1) == []


@pytest.mark.parametrize("environment", ["prod", "Production", ""])
def test_an_unknown_environment_is_an_error(environment):
    check = checks.check_environment
    assert ids(check, ENVIRONMENT=environment) == ["civic311.E005"]


@pytest.mark.parametrize("environment", checks.ENVIRONMENTS)
def test_the_known_environments_pass(environment):
    assert ids(checks.check_environment, ENVIRONMENT=environment) == []


@ignore_databases_warning
def test_sqlite_in_production_is_a_warning():
    check = checks.check_sqlite_in_production
    assert ids(check, ENVIRONMENT="production", DATABASES=SQLITE) == ["civic311.W001"]
    assert ids(check, ENVIRONMENT="production", DATABASES=POSTGRES) == []
    assert ids(check, ENVIRONMENT="development", DATABASES=SQLITE) == []


def test_a_wildcard_allowed_host_is_a_warning_outside_debug():
    check = checks.check_allowed_hosts
    assert ids(check, DEBUG=False, ALLOWED_HOSTS=["*"]) == ["civic311.W002"]
    assert ids(check, DEBUG=False, ALLOWED_HOSTS=["311.example.org"]) == []
    assert ids(check, DEBUG=True, ALLOWED_HOSTS=["*"]) == []


def test_the_demo_city_in_production_is_a_warning():
    demo = load_profile(DEMO_PROFILE)
    own = dataclasses.replace(demo, name="Elsewhere", jurisdiction_id="else.gov")
    check = checks.check_city_profile

    assert ids(check, ENVIRONMENT="production", CITY=demo) == ["civic311.W003"]
    assert ids(check, ENVIRONMENT="production", CITY=own) == []
    assert ids(check, ENVIRONMENT="development", CITY=demo) == []


def test_serving_media_from_the_application_in_production_is_a_warning():
    check = checks.check_serve_media
    production = {"ENVIRONMENT": "production"}
    assert ids(check, SERVE_MEDIA=True, **production) == ["civic311.W004"]
    assert ids(check, SERVE_MEDIA=False, **production) == []
    assert ids(check, SERVE_MEDIA=True, ENVIRONMENT="development") == []


def test_a_site_url_host_missing_from_allowed_hosts_is_a_warning():
    check = checks.check_site_url_host
    site = {"DEBUG": False, "SITE_URL": "https://311.example.org"}

    assert ids(check, ALLOWED_HOSTS=["localhost"], **site) == ["civic311.W005"]
    assert ids(check, ALLOWED_HOSTS=[".example.org"], **site) == []
    assert ids(check, DEBUG=True, ALLOWED_HOSTS=[], SITE_URL=site["SITE_URL"]) == []


def test_an_ipv6_site_url_matches_its_bracketed_allowed_host():
    check = checks.check_site_url_host
    site = {"DEBUG": False, "SITE_URL": "http://[::1]:8000"}
    assert ids(check, ALLOWED_HOSTS=["[::1]"], **site) == []


def test_openstreetmap_tiles_in_production_are_a_warning():
    osm = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    own = "https://gis.example.gov/tiles/{z}/{x}/{y}.png"

    assert ids(checks.check_map_tiles, ENVIRONMENT="production", MAP_TILES=osm) == [
        "civic311.W006"
    ]
    assert ids(checks.check_map_tiles, ENVIRONMENT="production", MAP_TILES=own) == []
    assert ids(checks.check_map_tiles, ENVIRONMENT="staging", MAP_TILES=osm) == []


def test_the_settings_the_suite_runs_with_raise_nothing():
    assert [message.id for message in run_checks(tags=["civic311"])] == []


@override_settings(DEBUG=True, ENVIRONMENT="production")
def test_dangerous_production_settings_fail_every_command_but_advice_waits():
    # Ordinary checks run before every command; deploy ones only on demand.
    everyday = {message.id for message in run_checks(tags=["civic311"])}
    deploy = {
        message.id
        for message in run_checks(tags=["civic311"], include_deployment_checks=True)
    }

    assert "civic311.E001" in everyday
    assert "civic311.W004" not in everyday
    assert settings.SERVE_MEDIA
    assert "civic311.W004" in deploy
