"""Bulk changes from the queue: each selected request goes through the
real action on its own, and the summary says what was done and refused."""

import logging
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from civic311.catalog.models import Service
from civic311.lib.actors import Actor
from civic311.servicerequests.actions import change_state
from civic311.servicerequests.models import RequestEvent, ServiceRequest, State
from tests.builders import make_request
from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db

BULK = "/console/queue/bulk/"


def post(browser: Client, requests: list[ServiceRequest], **form: str) -> Any:
    form.setdefault("filters", "")
    return browser.post(BULK, {"requests": [r.public_id for r in requests], **form})


def said(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def reloaded(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.get(pk=request.pk)


def history(request: ServiceRequest) -> int:
    return RequestEvent.objects.filter(request=request).count()


def test_a_visitor_is_sent_to_sign_in(client: Client, pothole: Service) -> None:
    filed = make_request(pothole)

    response = post(client, [filed], action="state", state="acknowledged")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))
    assert reloaded(filed).state == State.SUBMITTED


def test_an_account_without_a_role_is_refused(rita: User, pothole: Service) -> None:
    filed = make_request(pothole)

    response = post(signed_in(rita), [filed], action="state", state="acknowledged")

    assert response.status_code == 403
    assert reloaded(filed).state == State.SUBMITTED


def test_bulk_changes_take_a_post(tess: User) -> None:
    assert signed_in(tess).get(BULK).status_code == 405


def test_the_form_needs_its_csrf_token(tess: User, pothole: Service) -> None:
    filed = make_request(pothole)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(tess)

    refused = post(browser, [filed], action="state", state="acknowledged")
    assert refused.status_code == 403
    assert reloaded(filed).state == State.SUBMITTED

    page = browser.get("/console/queue/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    accepted = post(
        browser,
        [filed],
        action="state",
        state="acknowledged",
        csrfmiddlewaretoken=token.group(1),
    )
    assert accepted.status_code == 302
    assert reloaded(filed).state == State.ACKNOWLEDGED


def test_tess_assigns_her_departments_requests_and_returns_to_her_view(
    tess: User, pothole: Service
) -> None:
    first, second = make_request(pothole), make_request(pothole)

    response = post(
        signed_in(tess),
        [first, second],
        action="assign",
        assignee=str(tess.pk),
        filters="department=tes&state=submitted&page=1",
    )

    assert response.status_code == 302
    assert (
        response["Location"] == "/console/queue/?department=tes&state=submitted&page=1"
    )
    assert said(response) == ["2 requests changed."]
    for row in (reloaded(first), reloaded(second)):
        assert row.assignee == tess
        assert row.state == State.ASSIGNED


def test_tess_change_to_a_parks_request_is_refused_while_hers_go_through(
    tess: User, pothole: Service, tree: Service
) -> None:
    hers = [make_request(pothole), make_request(pothole)]
    parks = make_request(tree)
    before = history(parks)

    response = post(
        signed_in(tess), [hers[0], parks, hers[1]], action="state", state="in_progress"
    )

    assert [reloaded(row).state for row in hers] == [State.IN_PROGRESS] * 2
    assert reloaded(parks).state == State.SUBMITTED
    assert history(parks) == before
    assert said(response) == [
        f"2 requests changed. 1 refused: {parks.public_id} — "
        f"Request {parks.public_id} belongs to another department."
    ]


def test_an_executive_sees_the_queue_but_every_change_is_refused(
    erin: User, pothole: Service, tree: Service, caplog: pytest.LogCaptureFixture
) -> None:
    rows = [make_request(pothole), make_request(tree), make_request(pothole)]
    browser = signed_in(erin)

    page = browser.get("/console/queue/")
    assert page.status_code == 200
    assert len(page.context["result"].rows) == 3
    assert page.context["bulk"] is None

    with caplog.at_level(logging.WARNING, logger="civic311.security"):
        response = post(browser, rows, action="state", state="acknowledged")

    assert [reloaded(row).state for row in rows] == [State.SUBMITTED] * 3
    (summary,) = said(response)
    assert summary.startswith("0 requests changed. 3 refused: ")
    assert summary.count("Your role does not allow this.") == 3
    assert f"refused for account {erin.pk} on 3 requests" in caplog.text


def test_moves_that_need_more_are_refused_with_what_they_need(
    maya: User, pothole: Service
) -> None:
    waiting = make_request(pothole)
    resolved = make_request(pothole)
    change_state(
        actor=Actor.for_user(maya), request=resolved, state=State.RESOLVED, note="Done"
    )

    response = post(
        signed_in(maya), [waiting, resolved], action="state", state="on_hold"
    )

    (summary,) = said(response)
    assert summary.startswith("0 requests changed. 2 refused: ")
    assert f"{waiting.public_id} — Say what the request is waiting on." in summary
    assert "Give a reason for this change." in summary
    assert f"{resolved.public_id} — A request that is resolved cannot" in summary
    assert reloaded(waiting).state == State.SUBMITTED
    assert reloaded(resolved).state == State.RESOLVED


def test_a_hold_with_its_reason_goes_through(maya: User, pothole: Service) -> None:
    filed = make_request(pothole)

    post(
        signed_in(maya),
        [filed],
        action="state",
        state="on_hold",
        hold_reason="third_party",
        reason="Waiting on the gas company",
    )

    row = reloaded(filed)
    assert row.state == State.ON_HOLD
    assert row.hold_reason == "third_party"
    assert RequestEvent.objects.filter(
        request=filed, public=False, note="Waiting on the gas company"
    ).exists()


def test_only_managers_cancel(tess: User, maya: User, pothole: Service) -> None:
    first, second = make_request(pothole), make_request(pothole)

    refused = post(
        signed_in(tess), [first], action="state", state="cancelled", reason="Dup"
    )
    accepted = post(
        signed_in(maya), [second], action="state", state="cancelled", reason="Dup"
    )

    assert "Your role does not allow this." in said(refused)[0]
    assert reloaded(first).state == State.SUBMITTED
    assert said(accepted) == ["1 request changed."]
    assert reloaded(second).state == State.CANCELLED


def test_a_request_goes_only_to_a_person_of_its_department(
    ada: User, pat: User, pothole: Service
) -> None:
    filed = make_request(pothole)

    response = post(signed_in(ada), [filed], action="assign", assignee=str(pat.pk))

    assert said(response) == [
        f"0 requests changed. 1 refused: {filed.public_id} — "
        "pat does not work in Transportation."
    ]
    row = reloaded(filed)
    assert row.assignee is None
    assert row.state == State.SUBMITTED


def test_the_form_offers_only_people_who_may_be_assigned(
    maya: User, tess: User, pat: User, alex: User, erin: User, pothole: Service
) -> None:
    make_request(pothole)

    response = signed_in(maya).get("/console/queue/")

    people = response.context["bulk"].people
    assert sorted(person.username for person in people) == ["maya", "tess"]
    body = response.content.decode()
    assert f'<option value="{tess.pk}">tess</option>' in body
    assert f'<option value="{pat.pk}">' not in body


def test_unknown_request_numbers_are_refused_and_the_rest_changed(
    tess: User, pothole: Service
) -> None:
    filed = make_request(pothole)

    response = signed_in(tess).post(
        BULK,
        {
            "requests": [filed.public_id, "1000000", "abc"],
            "action": "state",
            "state": "acknowledged",
        },
    )

    (summary,) = said(response)
    assert summary.startswith("1 request changed. 2 refused: ")
    assert "1000000 — There is no such request." in summary
    assert reloaded(filed).state == State.ACKNOWLEDGED


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ({"action": "state", "state": "acknowledged"}, "Select at least one request."),
        ({"action": "fly"}, "Choose what to change."),
        ({"action": "state", "state": "assigned"}, "Choose a state to move to."),
        ({"action": "state", "state": "nonsense"}, "Choose a state to move to."),
        ({"action": "assign", "assignee": "x"}, "Choose a person to assign to."),
        ({"action": "assign", "assignee": "99999"}, "Choose a person to assign to."),
    ],
)
def test_a_form_that_says_nothing_clear_changes_nothing(
    tess: User, pothole: Service, form: dict[str, str], problem: str
) -> None:
    filed = make_request(pothole)
    selected = [] if problem.startswith("Select") else [filed.public_id]

    response = signed_in(tess).post(BULK, {"requests": selected, **form})

    assert response.status_code == 302
    assert said(response) == [problem]
    assert reloaded(filed).state == State.SUBMITTED
    assert history(filed) == 1


def test_the_way_back_keeps_only_the_queues_own_filters(
    tess: User, pothole: Service
) -> None:
    filed = make_request(pothole)

    response = post(
        signed_in(tess),
        [filed],
        action="state",
        state="acknowledged",
        filters="state=submitted&next=https://elsewhere.example&sort=oldest",
    )

    assert response["Location"] == "/console/queue/?state=submitted&sort=oldest"
