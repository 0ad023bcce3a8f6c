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
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from civic311.catalog.answers import Answer
from civic311.catalog.models import Datatype, Service, ServiceAttribute
from civic311.console.access import View, actor_of, console_view, page, refused
from civic311.console.queries.intake import (
    EarlierRequest,
    earlier_requests,
    find_services,
    intake_service,
    kept_informed,
    numbered_request,
)
from civic311.knowledge.queries import search_articles
from civic311.lib.problems import InvalidInput, Problem
from civic311.people.permissions import Verb, may
from civic311.servicerequests.actions import follow_request, submit_request
from civic311.servicerequests.intake import (
    Checked,
    Contact,
    Intake,
    Location,
    check_intake,
)
from civic311.servicerequests.models import Channel, ServiceRequest, Triage
from civic311.servicerequests.queries import LikelyDuplicate, likely_duplicates
from civic311.triage import kind_labels

security = logging.getLogger("civic311.security")

TAKEN_BY = (Channel.PHONE, Channel.WALK_IN)
# Longer lists are a select: a row of radios the agent tabs through
# becomes slower than typing the first letters.
MAX_RADIOS = 5
MAX_KB_QUERY = 100


# Where each problem of intake is shown: the id of its control.
FIELD_IDS = {
    "location": "id_address",
    "address_string": "id_address",
    "zipcode": "id_zipcode",
    "lat": "id_lat",
    "long": "id_long",
    "description": "id_description",
    "first_name": "id_first_name",
    "last_name": "id_last_name",
    "phone": "id_phone",
    "email": "id_email",
    "language": "id_language",
    "channel": "id_channel-phone",
}


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


# What the agent typed -------------------------------------------------------


@dataclass
class Typed:
    """The call form as typed, kept as text so that a page shown again
    holds exactly what the agent entered."""

    address: str = ""
    zipcode: str = ""
    lat: str = ""
    long: str = ""
    description: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    language: str = ""
    channel: str = Channel.PHONE
    keep_informed: bool = True
    answers: dict[str, Answer] = field(default_factory=dict)

    @classmethod
    def blank(cls) -> "Typed":
        return cls(language=settings.CITY.default_language)

    @classmethod
    def posted(cls, form: QueryDict, service: Service) -> "Typed":
        text = {name: (form.get(name) or "").strip() for name in _TEXT_FIELDS}
        return cls(
            **text,
            description=form.get("description") or "",
            keep_informed=form.get("keep_informed") == "yes",
            answers=_answers(form, service),
        )

    def intake(self, service: Service) -> Intake:
        problems: list[Problem] = []
        location = Location(
            lat=_coordinate(self.lat, "lat", problems),
            long=_coordinate(self.long, "long", problems),
            address=self.address,
            zipcode=self.zipcode[:10],
        )
        if self.channel not in TAKEN_BY:
            problems.append(Problem("channel", _("Say how the caller reached you.")))
        if self.language not in dict(settings.LANGUAGES):
            problems.append(Problem("language", _("Choose the caller's language.")))
        contact = Contact(
            first_name=self.first_name,
            last_name=self.last_name,
            email=self.email,
            phone=self.phone,
        )
        return Intake(
            service=service,
            channel=self.channel,
            language=self.language,
            description=self.description,
            location=location,
            contact=contact,
            answers=self.answers,
            keep_informed=self.keep_informed,
            problems=problems,
        )


_TEXT_FIELDS = (
    "address",
    "zipcode",
    "lat",
    "long",
    "first_name",
    "last_name",
    "phone",
    "email",
    "language",
    "channel",
)


def _answers(form: QueryDict, service: Service) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for attribute in service.attributes.all():
        name = _answer_name(attribute)
        if attribute.datatype == Datatype.MULTIVALUELIST:
            answers[attribute.code] = form.getlist(name)
        elif name in form:
            answers[attribute.code] = form.get(name) or ""
    return answers


def _answer_name(attribute: ServiceAttribute) -> str:
    return f"attribute[{attribute.code}]"


def _coordinate(raw: str, name: str, problems: list[Problem]) -> float | None:
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        problems.append(
            Problem(
                name,
                _("%(value)s is not a number such as 38.8051.") % {"value": raw[:30]},
            )
        )
        return None
    return number


# The service's questions, as the form shows them ----------------------------


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    id: str
    chosen: bool


@dataclass(frozen=True)
class Question:
    name: str
    base: str  # what the ids of its controls, hint and error start with
    id: str  # of its first control, where the error summary points
    widget: str
    label: str
    help: str
    required: bool
    value: str
    options: list[Option]
    errors: list[str]

    @property
    def describedby(self) -> str:
        parts = [
            ("error", bool(self.errors)),
            ("hint", bool(self.help)),
            ("format", self.widget == "datetime"),
        ]
        return " ".join(f"{kind}-{self.base}" for kind, shown in parts if shown)


def _questions(
    service: Service, typed: Typed, language: str, errors: dict[str, list[str]]
) -> list[Question]:
    return [
        _question(attribute, typed.answers.get(attribute.code), language, errors)
        for attribute in service.attributes.all()
    ]


def _question(
    attribute: ServiceAttribute,
    answer: Answer | None,
    language: str,
    errors: dict[str, list[str]],
) -> Question:
    widget = _widget(attribute)
    chosen = set(answer if isinstance(answer, list) else [answer or ""])
    base_id = "id_attribute-" + attribute.code
    options = [
        Option(
            key=value.key,
            label=value.translated("name", language),
            id=f"{base_id}-{number}",
            chosen=value.key in chosen,
        )
        for number, value in enumerate(attribute.values.all(), start=1)
    ]
    grouped = widget in ("radios", "checkboxes") and options
    return Question(
        name=_answer_name(attribute),
        base=base_id,
        id=options[0].id if grouped else base_id,
        widget=widget,
        label=attribute.translated("description", language),
        help=attribute.translated("help_text", language),
        required=attribute.required,
        value=answer if isinstance(answer, str) else "",
        options=options,
        errors=errors.get(_answer_name(attribute), []),
    )


def _widget(attribute: ServiceAttribute) -> str:
    if not attribute.variable:
        return "info"
    if attribute.datatype == Datatype.SINGLEVALUELIST:
        return "radios" if len(attribute.values.all()) <= MAX_RADIOS else "select"
    return {
        Datatype.MULTIVALUELIST: "checkboxes",
        Datatype.NUMBER: "number",
        Datatype.DATETIME: "datetime",
        Datatype.TEXT: "textarea",
    }.get(Datatype(attribute.datatype), "text")


# What "Check" found ---------------------------------------------------------


@dataclass(frozen=True)
class Linked:
    """A request found for the caller, with the address of its page."""

    found: EarlierRequest | LikelyDuplicate
    url: str


@dataclass
class Review:
    checked: Checked
    redirect: str  # what to read to a caller the city cannot help
    errors: dict[str, list[str]]
    summary: list[tuple[str, str]]  # message, id of the control
    duplicates: list[Linked]
    earlier: list[Linked]


def _review(service: Service, typed: Typed, language: str) -> Review:
    intake = typed.intake(service)
    checked = check_intake(intake)
    redirect_to = checked.place.redirect
    message = redirect_to.message if redirect_to is not None else ""

    # The redirect is read out from its own box, not fixed like a typo.
    problems = [p for p in checked.problems if p.message != message]
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(_console_message(problem))
    return Review(
        checked=checked,
        redirect=message,
        errors=errors,
        summary=[(_console_message(p), _control_id(p, service)) for p in problems],
        duplicates=_nearby(service, intake.location),
        earlier=[
            Linked(row, request_url(row.public_id))
            for row in earlier_requests(
                phone=typed.phone, email=typed.email, language=language
            )
        ],
    )


def _nearby(service: Service, location: Location) -> list[Linked]:
    found = likely_duplicates(service, location.lat, location.long, now=timezone.now())
    return [Linked(row, request_url(row.request.public_id)) for row in found]


def _console_message(problem: Problem) -> str:
    # Intake names the Open311 parameters; the console's form has its own.
    if problem.field == "location":
        return _("Give the street address, or the latitude and longitude.")
    return problem.message


def _control_id(problem: Problem, service: Service) -> str:
    if problem.field in FIELD_IDS:
        return FIELD_IDS[problem.field]
    for attribute in service.attributes.all():
        if problem.field == _answer_name(attribute):
            has_choices = _widget(attribute) in ("radios", "checkboxes")
            suffix = "-1" if has_choices and attribute.values.all() else ""
            return f"id_attribute-{attribute.code}{suffix}"
    return ""


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
        return _form_page(request, service, Typed.blank(), request.GET)
    typed = Typed.posted(request.POST, service)
    action = request.POST.get("action")
    if action == "file":
        return _file(request, service, typed)
    review = None if action == "kb" else _review(service, typed, _language())
    return _form_page(request, service, typed, request.POST, review)


def _file(request: HttpRequest, service: Service, typed: Typed) -> HttpResponse:
    try:
        filed = submit_request(actor=actor_of(request), intake=typed.intake(service))
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
    errors = review.errors if review else {}
    triage = review.checked.triage if review else None
    context = {
        "service": service,
        "service_name": service.translated("service_name", language),
        "service_notice": service.translated("service_notice", language),
        "typed": typed,
        "questions": _questions(service, typed, language, errors),
        "errors": errors,
        "review": review,
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


def by_when(expected: datetime | None, now: datetime | None = None) -> str:
    """The estimated date in plain words in the city's time, or that there
    is none."""
    if expected is None:
        return _("No estimated date")
    local = timezone.localtime(expected)
    this_year = local.year == timezone.localtime(now or timezone.now()).year
    shape = (
        pgettext("estimated date", "l, F j, g:i a")
        if this_year
        else pgettext("estimated date in another year", "l, F j, Y, g:i a")
    )
    return _("by %(date)s") % {"date": formats.date_format(local, shape)}


def request_url(public_id: str) -> str:
    return reverse("console:request", args=[public_id])


urlpatterns: list[URLPattern] = [
    path("intake/", search, name="intake"),
    path("intake/done/<str:public_id>/", done, name="intake-done"),
    path("intake/follow/<str:public_id>/", follow, name="intake-follow"),
    path("intake/<slug:service_code>/", take, name="intake-service"),
]
