"""Filing a request (POST /open311/v2/requests.{json,xml})."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civic311.servicerequests.models import (
    RequestContact,
    RequestEvent,
    RequestMedia,
    ServiceRequest,
)
from tests.builders import make_service
from tests.open311.helpers import (
    BASE,
    XML_TYPE,
    descriptions,
    get_json,
    media_files,
    parse_xml,
    png_bytes,
    post_form,
    post_multipart,
    stored_rows,
)

pytestmark = pytest.mark.django_db


def tree_report(key: str, **changes: object) -> dict[str, object]:
    """A complete downed-tree report as an app sends it; a change of None
    leaves that field out."""
    fields: dict[str, object] = {
        "api_key": key,
        "service_code": "downed-tree",
        "lat": "38.8051",
        "long": "-77.0428",
        "address_string": "301 King St, Alexandria, VA 22314",
        "description": "An oak fell across the road.",
        "email": "resident@example.org",
        "first_name": "Ana",
        "account_id": "acct-1",
        "attribute[size]": "30",
        "attribute[kind]": "oak",
        "attribute[blocking][]": ["road", "sidewalk"],
        "attribute[fell_at]": "2026-03-15T22:10:00-04:00",
        "attribute[landmark]": "By the fountain",
        "attribute[details]": "Branches everywhere.\nThe wires look fine.",
    }
    for name, value in changes.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    return fields


def photo(name: str = "tree.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


# Filing


def test_an_app_files_a_request_and_gets_its_number(client, app, downed_tree):
    app_row, key = app

    response = post_form(client, "json", tree_report(key))

    assert response.status_code == 200
    [answer] = response.json()
    stored = ServiceRequest.objects.get()
    assert answer == {
        "service_request_id": stored.public_id,
        "service_notice": None,
        "account_id": "acct-1",
    }
    assert stored.service == downed_tree
    assert stored.channel == "mobile"
    assert stored.api_client == app_row
    assert stored.status == "open"
    assert (stored.lat, stored.long) == (38.8051, -77.0428)
    assert stored.address == "301 King St, Alexandria, VA 22314"
    assert stored.description == "An oak fell across the road."


def test_the_answers_are_stored_in_their_datatypes(client, app, downed_tree):
    _app_row, key = app

    post_form(client, "json", tree_report(key))

    attributes = ServiceRequest.objects.get().attributes
    assert attributes["size"] == 30
    assert attributes["kind"] == "oak"
    assert attributes["blocking"] == ["road", "sidewalk"]
    assert attributes["landmark"] == "By the fountain"
    assert attributes["details"] == "Branches everywhere.\nThe wires look fine."
    assert attributes["fell_at"].startswith("2026-03-15T22:10:00")


def test_the_contact_is_kept_apart_and_the_filing_is_in_the_history(
    client, app, downed_tree
):
    app_row, key = app

    post_form(client, "json", tree_report(key, last_name="Ruiz", phone="555-0100"))

    stored = ServiceRequest.objects.get()
    contact = RequestContact.objects.get(request=stored)
    assert (contact.first_name, contact.last_name) == ("Ana", "Ruiz")
    assert (contact.email, contact.phone) == ("resident@example.org", "555-0100")
    assert contact.account_id == "acct-1"
    [event] = RequestEvent.objects.filter(request=stored)
    assert event.kind == "submitted"
    assert event.public is True
    assert event.actor_client == app_row


def test_a_single_choice_in_a_multivaluelist_may_come_without_brackets(
    client, app, downed_tree
):
    _app_row, key = app

    report = tree_report(key, **{"attribute[blocking][]": None})
    report["attribute[blocking]"] = "road"

    post_form(client, "json", report)

    assert ServiceRequest.objects.get().attributes["blocking"] == ["road"]


def test_the_xml_answer_wraps_the_request(client, app, downed_tree):
    _app_row, key = app

    response = post_form(client, "xml", tree_report(key))

    assert response.status_code == 200
    assert response["Content-Type"] == XML_TYPE
    root = parse_xml(response.content)
    assert root.tag == "service_requests"
    assert root.findtext("./request/service_request_id") == (
        ServiceRequest.objects.get().public_id
    )


def test_the_api_key_may_travel_in_the_query_string(client, app, downed_tree):
    _app_row, key = app

    response = post_form(
        client, "json", tree_report(key, api_key=None), query=f"api_key={key}"
    )

    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize("where", ["body", "query"])
def test_the_citys_jurisdiction_id_is_accepted_in_body_or_query(
    client, app, downed_tree, where
):
    _app_row, key = app
    body = {"jurisdiction_id": "alexandriava.gov"} if where == "body" else {}
    query = "jurisdiction_id=alexandriava.gov" if where == "query" else ""

    response = post_form(client, "json", tree_report(key, **body), query=query)

    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize("where", ["body", "query"])
def test_another_jurisdiction_is_not_found_and_nothing_is_filed(
    client, app, downed_tree, where
):
    _app_row, key = app
    body = {"jurisdiction_id": "sfgov.org"} if where == "body" else {}
    query = "jurisdiction_id=sfgov.org" if where == "query" else ""

    response = post_form(client, "json", tree_report(key, **body), query=query)

    assert response.status_code == 404
    assert "sfgov.org" in descriptions(response)[0]
    assert ServiceRequest.objects.count() == 0


def test_a_batch_service_answers_with_a_token(client, app):
    make_service(service_code="bulk-pickup", type="batch")
    _app_row, key = app

    response = post_form(
        client,
        "json",
        {"api_key": key, "service_code": "bulk-pickup", "address_id": "A-1"},
    )

    [answer] = response.json()
    assert "service_request_id" not in answer
    assert answer["token"] == str(ServiceRequest.objects.get().token)


def test_a_blackbox_service_answers_with_neither_number_nor_token(client, app):
    make_service(service_code="tip-line", type="blackbox")
    _app_row, key = app

    response = post_form(
        client,
        "json",
        {"api_key": key, "service_code": "tip-line", "address_string": "Here"},
    )

    assert response.status_code == 200
    [answer] = response.json()
    assert "service_request_id" not in answer
    assert "token" not in answer
    assert ServiceRequest.objects.count() == 1


def test_the_service_notice_comes_back_with_the_answer(client, app, pothole):
    _app_row, key = app

    response = post_form(
        client,
        "json",
        {"api_key": key, "service_code": "pothole", "address_string": "Here"},
    )

    assert response.json()[0]["service_notice"] == pothole.service_notice


def test_the_service_notice_follows_the_callers_language(client, app, pothole):
    _app_row, key = app

    response = post_form(
        client,
        "json",
        {"api_key": key, "service_code": "pothole", "address_string": "Aquí"},
        query="locale=es",
    )

    assert response.status_code == 200
    spanish = pothole.translations["es"]["service_notice"]
    assert response.json()[0]["service_notice"] == spanish


@pytest.mark.parametrize("field", ["media", "media[]"])
def test_a_photo_sent_as_multipart_is_stored_and_linked(
    client, app, downed_tree, settings, field
):
    _app_row, key = app

    response = post_multipart(client, "json", tree_report(key, **{field: photo()}))

    assert response.status_code == 200, response.content
    stored = ServiceRequest.objects.get()
    media = RequestMedia.objects.get(request=stored)
    assert media.content_type == "image/png"
    assert media.size == len(png_bytes())
    assert media_files() == [settings.MEDIA_ROOT / media.file.name]
    assert stored.media_url == (
        f"{settings.SITE_URL}{settings.MEDIA_URL}{media.file.name}"
    )
    _listing, [document] = get_json(client, f"requests/{stored.public_id}.json")
    assert document["media_url"] == stored.media_url


def test_a_description_of_exactly_4000_characters_is_accepted(client, app, downed_tree):
    _app_row, key = app

    response = post_form(client, "json", tree_report(key, description="x" * 4000))

    assert response.status_code == 200
    assert len(ServiceRequest.objects.get().description) == 4000


# Refusals: each names its problem and leaves nothing behind

REFUSALS = {
    "no api_key": (403, {"api_key": None}, "api_key"),
    "an unknown api_key": (403, {"api_key": "made-up-key-0123456789"}, "api_key"),
    "no service_code": (400, {"service_code": None}, "service_code"),
    "an unknown service_code": (404, {"service_code": "unicorn"}, "unicorn"),
    "no location": (
        400,
        {"lat": None, "long": None, "address_string": None},
        "address_string",
    ),
    "lat without long": (400, {"long": None, "address_string": None}, "long"),
    "a lat that is not a number": (400, {"lat": "abc"}, "abc"),
    "a lat beyond the pole": (400, {"lat": "91"}, "-90 to 90"),
    "a long beyond the date line": (400, {"long": "-181"}, "-180 to 180"),
    "a description of 4001 characters": (400, {"description": "x" * 4001}, "4001"),
    "an invalid email": (400, {"email": "ana-at-example"}, "email"),
    "no answer to a required question": (
        400,
        {"attribute[size]": None},
        "How wide is the trunk, in inches?",
    ),
    "an answer that is not a choice": (400, {"attribute[kind]": "palm"}, "palm"),
    "a choice that is not in a multivaluelist": (
        400,
        {"attribute[blocking][]": ["road", "river"]},
        "river",
    ),
    "a number that is not a number": (400, {"attribute[size]": "big"}, "big"),
    "a datetime that is not a datetime": (
        400,
        {"attribute[fell_at]": "last night"},
        "last night",
    ),
    "an answer to a question not asked": (
        400,
        {"attribute[colour]": "green"},
        "colour",
    ),
    "two lines in a one-line answer": (
        400,
        {"attribute[landmark]": "By the\nfountain"},
        "one line",
    ),
}


@pytest.mark.parametrize(
    ("status", "changes", "named"), REFUSALS.values(), ids=REFUSALS.keys()
)
def test_a_report_with_a_problem_is_refused_and_nothing_is_saved(
    client, app, downed_tree, status, changes, named
):
    _app_row, key = app
    before = stored_rows()

    response = post_form(client, "json", tree_report(key, **changes))

    assert response.status_code == status
    assert any(named in text for text in descriptions(response)), response.json()
    assert stored_rows() == before
    assert media_files() == []


def test_a_revoked_key_is_refused(client, app, downed_tree):
    app_row, key = app
    app_row.active = False
    app_row.save()
    before = stored_rows()

    response = post_form(client, "json", tree_report(key))

    assert response.status_code == 403
    assert "api_key" in descriptions(response)[0]
    assert stored_rows() == before


def test_a_retired_service_takes_no_new_requests(client, app, retired):
    _app_row, key = app
    before = stored_rows()

    response = post_form(
        client,
        "json",
        {"api_key": key, "service_code": "phone-booth", "address_string": "Here"},
    )

    assert response.status_code == 400
    assert "no longer" in descriptions(response)[0]
    assert stored_rows() == before


def test_an_upload_that_is_not_an_image_is_refused(client, app, downed_tree):
    _app_row, key = app
    before = stored_rows()
    not_image = SimpleUploadedFile(
        "notes.png", b"not a picture", content_type="image/png"
    )

    response = post_multipart(client, "json", tree_report(key, media=not_image))

    assert response.status_code == 400
    assert any("notes.png" in text for text in descriptions(response))
    assert stored_rows() == before
    assert media_files() == []


def test_an_upload_over_the_size_limit_is_refused(client, app, downed_tree, settings):
    settings.MEDIA_MAX_BYTES = 50
    _app_row, key = app
    before = stored_rows()

    response = post_multipart(client, "json", tree_report(key, media=photo()))

    assert response.status_code == 400
    [text] = descriptions(response)
    assert "tree.png" in text
    assert "50 bytes" in text
    assert stored_rows() == before
    assert media_files() == []


def test_every_problem_is_reported_at_once(client, app, downed_tree):
    _app_row, key = app
    before = stored_rows()
    report = tree_report(
        key,
        lat="91",
        description="x" * 4001,
        email="ana-at-example",
        media=SimpleUploadedFile("notes.txt", b"plain text"),
        **{"attribute[size]": None, "attribute[kind]": "palm"},
    )

    response = post_multipart(client, "json", report)

    assert response.status_code == 400
    texts = descriptions(response)
    assert len(texts) == 6
    for named in ("-90 to 90", "4001", "email", "trunk", "palm", "notes.txt"):
        assert any(named in text for text in texts), (named, texts)
    assert stored_rows() == before
    assert media_files() == []


def test_a_malformed_coordinate_is_reported_with_the_other_problems(
    client, app, downed_tree
):
    _app_row, key = app

    response = post_form(
        client, "json", tree_report(key, lat="abc", description="x" * 4001)
    )

    assert response.status_code == 400
    texts = descriptions(response)
    assert any("abc" in text for text in texts)
    assert any("4001" in text for text in texts)


def test_a_refusal_to_an_xml_post_is_an_xml_error(client, app, downed_tree):
    _app_row, key = app

    response = post_form(client, "xml", tree_report(key, api_key=None))

    assert response.status_code == 403
    assert response["Content-Type"] == XML_TYPE
    root = parse_xml(response.content)
    assert root.findtext("./error/code") == "403"
    assert "api_key" in root.findtext("./error/description")
    assert ServiceRequest.objects.count() == 0


def test_a_post_to_a_single_request_is_not_allowed(client, app, downed_tree):
    _app_row, key = app

    response = client.post(f"{BASE}/requests/1000017.json", tree_report(key))

    assert response.status_code == 405
    assert "POST" in descriptions(response)[0]
    assert ServiceRequest.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_point_outside_the_city_is_refused_with_where_to_go(
    client, app, downed_tree, fmt
):
    _app_row, key = app
    huntington = tree_report(key, lat="38.7937", long="-77.0745")

    response = post_form(client, fmt, huntington)

    assert response.status_code == 400
    if fmt == "json":
        message = descriptions(response)[0]
    else:
        message = parse_xml(response.content).findtext("./error/description")
    assert "Fairfax County" in (message or "")
    assert not ServiceRequest.objects.exists()


def test_a_zip_of_alexandria_louisiana_without_a_point_is_redirected(
    client, app, downed_tree
):
    _app_row, key = app
    louisiana = tree_report(
        key, lat=None, long=None, address_string="900 Murray St", zipcode="71301"
    )

    response = post_form(client, "json", louisiana)

    assert response.status_code == 400
    assert "Louisiana" in descriptions(response)[0]


def test_an_emergency_is_filed_and_the_notice_says_call_911_first(
    client, app, downed_tree
):
    _app_row, key = app
    gas = tree_report(key, description="Tree fell on the gas meter, I smell gas")

    response = post_form(client, "json", gas)

    assert response.status_code == 200
    [answer] = response.json()
    assert "911" in answer["service_notice"]
    assert ServiceRequest.objects.get().triage == "pending"
