"""Emails to residents, sent by the task queue after the change that
calls for them has committed.

Tasks take row ids, never addresses or links, so the queue's table holds
no personal data and no secret. Log lines name requests, never people.
"""

import logging
from collections.abc import Mapping

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from civic311.portal.queries import (
    PublicEntry,
    Tracking,
    public_entry,
    tracked_request,
)
from civic311.residents import links
from civic311.residents.models import SignInLink
from civic311.servicerequests.models import (
    EventKind,
    RequestEvent,
    Subscription,
)

logger = logging.getLogger(__name__)


def _send(template: str, context: Mapping[str, object], to: str, language: str) -> None:
    with translation.override(language):
        full = {"city": settings.CITY, **context}
        subject = render_to_string(f"residents/{template}.subject.txt", full)
        body = render_to_string(f"residents/{template}.txt", full)
    send_mail(" ".join(subject.split()), body, None, [to])


@task()
def email_sign_in_link(link_id: int) -> None:
    link = SignInLink.objects.filter(pk=link_id).first()
    if link is None or link.used_at is not None:
        return
    context = {
        "url": links.url("sign-in", link.pk),
        "minutes": int(links.SIGN_IN_AGE.total_seconds() // 60),
    }
    _send("sign_in", context, link.email, link.language)
    logger.info("sign-in link %s sent", link.pk)


@task()
def email_confirmation(subscription_id: int) -> None:
    """Ask the owner of an address given on the tracking page to confirm
    it, so nobody is signed up for emails by someone else."""
    subscription = (
        Subscription.objects.select_related("request")
        .filter(pk=subscription_id, confirmed=False, ended_at=None)
        .exclude(email="")
        .first()
    )
    if subscription is None:
        return
    context = {
        "number": subscription.request.public_id,
        "url": links.url("confirm", subscription.pk),
    }
    _send("confirm", context, subscription.email, subscription.language)
    logger.info("confirmation sent for request %s", subscription.request.public_id)


# What residents hear about: the request filed, a change of its status, a
# note the city made public. Internal notes and staff moves stay inside.
NEWS = frozenset({EventKind.SUBMITTED, EventKind.STATE_CHANGED, EventKind.NOTE})


@task()
def email_update(event_id: int) -> int:
    """Tell every confirmed email subscriber of the event's request what
    happened, each in their language. Returns how many were sent."""
    event = (
        RequestEvent.objects.select_related("request__service")
        .filter(pk=event_id, public=True)
        .first()
    )
    if event is None or event.kind not in NEWS:
        return 0
    request = event.request
    subscribers = Subscription.objects.filter(
        request=request, confirmed=True, ended_at=None
    ).exclude(email="")
    if event.kind == EventKind.SUBMITTED:
        # Only the reporter hears that their own request was received.
        subscribers = subscribers.filter(origin=Subscription.Origin.REPORTED)

    sent = 0
    track = reverse("portal:track", kwargs={"public_id": request.public_id})
    # What the request's page says, read once per language.
    news: dict[str, tuple[Tracking | None, PublicEntry]] = {}
    for subscription in subscribers:
        language = subscription.language
        if language not in news:
            with translation.override(language):
                news[language] = (
                    tracked_request(request.public_id, language),
                    public_entry(event),
                )
        tracking, entry = news[language]
        context = {
            "tracking": tracking,
            "entry": entry,
            "received": event.kind == EventKind.SUBMITTED,
            "track_url": settings.SITE_URL + track,
            "stop_url": links.url("unsubscribe", subscription.pk),
        }
        _send("update", context, subscription.email, language)
        sent += 1
    logger.info("update on request %s sent to %d subscribers", request.public_id, sent)
    return sent
