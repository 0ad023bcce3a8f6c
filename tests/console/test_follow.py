"""A caller whose problem is already reported nearby is added to that
request instead of filing it again."""

from typing import Any

import pytest
from django.urls import reverse

from civic311.catalog.models import Service
from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput
from civic311.people.permissions import NotAllowed
from civic311.servicerequests.actions import change_state, follow_request
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import (
    EventKind,
    RequestEvent,
    ServiceRequest,
    State,
    Subscription,
)
from tests.builders import CITY_HALL, make_request
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db

# About 20 metres from City Hall, inside the default 50-metre radius.
NEARBY = (CITY_HALL[0] + 0.0002, CITY_HALL[1])


@pytest.fixture
def reported(pothole: Service) -> ServiceRequest:
    """Someone else's pothole report at City Hall."""
    return make_request(
        pothole, contact=Contact(email="first@example.org"), description="Big hole"
    )


def follow_url(request: ServiceRequest) -> str:
    return reverse("console:intake-follow", args=[request.public_id])


def followers(request: ServiceRequest) -> Any:
    return Subscription.objects.filter(
        request=request, origin=Subscription.Origin.FOLLOWED
    )


def notes(request: ServiceRequest) -> Any:
    return RequestEvent.objects.filter(request=request, kind=EventKind.NOTE)


def test_checking_a_call_nearby_offers_the_open_request_to_follow(
    alex: Any, reported: ServiceRequest
) -> None:
    response = signed_in(alex).post(
        "/console/intake/pothole/",
        {
            "address": "301 King St",
            "lat": str(NEARBY[0]),
            "long": str(NEARBY[1]),
            "phone": "703-555-0142",
            "language": "es",
            "channel": "phone",
            "action": "check",
        },
    )

    html = response.content.decode()
    offered = html.split('id="duplicates-heading"')[1].split("</section>")[0]
    assert f'action="{follow_url(reported)}"' in offered
    assert "Add caller to this request instead" in offered
    assert 'name="phone" value="703-555-0142"' in offered
    assert 'name="language" value="es"' in offered
    assert ServiceRequest.objects.count() == 1


def test_no_request_is_offered_without_a_point(
    alex: Any, reported: ServiceRequest
) -> None:
    response = signed_in(alex).post(
        "/console/intake/pothole/",
        {"address": "301 King St", "phone": "555", "action": "check"},
    )

    assert 'id="duplicates-heading"' not in response.content.decode()


def test_alex_adds_the_caller_once_however_the_number_is_written(
    alex: Any, reported: ServiceRequest
) -> None:
    browser = signed_in(alex)

    first = browser.post(
        follow_url(reported), {"phone": "703-555-0142", "language": "es"}
    )
    again = browser.post(
        follow_url(reported), {"phone": "(703) 555 0142", "language": "es"}
    )

    done = reverse("console:intake-done", args=[reported.public_id]) + "?added=1"
    assert first.status_code == again.status_code == 302
    assert first["Location"] == done
    follower = followers(reported).get()
    assert (follower.phone, follower.email, follower.language) == (
        "703-555-0142",
        "",
        "es",
    )
    note = notes(reported).get()
    assert not note.public
    assert note.actor_user == alex
    assert "Caller added by phone" in note.note
    assert "0142" not in note.note
    confirmation = browser.get(done).content.decode()
    assert "Caller added to this request" in confirmation
    assert "100 0" in confirmation  # the tracking number, read out in groups


def test_a_caller_already_reporting_by_email_is_not_added_again(
    alex: Any, reported: ServiceRequest
) -> None:
    subscription = follow_request(
        actor=Actor.for_user(alex),
        request=reported,
        email="FIRST@example.org",
        phone="",
        language="en",
    )

    assert subscription.origin == Subscription.Origin.REPORTED
    assert Subscription.objects.filter(request=reported).count() == 1
    assert not notes(reported).exists()


def test_a_closed_request_cannot_be_followed(
    alex: Any, maya: Any, reported: ServiceRequest
) -> None:
    change_state(
        actor=Actor.for_user(maya),
        request=reported,
        state=State.CLOSED,
        note="Filled on Tuesday.",
    )

    response = signed_in(alex).post(
        follow_url(reported), {"email": "dana@example.org", "language": "en"}
    )

    assert response.status_code == 400
    assert "is closed; file a new request instead" in response.content.decode()
    assert not followers(reported).exists()
    assert not notes(reported).exists()


def test_a_caller_without_phone_or_email_cannot_be_added(
    alex: Any, reported: ServiceRequest
) -> None:
    with pytest.raises(InvalidInput) as refused:
        follow_request(
            actor=Actor.for_user(alex),
            request=reported,
            email=" ",
            phone="",
            language="en",
        )

    assert [problem.field for problem in refused.value.problems] == ["contact"]
    assert not followers(reported).exists()


def test_an_unknown_language_or_a_bad_email_is_refused(
    alex: Any, reported: ServiceRequest
) -> None:
    with pytest.raises(InvalidInput) as refused:
        follow_request(
            actor=Actor.for_user(alex),
            request=reported,
            email="not an email",
            phone="",
            language="xx",
        )

    fields = {problem.field for problem in refused.value.problems}
    assert fields == {"email", "language"}


def test_an_executive_may_not_add_callers(erin: Any, reported: ServiceRequest) -> None:
    response = signed_in(erin).post(
        follow_url(reported), {"phone": "703-555-0142", "language": "en"}
    )
    with pytest.raises(NotAllowed):
        follow_request(
            actor=Actor.for_user(erin),
            request=reported,
            email="",
            phone="703-555-0142",
            language="en",
        )

    assert response.status_code == 403
    assert not followers(reported).exists()


def test_following_takes_a_post(alex: Any, reported: ServiceRequest) -> None:
    response = signed_in(alex).get(follow_url(reported))

    assert response.status_code == 405


def test_an_unknown_request_is_not_found(alex: Any, pothole: Service) -> None:
    response = signed_in(alex).post(
        "/console/intake/follow/1000018/", {"phone": "555", "language": "en"}
    )

    assert response.status_code == 404
