"""What the stored calendars accept and refuse."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from civic311.calendars.models import BusinessCalendar, ClosureDay, WorkingHours
from civic311.catalog.models import Department
from tests.calendars.conftest import make_calendar_row

pytestmark = pytest.mark.django_db


def test_the_city_has_at_most_one_default_calendar() -> None:
    make_calendar_row("City Hall")

    with pytest.raises(IntegrityError), transaction.atomic():
        BusinessCalendar.objects.create(name="Second default")

    assert BusinessCalendar.objects.filter(department__isnull=True).count() == 1


def test_a_second_default_is_refused_with_a_message() -> None:
    make_calendar_row("City Hall")

    with pytest.raises(ValidationError) as refused:
        BusinessCalendar(name="Second default").full_clean()

    assert "already has a default calendar" in str(refused.value)


def test_departments_each_have_their_own_calendar(
    streets: Department, parks: Department
) -> None:
    make_calendar_row("City Hall")
    make_calendar_row("Yard", streets)
    make_calendar_row("Greenhouse", parks)

    assert BusinessCalendar.objects.count() == 3
    assert streets.calendar.name == "Yard"


def test_hours_must_open_before_they_close() -> None:
    calendar = make_calendar_row("City Hall")
    backwards = WorkingHours(
        calendar=calendar, weekday=0, opens=time(17), closes=time(8)
    )

    with pytest.raises(ValidationError) as refused:
        backwards.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        backwards.save()

    assert "closes" in refused.value.message_dict
    assert not WorkingHours.objects.exists()


def test_hours_may_close_at_midnight() -> None:
    calendar = make_calendar_row("Night shift")
    late = WorkingHours(calendar=calendar, weekday=4, opens=time(18), closes=time(0))

    late.full_clean()
    late.save()

    assert str(late) == "Friday 18:00-00:00"


def test_a_calendar_is_closed_once_per_date(streets: Department) -> None:
    yard = make_calendar_row("Yard", streets)
    ClosureDay.objects.create(date=date(2026, 2, 2), reason="Snow day", calendar=yard)

    with pytest.raises(IntegrityError), transaction.atomic():
        ClosureDay.objects.create(date=date(2026, 2, 2), reason="Again", calendar=yard)

    assert ClosureDay.objects.count() == 1


def test_the_whole_city_is_closed_once_per_date() -> None:
    ClosureDay.objects.create(date=date(2026, 2, 2), reason="Snow day")

    with pytest.raises(ValidationError) as refused:
        ClosureDay(date=date(2026, 2, 2), reason="Again").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosureDay.objects.create(date=date(2026, 2, 2), reason="Again")

    assert "whole city is closed" in str(refused.value)
    assert ClosureDay.objects.count() == 1
