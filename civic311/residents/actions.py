"""Signing in to "My requests" by email."""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic311.lib.problems import InvalidInput, Problem
from civic311.residents import links, notices
from civic311.residents.models import SignInLink

logger = logging.getLogger(__name__)

# Links sent to one address within links.SIGN_IN_AGE, at most: the form
# cannot be used to flood someone's inbox.
MAX_LINKS = 3
KEEP = timedelta(days=1)


def ask_for_sign_in(
    *, email: str, language: str, now: datetime | None = None
) -> SignInLink | None:
    """Send a sign-in link to ``email``, whether or not any request gave
    it (the page says the same either way, so it tells nobody whose
    address filed what). None when the address had its share of links.

    Raises InvalidInput for an address that cannot be one.
    """
    email = email.strip().lower()
    if not email:
        raise InvalidInput([Problem("email", _("Give your email address."))])
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            [Problem("email", _("Enter an email address like name@example.com."))]
        ) from None

    now = now or timezone.now()
    with transaction.atomic():
        # Links of this address that can no longer count or work.
        SignInLink.objects.filter(email=email, created_at__lt=now - KEEP).delete()
        recent = SignInLink.objects.filter(
            email=email, created_at__gt=now - links.SIGN_IN_AGE
        ).count()
        if recent >= MAX_LINKS:
            logger.info("sign-in link refused: too many for one address")
            return None
        link = SignInLink.objects.create(email=email, language=language, created_at=now)
        notices.send_sign_in_link(link.pk)
    return link


def usable_link(token: str) -> SignInLink | None:
    """The unused, unexpired link ``token`` belongs to, or None."""
    pk = links.read("sign-in", token)
    if pk is None:
        return None
    return SignInLink.objects.filter(pk=pk, used_at=None).first()


def sign_in_with(token: str, now: datetime | None = None) -> str | None:
    """Use the link: the address it was sent to, or None when it was
    used already, has expired or was never sent. A link works once."""
    link = usable_link(token)
    if link is None:
        return None
    used = SignInLink.objects.filter(pk=link.pk, used_at=None).update(
        used_at=now or timezone.now()
    )
    if not used:  # another tab used it first
        return None
    logger.info("sign-in link %s used", link.pk)
    return link.email
