"""Search: a request number goes straight to the request; otherwise the
caller's email or phone, the address or the description."""

import logging
import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civic311.catalog.models import Service
from civic311.lib import publicid
from civic311.servicerequests.intake import Contact, Location
from civic311.servicerequests.models import ServiceRequest
from tests.builders import make_request
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db

SEARCH = "/console/search/"


def find(user: User, text: str) -> Any:
    return signed_in(user).get(SEARCH, {"q": text})


def found(response: Any) -> list[str]:
    assert response.status_code == 200
    return [hit.request.public_id for hit in response.context["hits"]]


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(SEARCH, {"q": "pothole"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))


def test_an_account_without_a_role_is_refused(rita: User) -> None:
    assert find(rita, "pothole").status_code == 403


def test_an_empty_query_shows_the_form_only(alex: User, pothole: Service) -> None:
    make_request(pothole, description="Deep hole")

    response = find(alex, "   ")

    assert response.status_code == 200
    body = text_of(response)
    assert 'name="q"' in body
    assert "<table" not in body
    assert "found" not in body


def test_a_request_number_goes_straight_to_the_request(
    alex: User, pothole: Service
) -> None:
    filed = make_request(pothole)
    spoken = f"{filed.public_id[:4]} {filed.public_id[4:]}"

    response = find(alex, spoken)

    assert response.status_code == 302
    assert response["Location"] == f"/console/requests/{filed.public_id}/"


def test_a_number_of_no_request_is_searched_as_text(
    alex: User, pothole: Service
) -> None:
    filed = make_request(pothole)
    missing = publicid.encode(filed.pk + 1000)

    response = find(alex, missing)

    assert found(response) == []
    assert "0 requests found." in text_of(response)


def test_the_callers_email_whatever_its_case(alex: User, pothole: Service) -> None:
    theirs = make_request(pothole, contact=Contact(email="Lena@Example.org"))
    make_request(pothole, contact=Contact(email="someone@example.org"))

    response = find(alex, "lena@example.ORG")

    assert found(response) == [theirs.public_id]
    assert "Caller&#x27;s email" in text_of(response)


@pytest.mark.parametrize("typed", ["703-555-0123", "7035550123", "(703) 555 0123"])
def test_the_callers_phone_however_it_is_written(
    alex: User, pothole: Service, typed: str
) -> None:
    theirs = make_request(pothole, contact=Contact(phone="(703) 555-0123"))
    with_code = make_request(pothole, contact=Contact(phone="+1 703.555.0123"))
    make_request(pothole, contact=Contact(phone="(703) 555-0199"))

    response = find(alex, typed)

    assert set(found(response)) == {theirs.public_id, with_code.public_id}
    assert "Caller&#x27;s phone" in text_of(response)


def test_part_of_the_address(alex: User, pothole: Service) -> None:
    there = make_request(
        pothole, location=Location(lat=38.8051, long=-77.0428, address="410 Duke St")
    )
    make_request(pothole)  # 301 King St

    response = find(alex, "duke st")

    assert found(response) == [there.public_id]
    assert "Address" in text_of(response)


def test_words_from_the_description(erin: User, pothole: Service) -> None:
    deep = make_request(pothole, description="A DEEP hole by the bus stop")
    make_request(pothole, description="Small crack")

    response = find(erin, "deep hole")

    assert found(response) == [deep.public_id]
    assert "Description" in text_of(response)
    # The description itself stays on the request's page.
    assert "bus stop" not in text_of(response)


def test_newest_first_and_at_most_fifty(alex: User, pothole: Service) -> None:
    now = timezone.now()
    filed = [
        make_request(
            pothole,
            description="Hole in the road",
            requested_at=now - timedelta(hours=n),
        )
        for n in range(52)
    ]

    response = find(alex, "hole")

    assert found(response) == [row.public_id for row in filed[:50]]
    assert "Only the newest 50 are shown" in text_of(response)


def test_the_number_of_queries_does_not_grow_with_the_results(
    alex: User, pothole: Service, django_assert_max_num_queries: Any
) -> None:
    browser = signed_in(alex)
    for _ in range(3):
        make_request(pothole, description="Hole", contact=Contact(phone="7035550100"))
    with django_assert_max_num_queries(8) as few:
        browser.get(SEARCH, {"q": "703 555 0100"})

    for _ in range(30):
        make_request(pothole, description="Hole", contact=Contact(phone="7035550100"))
    with django_assert_max_num_queries(8) as many:
        response = browser.get(SEARCH, {"q": "703 555 0100"})

    assert len(found(response)) == 33
    assert len(many) == len(few)


def test_the_query_is_never_logged(
    alex: User, pothole: Service, caplog: pytest.LogCaptureFixture
) -> None:
    make_request(pothole, contact=Contact(email="quiet@example.org"))
    caplog.set_level(logging.DEBUG)

    for text in ("quiet@example.org", "703-555-0142", "Duke St"):
        find(alex, text)

    assert "quiet" not in caplog.text
    assert "0142" not in caplog.text
    assert "Duke" not in caplog.text
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize("text", ["hole\x00", "%", "_", "x" * 5000, "1000017 OR 1=1"])
def test_odd_queries_are_searched_without_failing(
    alex: User, pothole: Service, text: str
) -> None:
    make_request(pothole, description="Hole in the road")

    response = find(alex, text)

    assert response.status_code == 200
    expected = 1 if text.startswith("hole") else 0
    assert len(found(response)) == expected
