"""A city with two departments and one person in each role.

Transportation fixes potholes; Parks looks after trees. Tess works in
Transportation and Maya manages it; Pat works in Parks. Alex takes 311
calls, Erin is the deputy city manager, Ada administers the site.
"""

from typing import Any

import pytest
from django.contrib.auth.models import User

from civic311.catalog.models import Department, Service
from civic311.lib.actors import Actor
from civic311.people.models import Role
from tests.builders import make_department, make_service, make_staff


@pytest.fixture
def streets(db: None) -> Department:
    return make_department(slug="tes", name="Transportation")


@pytest.fixture
def parks(db: None) -> Department:
    return make_department(slug="parks", name="Parks")


@pytest.fixture
def pothole(streets: Department) -> Service:
    return make_service(
        service_code="pothole",
        service_name="Pothole",
        department=streets,
        timeframe_value=3,
        timeframe_unit="business_days",
    )


@pytest.fixture
def tree(parks: Department) -> Service:
    return make_service(service_code="tree", service_name="Tree", department=parks)


@pytest.fixture
def tess(streets: Department) -> User:
    return make_staff(Role.STAFF, streets, username="tess")


@pytest.fixture
def maya(streets: Department) -> User:
    return make_staff(Role.MANAGER, streets, username="maya")


@pytest.fixture
def pat(parks: Department) -> User:
    return make_staff(Role.STAFF, parks, username="pat")


@pytest.fixture
def alex(db: None) -> User:
    return make_staff(Role.AGENT, username="alex")


@pytest.fixture
def erin(db: None) -> User:
    return make_staff(Role.EXECUTIVE, username="erin")


@pytest.fixture
def ada(db: None) -> User:
    return make_staff(Role.ADMINISTRATOR, username="ada")


def actor(user: Any) -> Actor:
    return Actor.for_user(user)
