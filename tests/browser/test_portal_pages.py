"""A resident on a phone, in English, Arabic and Spanish: the home page, a
service search, a report, a request's page and its updates by email, each
checked with axe-core, and the way between them taken by keyboard."""

import re
from typing import Any

import pytest
from django.core import mail

from civic311.catalog.models import Service
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import ServiceRequest, Subscription
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


def test_a_resident_reports_a_pothole_in_spanish_on_a_phone(
    phone: Any, live_server: Any, pothole: Service
) -> None:
    phone.goto(f"{live_server.url}/services/?q=pothole")
    phone.locator("#language").select_option("es")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Change").click()
    assert phone.locator("html").get_attribute("lang") == "es"

    with phone.expect_navigation():
        phone.locator("#service-pothole").get_by_role("link").click()
    assert phone.url.endswith("/report/pothole/")
    assert_accessible(phone, "portal-report-es")

    with phone.expect_navigation():
        phone.get_by_role("button", name="Verificar").click()
    assert phone.locator(".usa-alert--error").is_visible()
    assert_accessible(phone, "portal-report-errors-es")

    phone.locator("#id_address").fill("301 King St")
    phone.locator("#id_zipcode").fill("22314")
    phone.locator("#id_description").fill("Un bache hondo en el carril derecho")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Enviar reporte").click()

    filed = ServiceRequest.objects.get()
    assert phone.locator("#tracking-number").inner_text() == filed.public_id
    assert filed.language == "es"
    assert_accessible(phone, "portal-report-done-es")

    with phone.expect_navigation():
        phone.get_by_role("link", name="Seguir este reporte").click()
    assert phone.url.endswith(f"/requests/{filed.public_id}/")

    phone.locator("#id_email").fill("vecina@example.org")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Enviarme novedades").click()
    assert "Revise su correo" in phone.locator("#updates").inner_text()
    assert_accessible(phone, "portal-track-updates-asked-es", strict=True)

    [message] = [m for m in mail.outbox if m.to == ["vecina@example.org"]]
    confirm = re.search(r"http://\S+(/updates/confirm/\S+/)", message.body)
    assert confirm, message.body
    phone.goto(live_server.url + confirm[1])
    with phone.expect_navigation():
        phone.get_by_role("button", name="Sí, envíenme novedades").click()
    assert "Listo" in phone.locator("main").inner_text()
    assert Subscription.objects.get(email="vecina@example.org").confirmed
