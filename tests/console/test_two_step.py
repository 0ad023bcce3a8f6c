"""Two-step sign-in: a code from an authenticator app, for the accounts
that turn it on, asked by the console and by the admin alike."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.console.conftest import signed_in

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def turn_on(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device


def test_the_page_shows_a_key_to_scan_and_turns_it_on_with_a_right_code(
    tess: Any,
) -> None:
    browser = signed_in(tess)

    shown = browser.get(reverse("console:two-step"))
    device = TOTPDevice.objects.get(user=tess)
    response = browser.post(reverse("console:two-step"), {"code": code_for(device)})

    assert shown.status_code == 200
    assert "<svg" in shown.content.decode()
    assert not device.confirmed
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_leaves_it_off(tess: Any) -> None:
    browser = signed_in(tess)
    browser.get(reverse("console:two-step"))

    response = browser.post(reverse("console:two-step"), {"code": "000000x"})

    assert response.status_code == 400
    assert "not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=tess, confirmed=True).exists()


def test_signing_in_then_asks_for_the_code(client: Client, tess: Any) -> None:
    device = turn_on(tess)
    sign_in = reverse("console:sign-in")

    without = client.post(sign_in, {"username": "tess", "password": "x"})
    right = client.post(
        sign_in,
        {"username": "tess", "password": "x", "otp_token": code_for(device)},
    )

    assert without.status_code == 200
    assert "type the code from your authenticator app" in without.content.decode()
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(tess.pk)


def test_a_wrong_code_does_not_sign_in(client: Client, tess: Any) -> None:
    device = turn_on(tess)
    wrong = "000000" if code_for(device) != "000000" else "111111"

    response = client.post(
        reverse("console:sign-in"),
        {"username": "tess", "password": "x", "otp_token": wrong},
    )

    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_account_without_it_signs_in_with_the_password_alone(
    client: Client, tess: Any
) -> None:
    response = client.post(
        reverse("console:sign-in"), {"username": "tess", "password": "x"}
    )

    assert response.status_code == 302


def test_a_session_that_skipped_the_code_is_sent_back_to_sign_in(tess: Any) -> None:
    turn_on(tess)
    browser = signed_in(tess)  # a password-only session from before

    response = browser.get("/console/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))


def test_the_admin_asks_for_the_code_too(client: Client, ada: Any) -> None:
    ada.is_staff = True
    ada.save()
    device = turn_on(ada)

    without = client.post(
        "/admin/login/", {"username": "ada", "password": "x", "next": "/admin/"}
    )
    right = client.post(
        "/admin/login/",
        {
            "username": "ada",
            "password": "x",
            "otp_token": code_for(device),
            "next": "/admin/",
        },
    )

    assert without.status_code == 200
    assert right.status_code == 302, right.content.decode()[-3000:]


def test_turning_it_off_needs_a_current_code(tess: Any, client: Client) -> None:
    device = turn_on(tess)
    client.post(
        reverse("console:sign-in"),
        {"username": "tess", "password": "x", "otp_token": code_for(device)},
    )

    refused = client.post(reverse("console:two-step"), {"code": "999999"})
    still_on = TOTPDevice.objects.filter(user=tess).exists()

    assert refused.status_code == 400
    assert still_on


def test_failed_sign_ins_and_wrong_codes_go_to_the_security_log(
    client: Client, tess: Any, caplog: pytest.LogCaptureFixture
) -> None:
    device = turn_on(tess)
    wrong = "000000" if code_for(device) != "000000" else "111111"

    with caplog.at_level("INFO", logger="civic311.security"):
        client.post(
            reverse("console:sign-in"), {"username": "tess", "password": "wrong-pw-7"}
        )
        client.post(
            reverse("console:sign-in"),
            {"username": "tess", "password": "x", "otp_token": wrong},
        )

    logged = [r.getMessage() for r in caplog.records if r.name == "civic311.security"]
    assert "sign-in failed for username 'tess'" in logged
    assert f"two-step code refused for account {tess.pk}" in logged
    assert not any("wrong-pw-7" in line or wrong in line for line in logged)
