"""Maps on console pages: drawn by Leaflet when it is installed, and the
pages work the same without it."""

from typing import Any

import pytest
from django.test import override_settings

from civic311.catalog.models import Service
from tests.builders import make_request
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_request_page_maps_a_request_with_a_point(
    tess: Any, pothole: Service
) -> None:
    report = make_request(pothole)

    response = signed_in(tess).get(f"/console/requests/{report.public_id}/")

    body = response.content.decode()
    assert "data-map" in body
    assert f'data-lat="{report.lat}"' in body
    assert "vendor/leaflet/leaflet.js" in body


@override_settings(STATICFILES_DIRS=[])
def test_without_leaflet_the_pages_show_no_map(tess: Any, pothole: Service) -> None:
    report = make_request(pothole)

    page = signed_in(tess).get(f"/console/requests/{report.public_id}/")
    form = signed_in(tess).get("/console/intake/pothole/")

    assert page.status_code == form.status_code == 200
    assert "data-map" not in page.content.decode()
    assert "data-map" not in form.content.decode()
    assert 'id="id_lat"' in form.content.decode()


def test_the_call_form_map_fills_the_point_fields(alex: Any, pothole: Service) -> None:
    body = signed_in(alex).get("/console/intake/pothole/").content.decode()

    assert 'data-lat-field="id_lat"' in body
    assert 'data-long-field="id_long"' in body
