"""Finding a service: by what the resident types, in their language, or
the whole catalog by group."""

from typing import Any

import pytest
from django.conf import settings

from civic311.catalog.models import Service
from tests.builders import make_service

pytestmark = pytest.mark.django_db


def test_a_search_finds_services_by_name_and_keyword(
    client: Any, pothole: Service, tree: Service
) -> None:
    by_name = client.get("/services/", {"q": "pot"}).content.decode()
    by_keyword = client.get("/services/", {"q": "asphalt"}).content.decode()

    assert "Pothole" in by_name and "Fallen tree" not in by_name
    assert "Pothole" in by_keyword
    assert pothole.description in by_name


def test_a_search_never_finds_a_retired_service(client: Any) -> None:
    make_service(service_name="Retired pothole line", active=False)

    page = client.get("/services/", {"q": "retired"}).content.decode()

    assert "Retired pothole line" not in page
    assert "No service matches" in page


def test_a_search_matches_in_the_residents_language(
    client: Any, pothole: Service
) -> None:
    pothole.translations = {
        "es": {"service_name": "Bache", "description": "Un hoyo en la calle."}
    }
    pothole.save()

    response = client.get(
        "/services/", {"q": "bache"}, headers={"accept-language": "es"}
    )

    page = response.content.decode()
    assert '<html lang="es" dir="ltr">' in page
    assert "Bache" in page
    assert "Un hoyo en la calle." in page


def test_without_a_query_every_active_service_is_shown_by_group(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    make_service(service_name="Pothole", group="Streets")
    make_service(service_name="Streetlight out", group="Streets")
    make_service(service_name="Fallen tree", group="Parks")
    make_service(service_name="Old line", group="Parks", active=False)

    with django_assert_max_num_queries(1):
        page = client.get("/services/").content.decode()

    assert page.index("Parks") < page.index("Fallen tree") < page.index("Streets")
    assert page.index("Streets") < page.index("Pothole")
    assert page.index("Pothole") < page.index("Streetlight out")
    assert "Old line" not in page
    assert page.count("<h1") == 1


def test_a_search_takes_a_bounded_number_of_queries(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        make_service(service_name=f"Noise complaint {n}")

    with django_assert_max_num_queries(2):
        page = client.get("/services/", {"q": "noise"}).content.decode()

    assert page.count('id="service-') == 20


def test_the_services_page_says_to_call_311_to_make_a_request(
    client: Any, pothole: Service
) -> None:
    page = client.get("/services/", {"q": "pothole"}).content.decode()

    assert f"call 311 at {settings.CITY.phone_number}" in page
    assert "/open311/v2/services.json" in page
    assert "coming soon" not in page.lower()


def test_services_without_a_group_come_last(client: Any) -> None:
    make_service(service_name="Loose dog", group="")
    make_service(service_name="Pothole", group="Streets")

    page = client.get("/services/").content.decode()

    assert page.index("Pothole") < page.index("Other services")
    assert page.index("Other services") < page.index("Loose dog")
