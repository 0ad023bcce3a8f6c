"""The links sent to residents: signed with the site's secret, so a
table of them is never needed to check one, and none can be forged."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SIGN_IN_AGE = timedelta(minutes=30)
CONFIRM_AGE = timedelta(days=7)

_SALTS = {
    "sign-in": "civic311.residents.sign-in",
    "confirm": "civic311.residents.confirm",
    "unsubscribe": "civic311.residents.unsubscribe",
}
_AGES = {"sign-in": SIGN_IN_AGE, "confirm": CONFIRM_AGE, "unsubscribe": None}
_VIEWS = {
    "sign-in": "portal:my-sign-in",
    "confirm": "portal:confirm-updates",
    "unsubscribe": "portal:stop-updates",
}


def token(purpose: str, pk: int) -> str:
    return signing.dumps(pk, salt=_SALTS[purpose])


def read(purpose: str, value: str) -> int | None:
    """The row id ``value`` was signed for, or None when it is forged,
    garbled, or older than the purpose allows."""
    try:
        pk = signing.loads(value, salt=_SALTS[purpose], max_age=_AGES[purpose])
    except signing.BadSignature:
        return None
    return pk if isinstance(pk, int) else None


def url(purpose: str, pk: int) -> str:
    """The absolute address to put in an email."""
    path = reverse(_VIEWS[purpose], kwargs={"token": token(purpose, pk)})
    return settings.SITE_URL + path
