"""Open311 errors for addresses and methods the server does not serve."""

import pytest

from civic311.servicerequests.models import ServiceRequest
from tests.open311.helpers import BASE, JSON_TYPE, XML_TYPE, descriptions, parse_xml

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["nothing-here.json", "services/pothole/extra.json", "requests", "v3"]
)
def test_an_unknown_resource_is_an_open311_404_in_json(client, path):
    response = client.get(f"{BASE}/{path}")

    assert response.status_code == 404
    assert response["Content-Type"] == JSON_TYPE
    assert descriptions(response) == ["There is no Open311 resource at this address."]


@pytest.mark.parametrize("path", ["nothing-here.xml", "services/pothole/extra.xml"])
def test_an_unknown_resource_asked_for_in_xml_is_an_xml_error(client, path):
    response = client.get(f"{BASE}/{path}")

    assert response.status_code == 404
    assert response["Content-Type"] == XML_TYPE
    root = parse_xml(response.content)
    assert root.tag == "errors"
    assert [child.tag for child in root] == ["error"]
    assert root.findtext("./error/code") == "404"
    assert root.findtext("./error/description")


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_a_method_the_list_does_not_answer_is_a_405_in_open311_form(
    client, method, pothole
):
    response = getattr(client, method)(f"{BASE}/requests.json")

    assert response.status_code == 405
    [text] = descriptions(response)
    assert method.upper() in text
    assert ServiceRequest.objects.count() == 0


def test_a_wrong_method_on_an_xml_path_is_answered_in_xml(client):
    response = client.delete(f"{BASE}/requests.xml")

    assert response.status_code == 405
    assert response["Content-Type"] == XML_TYPE
    root = parse_xml(response.content)
    assert root.findtext("./error/code") == "405"
    assert "DELETE" in root.findtext("./error/description")


def test_read_only_resources_refuse_a_post(client, pothole):
    response = client.post(f"{BASE}/services.json", {"service_code": "x"})

    assert response.status_code == 405
    assert "POST" in descriptions(response)[0]


def test_a_405_says_which_methods_are_allowed(client):
    response = client.put(f"{BASE}/requests.json")

    assert response.status_code == 405
    assert {m.strip() for m in response["Allow"].split(",")} >= {"GET", "POST"}


def test_head_answers_wherever_get_does(client, pothole):
    got = client.get(f"{BASE}/services.json")

    response = client.head(f"{BASE}/services.json")

    assert response.status_code == got.status_code == 200
    assert response["Content-Type"] == got["Content-Type"]
    assert response.content == b""
