"""Which calendar a department's deadlines are counted on, and the
deadline a request of a service gets."""

import dataclasses
import logging
from datetime import date, time

import pytest
import time_machine
from django.conf import LazySettings
from pytest_django import DjangoAssertNumQueries

from civic311.calendars.clock import Span, fallback_calendar
from civic311.calendars.models import ClosureDay
from civic311.calendars.queries import calendar_for, deadline_for
from civic311.catalog.models import Department, Service
from tests.calendars.conftest import make_calendar_row, office_hours
from tests.calendars.helpers import at, iso

pytestmark = pytest.mark.django_db

SEVEN_TO_THREE = (Span(time(7), time(15)),)
NINE_TO_FIVE = (Span(time(9), time(17)),)


def test_without_any_calendar_the_fallback_has_the_citys_zone_and_holidays(
    streets: Department,
) -> None:
    expected = fallback_calendar(
        "America/New_York", holiday_country="US", holiday_subdivision="VA"
    )

    assert calendar_for(streets) == expected


def test_the_default_calendar_serves_departments_without_their_own(
    streets: Department,
) -> None:
    make_calendar_row("City Hall", hours=office_hours(time(9), time(17)))

    calendar = calendar_for(streets)

    assert calendar.week == (NINE_TO_FIVE,) * 5 + ((), ())
    assert calendar.holiday_subdivision == "VA"


def test_a_departments_own_calendar_wins_over_the_default(
    streets: Department, parks: Department
) -> None:
    make_calendar_row("City Hall", hours=office_hours(time(9), time(17)))
    make_calendar_row("Yard", streets, office_hours(time(7), time(15)))

    assert calendar_for(streets).week[0] == SEVEN_TO_THREE
    assert calendar_for(parks).week[0] == NINE_TO_FIVE
    assert calendar_for(None).week[0] == NINE_TO_FIVE


def test_a_calendar_that_ignores_holidays_works_on_them(streets: Department) -> None:
    make_calendar_row(
        "Yard", streets, office_hours(time(7), time(15)), observes_holidays=False
    )

    calendar = calendar_for(streets)

    assert calendar.is_working_day(date(2026, 7, 3))
    assert calendar.holiday_country == ""


def test_a_citywide_closure_closes_every_calendar_the_fallback_too(
    streets: Department, parks: Department
) -> None:
    make_calendar_row("Yard", streets, office_hours(time(7), time(15)))
    ClosureDay.objects.create(date=date(2026, 2, 2), reason="Snow day")

    assert not calendar_for(streets).is_working_day(date(2026, 2, 2))
    assert not calendar_for(parks).is_working_day(date(2026, 2, 2))


def test_a_departments_closure_closes_only_its_calendar(
    streets: Department, parks: Department
) -> None:
    yard = make_calendar_row("Yard", streets, office_hours(time(7), time(15)))
    ClosureDay.objects.create(date=date(2026, 2, 3), reason="Move", calendar=yard)

    assert not calendar_for(streets).is_working_day(date(2026, 2, 3))
    assert calendar_for(parks).is_working_day(date(2026, 2, 3))


def test_a_calendar_is_read_in_three_queries(
    streets: Department, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    make_calendar_row("City Hall", hours=office_hours(time(9), time(17)))
    make_calendar_row("Yard", streets, office_hours(time(7), time(15)))
    ClosureDay.objects.create(date=date(2026, 2, 2), reason="Snow day")

    with django_assert_num_queries(3):
        calendar_for(streets)


def test_the_fallback_is_read_in_two_queries(
    streets: Department, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(2):
        calendar_for(streets)


def test_a_service_without_a_timeframe_has_no_deadline(streets: Department) -> None:
    service = Service.objects.create(
        service_code="question", service_name="Question", department=streets
    )

    assert deadline_for(service, streets, at(2026, 3, 10, 10)) is None


def test_the_deadline_is_counted_on_the_departments_calendar(
    pothole: Service, streets: Department, parks: Department
) -> None:
    make_calendar_row("Yard", streets, office_hours(time(7), time(15)))
    filed = at(2026, 3, 10, 10)

    on_yard = deadline_for(pothole, streets, filed)
    on_fallback = deadline_for(pothole, parks, filed)

    assert on_yard is not None and on_fallback is not None
    assert iso(on_yard) == "2026-03-12T15:00:00-04:00"
    assert iso(on_fallback) == "2026-03-12T17:00:00-04:00"


def test_a_snow_day_added_by_an_administrator_moves_the_deadline(
    pothole: Service, streets: Department
) -> None:
    filed = at(2026, 2, 2, 10)  # Monday
    before = deadline_for(pothole, streets, filed)

    ClosureDay.objects.create(date=date(2026, 2, 3), reason="Snow day")
    after = deadline_for(pothole, streets, filed)

    assert before is not None and after is not None
    assert iso(before) == "2026-02-04T17:00:00-05:00"
    assert iso(after) == "2026-02-05T17:00:00-05:00"


def test_the_citys_time_zone_is_the_calendars(
    pothole: Service, streets: Department, settings: LazySettings
) -> None:
    settings.CITY = dataclasses.replace(settings.CITY, time_zone="America/Chicago")

    due = deadline_for(pothole, streets, at(2026, 3, 10, 10))  # 09:00 in Chicago

    assert due is not None
    assert iso(due) == "2026-03-12T17:00:00-05:00"


def test_an_open_pause_counts_until_the_frozen_now(
    streets: Department,
) -> None:
    service = Service.objects.create(
        service_code="sign",
        service_name="Sign",
        department=streets,
        timeframe_value=8,
        timeframe_unit="business_hours",
        pause_clock_on_hold=True,
    )
    pauses = [(at(2026, 3, 9, 11), None)]

    with time_machine.travel(at(2026, 3, 11, 14), tick=False):
        due = deadline_for(service, streets, at(2026, 3, 9, 9), pauses)

    assert due is not None
    assert iso(due) == "2026-03-12T11:00:00-04:00"


def test_a_calendar_without_hours_gives_no_deadline_and_a_warning(
    pothole: Service, streets: Department, caplog: pytest.LogCaptureFixture
) -> None:
    make_calendar_row("Empty", streets)

    with caplog.at_level(logging.WARNING, logger="civic311.calendars.queries"):
        due = deadline_for(pothole, streets, at(2026, 3, 10, 10))

    assert due is None
    assert "pothole" in caplog.text
    assert "tes" in caplog.text
