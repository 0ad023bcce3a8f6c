"""Taking a call: find the service the caller means, ask its questions,
check, file.

Made for a live call and the keyboard. Every step is a plain form that
works without JavaScript. "Check" shows everything at once (an emergency,
a place that is not the city's, each problem beside its field, likely
duplicates, the caller's earlier requests) and saves nothing; "File
request" files it, or shows the same with status 400 and what was typed.
"""

import functools
import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic311.catalog.models import Service
from civic311.console.access import View, actor_of, console_view, page, refused
from civic311.console.queries.intake import (
    earlier_requests,
    find_services,
    intake_service,
    kept_informed,
    numbered_request,
)
from civic311.knowledge.queries import search_articles
from civic311.lib.problems import InvalidInput
from civic311.people.permissions import Verb, may
from civic311.servicerequests.actions import follow_request, submit_request
from civic311.servicerequests.forms import (
    Linked,
    Review,
    Typed,
    by_when,
    form_context,
    review,
)
from civic311.servicerequests.intake import Intake
from civic311.servicerequests.models import Channel, ServiceRequest, Triage
from civic311.triage import kind_labels

security = logging.getLogger("civic311.security")

TAKEN_BY = (Channel.PHONE, Channel.WALK_IN)
MAX_KB_QUERY = 100


# Who may take calls ---------------------------------------------------------


def call_taker(view: View) -> View:
    """A console page for people who may file requests; executives read
    requests but do not take calls."""

    @console_view
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may(actor_of(request), Verb.SUBMIT):
            security.warning("intake refused: account %s may not file", request.user.pk)
            return refused(
                request,
                _(
                    "Your role reads requests but does not take calls. Calls are "
                    "taken by 311 agents and department staff."
                ),
            )
        return view(request, *args, **kwargs)

    return wrapped


# Pages ----------------------------------------------------------------------


@call_taker
def search(request: HttpRequest) -> HttpResponse:
    """Find the service by typing what the caller says."""
    q = request.GET.get("q", "").strip()[:100]
    language = translation.get_language()
    context = {
        "q": q,
        "matches": find_services(q, language) if q else [],
        **_knowledge(request.GET.get("kb", ""), language),
    }
    return page(request, "console/intake/search.html", context)


@call_taker
def take(request: HttpRequest, service_code: str) -> HttpResponse:
    """The call form of one service: shown, checked or filed."""
    service = intake_service(service_code)
    if service is None:
        raise Http404(_("There is no such service."))

    if request.method != "POST":
        return _form_page(request, service, _blank(), request.GET)
    typed = Typed.posted(request.POST, service)
    action = request.POST.get("action")
    if action == "file":
        return _file(request, service, typed)
    review = None if action == "kb" else _review(service, typed, _language())
    return _form_page(request, service, typed, request.POST, review)


def _file(request: HttpRequest, service: Service, typed: Typed) -> HttpResponse:
    try:
        filed = submit_request(actor=actor_of(request), intake=_intake(service, typed))
    except InvalidInput:
        review = _review(service, typed, _language())
        return _form_page(request, service, typed, request.POST, review, status=400)
    return redirect("console:intake-done", public_id=filed.public_id)


def _form_page(
    request: HttpRequest,
    service: Service,
    typed: Typed,
    form: QueryDict,
    review: Review | None = None,
    status: int = 200,
) -> HttpResponse:
    language = _language()
    triage = review.checked.triage if review else None
    context = {
        **form_context(service, typed, language, review),
        "emergency": _emergency(triage.kinds) if triage and triage.emergency else None,
        "languages": settings.LANGUAGES,
        "channels": [(str(channel), channel.label) for channel in TAKEN_BY],
        **_knowledge(form.get("kb", ""), language),
    }
    return page(request, "console/intake/service.html", context, status=status)


def _emergency(kinds: tuple[str, ...]) -> dict[str, Any]:
    city = settings.CITY
    return {
        "kinds": kind_labels(kinds),
        "number": city.emergency_number,
        "police": city.police_non_emergency,
    }


def _knowledge(kb: str, language: str | None) -> dict[str, Any]:
    query = kb.strip()[:MAX_KB_QUERY]
    articles = search_articles(query, language) if query else []
    return {"kb": query, "articles": articles}


def _blank() -> Typed:
    return Typed(language=settings.CITY.default_language, channel=Channel.PHONE)


def _intake(service: Service, typed: Typed) -> Intake:
    return typed.intake(service, channels=TAKEN_BY)


def _review(service: Service, typed: Typed, language: str) -> Review:
    """What "Check" shows: the shared review, and the caller's earlier
    requests found by the phone or email they gave."""
    found = review(service, _intake(service, typed), request_url)
    found.earlier = [
        Linked(row, request_url(row.public_id))
        for row in earlier_requests(
            phone=typed.phone, email=typed.email, language=language
        )
    ]
    return found


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@call_taker
def done(request: HttpRequest, public_id: str) -> HttpResponse:
    """The tracking number and the estimated date, to read to the caller."""
    filed = _request_or_404(public_id)
    context = {
        "filed": filed,
        "service_name": filed.service.translated("service_name", _language()),
        "tracking": spaced(filed.public_id),
        "estimate": by_when(filed.expected_datetime),
        "emergency": _emergency(tuple(filed.emergency_kinds))
        if filed.triage == Triage.PENDING
        else None,
        "added": request.GET.get("added") == "1",
        "informed": kept_informed(filed),
        "request_url": request_url(filed.public_id),
    }
    return page(request, "console/intake/done.html", context)


@call_taker
@require_POST
def follow(request: HttpRequest, public_id: str) -> HttpResponse:
    """Add the caller to a request that already reports their problem."""
    target = _request_or_404(public_id)
    try:
        follow_request(
            actor=actor_of(request),
            request=target,
            email=request.POST.get("email", ""),
            phone=request.POST.get("phone", ""),
            language=request.POST.get("language", ""),
        )
    except InvalidInput as invalid:
        context = {"target": target, "problems": invalid.problems}
        return page(request, "console/intake/follow_refused.html", context, status=400)
    done_url = reverse("console:intake-done", kwargs={"public_id": target.public_id})
    return redirect(done_url + "?added=1")


def _request_or_404(public_id: str) -> ServiceRequest:
    found = numbered_request(public_id)
    if found is None:
        raise Http404(_("There is no such request."))
    return found


# Reading out ----------------------------------------------------------------


def spaced(public_id: str) -> str:
    """A request number in groups of three digits, the way it is read
    aloud: 1000015 becomes "100 001 5"."""
    return " ".join(public_id[i : i + 3] for i in range(0, len(public_id), 3))


def request_url(public_id: str) -> str:
    return reverse("console:request", args=[public_id])


urlpatterns: list[URLPattern] = [
    path("intake/", search, name="intake"),
    path("intake/done/<str:public_id>/", done, name="intake-done"),
    path("intake/follow/<str:public_id>/", follow, name="intake-follow"),
    path("intake/<slug:service_code>/", take, name="intake-service"),
]
