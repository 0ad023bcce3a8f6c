"""Reads of the stored calendars, turned into the clock's ``Calendar``."""

import logging
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from civic311.calendars.clock import (
    Calendar,
    NoWorkingTime,
    Pause,
    deadline,
    fallback_calendar,
    make_calendar,
)
from civic311.calendars.models import BusinessCalendar, ClosureDay
from civic311.catalog.models import Department, Service

logger = logging.getLogger(__name__)


def calendar_for(department: Department | None) -> Calendar:
    """The calendar a department's deadlines are counted on.

    The department's own calendar if it has one, else the city's default
    calendar, else the built-in fallback: Monday to Friday, 08:00 to 17:00.
    Every calendar is in the city's time zone and, unless it says it does
    not observe them, skips the city's public holidays
    (``settings.CITY.holiday_country`` and ``holiday_subdivision``).
    Closure days for the whole city apply to the fallback too.

    Three queries at most: the candidate calendars, their hours, and the
    closure days.
    """
    stored = _stored_calendar(department)
    closed = _closed_dates(stored)
    city = settings.CITY
    holidays = {
        "holiday_country": city.holiday_country,
        "holiday_subdivision": city.holiday_subdivision,
    }
    if stored is None:
        return fallback_calendar(city.time_zone, closed_dates=closed, **holidays)

    if not stored.observes_holidays:
        holidays = {"holiday_country": "", "holiday_subdivision": ""}
    hours = [(row.weekday, row.opens, row.closes) for row in stored.hours.all()]
    return make_calendar(city.time_zone, hours, closed_dates=closed, **holidays)


def _stored_calendar(department: Department | None) -> BusinessCalendar | None:
    # The department's calendar and the default come in one query; the
    # department's wins.
    wanted = Q(department__isnull=True)
    if department is not None:
        wanted |= Q(department=department)
    candidates = BusinessCalendar.objects.filter(wanted).prefetch_related("hours")
    ranked = sorted(candidates, key=lambda found: found.department_id is None)
    return ranked[0] if ranked else None


def _closed_dates(stored: BusinessCalendar | None) -> list[date]:
    wanted = Q(calendar__isnull=True)
    if stored is not None:
        wanted |= Q(calendar=stored)
    return list(ClosureDay.objects.filter(wanted).values_list("date", flat=True))


def deadline_for(
    service: Service,
    department: Department | None,
    start: datetime,
    pauses: Iterable[Pause] = (),
) -> datetime | None:
    """The ``expected_datetime`` of a request of ``service`` handled by
    ``department`` and started at ``start``; None when the service states
    no timeframe, or when its unit needs working hours that the calendar
    does not have (logged as a warning: the calendar needs fixing).

    ``pauses`` follow ``clock.deadline``: a pause still going on counts up
    to now, so the answer is the deadline if the clock started again now.
    """
    if service.timeframe_value is None:
        return None
    calendar = calendar_for(department)
    try:
        return deadline(
            start,
            service.timeframe_value,
            service.timeframe_unit,
            calendar,
            pauses=pauses,
            now=timezone.now(),
        )
    except NoWorkingTime:
        logger.warning(
            "no working hours to count service %s on for department %s",
            service.service_code,
            department.slug if department else "(default)",
        )
        return None
