"""Cached Open311 answers about requests: never older than the data."""

from typing import Any

import pytest
from django.db.models import F

from civic311.lib.actors import Actor
from civic311.servicerequests import changes
from civic311.servicerequests.actions import change_state
from civic311.servicerequests.models import ChangeCounter, ServiceRequest, State
from tests.builders import make_request
from tests.open311.helpers import BASE, post_form

pytestmark = pytest.mark.django_db

LIST = f"{BASE}/requests.json"


def ids(response: Any) -> list[str]:
    return [row["service_request_id"] for row in response.json()]


def test_a_repeated_list_is_answered_from_the_cache_without_a_query(
    client, pothole, django_assert_num_queries
):
    filed = make_request(pothole)
    first = client.get(LIST)

    with django_assert_num_queries(0):
        again = client.get(LIST)

    assert again.status_code == 200
    assert again.content == first.content
    assert ids(again) == [filed.public_id]


def test_the_counter_is_read_again_once_the_recheck_time_has_passed(
    client, pothole, settings, monkeypatch, django_assert_num_queries
):
    settings.CHANGES_RECHECK_SECONDS = 1
    now = [1000.0]
    monkeypatch.setattr(changes, "clock", lambda: now[0])
    client.get(LIST)

    now[0] += 0.9
    with django_assert_num_queries(0):
        client.get(LIST)
    now[0] += 0.2
    with django_assert_num_queries(1):  # the change counter only
        client.get(LIST)


def test_a_change_made_elsewhere_shows_once_the_recheck_time_has_passed(
    client, pothole, settings, monkeypatch
):
    """Another worker's change: the counter moves without this process
    knowing, so its copy is trusted until it is rechecked."""
    settings.CHANGES_RECHECK_SECONDS = 1
    now = [1000.0]
    monkeypatch.setattr(changes, "clock", lambda: now[0])
    filed = make_request(pothole)
    assert client.get(LIST).json()[0]["status"] == "open"

    ServiceRequest.objects.filter(pk=filed.pk).update(status="closed")
    ChangeCounter.objects.filter(pk=1).update(value=F("value") + 1)

    now[0] += 0.5
    assert client.get(LIST).json()[0]["status"] == "open"
    now[0] += 0.5
    assert client.get(LIST).json()[0]["status"] == "closed"


def test_with_no_recheck_time_the_counter_is_read_for_every_answer(
    client, pothole, settings, django_assert_num_queries
):
    settings.CHANGES_RECHECK_SECONDS = 0
    client.get(LIST)

    with django_assert_num_queries(1):
        client.get(LIST)


def test_a_single_request_is_cached_too_and_follows_its_changes(
    client, pothole, django_assert_num_queries
):
    filed = make_request(pothole)
    url = f"{BASE}/requests/{filed.public_id}.json"
    assert client.get(url).json()[0]["status"] == "open"

    with django_assert_num_queries(0):
        client.get(url)
    change_state(
        actor=Actor.system("test"), request=filed, state=State.CLOSED, note="Done."
    )

    assert client.get(url).json()[0]["status"] == "closed"


def test_an_unknown_request_is_not_cached(client, pothole):
    filed = make_request(pothole)
    missing = f"{BASE}/requests/{filed.public_id[:-1]}0.json"
    if missing.endswith(f"{filed.public_id}.json"):
        missing = f"{BASE}/requests/{filed.public_id[:-1]}1.json"

    first = client.get(missing)
    second = client.get(missing)

    assert first.status_code == second.status_code == 404
    assert "ETag" not in second


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

    change_state(
        actor=Actor.system("test"), request=filed, state=State.CLOSED, note="Done."
    )

    assert client.get(LIST).json()[0]["status"] == "closed"


def test_a_client_that_polls_gets_not_modified_until_something_changes(client, pothole):
    filed = make_request(pothole)
    etag = client.get(LIST)["ETag"]

    unchanged = client.get(LIST, headers={"If-None-Match": etag})
    change_state(
        actor=Actor.system("test"), request=filed, state=State.CLOSED, note="Done."
    )
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
