"""Tokens of batch services (GET /open311/v2/tokens/TOKEN.{json,xml})."""

import uuid

import pytest

from civic311.catalog.models import Service
from civic311.servicerequests.models import ServiceRequest
from tests.builders import make_request, make_service
from tests.open311.helpers import (
    BASE,
    descriptions,
    get_json,
    post_form,
    same_in_both_formats,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk_pickup(db: None) -> Service:
    return make_service(service_code="bulk-pickup", type="batch")


def test_the_token_a_post_gave_leads_to_the_request_number(client, app, bulk_pickup):
    _app_row, key = app
    posted = post_form(
        client,
        "json",
        {"api_key": key, "service_code": "bulk-pickup", "address_string": "Here"},
    )
    token = posted.json()[0]["token"]

    response, document = get_json(client, f"tokens/{token}.json")

    assert response.status_code == 200
    assert document == [
        {
            "service_request_id": ServiceRequest.objects.get().public_id,
            "token": token,
        }
    ]


def test_the_token_answer_is_the_same_in_xml(client, bulk_pickup):
    request = make_request(bulk_pickup)
    stored = ServiceRequest.objects.get(pk=request.pk)

    document = same_in_both_formats(client, f"tokens/{stored.token}")

    assert document[0]["service_request_id"] == request.public_id


def test_an_unknown_token_is_not_found(client, bulk_pickup):
    unknown = uuid.uuid4()

    response = client.get(f"{BASE}/tokens/{unknown}.json")

    assert response.status_code == 404
    assert "token" in descriptions(response)[0]
    assert not ServiceRequest.objects.filter(token=unknown).exists()


@pytest.mark.parametrize("token", ["not-a-token", "12345", "%27%3B--"])
def test_a_malformed_token_is_not_found(client, token):
    response = client.get(f"{BASE}/tokens/{token}.json")

    assert response.status_code == 404
    assert "token" in descriptions(response)[0]
