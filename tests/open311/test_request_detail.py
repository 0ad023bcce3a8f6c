"""A single request (GET /open311/v2/requests/ID.{json,xml})."""

import pytest

from civic311.lib import publicid
from civic311.servicerequests.models import ServiceRequest
from tests.builders import make_request
from tests.open311.helpers import (
    BASE,
    descriptions,
    get_json,
    get_xml,
    parse_xml,
    post_form,
    same_in_both_formats,
)

pytestmark = pytest.mark.django_db


def mistype(public_id: str) -> str:
    """The same number with its last digit changed: the check digit no
    longer fits."""
    return public_id[:-1] + str((int(public_id[-1]) + 1) % 10)


def test_a_request_is_answered_as_a_one_element_array(client, pothole):
    request = make_request(pothole, description="Deep hole")
    _response, listing = get_json(
        client, f"requests.json?service_request_id={request.public_id}"
    )

    response, document = get_json(client, f"requests/{request.public_id}.json")

    assert response.status_code == 200
    assert len(document) == 1
    assert document[0]["service_request_id"] == request.public_id
    assert document[0]["description"] == "Deep hole"
    assert document == listing


def test_the_same_request_reads_the_same_in_xml(client, pothole):
    request = make_request(pothole, description="Deep hole & <wide>")

    document = same_in_both_formats(client, f"requests/{request.public_id}")

    assert document[0]["description"] == "Deep hole & <wide>"


def test_in_xml_the_request_sits_inside_service_requests(client, pothole):
    request = make_request(pothole)

    _response, root = get_xml(client, f"requests/{request.public_id}.xml")

    assert root.tag == "service_requests"
    assert [child.tag for child in root] == ["request"]
    assert root.findtext("./request/service_request_id") == request.public_id


def test_extensions_work_on_a_single_request_too(client, pothole):
    request = make_request(pothole)

    _response, document = get_json(
        client, f"requests/{request.public_id}.json?extensions=true"
    )

    assert document[0]["extended_attributes"]["detailed_status"] == "submitted"
    assert [note["type"] for note in document[0]["notes"]] == ["submitted"]


def test_tools_may_ask_for_the_singular_request_path(client, pothole):
    request = make_request(pothole)

    response, document = get_json(client, f"request/{request.public_id}.json")

    assert response.status_code == 200
    assert document[0]["service_request_id"] == request.public_id


def test_a_number_with_a_wrong_check_digit_is_not_found(client, pothole):
    request = make_request(pothole)

    response = client.get(f"{BASE}/requests/{mistype(request.public_id)}.json")

    assert response.status_code == 404
    [text] = descriptions(response)
    assert mistype(request.public_id) in text


def test_a_well_formed_number_of_no_request_is_not_found(client, pothole):
    request = make_request(pothole)
    unused = publicid.encode(request.pk + 1000)

    response = client.get(f"{BASE}/requests/{unused}.json")

    assert response.status_code == 404
    assert unused in descriptions(response)[0]
    assert not ServiceRequest.objects.filter(pk=request.pk + 1000).exists()


def test_a_missing_request_in_xml_is_an_xml_error(client):
    response, root = get_xml(client, "requests/123.xml")

    assert response.status_code == 404
    assert root.tag == "errors"
    assert root.findtext("./error/code") == "404"


def test_control_characters_a_client_sends_never_break_the_xml(client, app, pothole):
    _client_row, key = app
    post_form(
        client,
        "json",
        {
            "api_key": key,
            "service_code": "pothole",
            "address_string": "Market Square",
            "description": "Deep\x0bhole\x1b[31m",
        },
    )

    response = client.get(f"{BASE}/requests.xml")

    root = parse_xml(response.content)
    assert len(root) == ServiceRequest.objects.count()
