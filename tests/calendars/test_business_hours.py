"""Timeframes in business hours: working time counted inside the spans."""

from datetime import UTC, datetime, timedelta

import pytest

from civic311.calendars.clock import (
    NoWorkingTime,
    add_business_time,
    business_time_between,
    deadline,
    make_calendar,
)
from tests.calendars.helpers import (
    AROUND_THE_CLOCK,
    OFFICE,
    WITH_LUNCH,
    ZONE,
    at,
    iso,
)


def test_hours_within_one_working_day_are_counted_on_the_same_day() -> None:
    due = deadline(at(2026, 3, 10, 9), 4, "business_hours", OFFICE)

    assert iso(due) == "2026-03-10T13:00:00-04:00"


def test_hours_left_at_closing_carry_over_to_the_next_opening() -> None:
    due = deadline(at(2026, 3, 10, 15), 4, "business_hours", OFFICE)

    assert iso(due) == "2026-03-11T10:00:00-04:00"


def test_hours_that_run_out_at_closing_are_due_at_that_closing() -> None:
    due = deadline(at(2026, 3, 10, 8), 9, "business_hours", OFFICE)

    assert iso(due) == "2026-03-10T17:00:00-04:00"


def test_a_request_filed_at_night_starts_counting_at_the_next_opening() -> None:
    due = deadline(at(2026, 3, 10, 23, 30), 2, "business_hours", OFFICE)

    assert iso(due) == "2026-03-11T10:00:00-04:00"


def test_a_request_filed_on_saturday_starts_counting_on_monday() -> None:
    due = deadline(at(2026, 3, 14, 11), 3, "business_hours", OFFICE)

    assert iso(due) == "2026-03-16T11:00:00-04:00"


def test_the_weekend_and_the_spring_forward_change_cost_no_working_hour() -> None:
    # Friday 15:00 EST; two hours left on Friday, two on Monday, now EDT.
    due = deadline(at(2026, 3, 6, 15), 4, "business_hours", OFFICE)

    assert iso(due) == "2026-03-09T10:00:00-04:00"
    elapsed = due.astimezone(UTC) - at(2026, 3, 6, 15).astimezone(UTC)
    assert elapsed == timedelta(hours=66)


def test_the_weekend_and_the_fall_back_change_cost_no_working_hour() -> None:
    due = deadline(at(2026, 10, 30, 15), 4, "business_hours", OFFICE)

    assert iso(due) == "2026-11-02T10:00:00-05:00"
    elapsed = due.astimezone(UTC) - at(2026, 10, 30, 15).astimezone(UTC)
    assert elapsed == timedelta(hours=68)


def test_a_span_across_spring_forward_is_one_hour_shorter() -> None:
    due = deadline(at(2026, 3, 7, 22), 5, "business_hours", AROUND_THE_CLOCK)

    assert iso(due) == "2026-03-08T04:00:00-04:00"


def test_a_span_across_fall_back_is_one_hour_longer() -> None:
    due = deadline(at(2026, 10, 31, 22), 5, "business_hours", AROUND_THE_CLOCK)

    assert iso(due) == "2026-11-01T02:00:00-05:00"
    day = business_time_between(at(2026, 11, 1), at(2026, 11, 2), AROUND_THE_CLOCK)
    assert day == timedelta(hours=25)


def test_the_lunch_hour_is_not_counted() -> None:
    due = deadline(at(2026, 3, 10, 11), 2, "business_hours", WITH_LUNCH)

    assert iso(due) == "2026-03-10T14:00:00-04:00"


def test_a_request_filed_during_lunch_starts_counting_after_lunch() -> None:
    due = deadline(at(2026, 3, 10, 12, 30), 1, "business_hours", WITH_LUNCH)

    assert iso(due) == "2026-03-10T14:00:00-04:00"


def test_an_observed_holiday_is_skipped() -> None:
    # Thursday 2 July, 16:00: one hour on Thursday, Friday 3 July is the
    # observed Independence Day, the next hour is Monday's first.
    due = deadline(at(2026, 7, 2, 16), 2, "business_hours", OFFICE)

    assert iso(due) == "2026-07-06T09:00:00-04:00"


def test_times_in_another_zone_give_the_same_instant_back_in_local_time() -> None:
    start = datetime(2026, 3, 10, 13, tzinfo=UTC)  # 09:00 in New York

    due = deadline(start, 4, "business_hours", OFFICE)

    assert iso(due) == "2026-03-10T13:00:00-04:00"


def test_business_time_between_counts_only_working_time() -> None:
    elapsed = business_time_between(at(2026, 3, 6, 15), at(2026, 3, 9, 10), OFFICE)
    lunch = business_time_between(at(2026, 3, 10, 11), at(2026, 3, 10, 14), WITH_LUNCH)

    assert elapsed == timedelta(hours=4)
    assert lunch == timedelta(hours=2)


def test_business_time_between_is_zero_backwards() -> None:
    elapsed = business_time_between(at(2026, 3, 9, 10), at(2026, 3, 6, 15), OFFICE)

    assert elapsed == timedelta(0)


def test_business_time_can_be_added_in_minutes() -> None:
    due = add_business_time(at(2026, 3, 10, 16, 30), timedelta(minutes=45), OFFICE)

    assert iso(due) == "2026-03-11T08:15:00-04:00"


def test_zero_hours_are_due_at_once() -> None:
    due = deadline(at(2026, 3, 14, 11), 0, "business_hours", OFFICE)

    assert iso(due) == "2026-03-14T11:00:00-04:00"


def test_a_calendar_without_hours_cannot_count_business_time() -> None:
    empty = make_calendar(ZONE, [])

    with pytest.raises(NoWorkingTime):
        deadline(at(2026, 3, 10, 9), 4, "business_hours", empty)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 3, 10, 9)  # on purpose: the clock must refuse it

    with pytest.raises(ValueError, match="timezone-aware"):
        deadline(naive, 4, "business_hours", OFFICE)


def test_unknown_units_and_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="unit"):
        deadline(at(2026, 3, 10, 9), 4, "fortnights", OFFICE)
    with pytest.raises(ValueError, match="negative"):
        deadline(at(2026, 3, 10, 9), -1, "business_hours", OFFICE)
