"""The city every story is told in: two departments and one person in
each role.

Transportation (``tes``) fixes potholes; Parks looks after trees. Tess
works in Transportation and Maya manages it; Pat works in Parks and Paula
manages it. Alex takes 311 calls, Erin is the deputy city manager, Ada
administers the site. Rita is a resident with an account but no role.

``tests/conftest.py`` makes these fixtures available to every test.
"""

import pytest
from django.contrib.auth.models import User

from civic311.catalog.models import Department, Service
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
        keywords="hole, road, asphalt",
        department=streets,
        timeframe_value=3,
        timeframe_unit="business_days",
    )


@pytest.fixture
def tree(parks: Department) -> Service:
    return make_service(
        service_code="tree", service_name="Fallen tree", department=parks
    )


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
def paula(parks: Department) -> User:
    return make_staff(Role.MANAGER, parks, username="paula")


@pytest.fixture
def alex(db: None) -> User:
    return make_staff(Role.AGENT, username="alex")


@pytest.fixture
def erin(db: None) -> User:
    return make_staff(Role.EXECUTIVE, username="erin")


@pytest.fixture
def ada(db: None) -> User:
    return make_staff(Role.ADMINISTRATOR, username="ada")


@pytest.fixture
def rita(db: None) -> User:
    return User.objects.create_user(username="rita", password="x")
