"""The public list of recent requests: newest first, filtered, paged,
and never showing what could name a resident."""

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from civic311.catalog.models import Service
from civic311.portal.queries import RECENT_PAGE
from civic311.servicerequests.intake import Contact, Location
from tests.builders import make_request

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def numbers(page: str) -> list[str]:
    return re.findall(
        r'<th scope="row"[^>]*><a class="usa-link" href="/requests/(\d+)/"', page
    )


def test_the_newest_come_first_without_names_addresses_or_descriptions(
    client: Any, pothole: Service
) -> None:
    older = make_request(pothole, requested_at=START)
    newer = make_request(
        pothole,
        requested_at=START + timedelta(hours=1),
        description="Ana Lopez's driveway",
        contact=Contact(first_name="Ana", email="ana@example.org"),
        location=Location(lat=38.805123, long=-77.042876, address="301 King St"),
    )

    page = client.get("/recent/").content.decode()

    assert numbers(page) == [newer.public_id, older.public_id]
    for private in ("Ana", "ana@example.org", "301 King", "driveway", "38.805123"):
        assert private not in page


def test_points_on_the_map_are_rounded_to_about_a_hundred_metres(
    client: Any, pothole: Service, settings: Any
) -> None:
    settings.MAP_TILES = "http://tiles.invalid/{z}/{x}/{y}.png"
    make_request(
        pothole, location=Location(lat=38.805123, long=-77.042876, address="x")
    )

    page = client.get("/recent/").content.decode()

    points = re.search(
        r'<script id="map-points" type="application/json">(.*?)</script>', page
    )
    if points is None:
        pytest.skip("Leaflet is not installed (npm ci), so no map is drawn")
    [point] = json.loads(points[1])
    assert (point["lat"], point["long"]) == (38.805, -77.043)


def test_a_service_and_a_status_narrow_the_list(
    client: Any, pothole: Service, tree: Service
) -> None:
    hole = make_request(pothole)
    fallen = make_request(tree)

    by_service = client.get("/recent/", {"service": "pothole"}).content.decode()
    closed = client.get("/recent/", {"status": "closed"}).content.decode()

    assert numbers(by_service) == [hole.public_id]
    assert fallen.public_id not in by_service
    assert numbers(closed) == []


def test_older_requests_continue_where_the_page_ended(
    client: Any, pothole: Service
) -> None:
    filed = [
        make_request(pothole, requested_at=START + timedelta(minutes=n))
        for n in range(RECENT_PAGE + 3)
    ]
    first = client.get("/recent/").content.decode()
    more = re.search(r'href="\?before=(\d+)"', first)
    assert more

    second = client.get("/recent/", {"before": more[1]}).content.decode()

    newest_first = [row.public_id for row in reversed(filed)]
    assert numbers(first) == newest_first[:RECENT_PAGE]
    assert numbers(second) == newest_first[RECENT_PAGE:]
    assert "Older requests" not in second


@pytest.mark.parametrize(
    "query", [{"before": "12345"}, {"status": "<b>"}, {"service": "x" * 500}]
)
def test_odd_filters_answer_a_page_not_an_error(
    client: Any, query: dict[str, str]
) -> None:
    response = client.get("/recent/", query)

    assert response.status_code == 200
    assert "<b>" not in response.content.decode().split("</header>")[1]
