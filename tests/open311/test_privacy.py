"""The privacy rule: a resident's contact details never leave the server
through the public API, in any format, with or without extensions."""

import logging
from dataclasses import astuple

import pytest
from django.http import HttpResponse
from django.test import Client

from civic311.apiclients.models import ApiClient
from civic311.catalog.models import Service
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import RequestContact, ServiceRequest
from tests.builders import make_request, make_service
from tests.open311.helpers import BASE, post_form

pytestmark = pytest.mark.django_db


def private_values(*contacts: Contact) -> list[str]:
    values = []
    for contact in contacts:
        values += [value for value in astuple(contact) if value]
        values.append("".join(ch for ch in contact.phone if ch.isdigit()))
    return values


def leaked(body: bytes, *contacts: Contact) -> list[str]:
    text = body.decode().lower()
    return [value for value in private_values(*contacts) if value.lower() in text]


def without_account(contact: Contact) -> Contact:
    return Contact(**(vars(contact) | {"account_id": ""}))


def as_form(contact: Contact) -> dict[str, str]:
    return {name: value for name, value in vars(contact).items() if value}


@pytest.fixture
def filed(
    client: Client,
    app: tuple[ApiClient, str],
    pothole: Service,
    resident: Contact,
    neighbour: Contact,
) -> list[HttpResponse]:
    """One request from each resident through the API (one per format),
    and a batch request filed for the neighbour by the city itself."""
    _app_row, key = app
    report = {
        "api_key": key,
        "service_code": "pothole",
        "lat": "38.8051",
        "long": "-77.0428",
        "description": "Deep hole by the bus stop",
    }
    answers = [
        post_form(client, "json", report | as_form(resident)),
        post_form(client, "xml", report | as_form(neighbour)),
    ]
    bulk = make_service(service_code="bulk-pickup", type="batch")
    make_request(bulk, contact=neighbour, description="Old sofa on the curb")
    assert RequestContact.objects.count() == 3
    return answers


def test_the_post_answer_carries_no_contact_detail_but_the_echoed_account_id(
    filed, resident, neighbour
):
    to_resident, to_neighbour = filed

    assert to_resident.status_code == to_neighbour.status_code == 200
    for answer in filed:
        assert leaked(answer.content, without_account(resident)) == []
        assert leaked(answer.content, without_account(neighbour)) == []
    assert leaked(to_resident.content, neighbour) == []
    assert leaked(to_neighbour.content, resident) == []
    # GeoReport's POST answer may hand the caller its own account_id back.
    assert to_resident.json()[0]["account_id"] == resident.account_id


PUBLIC_PATHS = [
    "discovery.{fmt}",
    "services.{fmt}",
    "services/pothole.{fmt}",
    "requests.{fmt}",
    "requests.{fmt}?extensions=true",
    "requests.{fmt}?extensions=true&service_request_id={ids}",
    "requests/{id}.{fmt}",
    "requests/{id}.{fmt}?extensions=true",
    "tokens/{token}.{fmt}",
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_no_public_answer_shows_a_residents_contact(
    client, filed, resident, neighbour, path, fmt
):
    requests = list(ServiceRequest.objects.order_by("id"))
    url = path.format(
        fmt=fmt,
        ids=",".join(request.public_id for request in requests),
        id=requests[0].public_id,
        token=requests[-1].token,
    )

    response = client.get(f"{BASE}/{url}")

    assert response.status_code == 200
    assert leaked(response.content, resident, neighbour) == []
    if path.startswith(("requests", "tokens")):
        shown = [r for r in requests if r.public_id.encode() in response.content]
        assert shown, "the answer should be about the residents' requests"


def test_filing_a_request_logs_no_contact_detail(
    client, app, pothole, resident, caplog
):
    _app_row, key = app
    caplog.set_level(logging.DEBUG)

    response = post_form(
        client,
        "json",
        {"api_key": key, "service_code": "pothole", "address_string": "Here"}
        | as_form(resident),
    )

    assert response.status_code == 200
    assert caplog.records, "the filing should be logged"
    assert leaked(caplog.text.encode(), resident) == []
