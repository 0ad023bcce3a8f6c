"""Placing a report from the sidewalk: "Use my location", address
suggestions by keyboard, and the map. Geocoding and map tiles are answered
by Playwright routes, so no outside server is asked."""

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from civic311.catalog.models import Service
from civic311.servicerequests.models import ServiceRequest
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

HERE = (38.8048, -77.0469)  # City Hall, where Rosa stands
KING_STREET = {
    "label": "301 King Street, Alexandria, VA 22314",
    "lat": 38.80483,
    "long": -77.04296,
    "zipcode": "22314",
    "inside": True,
}
HUNTINGTON = {
    "label": "301 King Street, Huntington, VA 22303",
    "lat": 38.7937,
    "long": -77.0745,
    "zipcode": "22303",
    "inside": False,
}
REVERSE = re.compile(r"/geocode/reverse/")
SEARCH = re.compile(r"/geocode/search/")
TILES = "http://tiles.test/{z}/{x}/{y}.png"


@pytest.fixture
def rosa(chromium: Any) -> Iterator[Any]:
    """A phone that lets the site know where it is. Service workers are
    blocked: requests they handle would not reach the routes."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": HERE[0], "longitude": HERE[1]},
        permissions=["geolocation"],
        service_workers="block",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def answer(page: Any, endpoint: re.Pattern[str], status: int, body: Any) -> list[str]:
    """Answer ``endpoint`` with ``body``; the returned list fills with the
    URLs asked."""
    asked: list[str] = []

    def fulfil(route: Any) -> None:
        asked.append(route.request.url)
        route.fulfill(status=status, json=body)

    page.route(endpoint, fulfil)
    return asked


def test_use_my_location_fills_the_point_and_the_address(
    rosa: Any, live_server: Any, pothole: Service
) -> None:
    asked = answer(rosa, REVERSE, 200, {"results": [KING_STREET]})
    rosa.goto(f"{live_server.url}/report/pothole/")

    rosa.get_by_role("button", name="Use my location").click()

    expect(rosa.locator("#id_address")).to_have_value(KING_STREET["label"])
    expect(rosa.locator("#id_lat")).to_have_value("38.804800")
    expect(rosa.locator("#id_long")).to_have_value("-77.046900")
    expect(rosa.locator("#id_zipcode")).to_have_value("22314")
    expect(rosa.locator("#where-status")).to_contain_text("location is filled in")
    assert asked == [
        f"{live_server.url}/geocode/reverse/?lat=38.804800&long=-77.046900"
    ]
    assert rosa.locator("#report-map").count() == 0  # no tiles in tests
    assert_accessible(rosa, "portal-report-located")


def test_without_geocoding_the_point_is_kept_and_the_address_left_to_type(
    rosa: Any, live_server: Any, pothole: Service
) -> None:
    answer(rosa, REVERSE, 503, {"error": "No address search right now."})
    rosa.goto(f"{live_server.url}/report/pothole/")

    rosa.get_by_role("button", name="Use my location").click()

    expect(rosa.locator("#where-status")).to_have_text(
        "We have your location; type the address if you know it."
    )
    expect(rosa.locator("#id_lat")).to_have_value("38.804800")
    assert rosa.locator("#id_address").input_value() == ""


def test_a_typed_address_already_there_is_not_replaced(
    rosa: Any, live_server: Any, pothole: Service
) -> None:
    asked = answer(rosa, REVERSE, 200, {"results": [KING_STREET]})
    rosa.goto(f"{live_server.url}/report/pothole/")
    typed = "field => { field.value = 'Corner of King and Fairfax'; }"
    rosa.locator("#id_address").evaluate(typed)

    rosa.get_by_role("button", name="Use my location").click()

    expect(rosa.locator("#id_lat")).to_have_value("38.804800")
    expect(rosa.locator("#where-status")).to_contain_text("location is filled in")
    assert rosa.locator("#id_address").input_value() == "Corner of King and Fairfax"
    assert asked == []


def test_a_suggested_address_is_chosen_by_keyboard(
    rosa: Any, live_server: Any, pothole: Service
) -> None:
    answer(rosa, SEARCH, 200, {"results": [KING_STREET, HUNTINGTON]})
    rosa.goto(f"{live_server.url}/report/pothole/")
    address = rosa.locator("#id_address")

    address.press_sequentially("301 King")
    listbox = rosa.get_by_role("listbox", name="Suggested addresses")
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(1)).to_contain_text("outside the city")
    assert address.get_attribute("aria-expanded") == "true"
    assert_accessible(rosa, "portal-report-suggestions")

    rosa.keyboard.press("ArrowDown")
    first = options.nth(0).get_attribute("id")
    assert address.get_attribute("aria-activedescendant") == first
    assert options.nth(0).get_attribute("aria-selected") == "true"
    rosa.keyboard.press("Enter")

    expect(address).to_have_value(KING_STREET["label"])
    expect(listbox).to_be_hidden()
    assert rosa.locator("#id_zipcode").input_value() == "22314"
    assert rosa.locator("#id_lat").input_value() == "38.804830"
    assert rosa.locator("#id_long").input_value() == "-77.042960"
    assert rosa.url.endswith("/report/pothole/")  # Enter chose, it did not check
    assert address.get_attribute("aria-expanded") == "false"


def test_escape_closes_the_suggestions_and_keeps_the_typing(
    rosa: Any, live_server: Any, pothole: Service
) -> None:
    answer(rosa, SEARCH, 200, {"results": [KING_STREET]})
    rosa.goto(f"{live_server.url}/report/pothole/")
    address = rosa.locator("#id_address")
    address.press_sequentially("301 King")
    listbox = rosa.get_by_role("listbox", name="Suggested addresses")
    expect(listbox).to_be_visible()

    rosa.keyboard.press("Escape")

    expect(listbox).to_be_hidden()
    assert address.input_value() == "301 King"


def test_when_address_search_fails_it_says_so_once_and_stops_asking(
    rosa: Any, live_server: Any, pothole: Service
) -> None:
    asked = answer(rosa, SEARCH, 503, {"error": "Address search is resting."})
    rosa.goto(f"{live_server.url}/report/pothole/")
    address = rosa.locator("#id_address")

    address.press_sequentially("301 King")

    expect(rosa.locator("#where-status")).to_have_text("Address search is resting.")
    assert address.get_attribute("role") is None  # a plain field again
    assert address.get_attribute("autocomplete") == "street-address"
    address.press_sequentially(" Street")
    assert address.input_value() == "301 King Street"
    assert len(asked) == 1


def test_a_search_answer_that_is_not_json_gives_the_page_own_words(
    rosa: Any, live_server: Any, pothole: Service
) -> None:
    rosa.route(SEARCH, lambda route: route.fulfill(status=502, body="Bad gateway"))
    rosa.goto(f"{live_server.url}/report/pothole/")

    rosa.locator("#id_address").press_sequentially("301 King")

    expect(rosa.locator("#where-status")).to_have_text(
        "Address suggestions are not available right now. Type the address yourself."
    )


def tile() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 230, 220)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_with_tiles_a_tap_on_the_map_sets_the_point(
    rosa: Any, live_server: Any, pothole: Service, settings: Any
) -> None:
    settings.MAP_TILES = TILES
    picture = tile()

    def draw(route: Any) -> None:
        route.fulfill(body=picture, content_type="image/png")

    rosa.route("http://tiles.test/**", draw)
    rosa.goto(f"{live_server.url}/report/pothole/")
    region = rosa.get_by_role("region", name=re.compile("^Map"))
    expect(region).to_be_visible()
    assert region.get_attribute("tabindex") is None  # not a tab stop itself

    region.click(position={"x": 100, "y": 80})

    lat = float(rosa.locator("#id_lat").input_value())
    long = float(rosa.locator("#id_long").input_value())
    assert abs(lat - HERE[0]) < 0.05 and abs(long - HERE[1]) < 0.05
    assert (lat, long) != HERE
    expect(rosa.locator(".leaflet-marker-icon")).to_have_count(1)
    assert rosa.locator(".leaflet-marker-icon").get_attribute("alt") == (
        "The place of the problem"
    )
    assert_accessible(rosa, "portal-report-map")


def test_without_javascript_the_place_is_typed_and_the_report_sent(
    chromium: Any, live_server: Any, pothole: Service
) -> None:
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/report/pothole/")

    assert page.get_by_role("button", name="Use my location").count() == 0
    page.locator("#id_address").fill("301 King St")
    page.locator("#id_zipcode").fill("22314")
    page.locator("#id_lat").fill("38.8048")
    page.locator("#id_long").fill("-77.0469")
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()

    filed = ServiceRequest.objects.get()
    assert page.locator("#tracking-number").inner_text() == filed.public_id
    assert (filed.lat, filed.long) == (38.8048, -77.0469)
    context.close()
