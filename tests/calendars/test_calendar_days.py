"""Timeframes in calendar days: the same local time N days later."""

from datetime import UTC, datetime

from civic311.calendars.clock import deadline
from tests.calendars.helpers import OFFICE, at, iso


def test_calendar_days_keep_the_time_of_day() -> None:
    due = deadline(at(2026, 3, 10, 14, 25), 3, "calendar_days", OFFICE)

    assert iso(due) == "2026-03-13T14:25:00-04:00"


def test_a_deadline_on_a_weekend_or_holiday_is_not_moved() -> None:
    weekend = deadline(at(2026, 3, 10, 14), 4, "calendar_days", OFFICE)
    holiday = deadline(at(2026, 7, 1, 9), 2, "calendar_days", OFFICE)

    assert iso(weekend) == "2026-03-14T14:00:00-04:00"
    assert iso(holiday) == "2026-07-03T09:00:00-04:00"


def test_spring_forward_keeps_the_local_time_in_23_hours() -> None:
    due = deadline(at(2026, 3, 7, 10), 1, "calendar_days", OFFICE)

    assert iso(due) == "2026-03-08T10:00:00-04:00"
    assert due.astimezone(UTC) == datetime(2026, 3, 8, 14, tzinfo=UTC)


def test_fall_back_keeps_the_local_time_in_25_hours() -> None:
    due = deadline(at(2026, 10, 31, 10), 1, "calendar_days", OFFICE)

    assert iso(due) == "2026-11-01T10:00:00-05:00"
    assert due.astimezone(UTC) == datetime(2026, 11, 1, 15, tzinfo=UTC)


def test_a_time_skipped_by_spring_forward_moves_on_by_the_gap() -> None:
    due = deadline(at(2026, 3, 7, 2, 30), 1, "calendar_days", OFFICE)

    assert iso(due) == "2026-03-08T03:30:00-04:00"


def test_a_time_repeated_by_fall_back_is_its_first_occurrence() -> None:
    due = deadline(at(2026, 10, 31, 1, 30), 1, "calendar_days", OFFICE)

    assert iso(due) == "2026-11-01T01:30:00-04:00"
    assert due.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_many_days_across_both_changes_keep_the_time_of_day() -> None:
    due = deadline(at(2026, 1, 15, 9), 300, "calendar_days", OFFICE)

    assert iso(due) == "2026-11-11T09:00:00-05:00"
