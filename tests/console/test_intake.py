"""Taking a call: Alex, a 311 agent, finds the service, checks what the
caller says and files it; Tess in Transportation may too; Erin, an
executive, and Rita, without a role, may not."""

import re
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from civic311.catalog.models import Datatype, Service
from civic311.console.queries.intake import find_services
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import (
    Channel,
    RequestContact,
    ServiceRequest,
    Subscription,
    Triage,
)
from tests.builders import CITY_HALL, make_attribute, make_request, make_service
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db

HUNTINGTON = (38.7937, -77.0745)  # Fairfax County
FORM = "/console/intake/pothole/"


@pytest.fixture
def size(pothole: Service) -> Any:
    return make_attribute(
        pothole,
        code="size",
        datatype=Datatype.SINGLEVALUELIST,
        description="About how big is it?",
        required=True,
        choices=[("small", "Smaller than a plate"), ("large", "Bigger than a tire")],
    )


def call(**fields: Any) -> dict[str, Any]:
    """What an agent types for a caller at City Hall."""
    typed = {
        "address": "301 King St",
        "zipcode": "22314",
        "lat": str(CITY_HALL[0]),
        "long": str(CITY_HALL[1]),
        "description": "Deep pothole in the right lane",
        "language": "en",
        "channel": "phone",
        "action": "check",
    }
    typed.update(fields)
    return {name: value for name, value in typed.items() if value is not None}


def body(response: Any) -> str:
    return str(response.content.decode())


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Finding the service --------------------------------------------------------


def test_alex_finds_the_pothole_by_a_keyword_and_by_the_start_of_its_name(
    alex: Any, pothole: Service, tree: Service
) -> None:
    browser = signed_in(alex)

    by_keyword = browser.get("/console/intake/", {"q": "asphalt"})
    by_start = browser.get("/console/intake/", {"q": "pot"})

    for response in (by_keyword, by_start):
        assert response.status_code == 200
        assert 'href="/console/intake/pothole/"' in body(response)
        assert "/console/intake/tree/" not in body(response)


def test_agents_start_at_the_call_form(alex: Any) -> None:
    response = signed_in(alex).get("/console/")

    assert response["Location"] == reverse("console:intake")


def test_a_name_that_starts_with_the_words_comes_first_then_a_word_then_a_keyword(
    pothole: Service, streets: Any
) -> None:
    make_service(service_name="Asphalt damage", keywords="pothole, crack")
    make_service(service_name="Street pothole", department=streets)
    make_service(service_name="Graffiti", keywords="paint")

    names = [match.name for match in find_services("POTHOLE", "en")]

    assert names == ["Pothole", "Street pothole", "Asphalt damage"]


def test_services_are_found_in_the_agents_language_without_accents(
    alex: Any, pothole: Service, tree: Service
) -> None:
    tree.translations = {"es": {"service_name": "Árbol caído", "keywords": "rama"}}
    tree.save()

    response = signed_in(alex).get(
        "/console/intake/", {"q": "arbol"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert "Árbol caído" in body(response)
    assert [m.service_code for m in find_services("rama", "es")] == ["tree"]
    assert find_services("rama", "en") == []


def test_inactive_services_are_not_offered(pothole: Service) -> None:
    pothole.active = False
    pothole.save()

    assert find_services("pothole", "en") == []


def test_the_search_reads_the_catalog_once_whatever_its_size(
    alex: Any, pothole: Service, streets: Any, django_assert_num_queries: Any
) -> None:
    for n in range(40):
        make_service(service_name=f"Pothole kind {n}", department=streets)

    with django_assert_num_queries(1):
        found = find_services("pothole", "es")

    assert len(found) == 41


def test_the_search_page_takes_the_same_queries_for_a_large_catalog(
    alex: Any, pothole: Service, streets: Any, django_assert_max_num_queries: Any
) -> None:
    browser = signed_in(alex)
    browser.get("/console/intake/", {"q": "pot"})  # the session is warm
    with CaptureQueriesContext(connection) as small:
        browser.get("/console/intake/", {"q": "pot"})
    for n in range(60):
        make_service(service_name=f"Pothole kind {n}", department=streets)

    with django_assert_max_num_queries(len(small)):
        response = browser.get("/console/intake/", {"q": "pot"})

    assert len(re.findall(r'href="/console/intake/[\w-]+/"', body(response))) == 61


# The form -------------------------------------------------------------------


def test_the_form_asks_every_kind_of_question_with_required_in_words(
    alex: Any, pothole: Service, size: Any
) -> None:
    make_attribute(
        pothole,
        code="depth",
        datatype=Datatype.NUMBER,
        description="How deep, in inches?",
        help_text="A guess is fine.",
    )
    make_attribute(pothole, code="seen", datatype=Datatype.DATETIME)
    make_attribute(pothole, code="landmark", datatype=Datatype.STRING)
    make_attribute(pothole, code="notes", datatype=Datatype.TEXT)
    make_attribute(
        pothole,
        code="lane",
        datatype=Datatype.SINGLEVALUELIST,
        choices=[(f"lane-{n}", f"Lane {n}") for n in range(1, 8)],
    )
    make_attribute(
        pothole,
        code="hazards",
        datatype=Datatype.MULTIVALUELIST,
        choices=[("water", "Standing water"), ("cones", "Cones fallen over")],
    )
    make_attribute(
        pothole,
        code="crews",
        datatype=Datatype.STRING,
        variable=False,
        description="Crews fill potholes in daylight.",
    )

    html = body(signed_in(alex).get(FORM))

    assert re.search(
        r'<legend>About how big is it\? <span class="required">'
        r"\(required\)</span></legend>",
        html,
    )
    assert 'type="radio" id="id_attribute-size-1" name="attribute[size]"' in html
    assert (
        'id="id_attribute-depth" name="attribute[depth]" value="" '
        'inputmode="decimal"' in html
    )
    assert "A guess is fine." in html
    assert 'name="attribute[seen]" value="" type="datetime-local"' in html
    assert 'id="id_attribute-landmark" name="attribute[landmark]" value=""' in html
    assert '<textarea id="id_attribute-notes" name="attribute[notes]"' in html
    assert '<select id="id_attribute-lane" name="attribute[lane]"' in html
    assert 'type="checkbox" id="id_attribute-hazards-2"' in html
    assert "Crews fill potholes in daylight." in html
    assert 'name="attribute[crews]"' not in html
    for control in ("address", "zipcode", "lat", "long", "description", "phone"):
        assert f'<label for="id_{control}">' in html
    assert 'value="walk_in"' in html and 'value="phone" checked' in html
    assert 'name="keep_informed" value="yes"' in html


def test_answers_of_every_kind_are_stored_as_the_service_defines_them(
    alex: Any, pothole: Service, size: Any
) -> None:
    make_attribute(pothole, code="depth", datatype=Datatype.NUMBER)
    make_attribute(pothole, code="seen", datatype=Datatype.DATETIME)
    make_attribute(pothole, code="notes", datatype=Datatype.TEXT)
    make_attribute(
        pothole,
        code="hazards",
        datatype=Datatype.MULTIVALUELIST,
        choices=[("water", "Standing water"), ("cones", "Cones fallen over")],
    )
    typed = call(
        action="file",
        **{
            "attribute[size]": "small",
            "attribute[depth]": "4.5",
            "attribute[seen]": "2026-12-03T08:30",
            "attribute[notes]": "Near the\nbus stop",
            "attribute[hazards]": ["water", "cones"],
        },
    )

    with time_machine.travel("2026-12-04 15:00Z", tick=False):
        response = signed_in(alex).post(FORM, typed)

    answers = ServiceRequest.objects.get().attributes
    assert response.status_code == 302
    assert answers["size"] == "small" and answers["depth"] == 4.5
    assert answers["seen"] == "2026-12-03T08:30:00-05:00"
    assert answers["notes"] == "Near the\nbus stop"
    assert answers["hazards"] == ["water", "cones"]


def test_an_unknown_service_is_not_found(alex: Any) -> None:
    assert signed_in(alex).get("/console/intake/no-such-thing/").status_code == 404


# Checking -------------------------------------------------------------------


def test_checking_an_emergency_says_to_transfer_to_911_and_saves_nothing(
    alex: Any, pothole: Service
) -> None:
    typed = call(description="There is a fire in the kitchen of the house next door")

    response = signed_in(alex).post(FORM, typed)

    html = body(response)
    assert response.status_code == 200
    emergency = html.split('class="emergency"')[1].split("</div>")[0]
    assert 'role="alert"' in html.split('class="emergency"')[1][:30]
    assert "Transfer to 911 now" in emergency
    assert "703.746.4444" in emergency
    assert "fire" in text_of(emergency)
    assert html.index('class="emergency"') < html.index('id="call-form"')
    assert not ServiceRequest.objects.exists()


def test_a_point_in_fairfax_county_is_redirected_and_nothing_is_saved(
    alex: Any, pothole: Service
) -> None:
    typed = call(lat=str(HUNTINGTON[0]), long=str(HUNTINGTON[1]), zipcode="")

    checked = signed_in(alex).post(FORM, typed)
    filed = signed_in(alex).post(FORM, {**typed, "action": "file"})

    for response in (checked, filed):
        redirect_box = body(response).split('class="redirect"')[1].split("</div>")[0]
        assert "Fairfax County" in redirect_box
        assert 'class="error-summary"' not in body(response)
    assert checked.status_code == 200
    assert filed.status_code == 400
    assert not ServiceRequest.objects.exists()


def test_a_louisiana_zip_code_without_a_point_is_redirected_to_louisiana(
    alex: Any, pothole: Service
) -> None:
    typed = call(lat="", long="", zipcode="71301")

    response = signed_in(alex).post(FORM, typed)

    redirect_box = body(response).split('class="redirect"')[1].split("</div>")[0]
    assert "Louisiana" in redirect_box
    assert not ServiceRequest.objects.exists()


def test_a_check_without_problems_says_so(alex: Any, pothole: Service) -> None:
    response = signed_in(alex).post(FORM, call())

    assert "Nothing is missing" in body(response)
    assert 'class="error-summary"' not in body(response)
    assert not ServiceRequest.objects.exists()


# Filing ---------------------------------------------------------------------


def test_a_required_question_left_empty_is_shown_beside_it_and_keeps_the_input(
    alex: Any, pothole: Service, size: Any
) -> None:
    typed = call(action="file", description="Huge hole by the bus stop", phone="555")

    response = signed_in(alex).post(FORM, typed)

    html = body(response)
    assert response.status_code == 400
    message = "An answer to “About how big is it?” is required."
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert f'<a href="#id_attribute-size-1">{message}</a>' in summary
    fieldset = html.split("<legend>About how big is it?")[1].split("</fieldset>")[0]
    assert message in fieldset
    assert ">Huge hole by the bus stop</textarea>" in html
    assert 'id="id_phone" name="phone" type="tel" value="555"' in html
    assert not ServiceRequest.objects.exists()


def test_filing_stores_the_call_and_shows_the_number_and_date_to_read_out(
    alex: Any, pothole: Service, size: Any
) -> None:
    typed = call(
        action="file",
        first_name="Dana",
        phone="703-555-0142",
        email="dana@example.org",
        keep_informed="yes",
        **{"attribute[size]": "large"},
    )
    browser = signed_in(alex)

    with time_machine.travel("2026-12-04 15:00Z", tick=False):
        response = browser.post(FORM, typed)
        filed = ServiceRequest.objects.get()
        done = browser.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == f"/console/intake/done/{filed.public_id}/"
    assert filed.channel == Channel.PHONE
    assert filed.attributes == {"size": "large"}
    assert filed.events.get().actor_user == alex
    contact = RequestContact.objects.get(request=filed)
    assert (contact.first_name, contact.phone) == ("Dana", "703-555-0142")
    assert Subscription.objects.filter(
        request=filed, email="dana@example.org", origin="reported"
    ).exists()
    digits = filed.public_id
    spaced = " ".join([digits[:3], digits[3:6], digits[6:]])
    assert f'<p class="tracking">{spaced}</p>' in body(done)
    expected = expected_words(filed.expected_datetime)
    assert f'<p class="estimate">Expected {expected}</p>' in body(done)


def expected_words(moment: datetime | None) -> str:
    """The estimated date as a person says it, worked out here."""
    assert moment is not None
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    noon = "a.m." if local.hour < 12 else "p.m."
    return f"by {local:%A}, {local:%B} {local.day}, {hour}:{local:%M} {noon}"


def test_a_caller_who_wants_no_updates_is_kept_as_a_contact_only(
    alex: Any, pothole: Service
) -> None:
    typed = call(action="file", phone="703-555-0199", channel="walk_in")

    response = signed_in(alex).post(FORM, typed)

    filed = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert filed.channel == Channel.WALK_IN
    assert RequestContact.objects.get(request=filed).phone == "703-555-0199"
    assert not Subscription.objects.filter(request=filed).exists()


def test_an_anonymous_caller_files_without_any_contact(
    alex: Any, tree: Service
) -> None:
    response = signed_in(alex).post(
        "/console/intake/tree/", call(action="file", keep_informed="yes")
    )

    filed = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert not RequestContact.objects.filter(request=filed).exists()
    done = signed_in(alex).get(response["Location"])
    assert filed.expected_datetime is None
    assert '<p class="estimate">No estimated date</p>' in body(done)


def test_an_emergency_filed_anyway_is_flagged_and_the_confirmation_says_so(
    alex: Any, pothole: Service
) -> None:
    typed = call(action="file", description="I smell gas on the corner")
    browser = signed_in(alex)

    response = browser.post(FORM, typed)

    filed = ServiceRequest.objects.get()
    assert filed.triage == Triage.PENDING
    assert "Transfer to 911 now" in body(browser.get(response["Location"]))


def test_a_channel_other_than_phone_or_walk_in_is_refused(
    alex: Any, pothole: Service
) -> None:
    response = signed_in(alex).post(FORM, call(action="file", channel="api"))

    assert response.status_code == 400
    assert 'href="#id_channel-phone"' in body(response)
    assert not ServiceRequest.objects.exists()


def test_department_staff_take_calls_too(tess: Any, pothole: Service) -> None:
    response = signed_in(tess).post(FORM, call(action="file"))

    assert response.status_code == 302
    assert ServiceRequest.objects.get().events.get().actor_user == tess


# The caller's earlier requests ----------------------------------------------


def test_the_callers_earlier_requests_are_found_by_phone_written_another_way(
    alex: Any, pothole: Service, tree: Service
) -> None:
    with time_machine.travel("2026-10-01 14:00Z"):
        older = make_request(tree, contact=Contact(phone="703-555-0142"))
    with time_machine.travel("2026-11-01 14:00Z"):
        newer = make_request(pothole, contact=Contact(phone="+1 703 555 0142"))
    someone_else = make_request(pothole, contact=Contact(phone="703-555-0100"))

    response = signed_in(alex).post(FORM, call(phone="(703) 555-0142"))

    earlier = body(response).split('id="earlier-heading"')[1].split("</table>")[0]
    assert earlier.index(newer.public_id) < earlier.index(older.public_id)
    assert someone_else.public_id not in earlier
    assert "Fallen tree" in earlier and "submitted" in earlier


def test_the_callers_earlier_requests_are_found_by_email_at_most_ten(
    alex: Any, pothole: Service
) -> None:
    filed = [
        make_request(pothole, contact=Contact(email="dana@example.org"))
        for _ in range(12)
    ]

    response = signed_in(alex).post(FORM, call(email="dana@example.org"))

    earlier = body(response).split('id="earlier-heading"')[1].split("</table>")[0]
    shown = [row.public_id for row in filed if row.public_id in earlier]
    assert shown == [row.public_id for row in filed[2:]]


# Who may take calls ---------------------------------------------------------


@pytest.mark.parametrize("url", ["/console/intake/", FORM, "/console/intake/?q=pot"])
def test_an_executive_may_not_take_calls(erin: Any, pothole: Service, url: str) -> None:
    response = signed_in(erin).get(url)

    assert response.status_code == 403
    assert "does not take calls" in body(response)


def test_an_executive_cannot_file_by_posting_either(
    erin: Any, pothole: Service
) -> None:
    response = signed_in(erin).post(FORM, call(action="file"))

    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


def test_an_account_without_a_role_is_refused(rita: Any, pothole: Service) -> None:
    response = signed_in(rita).post(FORM, call(action="file"))

    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client: Client, pothole: Service) -> None:
    response = client.get(FORM)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))
