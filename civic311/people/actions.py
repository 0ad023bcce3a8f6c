"""Changes to a city account's sign-in: turning two-step sign-in on and
off. Each is logged to the security log with the account's id only."""

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from civic311.lib.problems import InvalidInput, Problem

security = logging.getLogger("civic311.security")

DEVICE_NAME = "authenticator app"


def start_two_step(*, user: AbstractBaseUser) -> TOTPDevice:
    """The account's unconfirmed authenticator, made when missing. Its key
    is shown once to be scanned; it counts only once confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_two_step(*, user: AbstractBaseUser, code: str) -> TOTPDevice:
    """Turn two-step sign-in on with the first code the app shows.

    Raises InvalidInput when the code is wrong; then nothing changes.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .first()
        )
        if device is None or not device.verify_token(_digits(code)):
            raise InvalidInput([_wrong_code()])
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    security.info("two-step sign-in turned on for account %s", user.pk)
    return device


def stop_two_step(*, user: AbstractBaseUser, code: str) -> None:
    """Turn two-step sign-in off; a current code proves the phone is at
    hand, so a stolen session alone cannot do it."""
    with transaction.atomic():
        devices = list(TOTPDevice.objects.select_for_update().filter(user=user))
        if not any(d.confirmed and d.verify_token(_digits(code)) for d in devices):
            raise InvalidInput([_wrong_code()])
        TOTPDevice.objects.filter(user=user).delete()
    security.info("two-step sign-in turned off for account %s", user.pk)


def _digits(code: str) -> str:
    return "".join(char for char in code if char.isdigit())


def _wrong_code() -> Problem:
    return Problem(
        "code", _("That code is not right. Type the six digits the app shows now.")
    )
