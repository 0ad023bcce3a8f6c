"""The clock on real requests: the deadline at intake, pauses while
waiting on the resident, reassignment, and the verdict at resolution.

No calendar is set up, so departments work the fallback week (Monday to
Friday, 08:00 to 17:00, New York time, U.S. and Virginia holidays), except
Parks where a test gives it its own. Pothole repair takes 3 business days.
"""

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from civic311.calendars.models import BusinessCalendar, WorkingHours
from civic311.lib.actors import Actor
from civic311.servicerequests.actions import change_state, reassign_request
from civic311.servicerequests.models import ClockPause, HoldReason, State
from tests.builders import make_request

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SYSTEM = Actor.system("test")


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in December 2026, New York time (1 December is a Tuesday)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=NEW_YORK)


@pytest.fixture
def filed(pothole: Any, time_machine: Any) -> Any:
    time_machine.move_to(local(1, 10), tick=False)
    return make_request(pothole, requested_at=local(1, 10))


def test_a_request_gets_its_deadline_at_intake(filed: Any) -> None:
    # Filed Tuesday mid-morning: Wednesday, Thursday, Friday; due at close.
    assert filed.expected_datetime == local(4, 17)


def test_a_service_without_a_timeframe_has_no_deadline(tree: Any) -> None:
    assert make_request(tree).expected_datetime is None


def test_resolved_by_the_deadline_is_on_time_and_after_it_is_late(
    pothole: Any, filed: Any
) -> None:
    late = make_request(pothole, requested_at=local(1, 10))

    change_state(
        actor=SYSTEM,
        request=filed,
        state=State.RESOLVED,
        note="Filled.",
        at=local(4, 17),
    )
    change_state(
        actor=SYSTEM,
        request=late,
        state=State.RESOLVED,
        note="Filled.",
        at=local(4, 17, 1),
    )

    assert (filed.on_time, late.on_time) == (True, False)


def test_closing_after_resolution_keeps_the_first_verdict(filed: Any) -> None:
    change_state(
        actor=SYSTEM,
        request=filed,
        state=State.RESOLVED,
        note="Filled.",
        at=local(2, 9),
    )

    change_state(actor=SYSTEM, request=filed, state=State.CLOSED, at=local(9, 9))

    filed.refresh_from_db()
    assert filed.on_time is True


def test_cancelled_and_referred_requests_get_no_verdict(filed: Any) -> None:
    change_state(
        actor=SYSTEM,
        request=filed,
        state=State.CANCELLED,
        reason="Withdrawn.",
        at=local(8, 9),
    )

    filed.refresh_from_db()
    assert filed.on_time is None


def hold(request: Any, reason: str, start: datetime, end: datetime) -> None:
    change_state(
        actor=SYSTEM,
        request=request,
        state=State.ON_HOLD,
        hold_reason=reason,
        reason="Need the gate opened.",
        note="Please call us to let the crew in.",
        at=start,
    )
    change_state(actor=SYSTEM, request=request, state=State.IN_PROGRESS, at=end)


def test_waiting_on_the_resident_stops_the_clock_where_the_service_says_so(
    pothole: Any, filed: Any
) -> None:
    pothole.pause_clock_on_hold = True
    pothole.save()

    # Wednesday 09:00 to Thursday 09:00: nine working hours.
    hold(filed, HoldReason.RESIDENT, local(2, 9), local(3, 9))

    filed.refresh_from_db()
    assert filed.expected_datetime == local(7, 17)
    pause = ClockPause.objects.get(request=filed)
    assert (pause.started, pause.ended) == (local(2, 9), local(3, 9))


def test_the_clock_runs_on_when_the_service_does_not_pause_it(filed: Any) -> None:
    hold(filed, HoldReason.RESIDENT, local(2, 9), local(3, 9))

    filed.refresh_from_db()
    assert filed.expected_datetime == local(4, 17)
    assert not ClockPause.objects.exists()


def test_waiting_on_a_third_party_does_not_stop_the_clock(
    pothole: Any, filed: Any
) -> None:
    pothole.pause_clock_on_hold = True
    pothole.save()

    hold(filed, HoldReason.THIRD_PARTY, local(2, 9), local(3, 9))

    filed.refresh_from_db()
    assert filed.expected_datetime == local(4, 17)


def test_reassignment_counts_the_same_start_on_the_new_departments_calendar(
    filed: Any, parks: Any, maya: User
) -> None:
    saturdays = BusinessCalendar.objects.create(name="Parks crews", department=parks)
    for weekday in range(6):
        WorkingHours.objects.create(
            calendar=saturdays, weekday=weekday, opens=time(7), closes=time(15, 30)
        )

    reassign_request(
        actor=Actor.for_user(maya),
        request=filed,
        department=parks,
        reason="The hole is in a park path.",
        at=local(2, 11),
    )

    filed.refresh_from_db()
    # Wednesday, Thursday, Friday from the same Tuesday start, at the
    # parks crews' 15:30 close.
    assert filed.expected_datetime == local(4, 15, 30)
    assert filed.requested_datetime == local(1, 10)
