"""The home page at the site root: what a resident on the sidewalk needs
first, in their language."""

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from civic311.catalog.models import Service
from tests.builders import make_request, make_service

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_emergency_number_first(client: Any) -> None:
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    notice = f"In an emergency, call {settings.CITY.emergency_number}."
    assert notice in page
    assert page.index(notice) < page.index("<h1")
    assert page.count("<h1") == 1
    assert '<html lang="en" dir="ltr">' in page


def test_active_services_are_listed_and_retired_ones_are_not(client: Any) -> None:
    pothole = make_service(service_name="Pothole")
    make_service(service_name="Retired service", active=False)

    page = client.get("/").content.decode()

    assert pothole.service_name in page
    assert "Retired service" not in page
    assert Service.objects.filter(active=False).count() == 1


def most_requested(page: str) -> str:
    """The "Most requested" section of the home page."""
    return page.split('id="popular-heading"')[1].split("</section>")[0]


def test_the_search_box_suggests_every_service_by_name(
    client: Any, pothole: Service, tree: Service
) -> None:
    page = client.get("/", headers={"Accept-Language": "en"}).content.decode()

    suggestions = page.split('<datalist id="service-names">')[1].split("</datalist>")[0]
    assert '<option value="Fallen tree">' in suggestions
    assert '<option value="Pothole">' in suggestions
    assert 'list="service-names"' in page


def test_the_most_requested_services_come_first(
    client: Any, pothole: Service, tree: Service
) -> None:
    make_service(service_name="Abandoned bicycle")
    for _ in range(2):
        make_request(tree)
    make_request(pothole)
    make_request(pothole, requested_at=timezone.now() - timedelta(days=400))

    page = most_requested(client.get("/").content.decode())

    # Trees: two this year; potholes: one (the older one does not count);
    # the bicycle, never asked for, after both.
    assert page.index("Fallen tree") < page.index("Pothole")
    assert page.index("Pothole") < page.index("Abandoned bicycle")


def test_without_requests_the_services_are_alphabetical(client: Any) -> None:
    for name in ["Weeds", "Alley light", "Graffiti"]:
        make_service(service_name=name)

    page = most_requested(client.get("/").content.decode())

    assert page.index("Alley light") < page.index("Graffiti") < page.index("Weeds")


def test_at_most_eight_services_are_shown_from_one_query(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    services = [make_service(service_name=f"Service {n:02}") for n in range(12)]
    for service in services:
        make_request(service)

    # One for the most requested, one for the search box's suggestions.
    with django_assert_max_num_queries(2):
        page = client.get("/").content.decode()

    shown = [s for s in services if f"#service-{s.service_code}" in page]
    assert len(shown) == 8


def test_the_page_offers_search_tracking_the_phone_line_and_open311(
    client: Any,
) -> None:
    page = client.get("/").content.decode()

    assert 'action="/services/"' in page and 'name="q"' in page
    assert 'action="/track/"' in page and 'name="id"' in page
    assert settings.CITY.phone_number in page
    assert "For apps and developers" in page
    assert "/open311/v2/discovery.json" in page
    assert 'href="/console/"' in page


def test_spanish_readers_get_the_page_in_spanish(client: Any) -> None:
    page = client.get("/", headers={"accept-language": "es"}).content.decode()

    assert '<html lang="es" dir="ltr">' in page


def test_arabic_readers_get_a_right_to_left_page(client: Any) -> None:
    page = client.get("/", headers={"accept-language": "ar"}).content.decode()

    assert '<html lang="ar" dir="rtl">' in page


def test_the_language_selector_switches_the_language_without_javascript(
    client: Any,
) -> None:
    page = client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert '<option value="es" lang="es">Español</option>' in page

    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert '<html lang="es" dir="ltr">' in client.get("/").content.decode()


def test_the_pages_link_uswds_when_it_is_installed(client: Any) -> None:
    page = client.get("/").content.decode()

    assert "/static/vendor/uswds/css/uswds.min.css" in page
    assert "/static/vendor/uswds/js/uswds.min.js" in page


@override_settings(STATICFILES_DIRS=[])
def test_without_uswds_the_pages_still_work_unstyled(client: Any) -> None:
    home = client.get("/")
    services = client.get("/services/")

    assert home.status_code == services.status_code == 200
    assert "vendor/uswds" not in home.content.decode()
    assert "vendor/uswds" not in services.content.decode()
