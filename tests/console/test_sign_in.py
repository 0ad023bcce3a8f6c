"""Getting into the console: city accounts with a role only."""

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_a_visitor_is_sent_to_sign_in_and_back(client: Client) -> None:
    response = client.get("/console/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))
    assert "next=/console/" in response["Location"]


def test_staff_sign_in_with_their_password(client: Client, tess: Any) -> None:
    response = client.post(
        reverse("console:sign-in"), {"username": "tess", "password": "x"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("console:home")


def test_a_wrong_password_is_refused_with_a_message(client: Client, tess: Any) -> None:
    response = client.post(
        reverse("console:sign-in"), {"username": "tess", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_account_without_a_role_is_refused(rita: Any) -> None:
    response = signed_in(rita).get("/console/")

    assert response.status_code == 403
    assert "no role" in response.content.decode()


def test_signing_out_takes_a_post(tess: Any) -> None:
    browser = signed_in(tess)

    response = browser.post(reverse("console:sign-out"))

    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        ("2026-12-07 15:00", "Phone line open"),  # Monday 10 a.m.
        ("2026-12-05 18:00", "Phone line closed"),  # Saturday 1 p.m.
        ("2026-12-06 15:00", "Phone line closed"),  # Sunday
    ],
)
def test_every_page_says_whether_the_phone_line_is_open(
    rita: Any, moment: str, shown: str
) -> None:
    with time_machine.travel(moment + "Z", tick=False):
        response = signed_in(rita).get("/console/")

    body = response.content.decode()
    assert shown in body
    assert "703.746.4311" in body
    assert "Monday to Friday 7" in body
