"""Timeframes in business days: N full working days, due at the close of
the last one. The filing day counts only when filed by its opening."""

from datetime import date

from civic311.calendars.clock import Calendar, deadline
from tests.calendars.helpers import OFFICE, WITH_LUNCH, at, iso, without_holidays


def test_a_request_filed_during_hours_gets_the_next_working_days() -> None:
    due = deadline(at(2026, 3, 10, 10), 1, "business_days", OFFICE)

    assert iso(due) == "2026-03-11T17:00:00-04:00"


def test_a_request_filed_at_night_gets_the_next_working_days() -> None:
    due = deadline(at(2026, 3, 10, 22), 3, "business_days", OFFICE)

    assert iso(due) == "2026-03-13T17:00:00-04:00"


def test_a_request_filed_before_opening_counts_that_day() -> None:
    early = deadline(at(2026, 3, 10, 7), 1, "business_days", OFFICE)
    at_opening = deadline(at(2026, 3, 10, 8), 1, "business_days", OFFICE)
    just_after = deadline(at(2026, 3, 10, 8, 1), 1, "business_days", OFFICE)

    assert iso(early) == "2026-03-10T17:00:00-04:00"
    assert iso(at_opening) == "2026-03-10T17:00:00-04:00"
    assert iso(just_after) == "2026-03-11T17:00:00-04:00"


def test_a_request_filed_during_lunch_is_filed_during_the_day() -> None:
    due = deadline(at(2026, 3, 10, 12, 30), 1, "business_days", WITH_LUNCH)

    assert iso(due) == "2026-03-11T17:00:00-04:00"


def test_a_request_filed_on_saturday_is_due_at_close_on_monday() -> None:
    due = deadline(at(2026, 3, 14, 11), 1, "business_days", OFFICE)

    assert iso(due) == "2026-03-16T17:00:00-04:00"


def test_days_run_over_the_weekend() -> None:
    due = deadline(at(2026, 3, 12, 10), 3, "business_days", OFFICE)

    assert iso(due) == "2026-03-17T17:00:00-04:00"


def test_the_eve_of_an_observed_holiday_skips_the_holiday() -> None:
    # Thursday 2 July, evening; Friday 3 July is Independence Day observed.
    due = deadline(at(2026, 7, 2, 18), 1, "business_days", OFFICE)
    without = deadline(at(2026, 7, 2, 18), 1, "business_days", without_holidays(OFFICE))

    assert iso(due) == "2026-07-06T17:00:00-04:00"
    assert iso(without) == "2026-07-03T17:00:00-04:00"


def test_a_request_filed_on_a_holiday_starts_on_the_next_working_day() -> None:
    # Labor Day, Monday 7 September.
    due = deadline(at(2026, 9, 7, 10), 1, "business_days", OFFICE)

    assert iso(due) == "2026-09-08T17:00:00-04:00"


def test_holidays_can_be_given_as_dates() -> None:
    # A city that also closes the day after Thanksgiving.
    calendar = Calendar(
        time_zone=OFFICE.time_zone,
        week=OFFICE.week,
        holiday_dates=frozenset({date(2026, 11, 26), date(2026, 11, 27)}),
    )

    due = deadline(at(2026, 11, 26, 9), 2, "business_days", calendar)

    assert iso(due) == "2026-12-01T17:00:00-05:00"


def test_a_closure_day_is_not_a_working_day() -> None:
    snowed_in = Calendar(
        time_zone=OFFICE.time_zone,
        week=OFFICE.week,
        closed_dates=frozenset({date(2026, 3, 11)}),
    )

    due = deadline(at(2026, 3, 10, 10), 1, "business_days", snowed_in)

    assert iso(due) == "2026-03-12T17:00:00-04:00"


def test_spring_forward_keeps_the_closing_time() -> None:
    due = deadline(at(2026, 3, 6, 10), 1, "business_days", OFFICE)

    assert iso(due) == "2026-03-09T17:00:00-04:00"


def test_fall_back_keeps_the_closing_time() -> None:
    due = deadline(at(2026, 10, 30, 10), 1, "business_days", OFFICE)

    assert iso(due) == "2026-11-02T17:00:00-05:00"
