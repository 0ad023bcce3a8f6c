"""Likely duplicates at intake, and merging one into its parent."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civic311.lib.actors import Actor
from civic311.servicerequests.actions import change_state, merge_request
from civic311.servicerequests.intake import Contact, Location
from civic311.servicerequests.models import (
    EventKind,
    State,
    Status,
    Subscription,
)
from civic311.servicerequests.queries import distance_m, likely_duplicates
from tests.builders import CITY_HALL, make_request

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
LAT, LONG = CITY_HALL
# About 11 metres north per 0.0001 degree of latitude.
STEP = 0.0001


def at(north: float = 0.0, east: float = 0.0) -> Location:
    return Location(lat=LAT + north * STEP, long=LONG + east * STEP)


def test_distance_matches_a_known_figure() -> None:
    # One degree of latitude is about 111.2 km.
    assert distance_m(38.0, -77.0, 39.0, -77.0) == pytest.approx(111_195, rel=1e-3)


def test_open_requests_of_the_service_nearby_are_offered_nearest_first(
    pothole: Any, tree: Any
) -> None:
    far = make_request(pothole, location=at(north=4))  # ~44 m
    near = make_request(pothole, location=at(north=1))  # ~11 m
    make_request(pothole, location=at(north=6))  # ~67 m, outside 50 m
    make_request(tree, location=at())  # another service

    found = likely_duplicates(pothole, LAT, LONG, now=timezone.now())

    assert [item.request for item in found] == [near, far]
    assert found[0].distance_m == pytest.approx(11.1, abs=0.5)


def test_closed_and_old_requests_are_not_offered(pothole: Any) -> None:
    closed = make_request(pothole, location=at())
    change_state(actor=SYSTEM, request=closed, state=State.RESOLVED, note="Filled.")
    make_request(
        pothole,
        location=at(),
        requested_at=timezone.now() - timedelta(days=pothole.duplicate_window_days + 1),
    )

    assert likely_duplicates(pothole, LAT, LONG, now=timezone.now()) == []


def test_each_service_sets_its_own_radius_and_can_turn_the_search_off(
    pothole: Any,
) -> None:
    make_request(pothole, location=at(north=4))
    pothole.duplicate_radius_m = 20
    assert likely_duplicates(pothole, LAT, LONG, now=timezone.now()) == []

    pothole.duplicate_radius_m = 0
    make_request(pothole, location=at())
    assert likely_duplicates(pothole, LAT, LONG, now=timezone.now()) == []


def test_a_request_without_a_point_has_no_likely_duplicates(pothole: Any) -> None:
    make_request(pothole, location=at())

    assert likely_duplicates(pothole, None, None, now=timezone.now()) == []


def test_merging_closes_the_duplicate_linked_and_the_parent_counts_it(
    pothole: Any,
) -> None:
    parent = make_request(pothole, location=at())
    duplicate = make_request(pothole, location=at(north=1))

    merge_request(actor=SYSTEM, duplicate=duplicate, parent=parent)

    duplicate.refresh_from_db()
    parent.refresh_from_db()
    assert (duplicate.state, duplicate.status) == (State.DUPLICATE, Status.CLOSED)
    assert duplicate.parent == parent
    assert parent.public_id in duplicate.status_notes
    assert parent.reports == 2
    assert parent.events.filter(kind=EventKind.MERGED).count() == 1


def test_the_duplicates_reporter_is_kept_informed_about_the_parent(
    pothole: Any,
) -> None:
    parent = make_request(
        pothole, location=at(), contact=Contact(email="first@example.org")
    )
    duplicate = make_request(
        pothole, location=at(), contact=Contact(email="second@example.org")
    )
    again = make_request(
        pothole, location=at(), contact=Contact(email="FIRST@example.org")
    )

    merge_request(actor=SYSTEM, duplicate=duplicate, parent=parent)
    merge_request(actor=SYSTEM, duplicate=again, parent=parent)

    followers = Subscription.objects.filter(request=parent).order_by("id")
    assert [(s.email, s.origin) for s in followers] == [
        ("first@example.org", Subscription.Origin.REPORTED),
        ("second@example.org", Subscription.Origin.DUPLICATE),
    ]
    parent.refresh_from_db()
    assert parent.reports == 3


def test_merging_a_parent_brings_its_own_duplicates_along(pothole: Any) -> None:
    root = make_request(pothole, location=at())
    middle = make_request(pothole, location=at())
    leaf = make_request(pothole, location=at())
    merge_request(actor=SYSTEM, duplicate=leaf, parent=middle)

    merge_request(actor=SYSTEM, duplicate=middle, parent=root)

    leaf.refresh_from_db()
    root.refresh_from_db()
    assert leaf.parent == root
    assert root.reports == 3


@pytest.mark.parametrize("case", ["itself", "closed parent"])
def test_a_merge_that_makes_no_sense_is_refused(pothole: Any, case: str) -> None:
    from civic311.lib.problems import InvalidInput

    parent = make_request(pothole, location=at())
    duplicate = parent if case == "itself" else make_request(pothole, location=at())
    if case == "closed parent":
        change_state(actor=SYSTEM, request=parent, state=State.RESOLVED, note="Done.")

    with pytest.raises(InvalidInput):
        merge_request(actor=SYSTEM, duplicate=duplicate, parent=parent)

    duplicate.refresh_from_db()
    assert duplicate.parent is None


def test_a_duplicate_reopened_stands_on_its_own_again(pothole: Any) -> None:
    parent = make_request(pothole, location=at())
    duplicate = make_request(pothole, location=at())
    merge_request(actor=SYSTEM, duplicate=duplicate, parent=parent)

    change_state(
        actor=SYSTEM,
        request=duplicate,
        state=State.REOPENED,
        reason="Not the same hole after all.",
    )

    duplicate.refresh_from_db()
    parent.refresh_from_db()
    assert (duplicate.parent, duplicate.status) == (None, Status.OPEN)
    assert parent.reports == 1
