"""Who may do what, told as the people of the city.

Tess (Transportation staff) works her department's requests but not
Parks'; Maya (Transportation manager) also closes, reopens and sends
requests elsewhere; Alex (311 agent) files and annotates anyone's; Erin
(executive) reads everything and changes nothing; Ada (administrator)
does anything.
"""

from typing import Any

import pytest
from django.contrib.auth.models import User

from civic311.lib.actors import Actor
from civic311.people.permissions import NotAllowed, Verb, actionable, may
from civic311.servicerequests.actions import (
    add_note,
    assign_request,
    change_state,
    reassign_request,
    submit_request,
)
from civic311.servicerequests.intake import Intake, Location
from civic311.servicerequests.models import Channel, ServiceRequest, State
from tests.builders import CITY_HALL, make_request

pytestmark = pytest.mark.django_db


def as_(user: User) -> Actor:
    return Actor.for_user(user)


@pytest.fixture
def hole(pothole: Any) -> ServiceRequest:
    return make_request(pothole)


@pytest.fixture
def fallen_tree(tree: Any) -> ServiceRequest:
    return make_request(tree)


def test_tess_works_her_departments_request(hole: Any, tess: User) -> None:
    change_state(actor=as_(tess), request=hole, state=State.ACKNOWLEDGED)
    assign_request(actor=as_(tess), request=hole, assignee=tess)
    change_state(actor=as_(tess), request=hole, state=State.RESOLVED, note="Filled.")

    hole.refresh_from_db()
    assert hole.state == State.RESOLVED


def test_tess_cannot_touch_a_parks_request(fallen_tree: Any, tess: User) -> None:
    with pytest.raises(NotAllowed, match="belongs to another department"):
        change_state(actor=as_(tess), request=fallen_tree, state=State.ACKNOWLEDGED)
    with pytest.raises(NotAllowed):
        add_note(actor=as_(tess), request=fallen_tree, note="Mine?", public=False)

    fallen_tree.refresh_from_db()
    assert fallen_tree.state == State.SUBMITTED
    assert fallen_tree.events.count() == 1


@pytest.mark.parametrize(
    ("state", "extra"),
    [
        (State.CANCELLED, {"reason": "Withdrawn."}),
        (State.CLOSED, {}),
    ],
)
def test_tess_cannot_close_or_cancel_but_maya_can(
    hole: Any, tess: User, maya: User, state: State, extra: dict[str, str]
) -> None:
    with pytest.raises(NotAllowed, match="role does not allow"):
        change_state(actor=as_(tess), request=hole, state=state, **extra)

    if state == State.CLOSED:
        change_state(actor=as_(maya), request=hole, state=State.RESOLVED, note="Done.")
    change_state(actor=as_(maya), request=hole, state=state, **extra)
    hole.refresh_from_db()
    assert hole.state == state


def test_only_a_manager_sends_a_request_to_another_department(
    hole: Any, tess: User, maya: User, parks: Any
) -> None:
    with pytest.raises(NotAllowed):
        reassign_request(actor=as_(tess), request=hole, department=parks, reason="x")

    reassign_request(
        actor=as_(maya), request=hole, department=parks, reason="A tree root."
    )

    hole.refresh_from_db()
    assert hole.department == parks


def test_once_reassigned_the_request_leaves_its_old_departments_reach(
    hole: Any, maya: User, tess: User, pat: User, parks: Any
) -> None:
    reassign_request(actor=as_(maya), request=hole, department=parks, reason="Roots.")

    assert not may(as_(tess), Verb.WORK, hole)
    assert may(as_(pat), Verb.WORK, hole)


def test_alex_files_and_annotates_any_request_but_does_not_work_them(
    pothole: Any, fallen_tree: Any, alex: User
) -> None:
    filed = submit_request(
        actor=as_(alex),
        intake=Intake(
            service=pothole,
            channel=Channel.PHONE,
            location=Location(lat=CITY_HALL[0], long=CITY_HALL[1]),
        ),
    )
    add_note(actor=as_(alex), request=fallen_tree, note="Caller again.", public=False)

    with pytest.raises(NotAllowed):
        change_state(actor=as_(alex), request=filed, state=State.ACKNOWLEDGED)
    assert filed.events.first().actor_user == alex  # type: ignore[union-attr]


def test_erin_reads_everything_and_changes_nothing(
    hole: Any, fallen_tree: Any, erin: User, pothole: Any
) -> None:
    assert may(as_(erin), Verb.VIEW, hole)
    assert may(as_(erin), Verb.VIEW, fallen_tree)

    with pytest.raises(NotAllowed):
        add_note(actor=as_(erin), request=hole, note="Why?", public=False)
    with pytest.raises(NotAllowed):
        make_request(pothole, actor=as_(erin))


def test_ada_does_anything_anywhere(
    hole: Any, fallen_tree: Any, ada: User, parks: Any
) -> None:
    change_state(actor=as_(ada), request=fallen_tree, state=State.CANCELLED, reason="x")
    reassign_request(actor=as_(ada), request=hole, department=parks, reason="y")


def test_an_account_without_a_role_or_switched_off_may_do_nothing(
    hole: Any, tess: User
) -> None:
    nobody = User.objects.create_user(username="nobody", password="x")
    tess.is_active = False
    tess.save()

    for user in (nobody, tess):
        assert not may(as_(user), Verb.VIEW, hole)
        with pytest.raises(NotAllowed):
            add_note(actor=as_(user), request=hole, note="Hi.", public=False)


def test_an_api_client_may_only_file_requests(hole: Any, app: Any) -> None:
    client, _key = app
    robot = Actor.for_api_client(client)

    assert may(robot, Verb.SUBMIT)
    with pytest.raises(NotAllowed):
        add_note(actor=robot, request=hole, note="Hi.", public=True)


def test_the_requests_each_person_may_work_on(
    hole: Any, fallen_tree: Any, tess: User, pat: User, alex: User, ada: User
) -> None:
    every = ServiceRequest.objects.all()

    assert list(actionable(as_(tess), every)) == [hole]
    assert list(actionable(as_(pat), every)) == [fallen_tree]
    assert list(actionable(as_(alex), every)) == []
    assert set(actionable(as_(ada), every)) == {hole, fallen_tree}


@pytest.fixture
def app(db: None) -> Any:
    from tests.builders import make_api_client

    return make_api_client()
