"""Pauses: the clock stands still while a request waits on the resident."""

from datetime import timedelta

import pytest

from civic311.calendars.clock import add_business_time, deadline
from tests.calendars.helpers import OFFICE, at, iso

MONDAY_9 = at(2026, 3, 9, 9)


def test_a_pause_in_working_hours_moves_the_deadline_by_its_length() -> None:
    pause = (at(2026, 3, 9, 10), at(2026, 3, 9, 12))

    due = deadline(MONDAY_9, 8, "business_hours", OFFICE, pauses=[pause])

    assert iso(due) == "2026-03-10T10:00:00-04:00"


def test_only_the_working_time_inside_a_pause_counts() -> None:
    # Friday 16:00 to Monday 09:00: one working hour on each side.
    pause = (at(2026, 3, 13, 16), at(2026, 3, 16, 9))
    start = at(2026, 3, 13, 9)

    due = deadline(start, 9, "business_hours", OFFICE, pauses=[pause])

    assert iso(due) == "2026-03-16T11:00:00-04:00"


def test_a_pause_over_the_weekend_changes_nothing() -> None:
    pause = (at(2026, 3, 13, 18), at(2026, 3, 16, 7))

    paused = deadline(at(2026, 3, 13, 9), 2, "business_days", OFFICE, pauses=[pause])

    assert iso(paused) == "2026-03-17T17:00:00-04:00"


def test_a_pause_after_the_deadline_changes_nothing() -> None:
    pause = (at(2026, 3, 10, 9), at(2026, 3, 12, 9))

    due = deadline(MONDAY_9, 8, "business_hours", OFFICE, pauses=[pause])

    assert iso(due) == "2026-03-09T17:00:00-04:00"


def test_a_pause_before_the_start_counts_only_from_the_start() -> None:
    pause = (at(2026, 3, 6, 9), at(2026, 3, 9, 10))

    due = deadline(MONDAY_9, 2, "business_hours", OFFICE, pauses=[pause])

    assert iso(due) == "2026-03-09T12:00:00-04:00"


def test_overlapping_pauses_are_counted_once() -> None:
    pauses = [
        (at(2026, 3, 9, 11), at(2026, 3, 9, 13)),
        (at(2026, 3, 9, 10), at(2026, 3, 9, 12)),
    ]

    due = deadline(MONDAY_9, 4, "business_hours", OFFICE, pauses=pauses)

    assert iso(due) == "2026-03-09T16:00:00-04:00"


def test_a_pause_moves_a_business_days_deadline_by_working_time() -> None:
    # Due Tuesday at close; a three-hour pause on Tuesday morning.
    pause = (at(2026, 3, 10, 9), at(2026, 3, 10, 12))

    due = deadline(MONDAY_9, 1, "business_days", OFFICE, pauses=[pause])

    assert iso(due) == "2026-03-11T11:00:00-04:00"


def test_a_pause_moves_a_calendar_days_deadline_by_elapsed_time() -> None:
    pause = (at(2026, 3, 10, 9), at(2026, 3, 11, 15))

    due = deadline(MONDAY_9, 3, "calendar_days", OFFICE, pauses=[pause])

    assert iso(due) == "2026-03-13T15:00:00-04:00"


def test_an_open_pause_counts_until_now() -> None:
    # Two hours used before the pause; six are left when the clock starts
    # again on Wednesday at 14:00.
    pause = (at(2026, 3, 9, 11), None)

    due = deadline(
        MONDAY_9, 8, "business_hours", OFFICE, pauses=[pause], now=at(2026, 3, 11, 14)
    )

    assert iso(due) == "2026-03-12T11:00:00-04:00"


def test_an_open_pause_needs_the_current_time() -> None:
    with pytest.raises(ValueError, match="current time"):
        deadline(MONDAY_9, 8, "business_hours", OFFICE, pauses=[(MONDAY_9, None)])


def test_a_pause_cannot_end_before_it_starts() -> None:
    backwards = (at(2026, 3, 9, 12), at(2026, 3, 9, 10))

    with pytest.raises(ValueError, match="end before"):
        deadline(MONDAY_9, 8, "business_hours", OFFICE, pauses=[backwards])


def test_pauses_apply_to_added_business_time() -> None:
    pause = (at(2026, 3, 9, 9, 30), at(2026, 3, 9, 10))

    due = add_business_time(MONDAY_9, timedelta(minutes=90), OFFICE, pauses=[pause])

    assert iso(due) == "2026-03-09T11:00:00-04:00"
