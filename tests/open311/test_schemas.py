"""Our answers against the community's GeoReport v2 JSON Schemas, and
against a real answer from Boston.

The schemas and the Boston sample live in the shared data folder next to
the repository; a plain clone has no such folder, so these tests skip.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from civic311.catalog.models import Service
from civic311.lib.actors import Actor
from civic311.servicerequests.actions import change_state
from civic311.servicerequests.intake import Location
from civic311.servicerequests.models import State
from tests.builders import make_request, make_service
from tests.open311.helpers import get_json, moment

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SCHEMAS = DATA / "open311-georeport-v2-schemas"
BOSTON = DATA / "boston-open311-requests-2026" / "boston_open311_requests_2026-03.json"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not SCHEMAS.is_dir() or not BOSTON.is_file(),
        reason=f"the shared GeoReport schemas and Boston sample are not at {DATA}",
    ),
]


@cache
def validator(name: str) -> Draft7Validator:
    """A validator for one schema file, able to follow its $refs to the
    other files by name."""
    files = sorted(SCHEMAS.glob("*.json"))
    contents = {path.name: json.loads(path.read_text()) for path in files}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT7))
        for name, schema in contents.items()
    )
    return Draft7Validator(contents[name], registry=registry)


def problems(name: str, document: Any) -> list[str]:
    return [
        f"{list(error.absolute_path)}: {error.message}"
        for error in validator(name).iter_errors(document)
    ]


def boston() -> list[dict[str, Any]]:
    return json.loads(BOSTON.read_text())


def standard_request_keys() -> set[str]:
    return set(json.loads((SCHEMAS / "request.json").read_text())["properties"])


@pytest.fixture
def varied_requests(pothole: Service, downed_tree: Service) -> None:
    """Requests with and without a point, answers, a description; one
    closed."""
    make_request(pothole, location=Location(address="Market Square"))
    make_request(
        downed_tree,
        description="An oak fell.",
        answers={"size": "30", "kind": "oak", "blocking": ["road"]},
    )
    closed = make_request(pothole, description="Done")
    change_state(
        actor=Actor.system("crew"), request=closed, state=State.RESOLVED, note="Fixed"
    )


def test_the_schemas_catch_a_request_without_its_number():
    sample = dict(boston()[0])
    del sample["service_request_id"]

    assert problems("request.json", sample) != []
    assert problems("requests.json", [sample]) != []


def test_the_real_boston_answer_validates():
    sample = boston()

    assert len(sample) == 50
    assert problems("requests.json", sample) == []


def test_the_service_list_validates(client, pothole, downed_tree):
    make_service(service_code="bulk-pickup", type="batch", description="")

    _response, document = get_json(client, "services.json")

    assert len(document) == 3
    assert problems("services.json", document) == []


def test_a_service_definition_validates(client, downed_tree):
    _response, document = get_json(client, "services/downed-tree.json")

    assert len(document["attributes"]) == 7
    assert problems("service-definition.json", document) == []


@pytest.mark.parametrize("query", ["", "?extensions=true"])
def test_the_request_list_validates(client, varied_requests, query):
    _response, document = get_json(client, f"requests.json{query}")

    assert len(document) == 3
    assert problems("requests.json", document) == []
    for request in document:
        moment(request["requested_datetime"])
        moment(request["updated_datetime"])


def test_a_single_request_validates(client, varied_requests):
    _list, [newest, *_older] = get_json(client, "requests.json")

    _response, document = get_json(
        client, f"requests/{newest['service_request_id']}.json"
    )

    assert problems("requests.json", document) == []
    assert problems("request.json", document[0]) == []


def test_our_requests_have_every_standard_key_boston_sends(client, varied_requests):
    boston_keys = {key for request in boston() for key in request}
    expected = boston_keys & standard_request_keys()

    _response, document = get_json(client, "requests.json")

    assert "service_request_id" in expected
    for request in document:
        assert expected <= set(request), expected - set(request)
        assert standard_request_keys() <= set(request)
