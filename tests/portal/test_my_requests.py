"""My requests: a sign-in link by email, good once and for half an hour,
then every request made with that address, on any channel."""

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from civic311.catalog.models import Service
from civic311.residents.actions import MAX_LINKS
from civic311.residents.models import SignInLink
from civic311.servicerequests.intake import Contact
from civic311.servicerequests.models import Channel
from tests.builders import make_request

pytestmark = pytest.mark.django_db


def ask_link(client: Any, email: str, capture: Any, **headers: str) -> Any:
    with capture(execute=True):
        return client.post("/my/", {"email": email}, headers=headers)


def sign_in_path() -> str:
    found = re.search(r"http://\S+(/my/sign-in/\S+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found[1]


def test_the_page_asks_for_an_email_address(client: Any) -> None:
    page = client.get("/my/").content.decode()

    assert "Email me a sign-in link" in page
    assert 'autocomplete="email"' in page


def test_a_link_is_sent_and_signs_in_once_to_every_request_of_the_address(
    client: Any, pothole: Service, django_capture_on_commit_callbacks: Any
) -> None:
    web = make_request(pothole, contact=Contact(email="Ana@Example.org"))
    phoned = make_request(
        pothole, channel=Channel.PHONE, contact=Contact(email="ana@example.org")
    )
    other = make_request(pothole, contact=Contact(email="bo@example.org"))

    sent = ask_link(client, "ana@example.org", django_capture_on_commit_callbacks)
    assert sent.status_code == 200
    assert "a sign-in link is on its way" in sent.content.decode()
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    path = sign_in_path()

    assert "Continue to my requests" in client.get(path).content.decode()
    signed_in = client.post(path, follow=True)

    page = signed_in.content.decode()
    assert "Signed in as ana@example.org" in page
    assert web.public_id in page and phoned.public_id in page
    assert other.public_id not in page
    assert client.post(path).status_code == 410


def test_the_answer_is_the_same_for_an_address_that_filed_nothing(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sent = ask_link(client, "nobody@example.org", django_capture_on_commit_callbacks)

    assert sent.status_code == 200
    assert "a sign-in link is on its way" in sent.content.decode()
    signed_in = client.post(sign_in_path(), follow=True).content.decode()
    assert "No request was made with this email address yet." in signed_in


def test_a_link_expires_after_half_an_hour(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ask_link(client, "ana@example.org", django_capture_on_commit_callbacks)
    path = sign_in_path()

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert client.get(path).status_code == 410
        assert client.post(path).status_code == 410
    assert "Signed in as" not in client.get("/my/").content.decode()


def test_a_forged_link_signs_nobody_in(client: Any) -> None:
    assert client.post("/my/sign-in/1:forged:signature/").status_code == 410
    assert "Signed in as" not in client.get("/my/").content.decode()


def test_an_address_gets_a_few_links_at_most_however_often_it_asks(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for _ in range(MAX_LINKS + 2):
        answer = ask_link(client, "ana@example.org", django_capture_on_commit_callbacks)
        assert answer.status_code == 200

    assert len(mail.outbox) == MAX_LINKS
    assert SignInLink.objects.count() == MAX_LINKS


def test_signing_out_forgets_the_address(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ask_link(client, "ana@example.org", django_capture_on_commit_callbacks)
    client.post(sign_in_path())

    client.post("/my/sign-out/")

    assert "Email me a sign-in link" in client.get("/my/").content.decode()


@pytest.mark.parametrize(
    ("email", "language", "message"),
    [
        ("", "en", "Give your email address."),
        ("ana@", "en", "Enter an email address like name@example.com."),
        ("", "es", "Indique su correo electrónico."),
        ("ana@", "es", "Escriba un correo como nombre@ejemplo.com."),
    ],
)
def test_a_missing_or_wrong_address_is_explained_in_the_residents_language(
    client: Any, email: str, language: str, message: str
) -> None:
    response = client.post(
        "/my/", {"email": email}, headers={"Accept-Language": language}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SignInLink.objects.exists()
    assert mail.outbox == []


def test_the_sign_in_email_is_in_the_language_it_was_asked_in(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ask_link(
        client,
        "ana@example.org",
        django_capture_on_commit_callbacks,
        **{"Accept-Language": "es"},
    )

    assert mail.outbox[0].subject == "Su enlace para entrar en el 311 de Alexandria"
    assert "enlace" in mail.outbox[0].body


def test_no_log_line_names_the_address(
    client: Any, caplog: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ask_link(client, "ana@example.org", django_capture_on_commit_callbacks)
    client.post(sign_in_path())
    client.get("/my/")

    assert "ana@example.org" not in caplog.text
