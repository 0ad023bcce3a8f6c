"""Calendars and closure days as an administrator edits them.

Only the admin's URLs are loaded, so these tests stand on their own.
"""

from datetime import date, time

import pytest
from django.test import Client
from django.urls import reverse

from civic311.calendars.models import BusinessCalendar, ClosureDay, WorkingHours
from civic311.catalog.models import Department
from tests.calendars.conftest import make_calendar_row, office_hours

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.calendars.admin_urls")]


def calendar_form(*hours: tuple[int, str, str]) -> dict[str, str | int]:
    data: dict[str, str | int] = {
        "name": "City Hall",
        "department": "",
        "observes_holidays": "on",
        "hours-TOTAL_FORMS": len(hours),
        "hours-INITIAL_FORMS": 0,
        "hours-MIN_NUM_FORMS": 0,
        "hours-MAX_NUM_FORMS": 1000,
    }
    for n, (weekday, opens, closes) in enumerate(hours):
        data[f"hours-{n}-weekday"] = weekday
        data[f"hours-{n}-opens"] = opens
        data[f"hours-{n}-closes"] = closes
    return data


def test_the_changelists_load(admin_client: Client, streets: Department) -> None:
    yard = make_calendar_row("Yard", streets, office_hours(time(7), time(15)))
    ClosureDay.objects.create(date=date(2026, 2, 2), reason="Snow day")
    ClosureDay.objects.create(date=date(2026, 2, 3), reason="Move", calendar=yard)

    calendars = admin_client.get(reverse("admin:calendars_businesscalendar_changelist"))
    closures = admin_client.get(reverse("admin:calendars_closureday_changelist"))
    page = admin_client.get(
        reverse("admin:calendars_businesscalendar_change", args=[yard.pk])
    )

    assert calendars.status_code == closures.status_code == page.status_code == 200
    assert "Yard" in calendars.content.decode()
    assert "Every calendar" in closures.content.decode()


def test_an_administrator_adds_a_calendar_with_a_lunch_break(
    admin_client: Client,
) -> None:
    form = calendar_form((0, "08:00", "12:00"), (0, "13:00", "17:00"))

    response = admin_client.post(reverse("admin:calendars_businesscalendar_add"), form)

    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get()
    spans = [(h.opens, h.closes) for h in calendar.hours.all()]
    assert spans == [(time(8), time(12)), (time(13), time(17))]


def test_overlapping_hours_are_refused(admin_client: Client) -> None:
    form = calendar_form((0, "08:00", "12:00"), (0, "11:00", "17:00"))

    response = admin_client.post(reverse("admin:calendars_businesscalendar_add"), form)

    assert response.status_code == 200
    assert "Working hours overlap on Monday." in response.content.decode()
    assert not BusinessCalendar.objects.exists()
    assert not WorkingHours.objects.exists()


def test_hours_that_close_before_they_open_are_refused(admin_client: Client) -> None:
    form = calendar_form((0, "17:00", "08:00"))

    response = admin_client.post(reverse("admin:calendars_businesscalendar_add"), form)

    assert response.status_code == 200
    assert "Closing must come after opening." in response.content.decode()
    assert not BusinessCalendar.objects.exists()


def test_an_administrator_closes_the_city_for_a_snow_day(
    admin_client: Client,
) -> None:
    response = admin_client.post(
        reverse("admin:calendars_closureday_add"),
        {"date": "2026-02-02", "reason": "Snow day", "calendar": ""},
    )

    assert response.status_code == 302
    closure = ClosureDay.objects.get()
    assert (closure.date, closure.calendar) == (date(2026, 2, 2), None)
