"""Calendars and moments shared by the clock tests.

The dates are in 2026 in the demo city's zone, America/New_York: clocks go
forward on Sunday 8 March and back on Sunday 1 November, and Independence
Day falls on a Saturday, so it is observed on Friday 3 July.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from civic311.calendars.clock import Calendar, fallback_calendar, make_calendar

ZONE = "America/New_York"
NEW_YORK = ZoneInfo(ZONE)

# Monday to Friday, 08:00 to 17:00, with U.S. and Virginia holidays.
OFFICE = fallback_calendar(ZONE, holiday_country="US", holiday_subdivision="VA")

# The same days with an hour for lunch.
WITH_LUNCH = make_calendar(
    ZONE,
    [(day, time(8), time(12)) for day in range(5)]
    + [(day, time(13), time(17)) for day in range(5)],
    holiday_country="US",
    holiday_subdivision="VA",
)

# Every hour of every day: elapsed time, for watching the clock change.
AROUND_THE_CLOCK = make_calendar(ZONE, [(day, time(0), time(0)) for day in range(7)])


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local wall-clock moment in New York."""
    return datetime(year, month, day, hour, minute, tzinfo=NEW_YORK)


def iso(moment: datetime) -> str:
    """Exact text of a moment, offset included, so that a deadline an hour
    off across a clock change cannot pass for the right one."""
    return moment.isoformat()


def without_holidays(calendar: Calendar) -> Calendar:
    return Calendar(time_zone=calendar.time_zone, week=calendar.week)
