"""Updates by email: asked for on the tracking page, confirmed from the
email, sent at each public change, stopped from any update."""

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail

from civic311.catalog.models import Service
from civic311.lib.actors import Actor
from civic311.residents.tasks import email_update
from civic311.servicerequests.actions import add_note, change_state
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import ServiceRequest, State, Subscription
from tests.builders import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(pothole: Service) -> ServiceRequest:
    return make_request(pothole, description="Deep hole by the bus stop")


def link_in(message: mail.EmailMessage, path: str) -> str:
    found = re.search(rf"http://\S+({path}\S+/)", message.body)
    assert found, message.body
    return found[1]


def ask(client: Any, report: ServiceRequest, email: str, **headers: str) -> Any:
    return client.post(
        f"/requests/{report.public_id}/updates/", {"email": email}, headers=headers
    )


def test_an_address_given_on_the_tracking_page_gets_a_confirmation_first(
    client: Any, report: ServiceRequest, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, report, "neighbour@example.org")

    assert response.status_code == 302
    assert response["Location"].endswith("?updates=asked#updates")
    subscription = Subscription.objects.get(request=report)
    assert (subscription.email, subscription.confirmed) == (
        "neighbour@example.org",
        False,
    )
    [message] = mail.outbox
    assert message.to == ["neighbour@example.org"]
    assert report.public_id in message.subject
    assert "/updates/confirm/" in message.body
    page = client.get(response["Location"]).content.decode()
    assert "Check your email" in page


def test_confirming_takes_a_button_press_not_just_opening_the_link(
    client: Any, report: ServiceRequest, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, report, "neighbour@example.org")
    confirm = link_in(mail.outbox[0], "/updates/confirm/")

    opened = client.get(confirm)
    assert opened.status_code == 200
    assert not Subscription.objects.get(request=report).confirmed

    pressed = client.post(confirm)
    assert pressed.status_code == 200
    assert "You will receive an email" in pressed.content.decode()
    assert Subscription.objects.get(request=report).confirmed


def test_confirmed_subscribers_hear_of_public_changes_in_their_language(
    client: Any,
    report: ServiceRequest,
    tess: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, report, "vecina@example.org", **{"Accept-Language": "es"})
    client.post(link_in(mail.outbox[0], "/updates/confirm/"))
    mail.outbox.clear()

    actor = Actor.for_user(tess)
    with django_capture_on_commit_callbacks(execute=True):
        add_note(actor=actor, request=report, note="Private detail", public=False)
        change_state(
            actor=actor,
            request=report,
            state=State.IN_PROGRESS,
            note="Crew on the way.",
        )

    [message] = mail.outbox
    assert message.to == ["vecina@example.org"]
    assert "Crew on the way." in message.body
    assert "Private detail" not in message.body
    assert "Deep hole" not in message.body
    assert "/updates/stop/" in message.body
    assert "Solicitud" in message.subject or "solicitud" in message.body


def test_an_unconfirmed_address_hears_nothing_but_the_confirmation(
    client: Any,
    report: ServiceRequest,
    tess: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, report, "stranger@example.org")
        change_state(
            actor=Actor.for_user(tess),
            request=report,
            state=State.IN_PROGRESS,
            note="Crew on the way.",
        )

    assert [message.to for message in mail.outbox] == [["stranger@example.org"]]
    assert "/updates/confirm/" in mail.outbox[0].body


def test_the_reporter_kept_informed_is_told_the_request_was_received(
    pothole: Service, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        filed = make_request(pothole, contact=Contact(email="ana@example.org"))

    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert f"Request {filed.public_id} received: Pothole" == message.subject


def test_stopping_from_an_update_ends_the_emails(
    client: Any,
    pothole: Service,
    tess: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        filed = make_request(pothole, contact=Contact(email="ana@example.org"))
    stop = link_in(mail.outbox[0], "/updates/stop/")

    assert client.get(stop).status_code == 200
    response = client.post(stop)

    assert "no more emails" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_state(
            actor=Actor.for_user(tess),
            request=filed,
            state=State.IN_PROGRESS,
            note="Crew on the way.",
        )
    assert mail.outbox == []


def test_asking_twice_sends_one_confirmation_and_keeps_one_subscription(
    client: Any, report: ServiceRequest, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, report, "neighbour@example.org")
        ask(client, report, "Neighbour@Example.org")

    assert Subscription.objects.filter(request=report).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("email", "language", "message"),
    [
        ("", "en", "Give your email address."),
        ("not-an-address", "en", "Enter an email address like name@example.com."),
        ("", "es", "Indique su correo electrónico."),
        ("not-an-address", "es", "Escriba un correo como nombre@ejemplo.com."),
    ],
)
def test_a_missing_or_wrong_address_is_explained_and_nothing_is_saved(
    client: Any, report: ServiceRequest, email: str, language: str, message: str
) -> None:
    response = ask(client, report, email, **{"Accept-Language": language})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscription.objects.filter(request=report).exists()


def test_a_closed_request_takes_no_new_subscribers(
    client: Any, report: ServiceRequest, tess: User
) -> None:
    actor = Actor.for_user(tess)
    change_state(actor=actor, request=report, state=State.RESOLVED, note="Filled.")

    response = ask(client, report, "neighbour@example.org")

    assert response.status_code == 400
    assert "no more updates" in response.content.decode()
    assert not Subscription.objects.filter(request=report).exists()


@pytest.mark.parametrize("path", ["/updates/confirm/garbled/", "/updates/stop/x:y/"])
def test_a_garbled_link_says_so_and_changes_nothing(client: Any, path: str) -> None:
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 410
        assert "This link does not work" in response.content.decode()


def test_an_update_task_for_a_private_event_sends_nothing(
    report: ServiceRequest, tess: User
) -> None:
    event = add_note(
        actor=Actor.for_user(tess), request=report, note="Internal", public=False
    )

    assert email_update.call(event.pk) == 0
