"""A resident on a phone, in English and in Arabic: the home page, a
service search and a request's page, each checked with axe-core, and the
way between them taken by keyboard."""

from typing import Any

import pytest

from civic311.catalog.models import Service
from civic311.servicerequests.intake import Contact
from tests.browser.conftest import assert_accessible
from tests.builders import make_request

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_resident_finds_a_service_and_tracks_a_request(
    phone: Any, live_server: Any, pothole: Service, language: str
) -> None:
    report = make_request(
        pothole,
        description="Next to my neighbour's blue car",
        contact=Contact(email="ana@example.org"),
    )
    phone.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )

    phone.goto(f"{live_server.url}/")
    direction = "rtl" if language == "ar" else "ltr"
    assert phone.locator("html").get_attribute("lang") == language
    assert phone.locator("html").get_attribute("dir") == direction
    assert_accessible(phone, f"portal-home-{language}")

    phone.locator("#q").fill("pothole")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "/services/?q=pothole" in phone.url
    assert phone.locator("#service-pothole").is_visible()
    assert_accessible(phone, f"portal-services-{language}")

    phone.goto(f"{live_server.url}/")
    phone.locator("#id").fill(report.public_id)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url.endswith(f"/requests/{report.public_id}/")
    body = phone.locator("body").inner_text()
    assert "ana@example.org" not in body
    assert "blue car" not in body
    assert_accessible(phone, f"portal-track-{language}")


def test_every_service_and_a_wrong_number_on_a_desktop(
    desk: Any, live_server: Any, pothole: Service, tree: Service
) -> None:
    desk.goto(f"{live_server.url}/services/")
    assert desk.get_by_role("heading", name="Pothole").is_visible()
    assert_accessible(desk, "portal-services-all")

    desk.goto(f"{live_server.url}/track/?id=1234567")
    assert desk.get_by_role("heading", level=1).inner_text() == "Request not found"
    assert_accessible(desk, "portal-track-not-found")


def test_the_language_selector_works_by_keyboard(
    phone: Any, live_server: Any, pothole: Service
) -> None:
    phone.goto(f"{live_server.url}/services/")

    phone.locator("#language").select_option("es")
    phone.locator("#language").focus()
    phone.keyboard.press("Tab")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")

    assert phone.url.endswith("/services/")
    assert phone.locator("html").get_attribute("lang") == "es"
