"""Every move of the workflow, allowed and refused."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput
from civic311.routing.models import OutsideAgency
from civic311.servicerequests import workflow
from civic311.servicerequests.actions import (
    assign_request,
    change_state,
    merge_request,
    refer_request,
)
from civic311.servicerequests.models import (
    CLOSED_STATES,
    EventKind,
    HoldReason,
    ServiceRequest,
    State,
    Status,
)
from tests.builders import make_request

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
PLAIN_TARGETS = [
    s for s in State if s not in (State.ASSIGNED, State.REFERRED, State.DUPLICATE)
]


def in_state(request: ServiceRequest, state: State) -> ServiceRequest:
    """Put ``request`` in ``state`` directly, as the setting of a test."""
    ServiceRequest.objects.filter(pk=request.pk).update(
        state=state, status=workflow_status(state)
    )
    request.refresh_from_db()
    return request


def workflow_status(state: State) -> Status:
    return Status.CLOSED if state in CLOSED_STATES else Status.OPEN


def full_move(state: State) -> dict[str, Any]:
    """Everything any move into ``state`` could ask for."""
    extra: dict[str, Any] = {"note": "Done.", "reason": "Because."}
    if state == State.ON_HOLD:
        extra["hold_reason"] = HoldReason.THIRD_PARTY
    return extra


@pytest.mark.parametrize("before", list(State))
@pytest.mark.parametrize("after", PLAIN_TARGETS)
def test_each_plain_move_is_allowed_exactly_when_the_workflow_lists_it(
    pothole: Any, before: State, after: State
) -> None:
    request = in_state(make_request(pothole), before)
    allowed = workflow.move(before, after) is not None

    if allowed:
        change_state(actor=SYSTEM, request=request, state=after, **full_move(after))
        request.refresh_from_db()
        assert request.state == after
        assert request.status == workflow_status(after)
    else:
        with pytest.raises(InvalidInput):
            change_state(actor=SYSTEM, request=request, state=after, **full_move(after))
        request.refresh_from_db()
        assert request.state == before


def test_every_state_maps_to_open_or_closed_and_every_working_state_can_end() -> None:
    for state in workflow.WORKING:
        assert workflow_status(state) == Status.OPEN
        assert {State.RESOLVED, State.CANCELLED, State.REFERRED} <= set(
            workflow.next_states(state)
        )
    for state in CLOSED_STATES:
        assert State.REOPENED in workflow.next_states(state)


@pytest.mark.parametrize(
    ("state", "missing", "extra"),
    [
        (State.RESOLVED, "note", {"reason": "x"}),
        (State.CANCELLED, "reason", {"note": "x"}),
        (State.ON_HOLD, "hold_reason", {"reason": "x"}),
        (State.ON_HOLD, "reason", {"hold_reason": HoldReason.THIRD_PARTY}),
        (State.ON_HOLD, "note", {"hold_reason": HoldReason.RESIDENT, "reason": "x"}),
    ],
)
def test_a_move_without_what_it_needs_is_refused_and_changes_nothing(
    pothole: Any, state: State, missing: str, extra: dict[str, Any]
) -> None:
    request = make_request(pothole)
    events = request.events.count()

    with pytest.raises(InvalidInput) as refused:
        change_state(actor=SYSTEM, request=request, state=state, **extra)

    assert [p.field for p in refused.value.problems] == [missing]
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    assert request.events.count() == events


def test_assigning_referring_and_merging_have_their_own_actions(pothole: Any) -> None:
    request = make_request(pothole)
    for state in (State.ASSIGNED, State.REFERRED, State.DUPLICATE):
        with pytest.raises(InvalidInput):
            change_state(actor=SYSTEM, request=request, state=state, note="x")


def test_each_move_lands_in_history_with_its_actor_and_an_internal_reason(
    pothole: Any, maya: User
) -> None:
    request = make_request(pothole)

    change_state(
        actor=Actor.for_user(maya),
        request=request,
        state=State.CANCELLED,
        reason="Caller withdrew it.",
        note="Cancelled at your request.",
    )

    move, reason = request.events.order_by("id")[1:]
    assert (move.kind, move.public, move.actor_user) == (
        EventKind.STATE_CHANGED,
        True,
        maya,
    )
    assert move.changes == {"state": ["submitted", "cancelled"]}
    assert move.note == "Cancelled at your request."
    assert (reason.kind, reason.public, reason.note) == (
        EventKind.NOTE,
        False,
        "Caller withdrew it.",
    )
    request.refresh_from_db()
    assert request.status_notes == "Cancelled at your request."
    assert request.closed_datetime is not None


def test_reopening_clears_the_closing_time(pothole: Any) -> None:
    request = make_request(pothole)
    change_state(actor=SYSTEM, request=request, state=State.RESOLVED, note="Filled.")

    change_state(
        actor=SYSTEM, request=request, state=State.REOPENED, reason="Hole is back."
    )

    request.refresh_from_db()
    assert (request.status, request.closed_datetime, request.on_time) == (
        Status.OPEN,
        None,
        None,
    )


def test_assigning_moves_to_assigned_and_reassigning_a_person_keeps_the_state(
    pothole: Any, tess: User, maya: User
) -> None:
    request = make_request(pothole)

    assign_request(actor=Actor.for_user(maya), request=request, assignee=tess)
    assign_request(actor=Actor.for_user(maya), request=request, assignee=maya)

    request.refresh_from_db()
    assert (request.state, request.assignee) == (State.ASSIGNED, maya)
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.ASSIGNED) == 2


def test_a_request_is_assigned_only_to_someone_of_its_department(
    pothole: Any, maya: User, pat: User
) -> None:
    request = make_request(pothole)

    with pytest.raises(InvalidInput) as refused:
        assign_request(actor=Actor.for_user(maya), request=request, assignee=pat)

    assert "does not work in Transportation" in refused.value.problems[0].message
    request.refresh_from_db()
    assert request.assignee is None


def test_a_referral_closes_the_request_naming_the_agency_publicly(
    pothole: Any,
) -> None:
    vdot = OutsideAgency.objects.create(
        slug="vdot",
        name="Virginia Department of Transportation",
        website="https://www.vdot.virginia.gov",
        phone="800-367-7623",
    )
    request = make_request(pothole)

    refer_request(actor=SYSTEM, request=request, agency=vdot, note="Route 1 is theirs.")

    request.refresh_from_db()
    assert (request.state, request.status) == (State.REFERRED, Status.CLOSED)
    assert request.referred_to == vdot
    assert request.status_notes == (
        "This is handled by Virginia Department of Transportation. "
        "https://www.vdot.virginia.gov 800-367-7623 Route 1 is theirs."
    )


def test_a_closed_request_cannot_be_merged_again(pothole: Any) -> None:
    parent = make_request(pothole)
    first = make_request(pothole)
    merge_request(actor=SYSTEM, duplicate=first, parent=parent)

    with pytest.raises(InvalidInput):
        merge_request(actor=SYSTEM, duplicate=first, parent=parent)
