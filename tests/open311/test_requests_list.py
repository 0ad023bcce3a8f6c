"""The request list (GET /open311/v2/requests.{json,xml})."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from civic311.catalog.models import Service
from civic311.lib.actors import Actor
from civic311.servicerequests.actions import change_state, merge_request
from civic311.servicerequests.intake import Location
from civic311.servicerequests.models import (
    RequestEvent,
    ServiceRequest,
    State,
)
from tests.builders import make_request, make_service
from tests.open311.helpers import (
    NOW,
    descriptions,
    get_json,
    moment,
    png_bytes,
    same_in_both_formats,
)

pytestmark = pytest.mark.django_db

STANDARD_KEYS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
CREW = Actor.system("crew")


def filed(service: Service, days_ago: float = 1, **fields: Any) -> ServiceRequest:
    return make_request(service, requested_at=NOW - timedelta(days=days_ago), **fields)


def ids(document: list[dict[str, Any]]) -> list[str]:
    return [row["service_request_id"] for row in document]


def listed(client: Client, query: str = "") -> list[dict[str, Any]]:
    response, document = get_json(client, f"requests.json{query}")
    assert response.status_code == 200, document
    return document


# The default window and dates


def test_without_dates_only_the_last_90_days_are_listed(client, frozen, pothole):
    recent = filed(pothole, days_ago=10)
    filed(pothole, days_ago=100)

    assert ids(listed(client)) == [recent.public_id]


def test_start_and_end_dates_in_utc_bound_the_list(client, frozen, pothole):
    filed(pothole, days_ago=30)
    inside = filed(pothole, days_ago=20)
    filed(pothole, days_ago=10)

    document = listed(
        client, "?start_date=2026-02-20T00:00:00Z&end_date=2026-02-28T00:00:00Z"
    )

    assert ids(document) == [inside.public_id]


def test_a_start_date_without_an_end_reaches_past_the_default_window(
    client, frozen, pothole
):
    old = filed(pothole, days_ago=100)
    recent = filed(pothole, days_ago=10)

    document = listed(client, "?start_date=2025-12-01T00:00:00Z")

    assert ids(document) == [recent.public_id, old.public_id]


@pytest.mark.parametrize(
    "start_date",
    [
        "2026-03-10T15:30:00%2B02:00",  # "+" encoded, as the spec's clients should
        "2026-03-10T15:30:00+02:00",  # "+" left bare arrives as a space
        "2026-03-10T09:30:00-04:00",
        "2026-03-10T13:30:00Z",
    ],
)
def test_dates_with_an_offset_mean_that_moment(client, frozen, pothole, start_date):
    make_request(pothole, requested_at=datetime(2026, 3, 10, 13, 0, tzinfo=UTC))
    after = make_request(pothole, requested_at=datetime(2026, 3, 10, 14, 0, tzinfo=UTC))

    document = listed(client, f"?start_date={start_date}")

    assert ids(document) == [after.public_id]


def test_a_date_alone_means_midnight_in_the_city(client, frozen, pothole):
    # Alexandria is on EDT (UTC-4) on 10 March 2026.
    make_request(pothole, requested_at=datetime(2026, 3, 10, 3, 59, tzinfo=UTC))
    same_day = make_request(
        pothole, requested_at=datetime(2026, 3, 10, 4, 0, tzinfo=UTC)
    )

    document = listed(client, "?start_date=2026-03-10")

    assert ids(document) == [same_day.public_id]


def test_an_end_date_before_the_start_date_is_refused(client, frozen):
    response = client.get(
        "/open311/v2/requests.json"
        "?start_date=2026-03-10T00:00:00Z&end_date=2026-03-01T00:00:00Z"
    )

    assert response.status_code == 400
    assert any("end_date" in text for text in descriptions(response))


def test_a_date_that_cannot_be_read_is_refused_with_its_name(client):
    response = client.get("/open311/v2/requests.json?start_date=last+tuesday")

    assert response.status_code == 400
    [text] = descriptions(response)
    assert "start_date" in text
    assert "last tuesday" in text


# Filters


def test_asking_for_ids_overrides_every_other_filter(client, frozen, pothole):
    old_closed = filed(pothole, days_ago=200)
    change_state(actor=CREW, request=old_closed, state=State.RESOLVED, note="Done.")
    recent_open = filed(pothole, days_ago=1)
    filed(pothole, days_ago=2)

    document = listed(
        client,
        f"?service_request_id={old_closed.public_id},{recent_open.public_id}"
        "&status=closed&service_code=other&start_date=2026-03-01T00:00:00Z"
        "&end_date=2026-03-02T00:00:00Z",
    )

    assert ids(document) == [recent_open.public_id, old_closed.public_id]


def test_ids_that_are_not_ours_are_simply_not_found(client, frozen, pothole):
    mine = filed(pothole)
    mistyped = mine.public_id[:-1] + str((int(mine.public_id[-1]) + 1) % 10)

    document = listed(client, f"?service_request_id={mistyped},{mine.public_id}")

    assert ids(document) == [mine.public_id]


def test_a_comma_list_of_service_codes_selects_those_services(
    client, frozen, pothole, downed_tree
):
    graffiti = make_service(service_code="graffiti")
    hole = filed(pothole, days_ago=3)
    tree = filed(downed_tree, days_ago=2, answers={"size": "12", "kind": "oak"})
    filed(graffiti, days_ago=1)

    document = listed(client, "?service_code=pothole,downed-tree")

    assert ids(document) == [tree.public_id, hole.public_id]


def test_the_status_filter_takes_open_closed_or_both(client, frozen, pothole):
    still_open = filed(pothole, days_ago=2)
    closed = filed(pothole, days_ago=3)
    change_state(actor=CREW, request=closed, state=State.RESOLVED, note="Done.")

    assert ids(listed(client, "?status=open")) == [still_open.public_id]
    assert ids(listed(client, "?status=closed")) == [closed.public_id]
    assert ids(listed(client, "?status=open,closed")) == [
        still_open.public_id,
        closed.public_id,
    ]


def test_an_unknown_status_is_refused(client):
    response = client.get("/open311/v2/requests.json?status=open,pending")

    assert response.status_code == 400
    [text] = descriptions(response)
    assert "pending" in text


def test_updated_after_and_before_select_by_last_change(client, frozen, pothole):
    untouched = filed(pothole, days_ago=50)
    closed_lately = filed(pothole, days_ago=100)
    change_state(
        actor=CREW,
        request=closed_lately,
        state=State.RESOLVED,
        note="Done.",
        at=NOW - timedelta(days=5),
    )
    new = filed(pothole, days_ago=3)

    after = listed(client, "?updated_after=2026-03-09T00:00:00Z")
    before = listed(client, "?updated_before=2026-03-12T00:00:00Z")
    between = listed(
        client,
        "?updated_after=2026-03-09T00:00:00Z&updated_before=2026-03-12T00:00:00Z",
    )

    assert ids(after) == [new.public_id, closed_lately.public_id]
    assert ids(before) == [untouched.public_id, closed_lately.public_id]
    assert ids(between) == [closed_lately.public_id]


# Paging


def test_pages_follow_one_another_and_the_last_one_is_short(client, frozen, pothole):
    made = [filed(pothole, days_ago=day) for day in range(1, 6)]
    newest_first = [request.public_id for request in made]

    pages = [listed(client, f"?page_size=2&page={page}") for page in (1, 2, 3, 4)]

    assert [ids(page) for page in pages] == [
        newest_first[0:2],
        newest_first[2:4],
        newest_first[4:5],
        [],
    ]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("page_size=1001", "page_size"),
        ("page_size=0", "page_size"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("page=-1", "page"),
    ],
)
def test_paging_outside_the_limits_is_refused(client, query, name):
    response = client.get(f"/open311/v2/requests.json?{query}")

    assert response.status_code == 400
    [text] = descriptions(response)
    assert name in text


def test_a_page_holds_at_most_1000_requests(client, frozen, pothole):
    ServiceRequest.objects.bulk_create(
        ServiceRequest(
            service=pothole,
            department_id=pothole.department_id,
            channel="web",
            token=uuid.uuid4(),
            requested_datetime=NOW - timedelta(minutes=minute),
            updated_datetime=NOW - timedelta(minutes=minute),
        )
        for minute in range(1, 1002)
    )
    oldest = ServiceRequest.objects.order_by("requested_datetime").first()

    first = listed(client)
    second = listed(client, "?page=2")

    assert len(first) == 1000
    assert ids(second) == [oldest.public_id]


# What each request says


def test_requests_come_newest_first(client, frozen, pothole):
    middle = filed(pothole, days_ago=2)
    newest = filed(pothole, days_ago=1)
    oldest = filed(pothole, days_ago=3)

    assert ids(listed(client)) == [
        newest.public_id,
        middle.public_id,
        oldest.public_id,
    ]


def test_every_standard_key_is_present_and_null_when_empty(client, frozen, pothole):
    filed(pothole, location=Location(address="Market Square"), description="")

    [document] = listed(client)

    assert set(document) == STANDARD_KEYS
    assert document["address"] == "Market Square"
    empty = {key for key, value in document.items() if value is None}
    assert empty == {
        "status_notes",
        "description",
        "expected_datetime",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    }


def test_a_request_reads_back_as_it_was_filed(client, frozen, pothole):
    request = filed(
        pothole,
        days_ago=2,
        description="Deep hole by the bus stop",
        location=Location(
            lat=38.8051, long=-77.0428, address="301 King St", zipcode="22314"
        ),
    )

    [document] = listed(client)

    filed_at = NOW - timedelta(days=2)
    assert moment(document.pop("requested_datetime")) == filed_at
    assert moment(document.pop("updated_datetime")) == filed_at
    assert document == {
        "service_request_id": request.public_id,
        "status": "open",
        "status_notes": None,
        "service_name": "Pothole",
        "service_code": "pothole",
        "description": "Deep hole by the bus stop",
        "agency_responsible": "Transportation and Environmental Services",
        "service_notice": "Crews fill potholes within three business days.",
        "expected_datetime": None,
        "address": "301 King St",
        "address_id": None,
        "zipcode": "22314",
        "lat": 38.8051,
        "long": -77.0428,
        "media_url": None,
    }


def test_a_closed_request_says_when_and_why(client, frozen, pothole):
    request = filed(pothole, days_ago=4)
    change_state(
        actor=CREW,
        request=request,
        state=State.RESOLVED,
        note="Filled with cold patch.",
        at=NOW - timedelta(days=1),
    )

    [document] = listed(client)

    assert document["status"] == "closed"
    assert document["status_notes"] == "Filled with cold patch."
    assert moment(document["updated_datetime"]) == NOW - timedelta(days=1)


def test_coordinates_are_json_numbers(client, frozen, pothole):
    filed(pothole)

    [document] = listed(client)

    assert isinstance(document["lat"], float)
    assert isinstance(document["long"], float)


def test_the_service_name_follows_the_callers_language(client, frozen, pothole):
    filed(pothole)

    [document] = listed(client, "?locale=es")

    assert document["service_name"] == "Bache"
    assert document["service_notice"] == (
        "Las cuadrillas tapan los baches en tres días."
    )


def test_the_list_is_the_same_in_xml(client, frozen, pothole, downed_tree):
    filed(pothole, days_ago=2, location=Location(address="Market Square"))
    filed(
        downed_tree,
        days_ago=1,
        answers={"size": "30", "kind": "oak", "blocking": ["road", "sidewalk"]},
    )

    document = same_in_both_formats(client, "requests?extensions=true")

    assert len(document) == 2


# Jurisdiction


def test_the_citys_own_jurisdiction_id_is_accepted(client, frozen, pothole):
    request = filed(pothole)

    assert ids(listed(client, "?jurisdiction_id=alexandriava.gov")) == [
        request.public_id
    ]
    assert ids(listed(client, "?jurisdiction_id=AlexandriaVA.gov")) == [
        request.public_id
    ]


def test_another_jurisdiction_id_is_an_open311_404(client, frozen, pothole):
    filed(pothole)

    response = client.get("/open311/v2/requests.json?jurisdiction_id=sfgov.org")

    assert response.status_code == 404
    [text] = descriptions(response)
    assert "sfgov.org" in text


# Extensions


def test_extensions_add_the_citys_details_to_each_request(client, frozen, downed_tree):
    request = filed(
        downed_tree,
        answers={"size": "30", "kind": "oak", "blocking": ["road", "sidewalk"]},
    )

    [document] = listed(client, "?extensions=true")

    extended = document["extended_attributes"]
    assert extended["channel"] == "web"
    assert extended["detailed_status"] == "submitted"
    assert extended["duplicate"] is False
    assert extended["parent_service_request_id"] is None
    assert extended["photos"] == []
    assert {a["code"]: a["value"] for a in extended["attributes"]} == {
        "size": 30,
        "kind": "oak",
        "blocking": ["road", "sidewalk"],
    }
    assert extended["token"] == str(ServiceRequest.objects.get(pk=request.pk).token)
    assert set(document) > STANDARD_KEYS


def test_without_extensions_no_extra_keys_appear(client, frozen, pothole):
    filed(pothole)

    [document] = listed(client, "?extensions=false")

    assert set(document) == STANDARD_KEYS


def test_a_duplicate_points_to_the_request_it_repeats(client, frozen, pothole):
    first = filed(pothole, days_ago=2)
    repeat = filed(pothole, days_ago=1)
    merge_request(actor=CREW, duplicate=repeat, parent=first)

    document = listed(client, f"?extensions=true&service_request_id={repeat.public_id}")

    extended = document[0]["extended_attributes"]
    assert extended["duplicate"] is True
    assert extended["parent_service_request_id"] == first.public_id
    assert extended["detailed_status"] == "duplicate"
    assert document[0]["status"] == "closed"


def test_photos_are_listed_with_their_address(client, frozen, pothole, settings):
    photo = SimpleUploadedFile("hole.png", png_bytes(), content_type="image/png")
    request = filed(pothole, media=[photo])

    [document] = listed(client, "?extensions=true")

    [listed_photo] = document["extended_attributes"]["photos"]
    stored = request.media.get()
    assert listed_photo["media_url"] == (
        f"{settings.SITE_URL}{settings.MEDIA_URL}{stored.file.name}"
    )
    assert listed_photo["content_type"] == "image/png"
    assert document["media_url"] == listed_photo["media_url"]


def test_notes_show_the_public_history_only(client, frozen, pothole):
    request = filed(pothole, days_ago=3)
    RequestEvent.objects.create(
        request=request,
        at=NOW - timedelta(days=2),
        kind="note",
        public=False,
        actor_label="agent:kim",
        note="Caller sounded upset; internal only.",
    )
    change_state(
        actor=CREW,
        request=request,
        state=State.IN_PROGRESS,
        note="A crew is on the way.",
        at=NOW - timedelta(days=1),
    )

    [document] = listed(client, "?extensions=true")

    notes = document["notes"]
    assert [moment(note.pop("datetime")) for note in notes] == [
        NOW - timedelta(days=3),
        NOW - timedelta(days=1),
    ]
    assert notes == [
        {
            "type": "submitted",
            "summary": "submitted",
            "status": None,
            "description": None,
        },
        {
            "type": "state_changed",
            "summary": "status changed",
            "status": "in_progress",
            "description": "A crew is on the way.",
        },
    ]
    assert RequestEvent.objects.filter(request=request, public=False).count() == 1


# Cost


def _file_many(service: Service, count: int) -> None:
    for day in range(count):
        request = filed(service, days_ago=day + 1)
        change_state(actor=CREW, request=request, state=State.ACKNOWLEDGED)


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_two_queries_however_many_requests(
    client, frozen, pothole, django_assert_num_queries, count
):
    _file_many(pothole, count)

    # The change counter the answer cache keys on, then one SELECT of plain
    # columns; contacts are never read.
    with django_assert_num_queries(2):
        document = listed(client)

    assert len(document) == count


@pytest.mark.parametrize("count", [3, 30])
def test_extensions_add_two_queries_however_many_requests(
    client, frozen, pothole, django_assert_num_queries, count
):
    _file_many(pothole, count)

    # The change counter, the requests, then their public notes and their
    # photos in one go each.
    with django_assert_num_queries(4):
        document = listed(client, "?extensions=true")

    assert len(document) == count
    assert all(len(row["notes"]) == 2 for row in document)
