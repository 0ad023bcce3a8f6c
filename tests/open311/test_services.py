"""The service list (GET /open311/v2/services.{json,xml})."""

import pytest

from tests.builders import make_attribute, make_service
from tests.open311.helpers import get_json, get_xml, same_in_both_formats

pytestmark = pytest.mark.django_db


def test_the_list_shows_active_services_only_in_both_formats(
    client, pothole, downed_tree, retired
):
    document = same_in_both_formats(client, "services")

    assert [service["service_code"] for service in document] == [
        "downed-tree",
        "pothole",
    ]


def test_each_service_carries_every_georeport_field(client, pothole):
    _response, document = get_json(client, "services.json")

    assert document == [
        {
            "service_code": "pothole",
            "service_name": "Pothole",
            "description": "A hole in the road surface.",
            "metadata": False,
            "type": "realtime",
            "keywords": "pothole, road, hole",
            "group": "Streets",
        }
    ]


def test_metadata_is_true_only_for_services_that_ask_questions(
    client, pothole, downed_tree
):
    informational = make_service(service_code="leaf-pickup")
    make_attribute(informational, variable=False, description="Bag the leaves.")

    _response, document = get_json(client, "services.json")

    metadata = {row["service_code"]: row["metadata"] for row in document}
    assert metadata == {"pothole": False, "downed-tree": True, "leaf-pickup": True}


def test_the_type_tells_clients_what_a_post_will_answer(client):
    make_service(service_code="a-realtime", type="realtime")
    make_service(service_code="b-batch", type="batch")
    make_service(service_code="c-blackbox", type="blackbox")

    _response, document = get_json(client, "services.json")

    assert {row["service_code"]: row["type"] for row in document} == {
        "a-realtime": "realtime",
        "b-batch": "batch",
        "c-blackbox": "blackbox",
    }


def test_the_locale_parameter_gives_the_spanish_catalog(client, pothole):
    _response, document = get_json(client, "services.json?locale=es")

    assert document[0] | {"metadata": None, "type": None} == {
        "service_code": "pothole",
        "service_name": "Bache",
        "description": "Un hoyo en la calzada.",
        "metadata": None,
        "type": None,
        "keywords": "bache, calle",
        "group": "Calles",
    }


def test_accept_language_gives_the_spanish_catalog_in_xml_too(client, pothole):
    _response, root = get_xml(client, "services.xml", accept_language="es-MX,es;q=0.9")

    assert root.findtext("./service/service_name") == "Bache"
    assert root.findtext("./service/group") == "Calles"


def test_a_service_without_a_translation_stays_in_english(client, downed_tree):
    _response, document = get_json(client, "services.json?locale=es")

    assert document[0]["service_name"] == "Downed tree"


def test_accept_language_reaches_every_language_the_city_offers(client):
    make_service(
        service_code="noise",
        service_name="Noise",
        translations={"am": {"service_name": "ጫጫታ"}},
    )
    _by_locale, by_parameter = get_json(client, "services.json?locale=am")

    _by_header, document = get_json(client, "services.json", accept_language="am")

    assert by_parameter[0]["service_name"] == "ጫጫታ"
    assert document[0]["service_name"] == "ጫጫታ"


def test_a_double_slash_in_the_url_still_reaches_the_list(client, pothole):
    response = client.get("/open311/v2//services.json")

    assert response.status_code == 200
    assert [row["service_code"] for row in response.json()] == ["pothole"]


def test_the_list_costs_one_query_however_large_the_catalog(
    client, django_assert_num_queries
):
    for _ in range(3):
        make_attribute(make_service())
    # One SELECT with the "has questions" flag computed in the database.
    with django_assert_num_queries(1):
        small = client.get("/open311/v2/services.json")
    for _ in range(12):
        make_attribute(make_service())

    with django_assert_num_queries(1):
        large = client.get("/open311/v2/services.json")

    assert len(small.json()) == 3
    assert len(large.json()) == 15
