"""On time or late for closed requests; fine, due soon or overdue for open
ones."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from civic311.calendars.clock import standing, verdict
from tests.calendars.helpers import OFFICE, at

DUE = at(2026, 3, 16, 17)  # Monday at close


def test_closing_by_the_deadline_is_on_time() -> None:
    assert verdict(DUE, at(2026, 3, 16, 16, 59)) == "on_time"
    assert verdict(DUE, DUE) == "on_time"


def test_closing_after_the_deadline_is_late() -> None:
    assert verdict(DUE, at(2026, 3, 16, 17, 1)) == "late"


def test_without_a_deadline_there_is_no_verdict_or_standing() -> None:
    assert verdict(None, DUE) is None
    assert standing(None, DUE) is None


def test_a_verdict_compares_instants_not_wall_clocks() -> None:
    # 20:59 UTC is 16:59 in New York, 21:01 UTC is 17:01.
    before = datetime(2026, 3, 16, 20, 59, tzinfo=UTC)
    after = datetime(2026, 3, 16, 21, 1, tzinfo=UTC)

    assert verdict(DUE, before) == "on_time"
    assert verdict(DUE, after) == "late"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 3, 13, 16), "fine"),  # Friday: 10 working hours left
        (at(2026, 3, 14, 12), "due_soon"),  # Saturday: 9 working hours left
        (at(2026, 3, 16, 8), "due_soon"),
        (at(2026, 3, 16, 17), "due_soon"),
        (at(2026, 3, 16, 17, 1), "overdue"),
    ],
)
def test_standing_counts_the_working_time_left(now: datetime, expected: str) -> None:
    assert standing(DUE, now, calendar=OFFICE) == expected


def test_without_a_calendar_due_soon_counts_elapsed_time() -> None:
    friday = at(2026, 3, 13, 16)
    monday = at(2026, 3, 16, 9)

    assert standing(DUE, friday) == "fine"
    assert standing(DUE, monday) == "due_soon"


def test_due_soon_can_be_set_wider() -> None:
    now = at(2026, 3, 12, 12)  # 23 working hours left

    assert standing(DUE, now, calendar=OFFICE) == "fine"
    assert standing(DUE, now, calendar=OFFICE, soon=timedelta(days=1)) == "due_soon"


def test_standing_follows_the_frozen_clock() -> None:
    with time_machine.travel(at(2026, 3, 16, 10), tick=False):
        during = standing(DUE, timezone.now(), calendar=OFFICE)
    with time_machine.travel(at(2026, 3, 17, 8), tick=False):
        after = standing(DUE, timezone.now(), calendar=OFFICE)

    assert during == "due_soon"
    assert after == "overdue"
