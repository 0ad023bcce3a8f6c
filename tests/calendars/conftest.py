"""Two departments of the demo city, with and without a calendar of their
own: Transportation fixes potholes, Parks looks after trees."""

from collections.abc import Iterable
from datetime import time

import pytest

from civic311.calendars.models import BusinessCalendar, WorkingHours
from civic311.catalog.models import Department, Service

WEEKDAYS = range(5)


def make_calendar_row(
    name: str,
    department: Department | None = None,
    hours: Iterable[tuple[int, time, time]] = (),
    **fields: object,
) -> BusinessCalendar:
    calendar = BusinessCalendar.objects.create(
        name=name, department=department, **fields
    )
    WorkingHours.objects.bulk_create(
        WorkingHours(calendar=calendar, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in hours
    )
    return calendar


def office_hours(opens: time, closes: time) -> list[tuple[int, time, time]]:
    return [(day, opens, closes) for day in WEEKDAYS]


@pytest.fixture
def streets(db: None) -> Department:
    return Department.objects.create(slug="tes", name="Transportation")


@pytest.fixture
def parks(db: None) -> Department:
    return Department.objects.create(slug="parks", name="Parks")


@pytest.fixture
def pothole(streets: Department) -> Service:
    return Service.objects.create(
        service_code="pothole",
        service_name="Pothole",
        department=streets,
        timeframe_value=2,
        timeframe_unit="business_days",
    )
