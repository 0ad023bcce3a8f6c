import pytest

from tests.builders import make_service

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_active_services_and_the_open311_links(client):
    pothole = make_service(service_name="Pothole")
    make_service(service_name="Retired service", active=False)

    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert pothole.service_name in page
    assert "Retired service" not in page
    assert "/open311/v2/discovery.json" in page
    assert '<html lang="en" dir="ltr">' in page
