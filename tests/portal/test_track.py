"""Following a request by its number: what anyone holding the number may
see, and nothing that could name the resident or the staff."""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User

from civic311.catalog.models import Service
from civic311.lib.actors import Actor
from civic311.servicerequests.actions import add_note, assign_request, change_state
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import RequestEvent, ServiceRequest, State
from tests.builders import make_request

pytestmark = pytest.mark.django_db

FILED = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # a Monday, 09:00 in the city


def track(client: Any, report: ServiceRequest, **headers: str) -> str:
    response = client.get(f"/requests/{report.public_id}/", headers=headers)
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.fixture
def report(pothole: Service, tess: User) -> ServiceRequest:
    """Ana's pothole, worked by Tess: assigned, an internal note, then in
    progress with a public note."""
    filed = make_request(
        pothole,
        requested_at=FILED,
        description="Outside Ana Lopez's house, she is home after 5",
        contact=Contact(
            first_name="Ana", email="ana@example.org", phone="703-555-0142"
        ),
    )
    actor = Actor.for_user(tess)
    assign_request(actor=actor, request=filed, assignee=tess)
    add_note(
        actor=actor,
        request=filed,
        note="Resident sounded upset; neighbour's car blocks it",
        public=False,
    )
    change_state(
        actor=actor,
        request=filed,
        state=State.IN_PROGRESS,
        note="A crew is scheduled for this week.",
    )
    return ServiceRequest.objects.get(pk=filed.pk)


def test_the_page_shows_the_service_status_dates_and_neighbourhood(
    client: Any, report: ServiceRequest
) -> None:
    page = track(client, report)

    assert f"Request {report.public_id}: Pothole" in page
    assert "Status: open" in page
    assert "Where it is: in progress." in page
    assert "Work on it has started." in page
    assert "Expected by" in page
    assert "Old Town" in page
    assert "A crew is scheduled for this week." in page
    assert page.count("<h1") == 1


def test_the_page_never_shows_private_or_internal_details(
    client: Any, report: ServiceRequest
) -> None:
    page = track(client, report)

    assert "ana@example.org" not in page
    assert "555-0142" not in page
    assert "Ana" not in page
    assert report.description not in page
    assert "301 King St" not in page
    assert "neighbour&#x27;s car" not in page and "neighbour's car" not in page
    assert "tess" not in page
    assert RequestEvent.objects.filter(request=report, public=False).count() == 2


def test_the_public_timeline_says_what_changed_and_when(
    client: Any, report: ServiceRequest
) -> None:
    page = track(client, report)

    assert "Submitted" in page
    assert "Status: submitted → assigned" in page
    assert "Status: assigned → in progress" in page
    assert "Assigned" not in page  # the assignment itself is internal


def test_a_request_past_its_expected_date_is_overdue(
    client: Any, report: ServiceRequest
) -> None:
    with time_machine.travel(datetime(2026, 4, 1, tzinfo=UTC), tick=False):
        page = track(client, report)

    assert "Overdue: the expected date has passed" in page


def test_a_request_before_its_expected_date_is_on_time(
    client: Any, report: ServiceRequest
) -> None:
    with time_machine.travel(FILED, tick=False):
        page = track(client, report)

    assert "On time" in page


def test_a_resolved_request_says_whether_it_was_on_time(
    client: Any, report: ServiceRequest, tess: User
) -> None:
    with time_machine.travel(datetime(2026, 4, 1, tzinfo=UTC), tick=False):
        change_state(
            actor=Actor.for_user(tess),
            request=report,
            state=State.RESOLVED,
            note="Filled.",
        )

    page = track(client, report)

    assert "Status: closed" in page
    assert "Finished late" in page
    assert ServiceRequest.objects.get(pk=report.pk).on_time is False


def test_the_page_takes_a_bounded_number_of_queries(
    client: Any,
    report: ServiceRequest,
    tess: User,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(10):
        add_note(
            actor=Actor.for_user(tess), request=report, note=f"Update {n}", public=True
        )

    with django_assert_max_num_queries(2):
        page = track(client, report)

    assert "Update 9" in page


def test_the_track_box_goes_to_the_requests_page(
    client: Any, report: ServiceRequest
) -> None:
    spaced = f"{report.public_id[:3]} {report.public_id[3:]}"

    response = client.get("/track/", {"id": spaced})

    assert response.status_code == 302
    assert response["Location"] == f"/requests/{report.public_id}/"


@pytest.mark.parametrize("number", ["1000018", "12", "abc", "", "9" * 30])
def test_a_wrong_number_is_not_found_with_a_clear_message(
    client: Any, report: ServiceRequest, number: str
) -> None:
    response = client.get("/track/", {"id": number})

    page = response.content.decode()
    assert response.status_code == 404
    assert "Request not found" in page
    assert 'name="id"' in page


def test_an_unknown_request_page_is_not_found(client: Any, pothole: Service) -> None:
    report = make_request(pothole)
    missing = report.public_id
    report.delete()

    response = client.get(f"/requests/{missing}/")

    assert response.status_code == 404
    assert f"There is no request with the number “{missing}”" in (
        response.content.decode()
    )


def test_the_not_found_message_is_in_the_pages_language(
    client: Any, pothole: Service
) -> None:
    response = client.get("/track/", {"id": "1"}, headers={"accept-language": "ar"})

    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in page


def test_a_spanish_reader_sees_the_service_in_spanish(
    client: Any, report: ServiceRequest, pothole: Service
) -> None:
    pothole.translations = {"es": {"service_name": "Bache"}}
    pothole.save()

    page = track(client, report, accept_language="es")

    assert '<html lang="es" dir="ltr">' in page
    assert "Bache" in page
