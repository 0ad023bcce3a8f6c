"""Two days at work, in a real browser: an agent takes a phone call from
start to finish, and an officer works a request from the queue to
resolved. Every page on the way is checked with axe-core."""

from typing import Any

import pytest

from civic311.catalog.models import Department, Service
from civic311.people.models import Role
from civic311.servicerequests.models import (
    Channel,
    RequestContact,
    ServiceRequest,
    State,
    Status,
)
from tests.browser.conftest import assert_accessible, sign_in
from tests.builders import make_request, make_staff

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def test_an_agent_takes_a_phone_call_from_start_to_finish(
    desk: Any, live_server: Any, pothole: Service
) -> None:
    make_staff(Role.AGENT, username="alex")
    sign_in(desk, live_server.url, "alex")
    assert desk.url.endswith("/console/intake/")  # agents start at the phone
    assert_accessible(desk, "console-intake")

    desk.locator("#id_q").fill("pot")
    with desk.expect_navigation():
        desk.keyboard.press("Enter")
    assert_accessible(desk, "console-intake-matches")
    with desk.expect_navigation():
        desk.get_by_role("link", name="Pothole").first.click()
    assert_accessible(desk, "console-intake-form")

    desk.locator("#id_address").fill("301 King St")
    desk.locator("#id_zipcode").fill("22314")
    desk.locator("#id_description").fill("Deep pothole in the right lane")
    desk.locator("#id_first_name").fill("Ana")
    desk.locator("#id_phone").fill("703-555-0142")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Check").click()
    assert_accessible(desk, "console-intake-checked")
    assert not ServiceRequest.objects.exists()  # checking saves nothing

    with desk.expect_navigation():
        desk.get_by_role("button", name="File request").click()
    assert_accessible(desk, "console-intake-done")

    filed = ServiceRequest.objects.get()
    shown = desk.locator(".tracking").inner_text().replace(" ", "")
    assert shown == filed.public_id
    assert "Expected by" in desk.locator(".estimate").inner_text()
    assert filed.channel == Channel.PHONE
    assert RequestContact.objects.get(request=filed).phone == "703-555-0142"


def test_an_officer_works_a_request_from_the_queue_to_resolved(
    desk: Any, live_server: Any, pothole: Service, streets: Department
) -> None:
    tess = make_staff(Role.STAFF, streets, username="tess", first_name="Tess")
    report = make_request(pothole, description="Pothole by the school gate")
    sign_in(desk, live_server.url, "tess")
    assert desk.url.endswith("/console/queue/")
    assert_accessible(desk, "console-queue")

    with desk.expect_navigation():
        desk.get_by_role("link", name=report.public_id).click()
    assert_accessible(desk, "console-request")

    def change_status(state: str, note: str = "") -> None:
        desk.locator(f"#state-action input[value={state}]").check()
        if note:
            desk.locator("#state-note").fill(note)
        with desk.expect_navigation():
            desk.get_by_role("button", name="Change status").click()

    change_status("acknowledged")
    desk.locator("#assign-assignee").select_option(str(tess.pk))
    with desk.expect_navigation():
        desk.get_by_role("button", name="Assign").click()
    change_status("in_progress")
    change_status("resolved", note="Filled with hot asphalt today.")
    assert_accessible(desk, "console-request-resolved")

    report.refresh_from_db()
    assert report.state == State.RESOLVED
    assert report.status == Status.CLOSED
    assert report.assignee_id == tess.pk
    assert report.status_notes == "Filled with hot asphalt today."
    kinds = list(report.events.values_list("kind", flat=True))
    assert (
        kinds.count("state_changed") == 4
    )  # acknowledged, assigned, started, resolved


def test_the_triage_and_search_pages_are_accessible(
    desk: Any, live_server: Any, pothole: Service
) -> None:
    make_staff(Role.AGENT, username="alex")
    make_request(pothole, description="Strong smell of gas at the corner")
    sign_in(desk, live_server.url, "alex")

    desk.goto(f"{live_server.url}/console/triage/")
    assert desk.get_by_text("gas leak").first.is_visible()
    assert_accessible(desk, "console-triage")

    desk.goto(f"{live_server.url}/console/search/?q=school")
    assert_accessible(desk, "console-search")


def test_clicking_the_map_sets_the_point_of_a_call(
    desk: Any, live_server: Any, pothole: Service
) -> None:
    make_staff(Role.AGENT, username="alex")
    sign_in(desk, live_server.url, "alex")
    desk.goto(f"{live_server.url}/console/intake/pothole/")

    desk.locator(".map").click()  # the middle: the city's centre

    lat = float(desk.locator("#id_lat").input_value())
    long = float(desk.locator("#id_long").input_value())
    assert abs(lat - 38.8048) < 0.01 and abs(long + 77.0469) < 0.01
    assert desk.locator(".leaflet-marker-icon").count() == 1
    assert_accessible(desk, "console-intake-map")
