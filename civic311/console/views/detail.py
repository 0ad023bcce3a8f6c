"""The request page, and the actions taken on it.

Each action posts to a URL of its own. Done, it sends the browser back to
the page with a message (post/redirect/get). Invalid input shows the page
again with status 400, each problem beside its field and the input kept.
A refusal answers 403 and changes nothing.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from civic311.console.access import actor_of, console_view, page, refused
from civic311.console.queries.request import (
    RequestPage,
    active_agency,
    chosen_template,
    department_person,
    other_department,
    request_for_page,
    request_numbered,
    request_page,
)
from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput, Problem
from civic311.people.permissions import NotAllowed, Verb, require
from civic311.servicerequests.actions import (
    add_note,
    assign_request,
    change_state,
    merge_request,
    reassign_request,
    refer_request,
    review_triage,
)
from civic311.servicerequests.models import ServiceRequest, State

security = logging.getLogger("civic311.security")

# An action reads the posted form, calls the action it stands for and
# says, for the person, what was done.
Act = Callable[[Actor, ServiceRequest, QueryDict], str]

# The fields of each form, so that a problem links to its field; a problem
# with no field of its own links to the form's heading.
FIELDS = {
    "state": ("state", "hold_reason", "note", "reason"),
    "assign": ("assignee", "note"),
    "reassign": ("department", "reason"),
    "refer": ("agency", "note"),
    "merge": ("parent",),
    "note": ("note", "public"),
    "triage": ("emergency", "note"),
}


@console_view
@require_safe
def show(request: HttpRequest, public_id: str) -> HttpResponse:
    found = request_for_page(public_id)
    if found is None:
        return _not_found(request, public_id)

    shown = request_page(actor_of(request), found, language=get_language())
    return _render(request, shown, values=_prefilled(shown, request.GET))


def _prefilled(shown: RequestPage, query: QueryDict) -> dict[str, dict[str, str]]:
    """The note a ``?template=`` link starts from: the way to pick a
    template without JavaScript."""
    template_id = query.get("template", "")
    wanted = query.get("for", "")
    for target in [wanted] if wanted in ("state", "note") else ["note", "state"]:
        chosen = chosen_template(shown, template_id, target)
        if chosen is not None:
            return {target: {"note": chosen.text, "state": chosen.state}}
    return {}


def _render(
    request: HttpRequest,
    shown: RequestPage,
    *,
    values: dict[str, dict[str, str]],
    form: str = "",
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HttpResponse:
    errors, links = _errors(form, problems or [])
    context: dict[str, Any] = {
        "page": shown,
        "sr": shown.request,
        "offers": shown.offers,
        "values": values,
        "errors": errors,
        "error_links": links,
    }
    return page(request, "console/request/page.html", context, status=status)


def _errors(
    form: str, problems: list[Problem]
) -> tuple[dict[str, dict[str, list[str]]], list[tuple[str, str]]]:
    """Problems by form and field, and the summary's links to them."""
    by_field: dict[str, list[str]] = {}
    links = []
    for problem in problems:
        field = problem.field if problem.field in FIELDS.get(form, ()) else "form"
        by_field.setdefault(field, []).append(problem.message)
        links.append((f"{form}-{field}", problem.message))
    return ({form: by_field} if problems else {}), links


def _not_found(request: HttpRequest, public_id: str) -> HttpResponse:
    context = {"public_id": public_id}
    return page(request, "console/request/not_found.html", context, status=404)


def _act(request: HttpRequest, public_id: str, form: str, act: Act) -> HttpResponse:
    found = request_numbered(public_id)
    if found is None:
        return _not_found(request, public_id)

    try:
        done = act(actor_of(request), found, request.POST)
    except NotAllowed as refusal:
        security.warning(
            "console %s refused on request %s for account %s",
            form,
            found.public_id,
            request.user.pk,
        )
        return refused(request, str(refusal.args[0]))
    except InvalidInput as invalid:
        return _invalid(request, public_id, form, invalid.problems)

    messages.success(request, done)
    return redirect("console:request", public_id=found.public_id)


def _invalid(
    request: HttpRequest, public_id: str, form: str, problems: list[Problem]
) -> HttpResponse:
    # Read again: the refused action may have loaded rows into the object
    # it was given before it gave up.
    fresh = request_for_page(public_id)
    if fresh is None:
        return _not_found(request, public_id)
    shown = request_page(actor_of(request), fresh, language=get_language())
    values = {form: request.POST.dict()}
    return _render(
        request, shown, values=values, form=form, problems=problems, status=400
    )


def _text(data: QueryDict, name: str) -> str:
    return data.get(name, "").strip()


def _refuse_input(field: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(field, message)])


# Each action first checks that the person may act at all, so that someone
# who may not is refused whatever the form holds; the action checks again.


def _change_state(actor: Actor, sr: ServiceRequest, data: QueryDict) -> str:
    require(actor, Verb.WORK, sr)
    try:
        state = State(data.get("state", ""))
    except ValueError:
        raise _refuse_input("state", _("Choose the new status.")) from None

    change_state(
        actor=actor,
        request=sr,
        state=state,
        note=_text(data, "note"),
        reason=_text(data, "reason"),
        hold_reason=data.get("hold_reason", ""),
    )
    return _("Request %(id)s is now %(state)s.") % {
        "id": sr.public_id,
        "state": state.label,
    }


def _assign(actor: Actor, sr: ServiceRequest, data: QueryDict) -> str:
    require(actor, Verb.WORK, sr)
    person = department_person(sr, data.get("assignee", ""))
    if person is None:
        message = _("Choose someone who works in %(department)s.") % {
            "department": sr.department.name
        }
        raise _refuse_input("assignee", message)

    assign_request(actor=actor, request=sr, assignee=person, note=_text(data, "note"))
    return _("Request %(id)s is assigned to %(person)s.") % {
        "id": sr.public_id,
        "person": person.get_username(),
    }


def _reassign(actor: Actor, sr: ServiceRequest, data: QueryDict) -> str:
    require(actor, Verb.MANAGE, sr)
    department = other_department(sr, data.get("department", ""))
    if department is None:
        raise _refuse_input("department", _("Choose another department."))

    reassign_request(
        actor=actor, request=sr, department=department, reason=_text(data, "reason")
    )
    return _("Request %(id)s is sent to %(department)s.") % {
        "id": sr.public_id,
        "department": department.name,
    }


def _refer(actor: Actor, sr: ServiceRequest, data: QueryDict) -> str:
    require(actor, Verb.WORK, sr)
    agency = active_agency(data.get("agency", ""))
    if agency is None:
        raise _refuse_input("agency", _("Choose the agency that handles it."))

    refer_request(actor=actor, request=sr, agency=agency, note=_text(data, "note"))
    return _("Request %(id)s is referred to %(agency)s.") % {
        "id": sr.public_id,
        "agency": agency.name,
    }


def _merge(actor: Actor, sr: ServiceRequest, data: QueryDict) -> str:
    require(actor, Verb.WORK, sr)
    number = _text(data, "parent")
    if not number:
        message = _("Give the number of the request this one repeats.")
        raise _refuse_input("parent", message)
    parent = request_numbered(number)
    if parent is None:
        message = _("No request has the number %(id)s.") % {"id": number}
        raise _refuse_input("parent", message)

    merge_request(actor=actor, duplicate=sr, parent=parent)
    return _("Request %(id)s is merged into request %(parent)s.") % {
        "id": sr.public_id,
        "parent": parent.public_id,
    }


def _note(actor: Actor, sr: ServiceRequest, data: QueryDict) -> str:
    require(actor, Verb.NOTE, sr)
    readers = data.get("public", "")
    if readers not in ("public", "internal"):
        message = _("Say whether residents may read the note.")
        raise _refuse_input("public", message)

    public = readers == "public"
    add_note(actor=actor, request=sr, note=_text(data, "note"), public=public)
    if public:
        return _("Public note added to request %(id)s.") % {"id": sr.public_id}
    return _("Internal note added to request %(id)s.") % {"id": sr.public_id}


def _triage(actor: Actor, sr: ServiceRequest, data: QueryDict) -> str:
    require(actor, Verb.TRIAGE, sr)
    verdicts = {"confirmed": True, "dismissed": False}
    emergency = verdicts.get(data.get("emergency", ""))
    if emergency is None:
        message = _("Say whether it is an emergency.")
        raise _refuse_input("emergency", message)

    review_triage(
        actor=actor, request=sr, emergency=emergency, note=_text(data, "note")
    )
    if emergency:
        return _("Request %(id)s is marked as an emergency sent on.") % {
            "id": sr.public_id
        }
    return _("Request %(id)s is back in its department's queue.") % {"id": sr.public_id}


def _action_view(form: str, act: Act) -> Callable[..., HttpResponse]:
    @console_view
    @require_POST
    def view(request: HttpRequest, public_id: str) -> HttpResponse:
        return _act(request, public_id, form, act)

    view.__name__ = view.__qualname__ = f"request_{form}"
    return view


ACTIONS: dict[str, Act] = {
    "state": _change_state,
    "assign": _assign,
    "reassign": _reassign,
    "refer": _refer,
    "merge": _merge,
    "note": _note,
    "triage": _triage,
}

urlpatterns: list[URLPattern] = [
    path("requests/<str:public_id>/", show, name="request"),
    *(
        path(
            f"requests/<str:public_id>/{form}/",
            _action_view(form, act),
            name=f"request-{form}",
        )
        for form, act in ACTIONS.items()
    ),
]
