"""Reporting a problem on the portal: Rosa, a resident, checks and sends a
report from her phone; the page never shows her neighbour's details."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from civic311.catalog.models import Datatype, Service
from civic311.servicerequests.intake import Contact, Location
from civic311.servicerequests.models import (
    Channel,
    RequestContact,
    RequestMedia,
    ServiceRequest,
    Subscription,
    Triage,
)
from tests.builders import CITY_HALL, make_attribute, make_request

pytestmark = pytest.mark.django_db

HUNTINGTON = (38.7937, -77.0745)  # Fairfax County
FORM = "/report/pothole/"


@pytest.fixture
def size(pothole: Service) -> Any:
    return make_attribute(
        pothole,
        code="size",
        datatype=Datatype.SINGLEVALUELIST,
        description="About how big is it?",
        help_text="Compare it with something you know.",
        required=True,
        choices=[("small", "Smaller than a plate"), ("large", "Bigger than a tire")],
    )


def report(**fields: Any) -> dict[str, Any]:
    """What Rosa types for a pothole at City Hall."""
    typed = {
        "address": "301 King St",
        "zipcode": "22314",
        "lat": str(CITY_HALL[0]),
        "long": str(CITY_HALL[1]),
        "description": "Deep pothole in the right lane",
        "action": "check",
    }
    typed.update(fields)
    return {name: value for name, value in typed.items() if value is not None}


def photo(name: str = "hole.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (120, 120, 120)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def body(response: Any) -> str:
    return str(response.content.decode())


def test_each_service_links_to_its_report_form_and_keeps_the_phone_number(
    client: Client, pothole: Service
) -> None:
    page = body(client.get("/services/", {"q": "pothole"}))

    assert 'href="/report/pothole/"' in page
    assert "Report this" in page
    assert "call 311 at" in page


def test_the_form_shows_every_question_with_required_in_words(
    client: Client, pothole: Service, size: Any
) -> None:
    make_attribute(pothole, code="depth", datatype=Datatype.NUMBER)

    page = body(client.get(FORM))

    assert "About how big is it? <span" in page and "(required)" in page
    assert "Compare it with something you know." in page
    assert 'id="id_attribute-depth"' in page and 'inputmode="decimal"' in page
    assert 'enctype="multipart/form-data"' in page
    assert page.index('value="check"') < page.index('value="send"')


def test_a_report_with_an_answer_and_a_photo_is_stored_from_the_web(
    client: Client, pothole: Service, size: Any
) -> None:
    typed = report(
        action="send",
        **{"attribute[size]": "large"},
        email="rosa@example.org",
        keep_informed="yes",
        media=photo(),
    )

    response = client.post(FORM, typed, headers={"accept-language": "es"})

    filed = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/report/done/{filed.public_id}/"
    assert filed.channel == Channel.WEB
    assert filed.language == "es"
    assert filed.attributes == {"size": "large"}
    assert RequestMedia.objects.filter(request=filed).count() == 1
    assert Subscription.objects.get(request=filed).email == "rosa@example.org"


def test_the_done_page_gives_the_number_the_date_and_the_tracking_link(
    client: Client, pothole: Service
) -> None:
    client.post(FORM, report(action="send"))
    filed = ServiceRequest.objects.get()

    page = body(client.get(f"/report/done/{filed.public_id}/"))

    assert f'id="tracking-number">{filed.public_id}<' in page
    assert "Expected by " in page
    assert f'href="/requests/{filed.public_id}/"' in page
    assert 'id="emergency"' not in page


def test_a_missing_required_answer_is_refused_and_keeps_what_was_typed(
    client: Client, pothole: Service, size: Any
) -> None:
    response = client.post(FORM, report(action="send", first_name="Rosa"))

    page = body(response)
    assert response.status_code == 400
    assert 'class="usa-alert usa-alert--error' in page and 'role="alert"' in page
    assert "An answer to “About how big is it?” is required." in page
    assert 'href="#id_attribute-size-1"' in page
    assert 'id="error-id_attribute-size"' in page
    assert 'value="Rosa"' in page and "Deep pothole in the right lane" in page
    assert "choose them again" in page
    assert not ServiceRequest.objects.exists()


def test_an_emergency_shows_the_911_notice_and_can_still_be_sent(
    client: Client, pothole: Service
) -> None:
    typed = report(description="There is a fire in the house next door")

    checked = client.post(FORM, typed)
    sent = client.post(FORM, {**typed, "action": "send"}, follow=True)

    assert checked.status_code == 200
    for page in (body(checked), body(sent)):
        assert "If anyone is in danger, call 911 now" in page
    assert ServiceRequest.objects.get().triage == Triage.PENDING


def test_a_point_in_fairfax_county_is_refused_and_nothing_is_stored(
    client: Client, pothole: Service
) -> None:
    typed = report(lat=str(HUNTINGTON[0]), long=str(HUNTINGTON[1]), zipcode="")

    response = client.post(FORM, {**typed, "action": "send"})

    redirect_box = body(response).split('id="redirect"')[1].split("</div>")[0]
    assert response.status_code == 400
    assert "Fairfax County" in redirect_box
    assert not ServiceRequest.objects.exists()


def test_a_louisiana_zip_code_is_refused(client: Client, pothole: Service) -> None:
    typed = report(lat="", long="", zipcode="71301", action="send")

    response = client.post(FORM, typed)

    assert response.status_code == 400
    assert "Louisiana" in body(response)
    assert not ServiceRequest.objects.exists()


def test_problems_are_told_in_spanish(
    client: Client, pothole: Service, size: Any
) -> None:
    typed = report(address="", lat="", long="", zipcode="", action="send")

    response = client.post(FORM, typed, HTTP_ACCEPT_LANGUAGE="es")

    page = body(response)
    assert response.status_code == 400
    assert '<html lang="es"' in page
    assert "Indique la dirección, o la latitud y la longitud." in page
    assert "Se requiere una respuesta a" in page
    assert not ServiceRequest.objects.exists()


def test_keeping_informed_needs_an_email(client: Client, pothole: Service) -> None:
    typed = report(action="send", phone="703 555 0142", keep_informed="yes")

    response = client.post(FORM, typed)

    assert response.status_code == 400
    assert "Give an email address to be kept informed by email." in body(response)
    assert not ServiceRequest.objects.exists()


def test_likely_duplicates_are_offered_without_the_neighbours_details(
    client: Client, pothole: Service
) -> None:
    earlier = make_request(
        pothole,
        location=Location(lat=CITY_HALL[0], long=CITY_HALL[1], address="299 King St"),
        description="Call Ana at 703 555 0199",
        contact=Contact(first_name="Ana", email="ana@example.org"),
    )

    response = client.post(FORM, report())

    page = body(response)
    assert "Already reported — follow it instead" in page
    assert f'href="/requests/{earlier.public_id}/"' in page
    for private in ("ana@example.org", "Ana", "0199", "299 King St"):
        assert private not in page
    assert RequestContact.objects.count() == 1


def test_an_unknown_service_is_not_found(client: Client) -> None:
    assert client.get("/report/no-such-thing/").status_code == 404
