"""The work queue, the triage queue and search; and bulk changes made
from the queue, each one through the request actions."""

import logging

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from civic311.console.access import actor_of, console_view, page
from civic311.console.actions import BulkChange, Outcome, apply_bulk_change
from civic311.console.queries.queue import (
    BULK_STATES,
    PAGE_SIZE,
    QUEUE_PARAMS,
    SEARCH_LIMIT,
    Assigned,
    Due,
    QueueFilters,
    Sort,
    bulk_choices,
    existing_public_id,
    filter_choices,
    home_department,
    person,
    queue_page,
    request_link,
    search_requests,
    triage_page,
)
from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput, Problem
from civic311.servicerequests.models import HoldReason, State

logger = logging.getLogger(__name__)
security = logging.getLogger("civic311.security")

# Longer text cannot be an id, an email, a phone or a useful phrase.
MAX_QUERY = 200


@require_safe
@console_view
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    choices = filter_choices()
    home = home_department(actor, choices.departments)
    filters = QueueFilters.parse(request.GET, choices, home=home)

    result = queue_page(filters, actor=actor, now=timezone.now())

    context = {
        "filters": filters,
        "choices": choices,
        "result": result,
        "bulk": bulk_choices(actor, filters.department),
        "Due": Due,
        "Assigned": Assigned,
        "Sort": Sort,
        "sort_label": Sort(filters.sort).label,
        "State": State,
        "HoldReason": HoldReason,
    }
    return page(request, "console/queue/queue.html", context)


@require_safe
@console_view
def triage(request: HttpRequest) -> HttpResponse:
    context = {"result": triage_page(), "now": timezone.now()}
    return page(request, "console/queue/triage.html", context)


@require_safe
@console_view
def search(request: HttpRequest) -> HttpResponse:
    """Search requests; a request number goes straight to its page. The
    query is a resident's data and is never logged."""
    # PostgreSQL refuses NUL in text; no id, phone or word holds one.
    text = (request.GET.get("q") or "").replace("\x00", "").strip()[:MAX_QUERY]
    if not text:
        return page(request, "console/queue/search.html", {"q": ""})

    found = existing_public_id(text)
    if found is not None:
        return redirect(request_link(found))
    context = {"q": text, "hits": search_requests(text), "limit": SEARCH_LIMIT}
    return page(request, "console/queue/search.html", context)


@require_POST
@console_view
def bulk(request: HttpRequest) -> HttpResponse:
    back = queue_url(request.POST.get("filters", ""))
    try:
        change = _read_change(request.POST)
    except InvalidInput as invalid:
        messages.error(request, " ".join(p.message for p in invalid.problems))
        return redirect(back)

    actor = actor_of(request)
    outcome = apply_bulk_change(actor=actor, change=change)

    _report(request, actor, outcome)
    return redirect(back)


def queue_url(filters: str) -> str:
    """The queue with ``filters``, a query string, keeping only the queue's
    own parameters so that the form cannot send people elsewhere."""
    given = QueryDict(filters)
    kept = QueryDict(mutable=True)
    for name in QUEUE_PARAMS:
        if given.get(name):
            kept[name] = given[name]
    query = kept.urlencode()
    return reverse("console:queue") + (f"?{query}" if query else "")


def _read_change(form: QueryDict) -> BulkChange:
    """Raises InvalidInput, before anything changes, when the form does
    not say what to change or which requests."""
    public_ids = list(dict.fromkeys(form.getlist("requests")))
    if not public_ids:
        raise InvalidInput([Problem("requests", _("Select at least one request."))])
    if len(public_ids) > PAGE_SIZE:
        problem = _("Select at most %(count)d requests at a time.")
        raise InvalidInput([Problem("requests", problem % {"count": PAGE_SIZE})])

    action = form.get("action")
    if action not in ("assign", "state"):
        raise InvalidInput([Problem("action", _("Choose what to change."))])
    return BulkChange(
        public_ids,
        assignee=_assignee(form) if action == "assign" else None,
        state=_state(form) if action == "state" else None,
        note=form.get("note", "").strip(),
        reason=form.get("reason", "").strip(),
        hold_reason=form.get("hold_reason", ""),
    )


def _assignee(form: QueryDict) -> User:
    found = person(form.get("assignee", ""))
    if found is None:
        raise InvalidInput([Problem("assignee", _("Choose a person to assign to."))])
    return found


def _state(form: QueryDict) -> State:
    wanted = form.get("state", "")
    if wanted not in BULK_STATES:
        raise InvalidInput([Problem("state", _("Choose a state to move to."))])
    return State(wanted)


def _report(request: HttpRequest, actor: Actor, outcome: Outcome) -> None:
    changed, refused = len(outcome.changed), len(outcome.refused)
    account = actor.user.pk if actor.user else "-"
    logger.info(
        "bulk change by account %s: %d changed, %d refused",
        account,
        changed,
        refused,
    )
    if outcome.denied:
        security.warning(
            "bulk change refused for account %s on %d requests",
            account,
            outcome.denied,
        )

    summary = ngettext(
        "%(count)d request changed.", "%(count)d requests changed.", changed
    ) % {"count": changed}
    if not refused:
        messages.success(request, summary)
        return
    reasons = "; ".join(
        _("%(id)s — %(reason)s") % {"id": public_id, "reason": why}
        for public_id, why in outcome.refused
    )
    summary += " " + ngettext(
        "%(count)d refused: %(reasons)s", "%(count)d refused: %(reasons)s", refused
    ) % {"count": refused, "reasons": reasons}
    (messages.warning if changed else messages.error)(request, summary)


urlpatterns: list[URLPattern] = [
    path("queue/", queue, name="queue"),
    path("queue/bulk/", bulk, name="bulk"),
    path("triage/", triage, name="triage"),
    path("search/", search, name="search"),
]
