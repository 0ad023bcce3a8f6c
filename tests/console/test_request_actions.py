"""Acting on a request from its page: each action posts to its own URL,
changes the stored rows and history when the person may, and changes
nothing otherwise."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from civic311.lib.actors import Actor
from civic311.routing.models import OutsideAgency
from civic311.servicerequests.actions import change_state
from civic311.servicerequests.models import (
    EventKind,
    HoldReason,
    RequestEvent,
    ServiceRequest,
    State,
    Status,
    Triage,
)
from tests.builders import make_request
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
EMERGENCY = "There is a fire in the basement"


@pytest.fixture
def vdot(db: None) -> OutsideAgency:
    return OutsideAgency.objects.create(
        slug="vdot",
        name="Virginia Department of Transportation",
        website="https://www.vdot.virginia.gov",
        phone="800-367-7623",
    )


def post(user: Any, request: ServiceRequest, action: str, **data: Any) -> Any:
    url = reverse(f"console:request-{action}", args=[request.public_id])
    return signed_in(user).post(url, data)


def page_url(request: ServiceRequest) -> str:
    return reverse("console:request", args=[request.public_id])


def snapshot(request: ServiceRequest) -> tuple[Any, ...]:
    """What an action could change: the stored row and its history."""
    stored = ServiceRequest.objects.get(pk=request.pk)
    return (
        stored.state,
        stored.status,
        stored.status_notes,
        stored.department_id,
        stored.assignee_id,
        stored.parent_id,
        stored.reports,
        stored.triage,
        stored.referred_to_id,
        RequestEvent.objects.filter(request=request).count(),
    )


def events(request: ServiceRequest, kind: str) -> list[RequestEvent]:
    return list(RequestEvent.objects.filter(request=request, kind=kind))


# Changing the status -------------------------------------------------------------


def test_staff_acknowledge_a_request_of_their_department(
    tess: Any, pothole: Any
) -> None:
    request = make_request(pothole)

    response = post(tess, request, "state", state="acknowledged")

    assert response.status_code == 302
    assert response["Location"] == page_url(request)
    request.refresh_from_db()
    assert request.state == State.ACKNOWLEDGED
    [moved] = events(request, EventKind.STATE_CHANGED)
    assert moved.changes == {"state": ["submitted", "acknowledged"]}
    assert moved.actor_label == "tess"


def test_the_page_after_an_action_says_what_was_done(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)
    browser = signed_in(tess)

    response = browser.post(
        reverse("console:request-state", args=[request.public_id]),
        {"state": "in_progress"},
        follow=True,
    )

    assert response.status_code == 200
    assert f"Request {request.public_id} is now in progress." in str(
        response.content.decode()
    )


def test_staff_put_a_request_on_hold_waiting_on_a_third_party(
    tess: Any, pothole: Any
) -> None:
    request = make_request(pothole)

    response = post(
        tess,
        request,
        "state",
        state="on_hold",
        hold_reason="third_party",
        reason="Waiting for the gas company to mark lines",
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.ON_HOLD
    assert request.hold_reason == HoldReason.THIRD_PARTY
    [reason] = events(request, EventKind.NOTE)
    assert not reason.public
    assert reason.note == "Waiting for the gas company to mark lines"


def test_holding_for_the_resident_without_a_public_note_is_refused_with_400(
    tess: Any, pothole: Any
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(
        tess,
        request,
        "state",
        state="on_hold",
        hold_reason="resident",
        reason="Gate locked",
    )

    body = str(response.content.decode())
    assert response.status_code == 400
    assert "Write a note for the resident about this change." in body
    assert 'href="#state-note"' in body
    assert ">Gate locked</textarea>" in body  # the input is kept
    assert 'value="on_hold" id="state-state-on_hold" checked' in body
    assert snapshot(request) == before


def test_resolving_without_a_public_note_is_refused_with_400(
    tess: Any, pothole: Any
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(tess, request, "state", state="resolved", note="  ")

    body = str(response.content.decode())
    assert response.status_code == 400
    assert 'class="error-summary" role="alert"' in body
    assert 'href="#state-note"' in body
    assert 'id="state-note-error"' in body
    assert snapshot(request) == before


def test_staff_resolve_with_a_public_note(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)

    post(tess, request, "state", state="resolved", note="Filled this morning.")

    request.refresh_from_db()
    assert request.state == State.RESOLVED
    assert request.status == Status.CLOSED
    assert request.status_notes == "Filled this morning."
    assert request.on_time is True


def test_a_state_the_workflow_does_not_allow_is_refused_with_400(
    maya: Any, pothole: Any
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(maya, request, "state", state="reopened", reason="Because")

    assert response.status_code == 400
    assert "cannot become reopened" in str(response.content.decode())
    assert snapshot(request) == before


def test_no_state_chosen_is_refused_with_400(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)

    response = post(tess, request, "state", note="Hello")

    assert response.status_code == 400
    assert 'href="#state-state"' in str(response.content.decode())
    assert ServiceRequest.objects.get(pk=request.pk).state == State.SUBMITTED


def test_a_manager_closes_with_a_resolution(maya: Any, pothole: Any) -> None:
    request = make_request(pothole)

    post(maya, request, "state", state="closed", note="Repaved the block.")

    request.refresh_from_db()
    assert request.state == State.CLOSED
    assert request.status_notes == "Repaved the block."


def test_staff_may_not_close_only_managers_may(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(tess, request, "state", state="closed", note="Done.")

    assert response.status_code == 403
    assert "Your role does not allow this." in str(response.content.decode())
    assert snapshot(request) == before


def test_a_manager_cancels_with_a_reason_and_not_without(
    maya: Any, pothole: Any
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    refused = post(maya, request, "state", state="cancelled")
    assert refused.status_code == 400
    assert "Give a reason for this change." in str(refused.content.decode())
    assert snapshot(request) == before

    done = post(maya, request, "state", state="cancelled", reason="Filed twice")
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.state == State.CANCELLED
    assert events(request, EventKind.NOTE)[0].note == "Filed twice"


def test_a_manager_reopens_a_resolved_request(maya: Any, pothole: Any) -> None:
    request = make_request(pothole)
    change_state(actor=SYSTEM, request=request, state=State.RESOLVED, note="Done.")

    post(maya, request, "state", state="reopened", reason="Hole is back")

    request.refresh_from_db()
    assert request.state == State.REOPENED
    assert request.status == Status.OPEN


def test_an_agent_may_not_change_the_status(alex: Any, pothole: Any) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(alex, request, "state", state="acknowledged")

    assert response.status_code == 403
    assert snapshot(request) == before


def test_staff_may_not_work_another_departments_request(
    tess: Any, pat: Any, pothole: Any, tree: Any
) -> None:
    parks_request = make_request(tree)
    streets_request = make_request(pothole)
    before = snapshot(parks_request), snapshot(streets_request)

    by_tess = post(tess, parks_request, "state", state="acknowledged")
    by_pat = post(pat, streets_request, "state", state="acknowledged")

    assert by_tess.status_code == 403 and by_pat.status_code == 403
    assert "belongs to another department" in str(by_tess.content.decode())
    assert (snapshot(parks_request), snapshot(streets_request)) == before


# Assigning, reassigning, referring -------------------------------------------------


def test_staff_assign_a_request_to_a_person_of_the_department(
    tess: Any, maya: Any, pothole: Any
) -> None:
    request = make_request(pothole)

    response = post(tess, request, "assign", assignee=maya.pk)

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.ASSIGNED
    assert request.assignee_id == maya.pk
    [assigned] = events(request, EventKind.ASSIGNED)
    assert assigned.changes == {"assignee": [None, maya.pk]}


def test_assigning_to_someone_of_another_department_is_refused_with_400(
    tess: Any, pat: Any, pothole: Any
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(tess, request, "assign", assignee=pat.pk)

    body = str(response.content.decode())
    assert response.status_code == 400
    assert "Choose someone who works in Transportation." in body
    assert 'href="#assign-assignee"' in body
    assert snapshot(request) == before


def test_pat_may_not_assign_a_transportation_request(
    pat: Any, tess: Any, pothole: Any
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(pat, request, "assign", assignee=tess.pk)

    assert response.status_code == 403
    assert snapshot(request) == before


def test_a_manager_sends_a_request_to_another_department(
    maya: Any, pothole: Any, parks: Any
) -> None:
    request = make_request(pothole)

    response = post(maya, request, "reassign", department=parks.pk, reason="A tree")

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.department_id == parks.pk
    [moved] = events(request, EventKind.REASSIGNED)
    assert moved.changes == {"department": ["tes", "parks"]}


def test_reassigning_without_a_reason_is_refused_with_400(
    maya: Any, pothole: Any, parks: Any
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(maya, request, "reassign", department=parks.pk, reason="")

    body = str(response.content.decode())
    assert response.status_code == 400
    assert "Give a reason for this change." in body
    assert 'href="#reassign-reason"' in body
    assert f'<option value="{parks.pk}" selected>' in body
    assert snapshot(request) == before


def test_staff_may_not_reassign(tess: Any, pothole: Any, parks: Any) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(tess, request, "reassign", department=parks.pk, reason="Trees")

    assert response.status_code == 403
    assert snapshot(request) == before


def test_staff_refer_a_request_to_an_outside_agency(
    tess: Any, pothole: Any, vdot: Any
) -> None:
    request = make_request(pothole)

    response = post(tess, request, "refer", agency="vdot", note="It is on Route 1.")

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.REFERRED
    assert request.referred_to_id == vdot.pk
    assert "Virginia Department of Transportation" in request.status_notes
    assert request.status_notes.endswith("It is on Route 1.")


def test_referring_without_an_agency_is_refused_with_400(
    tess: Any, pothole: Any, vdot: Any
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(tess, request, "refer", agency="", note="Route 1")

    assert response.status_code == 400
    assert "Choose the agency that handles it." in str(response.content.decode())
    assert snapshot(request) == before


# Merging ------------------------------------------------------------------------


def test_staff_merge_a_duplicate_into_its_parent(tess: Any, pothole: Any) -> None:
    parent = make_request(pothole)
    duplicate = make_request(pothole)

    response = post(tess, duplicate, "merge", parent=parent.public_id)

    assert response.status_code == 302
    duplicate.refresh_from_db()
    parent.refresh_from_db()
    assert duplicate.state == State.DUPLICATE
    assert duplicate.parent_id == parent.pk
    assert parent.reports == 2
    assert events(parent, EventKind.MERGED)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1000018", "No request has the number 1000018."),
        ("", "Give the number of the request this one repeats."),
        ("itself", "A request cannot be a duplicate of itself."),
    ],
)
def test_merging_into_an_unknown_request_or_itself_is_refused_with_400(
    tess: Any, pothole: Any, number: str, message: str
) -> None:
    request = make_request(pothole)
    before = snapshot(request)
    if number == "itself":
        number = request.public_id

    response = post(tess, request, "merge", parent=number)

    body = str(response.content.decode())
    assert response.status_code == 400
    assert message in body
    assert 'href="#merge-parent"' in body
    assert snapshot(request) == before


def test_merging_into_a_closed_request_is_refused_with_400(
    tess: Any, pothole: Any
) -> None:
    parent = make_request(pothole)
    change_state(actor=SYSTEM, request=parent, state=State.RESOLVED, note="Done.")
    request = make_request(pothole)
    before = snapshot(request), snapshot(parent)

    response = post(tess, request, "merge", parent=parent.public_id)

    assert response.status_code == 400
    assert "merge into an open request" in str(response.content.decode())
    assert (snapshot(request), snapshot(parent)) == before


# Notes and triage ------------------------------------------------------------------


def test_an_agent_adds_an_internal_note_to_any_request(alex: Any, pothole: Any) -> None:
    request = make_request(pothole)

    response = post(alex, request, "note", note="Caller rang again.", public="internal")

    assert response.status_code == 302
    [note] = events(request, EventKind.NOTE)
    assert note.note == "Caller rang again." and not note.public
    assert note.actor_label == "alex"
    assert ServiceRequest.objects.get(pk=request.pk).status_notes == ""


def test_a_public_note_becomes_the_status_notes(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)

    post(tess, request, "note", note="Crew comes Tuesday.", public="public")

    assert ServiceRequest.objects.get(pk=request.pk).status_notes == (
        "Crew comes Tuesday."
    )
    assert events(request, EventKind.NOTE)[0].public


def test_an_empty_note_is_refused_with_400(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(tess, request, "note", note="", public="public")

    body = str(response.content.decode())
    assert response.status_code == 400
    assert "The note is empty." in body
    assert 'value="public" id="note-public-public" checked' in body
    assert snapshot(request) == before


def test_staff_of_another_department_may_not_add_a_note(pat: Any, pothole: Any) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = post(pat, request, "note", note="Hello", public="internal")

    assert response.status_code == 403
    assert snapshot(request) == before


def test_an_agent_dismisses_an_emergency_flag(alex: Any, pothole: Any) -> None:
    request = make_request(pothole, description=EMERGENCY)

    response = post(
        alex, request, "triage", emergency="dismissed", note="Old fire, long out."
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.triage == Triage.DISMISSED
    [review] = events(request, EventKind.TRIAGED)
    assert review.note == "Old fire, long out." and not review.public


def test_an_agent_confirms_an_emergency(alex: Any, pothole: Any) -> None:
    request = make_request(pothole, description=EMERGENCY)

    post(alex, request, "triage", emergency="confirmed", note="Sent to 911.")

    assert ServiceRequest.objects.get(pk=request.pk).triage == Triage.CONFIRMED


def test_a_triage_review_without_a_note_is_refused_with_400(
    alex: Any, pothole: Any
) -> None:
    request = make_request(pothole, description=EMERGENCY)
    before = snapshot(request)

    response = post(alex, request, "triage", emergency="dismissed", note="")

    body = str(response.content.decode())
    assert response.status_code == 400
    assert "Say what was done." in body
    assert 'href="#triage-note"' in body
    assert snapshot(request) == before


def test_staff_of_another_department_may_not_triage(pat: Any, pothole: Any) -> None:
    request = make_request(pothole, description=EMERGENCY)
    before = snapshot(request)

    response = post(pat, request, "triage", emergency="dismissed", note="No")

    assert response.status_code == 403
    assert snapshot(request) == before


# Refusals for everyone who may not ------------------------------------------------


ALL_ACTIONS = [
    ("state", {"state": "acknowledged"}),
    ("assign", {"assignee": "1"}),
    ("reassign", {"department": "1", "reason": "x"}),
    ("refer", {"agency": "vdot"}),
    ("merge", {"parent": "1000015"}),
    ("note", {"note": "Hello", "public": "internal"}),
    ("triage", {"emergency": "dismissed", "note": "No"}),
    ("state", {}),  # even an empty form is refused, not reported invalid
    ("merge", {"parent": "nonsense"}),
]


@pytest.mark.parametrize(("action", "data"), ALL_ACTIONS)
def test_an_executive_is_refused_every_action_and_nothing_changes(
    erin: Any, pothole: Any, vdot: Any, action: str, data: dict[str, str]
) -> None:
    request = make_request(pothole, description=EMERGENCY)
    before = snapshot(request)

    response = post(erin, request, action, **data)

    assert response.status_code == 403
    assert "Your role does not allow this." in str(response.content.decode())
    assert snapshot(request) == before


@pytest.mark.parametrize("action", ["state", "note", "merge"])
def test_a_visitor_posting_is_sent_to_sign_in(
    client: Client, pothole: Any, action: str
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    response = client.post(
        reverse(f"console:request-{action}", args=[request.public_id]),
        {"state": "acknowledged", "note": "x", "public": "public"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))
    assert snapshot(request) == before


def test_an_action_on_an_unknown_request_is_a_404(tess: Any, pothole: Any) -> None:
    response = signed_in(tess).post(
        "/console/requests/1000018/state/", {"state": "acknowledged"}
    )

    assert response.status_code == 404


def test_actions_take_only_posts(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)

    response = signed_in(tess).get(
        reverse("console:request-state", args=[request.public_id]),
        {"state": "acknowledged"},
    )

    assert response.status_code == 405
    assert ServiceRequest.objects.get(pk=request.pk).state == State.SUBMITTED


def test_a_post_without_the_csrf_token_is_refused(tess: Any, pothole: Any) -> None:
    request = make_request(pothole)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(tess)

    response = browser.post(
        reverse("console:request-state", args=[request.public_id]),
        {"state": "acknowledged"},
    )

    assert response.status_code == 403
    assert ServiceRequest.objects.get(pk=request.pk).state == State.SUBMITTED


@pytest.mark.parametrize("value", ["abc", "²", "9" * 40, "-1", ""])
def test_a_person_or_department_that_is_not_a_row_id_is_refused_with_400(
    maya: Any, pothole: Any, value: str
) -> None:
    request = make_request(pothole)
    before = snapshot(request)

    assigned = post(maya, request, "assign", assignee=value)
    sent = post(maya, request, "reassign", department=value, reason="x")

    assert assigned.status_code == 400 and sent.status_code == 400
    assert snapshot(request) == before
