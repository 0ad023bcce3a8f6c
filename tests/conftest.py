import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from civic311.servicerequests import changes

# The named people and their departments, for every story.
pytest_plugins = ["tests.people"]


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    # Before any test: Django keeps each language's catalogue for the life
    # of the process, so one compiled after a test used Spanish is never
    # read, and `pytest` alone must work without `make`.
    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    # LocaleMiddleware leaves the last request's language active in the
    # thread, so a test calling an action directly would otherwise read
    # the previous test's language.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():  # type: ignore[no-untyped-def]
    # Each test rolls the change counter back, so an answer cached by an
    # earlier test could carry the same key as a fresh one.
    for cache in caches.all():
        cache.clear()
    changes.forget()
