"""Reporting with no connection: Rosa presses "Send report" where her phone
has no signal. The report waits on her phone, is sent when the connection
returns, and one that needs a fix comes back to its form."""

import io
import re
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from civic311.catalog.models import Service
from civic311.servicerequests.models import RequestMedia, ServiceRequest
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

SAVED = "Your report is saved on this device"


def photo() -> dict[str, Any]:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (120, 120, 120)).save(buffer, format="PNG")
    return {"name": "hole.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def kept_drafts(page: Any) -> int:
    count: int = page.evaluate("civic311Drafts.all().then(all => all.length)")
    return count


def test_a_report_sent_offline_is_kept_then_sent_when_the_connection_returns(
    phone: Any, live_server: Any, pothole: Service
) -> None:
    phone.goto(f"{live_server.url}/report/pothole/")
    assert_accessible(phone, "portal-report-online")
    phone.locator("#id_address").fill("301 King St")
    phone.locator("#id_zipcode").fill("22314")
    phone.locator("#id_description").fill("Deep pothole in the right lane")
    phone.locator("#id_media").set_input_files(photo())

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Send report").click()

    saved = phone.get_by_text(SAVED)
    expect(saved).to_be_visible()
    assert SAVED in phone.evaluate("document.activeElement.textContent")
    assert phone.locator("#id_address").input_value() == ""
    assert kept_drafts(phone) == 1
    assert not ServiceRequest.objects.exists()
    assert_accessible(phone, "portal-report-kept")

    phone.context.set_offline(False)

    link = phone.get_by_role("link", name="See its tracking number")
    expect(link).to_be_visible()
    filed = ServiceRequest.objects.get()
    assert link.get_attribute("href").endswith(f"/report/done/{filed.public_id}/")
    assert filed.address == "301 King St"
    assert filed.description == "Deep pothole in the right lane"
    assert RequestMedia.objects.filter(request=filed).count() == 1
    assert kept_drafts(phone) == 0

    with phone.expect_navigation():
        link.click()
    assert phone.locator("#tracking-number").inner_text() == filed.public_id


def test_a_kept_report_that_needs_a_fix_comes_back_to_its_form(
    phone: Any, live_server: Any, pothole: Service
) -> None:
    # Online by every sign, but the form's address cannot be reached.
    def unreachable(route: Any) -> None:
        if route.request.method == "HEAD":
            route.abort("internetdisconnected")
        else:
            route.fallback()

    phone.route(re.compile(r"/report/pothole/$"), unreachable)
    phone.goto(f"{live_server.url}/report/pothole/")
    phone.locator("#id_description").fill("Deep pothole, I forgot where")
    phone.locator("#id_media").set_input_files(photo())
    phone.get_by_role("button", name="Send report").click()
    expect(phone.get_by_text(SAVED)).to_be_visible()
    phone.unroute(re.compile(r"/report/pothole/$"))

    phone.goto(f"{live_server.url}/services/")  # any page sends what waits

    fix = phone.get_by_role("link", name="Open it to fix it")
    expect(fix).to_be_visible()
    assert not ServiceRequest.objects.exists()
    assert kept_drafts(phone) == 1
    assert_accessible(phone, "portal-kept-report-to-fix")
    with phone.expect_navigation():
        fix.click()

    expect(phone.locator("#id_description")).to_have_value(
        "Deep pothole, I forgot where"
    )
    restored = phone.get_by_text("Your saved report is filled in again.")
    expect(restored).to_be_visible()
    expect(phone.get_by_text("Give the street address")).to_be_visible()
    files = phone.locator("#id_media").evaluate("input => input.files.length")
    assert files == 1
    assert_accessible(phone, "portal-report-restored")

    phone.locator("#id_address").fill("301 King St")
    phone.locator("#id_zipcode").fill("22314")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Send report").click()

    filed = ServiceRequest.objects.get()
    assert phone.locator("#tracking-number").inner_text() == filed.public_id
    assert filed.description == "Deep pothole, I forgot where"
    assert RequestMedia.objects.filter(request=filed).count() == 1
    expect(phone.get_by_role("link", name="Open it to fix it")).to_have_count(0)
    phone.wait_for_function("civic311Drafts.all().then(all => all.length === 0)")


def test_offline_pages_come_from_the_phone_or_say_it_is_offline(
    phone: Any, live_server: Any, pothole: Service
) -> None:
    phone.goto(f"{live_server.url}/")
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    phone.goto(f"{live_server.url}/services/")  # now kept on the phone

    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/recent/")
    offline = phone.get_by_role("heading", level=1).inner_text()
    phone.goto(f"{live_server.url}/services/")
    kept = phone.locator("#service-pothole").is_visible()
    phone.context.set_offline(False)

    assert offline == "You are offline"
    assert kept
    phone.goto(f"{live_server.url}/offline/")
    assert "703.746.4311" in phone.locator("main").inner_text()
    assert_accessible(phone, "portal-offline")
