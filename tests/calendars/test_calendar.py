"""Calendar values: spans, working days, holidays."""

from datetime import date, time

import pytest

from civic311.calendars.clock import (
    MIDNIGHT,
    Calendar,
    Span,
    make_calendar,
    public_holidays,
)
from tests.calendars.helpers import OFFICE, ZONE


def test_the_fallback_works_monday_to_friday_eight_to_five() -> None:
    office_day = (Span(time(8), time(17)),)

    assert OFFICE.week == (office_day,) * 5 + ((), ())
    assert OFFICE.time_zone == ZONE


def test_an_observed_holiday_is_not_a_working_day() -> None:
    assert not OFFICE.is_working_day(date(2026, 7, 3))
    assert OFFICE.is_working_day(date(2026, 7, 2))
    assert OFFICE.is_working_day(date(2026, 7, 6))


def test_weekends_are_not_working_days() -> None:
    assert not OFFICE.is_working_day(date(2026, 3, 14))
    assert not OFFICE.is_working_day(date(2026, 3, 15))


def test_state_holidays_come_from_the_subdivision() -> None:
    massachusetts = public_holidays("US", "MA", 2026)
    virginia = public_holidays("US", "VA", 2026)

    assert date(2026, 4, 20) in massachusetts  # Patriots' Day
    assert date(2026, 4, 20) not in virginia


def test_holidays_are_looked_up_once_per_year() -> None:
    public_holidays.cache_clear()

    for day in range(1, 31):
        OFFICE.is_holiday(date(2026, 6, day))

    info = public_holidays.cache_info()
    assert (info.misses, info.hits) == (1, 29)


def test_a_calendar_without_a_country_has_no_holidays() -> None:
    plain = make_calendar(ZONE, [(4, time(8), time(17))])

    assert plain.is_working_day(date(2026, 7, 3))


def test_rows_in_any_order_are_sorted_and_overlaps_merged() -> None:
    calendar = make_calendar(
        ZONE,
        [
            (0, time(13), time(17)),
            (0, time(8), time(12)),
            (0, time(11), time(12, 30)),
            (2, time(8), time(10)),
            (2, time(10), time(11)),
        ],
    )

    assert calendar.week[0] == (
        Span(time(8), time(12, 30)),
        Span(time(13), time(17)),
    )
    assert calendar.week[2] == (Span(time(8), time(11)),)


def test_a_span_closing_at_midnight_runs_to_the_end_of_the_day() -> None:
    calendar = make_calendar(ZONE, [(5, time(18), MIDNIGHT), (5, time(20), time(22))])

    assert calendar.week[5] == (Span(time(18), MIDNIGHT),)


def test_a_span_must_open_before_it_closes() -> None:
    with pytest.raises(ValueError, match="open before"):
        Span(time(17), time(8))


def test_a_calendar_refuses_overlapping_spans() -> None:
    day = (Span(time(8), time(12)), Span(time(11), time(17)))

    with pytest.raises(ValueError, match="overlap"):
        Calendar(time_zone=ZONE, week=(day,) + ((),) * 6)


def test_a_calendar_needs_seven_days_and_a_real_zone() -> None:
    with pytest.raises(ValueError, match="seven"):
        Calendar(time_zone=ZONE, week=((),) * 5)
    with pytest.raises(KeyError):
        Calendar(time_zone="Mars/Olympus_Mons", week=((),) * 7)
