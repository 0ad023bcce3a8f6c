"""Updates by email on a request, asked for on its tracking page.

An address typed there hears nothing but a confirmation link until its
owner confirms; every update carries a link that stops them. Links open
a page with a button, because mail scanners open links on their own.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from civic311.lib import publicid
from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput
from civic311.portal import queries
from civic311.portal.pages import errors_by_field, language, page
from civic311.residents import links
from civic311.servicerequests.actions import (
    confirm_subscription,
    end_subscription,
    subscribe_by_email,
)
from civic311.servicerequests.models import ServiceRequest, Subscription

ACTOR = Actor.system("portal")
MAX_EMAIL = 254


@require_POST
def subscribe(request: HttpRequest, public_id: str) -> HttpResponse:
    pk = publicid.decode(public_id)
    filed = ServiceRequest.objects.filter(pk=pk).first() if pk else None
    if filed is None:
        return page(request, "portal/not_found.html", {"number": public_id}, 404)
    email = request.POST.get("email", "")[:MAX_EMAIL]
    try:
        subscribe_by_email(actor=ACTOR, request=filed, email=email, language=language())
    except InvalidInput as error:
        context = {
            "tracking": queries.tracked_request(filed.public_id, language()),
            "updates_errors": errors_by_field(error.problems),
            "updates_email": email,
        }
        return page(request, "portal/track.html", context, status=400)
    track = reverse("portal:track", kwargs={"public_id": filed.public_id})
    return redirect(f"{track}?updates=asked#updates")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_link(request, token, "confirm")


@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_link(request, token, "unsubscribe")


def _answer_link(request: HttpRequest, token: str, purpose: str) -> HttpResponse:
    pk = links.read(purpose, token)
    subscription = (
        Subscription.objects.select_related("request").filter(pk=pk).first()
        if pk is not None
        else None
    )
    context: dict[str, object] = {"purpose": purpose}
    if subscription is None:
        return page(request, "portal/updates_link.html", context, status=410)
    context["number"] = subscription.request.public_id
    if request.method == "POST":
        if purpose == "confirm":
            confirm_subscription(actor=ACTOR, subscription=subscription)
        else:
            end_subscription(actor=ACTOR, subscription=subscription)
        context["done"] = True
    return page(request, "portal/updates_link.html", context)
