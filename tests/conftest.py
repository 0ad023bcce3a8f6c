import pytest
from django.core.cache import caches
from django.db import connection

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
