"""Service definitions (GET /open311/v2/services/CODE.{json,xml})."""

import pytest

from civic311.catalog.models import ServiceAttribute
from tests.builders import make_attribute, make_service
from tests.open311.helpers import descriptions, get_json, get_xml, same_in_both_formats

pytestmark = pytest.mark.django_db


def test_the_definition_lists_every_question_in_order_in_both_formats(
    client, downed_tree
):
    document = same_in_both_formats(client, "services/downed-tree")

    assert document["service_code"] == "downed-tree"
    assert [a["code"] for a in document["attributes"]] == list(
        ServiceAttribute.objects.filter(service=downed_tree)
        .order_by("order")
        .values_list("code", flat=True)
    )
    assert [a["order"] for a in document["attributes"]] == [1, 2, 3, 4, 5, 6, 7]


def test_every_datatype_is_described_as_georeport_names_it(client, downed_tree):
    _response, document = get_json(client, "services/downed-tree.json")

    by_code = {attribute["code"]: attribute for attribute in document["attributes"]}
    assert {code: a["datatype"] for code, a in by_code.items()} == {
        "size": "number",
        "kind": "singlevaluelist",
        "blocking": "multivaluelist",
        "fell_at": "datetime",
        "landmark": "string",
        "details": "text",
        "wires": "string",
    }
    assert by_code["size"] == {
        "variable": True,
        "code": "size",
        "datatype": "number",
        "required": True,
        "datatype_description": "A number of inches, such as 12",
        "order": 1,
        "description": "How wide is the trunk, in inches?",
    }
    assert by_code["details"]["datatype_description"] is None
    assert by_code["wires"]["variable"] is False
    assert by_code["wires"]["required"] is False


def test_only_list_datatypes_carry_values_in_their_own_order(client, downed_tree):
    _response, document = get_json(client, "services/downed-tree.json")

    values = {a["code"]: a.get("values") for a in document["attributes"]}
    assert values["kind"] == [
        {"key": "oak", "name": "Oak"},
        {"key": "maple", "name": "Maple"},
        {"key": "other", "name": "Something else"},
    ]
    assert values["blocking"] == [
        {"key": "road", "name": "The road"},
        {"key": "sidewalk", "name": "The sidewalk"},
    ]
    assert {code for code, given in values.items() if given is not None} == {
        "kind",
        "blocking",
    }


def test_the_xml_definition_nests_attributes_and_values(client, downed_tree):
    _response, root = get_xml(client, "services/downed-tree.xml")

    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "downed-tree"
    kind = root.find("./attributes/attribute[code='kind']")
    assert kind is not None
    assert [v.findtext("key") for v in kind.findall("./values/value")] == [
        "oak",
        "maple",
        "other",
    ]


def test_a_service_without_questions_has_an_empty_definition(client, pothole):
    _response, document = get_json(client, "services/pothole.json")

    assert document == {"service_code": "pothole", "attributes": []}


def test_an_unknown_service_code_is_an_open311_404(client):
    response = client.get("/open311/v2/services/no-such-thing.json")

    assert response.status_code == 404
    assert "no-such-thing" in descriptions(response)[0]


def test_an_unknown_service_code_in_xml_is_an_xml_error(client):
    response, root = get_xml(client, "services/no-such-thing.xml")

    assert response.status_code == 404
    assert root.tag == "errors"
    assert root.findtext("./error/code") == "404"
    assert "no-such-thing" in root.findtext("./error/description")


def test_old_clients_may_ask_for_the_singular_service_path(client, downed_tree):
    _plural, expected = get_json(client, "services/downed-tree.json")

    response, document = get_json(client, "service/downed-tree.json")

    assert response.status_code == 200
    assert document == expected


def test_the_definition_follows_the_callers_language(client):
    service = make_service(service_code="graffiti")
    attribute = make_attribute(
        service,
        code="surface",
        datatype="singlevaluelist",
        description="What is painted?",
        choices=[("wall", "A wall")],
    )
    attribute.translations = {"es": {"description": "¿Qué está pintado?"}}
    attribute.save()
    choice = attribute.values.get()
    choice.translations = {"es": {"name": "Una pared"}}
    choice.save()

    _response, document = get_json(client, "services/graffiti.json?locale=es")

    assert document["attributes"][0]["description"] == "¿Qué está pintado?"
    assert document["attributes"][0]["values"] == [{"key": "wall", "name": "Una pared"}]
