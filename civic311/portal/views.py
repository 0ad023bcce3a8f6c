"""The resident portal's pages. Each parses the request, calls a query
and renders; none changes state."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from civic311.catalog.models import Service
from civic311.console.access import map_settings
from civic311.console.queries.intake import intake_service, numbered_request
from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput, Problem
from civic311.portal import queries
from civic311.portal.pages import language as _language
from civic311.portal.pages import page
from civic311.servicerequests.actions import submit_request
from civic311.servicerequests.forms import (
    Review,
    Typed,
    by_when,
    flagged,
    form_context,
    review,
)
from civic311.servicerequests.intake import Intake
from civic311.servicerequests.models import Channel, Triage
from civic311.triage import advice

MAX_NUMBER = 40
MAX_PHOTOS = 3


def home(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    context = {
        "popular": queries.popular_services(language),
        # Offered by the browser as the resident types in the search box.
        "suggestions": [name for _code, name in queries.service_choices(language)],
    }
    return page(request, "portal/home.html", context)


def services(request: HttpRequest) -> HttpResponse:
    """Services matching ``q``; without it, every service by group."""
    language = translation.get_language()
    q = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"q": q}
    if q:
        context["matches"] = queries.matching_services(q, language)
    else:
        context["groups"] = queries.services_by_group(language)
    return page(request, "portal/services.html", context)


def track_form(request: HttpRequest) -> HttpResponse:
    """The "Track a request" box: go to the request's page when the number
    is one, else say it was not found."""
    number = request.GET.get("id", "").strip()[:MAX_NUMBER]
    tracking = queries.tracked_request(number, translation.get_language())
    if tracking is None:
        return _not_found(request, number)
    return redirect("portal:track", public_id=tracking.public_id)


def track(request: HttpRequest, public_id: str) -> HttpResponse:
    tracking = queries.tracked_request(public_id, translation.get_language())
    if tracking is None:
        return _not_found(request, public_id)
    return page(request, "portal/track.html", {"tracking": tracking})


def _not_found(request: HttpRequest, number: str) -> HttpResponse:
    context = {"number": number[:MAX_NUMBER]}
    return page(request, "portal/not_found.html", context, status=404)


# Reporting a problem --------------------------------------------------------


def report(request: HttpRequest, service_code: str) -> HttpResponse:
    """The report form of one service: shown, checked, or sent.

    "Check" saves nothing. A failed "Send report" shows the same as
    "Check", with status 400 and everything typed except the photos,
    which a browser never sends back.
    """
    service = intake_service(service_code)
    if service is None:
        raise Http404(_("There is no such service."))

    if request.method != "POST":
        typed = Typed(language=_language(), channel=Channel.WEB, keep_informed=False)
        return _report_page(request, service, typed)
    typed = _posted(request, service)
    intake = _intake(request, service, typed)
    if request.POST.get("action") == "send":
        return _send(request, service, typed, intake)
    found = review(service, intake, _track_url)
    status = 400 if found.summary or found.redirect else 200
    return _report_page(request, service, typed, found, status=status)


def _posted(request: HttpRequest, service: Service) -> Typed:
    # The channel and language are the portal's, never the form's.
    typed = Typed.posted(request.POST, service)
    typed.channel = Channel.WEB
    typed.language = _language()
    return typed


def _intake(request: HttpRequest, service: Service, typed: Typed) -> Intake:
    photos = request.FILES.getlist("media")
    intake = typed.intake(service, channels=(Channel.WEB,), media=photos[:MAX_PHOTOS])
    if len(photos) > MAX_PHOTOS:
        message = _("Choose at most %(limit)d photos.") % {"limit": MAX_PHOTOS}
        intake.problems.append(Problem("media", message))
    if typed.keep_informed and not typed.email:
        message = _("Give an email address to be kept informed by email.")
        intake.problems.append(Problem("email", message))
    return intake


def _send(
    request: HttpRequest, service: Service, typed: Typed, intake: Intake
) -> HttpResponse:
    try:
        filed = submit_request(actor=Actor.system("portal"), intake=intake)
    except InvalidInput:
        found = review(service, intake, _track_url)
        return _report_page(request, service, typed, found, status=400)
    return redirect("portal:report-done", public_id=filed.public_id)


def _report_page(
    request: HttpRequest,
    service: Service,
    typed: Typed,
    found: Review | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        **form_context(service, typed, _language(), found),
        "emergency": advice() if flagged(found) else "",
        "max_photos": MAX_PHOTOS,
        "map": map_settings(),
    }
    return page(request, "portal/report.html", context, status=status)


def report_done(request: HttpRequest, public_id: str) -> HttpResponse:
    """The tracking number and the estimated date of a report just sent."""
    filed = numbered_request(public_id)
    if filed is None:
        return _not_found(request, public_id)
    context = {
        "filed": filed,
        "service_name": filed.service.translated("service_name", _language()),
        "estimate": by_when(filed.expected_datetime),
        "emergency": advice() if filed.triage == Triage.PENDING else "",
    }
    return page(request, "portal/report_done.html", context)


def _track_url(public_id: str) -> str:
    return reverse("portal:track", kwargs={"public_id": public_id})
