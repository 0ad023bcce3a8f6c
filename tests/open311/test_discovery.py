"""Service discovery (GET /open311/v2/discovery.{json,xml})."""

from datetime import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from civic311.catalog.models import Service
from tests.open311.helpers import (
    JSON_TYPE,
    XML_TYPE,
    from_xml,
    get_json,
    get_xml,
    same_in_both_formats,
)

pytestmark = pytest.mark.django_db

SPEC = "http://wiki.open311.org/GeoReport_v2"


def test_discovery_answers_with_the_exact_content_types_validators_expect(client):
    as_json = client.get("/open311/v2/discovery.json")
    as_xml = client.get("/open311/v2/discovery.xml")

    assert as_json.status_code == as_xml.status_code == 200
    assert as_json["Content-Type"] == JSON_TYPE
    assert as_xml["Content-Type"] == XML_TYPE


def test_discovery_lists_this_server_and_a_test_endpoint_that_speak_xml(
    client, pothole
):
    document = same_in_both_formats(client, "discovery")

    endpoints = document["endpoints"]
    assert len(endpoints) >= 2
    assert {endpoint["type"] for endpoint in endpoints} <= {"production", "test"}
    assert "test" in {endpoint["type"] for endpoint in endpoints}
    assert f"{settings.SITE_URL}/open311/v2" in {e["url"] for e in endpoints}
    for endpoint in endpoints:
        assert endpoint["specification"] == SPEC
        assert "text/xml" in endpoint["formats"]
        assert "application/json" in endpoint["formats"]


def test_discovery_names_a_contact_and_how_to_get_a_key(client):
    _response, document = get_json(client, "discovery.json")

    assert document["contact"] == settings.CITY.open311_contact
    assert document["key_service"] == settings.CITY.open311_key_service
    assert document["contact"].strip()
    assert document["key_service"].strip()


def test_the_changeset_is_a_moment_in_the_past_that_follows_catalog_edits(
    client, pothole
):
    Service.objects.filter(pk=pothole.pk).update(
        updated_at=datetime(2026, 2, 1, 12, 0, tzinfo=timezone.get_current_timezone())
    )

    _response, document = get_json(client, "discovery.json")

    changeset = datetime.fromisoformat(document["changeset"])
    assert changeset.tzinfo is not None
    assert changeset < timezone.now()
    assert changeset == Service.objects.get(pk=pothole.pk).updated_at
    assert {e["changeset"] for e in document["endpoints"]} == {document["changeset"]}


def test_an_empty_catalog_still_has_a_changeset_in_the_past(client):
    _response, document = get_json(client, "discovery.json")

    assert datetime.fromisoformat(document["changeset"]) < timezone.now()


def test_discovery_is_also_served_above_the_version_folder(client):
    root_response = client.get("/open311/discovery.json")
    _response, versioned = get_json(client, "discovery.json")

    assert root_response.status_code == 200
    assert root_response["Content-Type"] == JSON_TYPE
    assert root_response.json() == versioned


def test_discovery_in_xml_wraps_endpoints_and_formats_as_clients_expect(client):
    _response, root = get_xml(client, "discovery.xml")

    assert root.tag == "discovery"
    formats = root.findall("./endpoints/endpoint/formats/format")
    assert "text/xml" in {element.text for element in formats}
    assert from_xml(root)["contact"] == settings.CITY.open311_contact
