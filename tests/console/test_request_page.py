"""The request page: everything about one request, and only the actions
the person looking at it may take."""

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civic311.catalog.models import Datatype
from civic311.lib import publicid
from civic311.lib.actors import Actor
from civic311.routing.models import OutsideAgency
from civic311.servicerequests.actions import (
    add_note,
    assign_request,
    change_state,
    merge_request,
    reassign_request,
)
from civic311.servicerequests.intake import Contact, Location
from civic311.servicerequests.models import HoldReason, ServiceRequest, State
from tests.builders import CITY_HALL, make_attribute, make_request
from tests.console.conftest import signed_in
from tests.open311.helpers import png_bytes

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
# Monday 7 December 2026, 10:00 in Alexandria.
MONDAY_10AM = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def page_of(user: Any, request: ServiceRequest, query: str = "") -> Any:
    url = reverse("console:request", args=[request.public_id])
    return signed_in(user).get(url + query)


def body_of(response: Any) -> str:
    return str(response.content.decode())


def posts_to(body: str, request: ServiceRequest, action: str) -> bool:
    url = reverse(f"console:request-{action}", args=[request.public_id])
    return f'action="{url}"' in body


def offered_states(body: str) -> set[str]:
    return set(re.findall(r'name="state" value="(\w+)"', body))


# Getting there --------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in(client: Any, pothole: Any) -> None:
    request = make_request(pothole)

    response = client.get(reverse("console:request", args=[request.public_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))


def test_an_account_without_a_role_is_refused(rita: Any, pothole: Any) -> None:
    response = page_of(rita, make_request(pothole))

    assert response.status_code == 403


@pytest.mark.parametrize("number", ["12345", "not-a-number", "1000018"])
def test_a_malformed_or_mistyped_number_is_a_404_in_console_style(
    tess: Any, number: str
) -> None:
    response = signed_in(tess).get(f"/console/requests/{number}/")

    assert response.status_code == 404
    assert "Request not found" in body_of(response)
    assert "Sign out" in body_of(response)  # the console's own frame


def test_a_well_formed_number_of_no_request_is_a_404(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)
    missing = publicid.encode(request.pk + 1)

    response = signed_in(tess).get(f"/console/requests/{missing}/")

    assert response.status_code == 404


# What it shows ---------------------------------------------------------------


def test_it_shows_the_service_department_state_and_location(
    erin: Any, pothole: Any
) -> None:
    request = make_request(
        pothole,
        description="Deep hole by the bus stop",
        location=Location(
            lat=CITY_HALL[0], long=CITY_HALL[1], address="301 King St", zipcode="22314"
        ),
    )

    response = page_of(erin, request)

    body = body_of(response)
    assert response.status_code == 200
    assert f"Request {request.public_id}: Pothole" in body
    assert "Transportation" in body
    assert "submitted" in body and "public status: open" in body
    assert "Deep hole by the bus stop" in body
    assert "301 King St" in body and "22314" in body
    assert "Old Town" in body  # the neighbourhood's name, not its slug
    assert f"{CITY_HALL[0]:.6f}, {CITY_HALL[1]:.6f}" in body


def test_answers_show_the_questions_and_the_chosen_values_names(
    erin: Any, pothole: Any
) -> None:
    make_attribute(
        pothole,
        code="size",
        datatype=Datatype.SINGLEVALUELIST,
        description="About how big is it?",
        choices=[("small", "Smaller than a plate"), ("large", "Bigger than a tire")],
    )
    make_attribute(
        pothole,
        code="lanes",
        datatype=Datatype.MULTIVALUELIST,
        description="Which lanes?",
        choices=[("left", "Left lane"), ("right", "Right lane")],
    )
    request = make_request(
        pothole, answers={"size": "large", "lanes": ["left", "right"]}
    )

    body = body_of(page_of(erin, request))

    assert "About how big is it?" in body
    assert "Bigger than a tire" in body
    assert "Which lanes?" in body and "Left lane, Right lane" in body
    assert ">large<" not in body


def test_contact_details_are_shown_and_labelled_private(
    tess: Any, pothole: Any
) -> None:
    request = make_request(
        pothole,
        contact=Contact(
            first_name="Ana",
            last_name="Ruiz",
            email="ana@example.org",
            phone="555-0101",
        ),
    )

    body = body_of(page_of(tess, request))

    assert "Ana Ruiz" in body
    assert "ana@example.org" in body and "555-0101" in body
    assert 'class="tag private">Private<' in body
    assert "1 person is kept informed" in body


def test_photos_are_images_with_numbered_alt_text_linking_to_the_file(
    tess: Any, pothole: Any
) -> None:
    photo = SimpleUploadedFile("hole.png", png_bytes(), content_type="image/png")
    request = make_request(pothole, media=[photo])
    stored = request.media.get()

    body = body_of(page_of(tess, request))

    alt = f"Photo 1 of request {request.public_id}"
    assert (
        f'<a href="{stored.file.url}"><img src="{stored.file.url}" alt="{alt}"' in body
    )
    assert request.media_url in body


def test_a_flagged_request_says_to_transfer_the_caller(alex: Any, pothole: Any) -> None:
    request = make_request(pothole, description="There is a fire in the basement")

    body = body_of(page_of(alex, request))

    assert 'class="emergency"' in body
    assert "fire" in body
    assert "transfer them to 911 now" in body
    assert "703.746.4444" in body


def test_a_request_not_flagged_has_no_emergency_box(alex: Any, pothole: Any) -> None:
    body = body_of(page_of(alex, make_request(pothole)))

    assert 'class="emergency"' not in body


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        ("2026-12-08 17:00", "on time"),  # Tuesday noon, due Thursday at close
        ("2026-12-10 17:00", "due soon"),  # Thursday noon
        ("2026-12-11 17:00", "overdue"),  # Friday noon
    ],
)
def test_the_clock_says_how_an_open_request_stands(
    erin: Any, pothole: Any, moment: str, words: str
) -> None:
    request = make_request(pothole, requested_at=MONDAY_10AM)

    with time_machine.travel(moment + "Z", tick=False):
        body = body_of(page_of(erin, request))

    assert re.search(r'class="tag [\w-]+">' + words + "<", body), words


def test_a_request_resolved_after_its_deadline_is_late(erin: Any, pothole: Any) -> None:
    request = make_request(pothole, requested_at=MONDAY_10AM)
    friday = datetime(2026, 12, 11, 17, 0, tzinfo=UTC)
    change_state(
        actor=SYSTEM, request=request, state=State.RESOLVED, note="Filled.", at=friday
    )

    body = body_of(page_of(erin, request))

    assert 'class="tag late">late<' in body
    assert "no, late" in body


def test_a_pause_on_the_clock_is_listed(erin: Any, pothole: Any) -> None:
    pothole.pause_clock_on_hold = True
    pothole.save()
    request = make_request(pothole, requested_at=MONDAY_10AM)
    change_state(
        actor=SYSTEM,
        request=request,
        state=State.ON_HOLD,
        hold_reason=HoldReason.RESIDENT,
        reason="Gate locked",
        note="Please call us to open the gate.",
    )

    body = body_of(page_of(erin, request))

    assert "still paused" in body
    assert "paused: waiting on the resident" in body


# The timeline ----------------------------------------------------------------


def test_the_timeline_shows_every_event_in_order_public_and_internal_apart(
    tess: Any, pothole: Any
) -> None:
    request = make_request(pothole, requested_at=MONDAY_10AM)
    later = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)
    add_note(
        actor=Actor.for_user(tess),
        request=request,
        note="Crew told",
        public=False,
        at=later,
    )
    change_state(
        actor=Actor.for_user(tess),
        request=request,
        state=State.ACKNOWLEDGED,
        at=later,
    )

    body = body_of(page_of(tess, request))

    timeline = body[body.index('class="timeline"') :]
    assert timeline.index("Crew told") < timeline.index("submitted → acknowledged")
    assert timeline.count('class="tag internal">Internal<') == 1
    assert timeline.count('class="tag public">Public<') == 2
    assert "by tess" in timeline and "by test" in timeline
    # In the city's time: 10:00 and 11:30 in Alexandria.
    assert 'datetime="2026-12-07T10:00:00-05:00"' in timeline
    assert 'datetime="2026-12-07T11:30:00-05:00"' in timeline


def test_the_timeline_names_the_people_and_departments_changes_mention(
    maya: Any, tess: Any, pothole: Any, parks: Any
) -> None:
    request = make_request(pothole)
    assign_request(actor=SYSTEM, request=request, assignee=tess)
    reassign_request(actor=SYSTEM, request=request, department=parks, reason="Trees")

    body = body_of(page_of(maya, request))

    assert "Assigned to tess" in body
    assert "Department: Transportation → Parks" in body


def test_the_number_of_queries_does_not_grow_with_the_history(
    tess: Any, maya: Any, pothole: Any, parks: Any, streets: Any
) -> None:
    short = _worked_request(pothole, tess, parks, streets, notes=1)
    long = _worked_request(pothole, tess, parks, streets, notes=40)
    browser = signed_in(tess)

    counts = []
    for request in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(reverse("console:request", args=[request.public_id]))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert body_of(response).count('class="tag internal"') >= 40


def test_the_page_reads_a_bounded_number_of_queries(
    tess: Any,
    pothole: Any,
    parks: Any,
    streets: Any,
    django_assert_max_num_queries: Any,
) -> None:
    request = _worked_request(pothole, tess, parks, streets, notes=25)
    browser = signed_in(tess)

    with django_assert_max_num_queries(30):
        response = browser.get(reverse("console:request", args=[request.public_id]))

    assert response.status_code == 200


def _worked_request(
    service: Any, person: Any, away: Any, home: Any, *, notes: int
) -> ServiceRequest:
    """A request that went away to another department and came back, with
    ``notes`` notes and a photo."""
    photo = SimpleUploadedFile("hole.png", png_bytes(), content_type="image/png")
    request = make_request(
        service, media=[photo], contact=Contact(email="res@example.org")
    )
    reassign_request(actor=SYSTEM, request=request, department=away, reason="Try")
    reassign_request(actor=SYSTEM, request=request, department=home, reason="Back")
    for number in range(notes):
        add_note(
            actor=Actor.for_user(person),
            request=request,
            note=f"Note {number}",
            public=number % 2 == 0,
        )
        assign_request(actor=SYSTEM, request=request, assignee=person)
    return request


# Duplicates --------------------------------------------------------------------


def test_it_shows_the_parent_the_merged_duplicates_and_the_reports_count(
    tess: Any, pothole: Any
) -> None:
    parent = make_request(pothole)
    first = make_request(pothole)
    second = make_request(pothole)
    merge_request(actor=SYSTEM, duplicate=first, parent=parent)
    merge_request(actor=SYSTEM, duplicate=second, parent=parent)

    parent_page = body_of(page_of(tess, parent))
    duplicate_page = body_of(page_of(tess, first))

    assert "stands for 3 reports" in parent_page
    assert reverse("console:request", args=[first.public_id]) in parent_page
    assert reverse("console:request", args=[second.public_id]) in parent_page
    assert "duplicate of request" in duplicate_page
    assert reverse("console:request", args=[parent.public_id]) in duplicate_page


def test_likely_duplicates_nearby_come_with_a_merge_button(
    tess: Any, pothole: Any
) -> None:
    older = make_request(pothole)
    request = make_request(pothole)

    body = body_of(page_of(tess, request))

    assert "Likely duplicates nearby" in body
    assert f'name="parent" value="{older.public_id}"' in body
    assert f"Merge this request into {older.public_id}" in body


def test_likely_duplicates_come_without_a_merge_button_for_a_reader(
    erin: Any, pat: Any, pothole: Any
) -> None:
    older = make_request(pothole)
    request = make_request(pothole)

    for reader in (erin, pat):
        body = body_of(page_of(reader, request))
        assert older.public_id in body
        assert "Merge this request into" not in body


# Only the actions the person may take ---------------------------------------------


def test_an_executive_sees_no_action_forms(erin: Any, pothole: Any) -> None:
    request = make_request(pothole, description="There is a fire in the basement")

    body = body_of(page_of(erin, request))

    assert "You may read this request but not change it." in body
    assert 'method="post" action="/console/requests/' not in body


def test_staff_see_the_everyday_moves_of_their_department_but_not_managers(
    tess: Any, pothole: Any
) -> None:
    OutsideAgency.objects.create(slug="vdot", name="Virginia DOT")
    request = make_request(pothole)

    body = body_of(page_of(tess, request))

    assert offered_states(body) == {
        "acknowledged",
        "in_progress",
        "on_hold",
        "resolved",
    }
    for action in ("state", "assign", "refer", "merge", "note"):
        assert posts_to(body, request, action), action
    assert not posts_to(body, request, "reassign")
    assert not posts_to(body, request, "triage")  # nothing to triage


def test_a_manager_also_sees_close_cancel_and_reassign(
    maya: Any, pothole: Any, parks: Any
) -> None:
    request = make_request(pothole)

    body = body_of(page_of(maya, request))

    assert {"closed", "cancelled"} <= offered_states(body)
    assert posts_to(body, request, "reassign")
    assert "Parks" in body


def test_moves_follow_the_workflow_from_the_current_state(
    maya: Any, pothole: Any
) -> None:
    request = make_request(pothole)
    change_state(actor=SYSTEM, request=request, state=State.RESOLVED, note="Done.")

    body = body_of(page_of(maya, request))

    assert offered_states(body) == {"closed", "reopened"}
    assert not posts_to(body, request, "merge")
    assert not posts_to(body, request, "refer")
    assert not posts_to(body, request, "reassign")  # closed


def test_staff_of_another_department_only_read(pat: Any, pothole: Any) -> None:
    request = make_request(pothole, description="There is a fire in the basement")

    body = body_of(page_of(pat, request))

    assert 'method="post" action="/console/requests/' not in body


def test_an_agent_notes_and_triages_but_does_not_work_the_request(
    alex: Any, pothole: Any
) -> None:
    request = make_request(pothole, description="There is a fire in the basement")

    body = body_of(page_of(alex, request))

    assert posts_to(body, request, "note")
    assert posts_to(body, request, "triage")
    for action in ("state", "assign", "reassign", "refer", "merge"):
        assert not posts_to(body, request, action), action
    assert offered_states(body) == set()


def test_assigning_offers_only_people_of_the_requests_department(
    tess: Any, maya: Any, pat: Any, pothole: Any
) -> None:
    request = make_request(pothole)

    body = body_of(page_of(tess, request))

    people = body[body.index('id="assign-assignee"') :]
    people = people[: people.index("</select>")]
    assert f'value="{tess.pk}"' in people and f'value="{maya.pk}"' in people
    assert f'value="{pat.pk}"' not in people


def test_every_form_has_a_csrf_token_and_every_field_a_label(
    maya: Any, pothole: Any, parks: Any
) -> None:
    OutsideAgency.objects.create(slug="vdot", name="Virginia DOT")
    request = make_request(pothole)

    body = body_of(page_of(maya, request))

    forms = body.count('<form method="post" action="/console/requests/')
    assert forms == 6  # state, assign, reassign, refer, merge, note
    # Every post form has its token, signing out's included.
    assert body.count('name="csrfmiddlewaretoken"') == body.count('method="post"')
    controls = re.findall(r"<(?:textarea|select|input)\b([^>]*)>", body)
    visible = [c for c in controls if 'type="hidden"' not in c]
    assert len(visible) > 10
    for attributes in visible:
        found = re.search(r'id="([\w-]+)"', attributes)
        assert found, attributes
        assert f'for="{found[1]}"' in body, found[1]
