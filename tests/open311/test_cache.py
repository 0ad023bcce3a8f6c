"""The request list's answer cache: never older than the data."""

from typing import Any

import pytest

from civic311.lib.actors import Actor
from civic311.servicerequests.actions import change_state
from civic311.servicerequests.models import State
from tests.builders import make_request
from tests.open311.helpers import BASE, post_form

pytestmark = pytest.mark.django_db

LIST = f"{BASE}/requests.json"


def ids(response: Any) -> list[str]:
    return [row["service_request_id"] for row in response.json()]


def test_a_repeated_list_is_answered_from_the_cache_with_one_query(
    client, pothole, django_assert_num_queries
):
    filed = make_request(pothole)
    first = client.get(LIST)

    with django_assert_num_queries(1):  # the change counter only
        again = client.get(LIST)

    assert again.status_code == 200
    assert again.content == first.content
    assert ids(again) == [filed.public_id]


def test_a_request_an_app_files_shows_in_the_next_list_at_once(client, pothole, app):
    client.get(LIST)
    _client, key = app

    posted = post_form(
        client,
        "json",
        {"api_key": key, "service_code": "pothole", "lat": "38.80", "long": "-77.05"},
    )

    new_id = posted.json()[0]["service_request_id"]
    assert new_id in ids(client.get(LIST))


def test_a_status_change_shows_in_the_next_list_at_once(client, pothole):
    filed = make_request(pothole)
    assert client.get(LIST).json()[0]["status"] == "open"

    change_state(actor=Actor.system("test"), request=filed, state=State.CLOSED)

    assert client.get(LIST).json()[0]["status"] == "closed"


def test_a_client_that_polls_gets_not_modified_until_something_changes(client, pothole):
    filed = make_request(pothole)
    etag = client.get(LIST)["ETag"]

    unchanged = client.get(LIST, headers={"If-None-Match": etag})
    change_state(actor=Actor.system("test"), request=filed, state=State.CLOSED)
    changed = client.get(LIST, headers={"If-None-Match": etag})

    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_each_format_and_language_is_kept_apart(client, pothole):
    make_request(pothole)
    client.get(LIST)

    xml = client.get(f"{BASE}/requests.xml")
    spanish = client.get(LIST, headers={"Accept-Language": "es"})

    assert xml["Content-Type"].startswith("text/xml")
    assert spanish.json()[0]["service_name"] == "Bache"


def test_with_the_cache_off_every_list_is_built_afresh(
    client, pothole, settings, django_assert_num_queries
):
    settings.OPEN311_CACHE_SECONDS = 0
    make_request(pothole)
    client.get(LIST)

    with django_assert_num_queries(1):  # the page itself, no counter
        response = client.get(LIST)

    assert response.status_code == 200
    assert "ETag" not in response
