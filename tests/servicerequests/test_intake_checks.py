"""What intake catches on every channel: places outside the city, and
descriptions that read like emergencies."""

from typing import Any

import pytest

from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput
from civic311.servicerequests.actions import review_triage
from civic311.servicerequests.intake import Location
from civic311.servicerequests.models import EventKind, ServiceRequest, Triage
from civic311.servicerequests.queries import triage_queue
from tests.builders import make_request

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
# Huntington, Fairfax County: an "Alexandria, VA" mailing address outside
# the city.
HUNTINGTON = Location(lat=38.7937, long=-77.0745, address="Huntington Ave")


def test_a_point_outside_the_city_is_refused_with_where_to_go(pothole: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        make_request(pothole, location=HUNTINGTON)

    (problem,) = refused.value.problems
    assert problem.field == "lat"
    assert "Fairfax County" in problem.message
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("zipcode", "agency"),
    [
        ("22306", "Fairfax County"),
        ("22202", "Arlington County"),
        ("71301", "Louisiana"),
    ],
)
def test_a_zip_code_that_is_not_the_citys_is_refused_when_there_is_no_point(
    pothole: Any, zipcode: str, agency: str
) -> None:
    where = Location(address="100 Main St", zipcode=zipcode)

    with pytest.raises(InvalidInput) as refused:
        make_request(pothole, location=where)

    (problem,) = refused.value.problems
    assert problem.field == "zipcode"
    assert agency in problem.message


def test_a_request_in_the_city_records_its_neighbourhood(pothole: Any) -> None:
    filed = make_request(pothole)  # at City Hall, Old Town

    assert filed.neighbourhood == "old-town"


def test_an_emergency_is_taken_flagged_and_waits_in_the_triage_queue(
    pothole: Any,
) -> None:
    ordinary = make_request(pothole, description="Deep pothole by the curb.")
    flagged = make_request(
        pothole, description="Strong smell of gas coming from the manhole!"
    )

    assert ordinary.triage == Triage.NONE
    assert flagged.triage == Triage.PENDING
    assert "gas" in flagged.emergency_kinds
    assert list(triage_queue()) == [flagged]


def test_reviewing_a_flag_takes_the_request_out_of_the_queue(pothole: Any) -> None:
    flagged = make_request(pothole, description="I smell gas near the school")

    review_triage(
        actor=SYSTEM,
        request=flagged,
        emergency=False,
        note="Caller reached: an old smell, gone now.",
    )

    flagged.refresh_from_db()
    assert flagged.triage == Triage.DISMISSED
    assert list(triage_queue()) == []
    event = flagged.events.get(kind=EventKind.TRIAGED)
    assert not event.public


def test_a_request_that_was_not_flagged_cannot_be_reviewed(pothole: Any) -> None:
    ordinary = make_request(pothole, description="Pothole.")

    with pytest.raises(InvalidInput):
        review_triage(actor=SYSTEM, request=ordinary, emergency=True, note="?")
