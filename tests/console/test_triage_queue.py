"""The triage queue: requests that read like emergencies, waiting for a
person, oldest first."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from civic311.catalog.models import Service
from civic311.lib.actors import Actor
from civic311.servicerequests.actions import review_triage
from civic311.servicerequests.models import ServiceRequest, Triage
from tests.builders import make_request
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)
TRIAGE = "/console/triage/"


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def flagged(service: Service, text: str, hours_ago: float) -> ServiceRequest:
    filed = make_request(
        service, description=text, requested_at=NOW - timedelta(hours=hours_ago)
    )
    assert filed.triage == Triage.PENDING
    return filed


def shown(response: Any) -> list[str]:
    return [row.request.public_id for row in response.context["result"].rows]


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(TRIAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))


def test_an_account_without_a_role_is_refused(rita: User) -> None:
    assert signed_in(rita).get(TRIAGE).status_code == 403


def test_flagged_requests_wait_oldest_first_with_their_kinds_and_age(
    alex: User, pothole: Service, tree: Service
) -> None:
    gas = flagged(pothole, "I smell gas in the street", hours_ago=2)
    wire = flagged(
        tree, "A tree fell on a power line, wires sparking on the ground", 26
    )
    make_request(pothole, description="Deep hole in the right lane")

    response = signed_in(alex).get(TRIAGE)

    assert response.status_code == 200
    assert shown(response) == [wire.public_id, gas.public_id]
    body = text_of(response)
    assert "2 requests flagged as possible emergencies wait for review." in body
    assert f'href="/console/requests/{gas.public_id}/"' in body
    assert '<span class="tag emergency">Gas leak</span>' in body
    assert '<span class="tag emergency">Live or downed wire</span>' in body
    assert "1 day, 2 hours" in body
    assert "<caption>" in body
    assert '<th scope="col">' in body


def test_a_reviewed_request_leaves_the_queue(alex: User, pothole: Service) -> None:
    first = flagged(pothole, "The house next door is on fire", hours_ago=3)
    second = flagged(pothole, "I smell gas in the street", hours_ago=1)
    review_triage(
        actor=Actor.for_user(alex), request=first, emergency=True, note="Sent to 911"
    )

    response = signed_in(alex).get(TRIAGE)

    assert shown(response) == [second.public_id]
    assert ServiceRequest.objects.get(pk=first.pk).triage == Triage.CONFIRMED
    assert "1 request flagged as a possible emergency waits" in text_of(response)


def test_an_executive_reads_the_queue_too(erin: User, tree: Service) -> None:
    wire = flagged(tree, "Wires down and sparking on the sidewalk", hours_ago=1)

    assert shown(signed_in(erin).get(TRIAGE)) == [wire.public_id]


def test_an_empty_queue_says_so(alex: User) -> None:
    assert "Nothing waits for triage." in text_of(signed_in(alex).get(TRIAGE))


def test_the_number_of_queries_does_not_grow_with_the_rows(
    alex: User, pothole: Service, tree: Service, django_assert_max_num_queries: Any
) -> None:
    browser = signed_in(alex)
    for hours in range(3):
        flagged(pothole, "I smell gas in the street", hours_ago=hours)
    with django_assert_max_num_queries(8) as few:
        browser.get(TRIAGE)

    for hours in range(30):
        flagged(tree, "The house next door is on fire", hours_ago=hours + 0.5)
    with django_assert_max_num_queries(8) as many:
        response = browser.get(TRIAGE)

    assert len(shown(response)) == 33
    assert len(many) == len(few)


def test_a_long_queue_shows_the_oldest_and_counts_them_all(
    alex: User, pothole: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("civic311.console.queries.queue.TRIAGE_LIMIT", 2)
    filed = [
        flagged(pothole, "I smell gas in the street", hours_ago=hours)
        for hours in (5, 4, 3)
    ]

    response = signed_in(alex).get(TRIAGE)

    assert shown(response) == [filed[0].public_id, filed[1].public_id]
    body = text_of(response)
    assert "3 requests flagged as possible emergencies wait for review." in body
    assert "The 2 oldest are shown." in body
