"""The request form shared by the console's call-taking and the resident
portal: reading what was typed, showing a service's questions, and
checking it all without saving.

Every field is kept as typed text, so that a page shown again holds
exactly what the person entered.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from civic311.catalog.answers import Answer
from civic311.catalog.models import Datatype, Service, ServiceAttribute
from civic311.lib.problems import Problem
from civic311.servicerequests.intake import (
    Checked,
    Contact,
    Intake,
    Location,
    check_intake,
)
from civic311.servicerequests.queries import LikelyDuplicate, likely_duplicates

# Longer lists are a select: a row of radios one tabs through becomes
# slower than typing the first letters.
MAX_RADIOS = 5

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
    "media": "id_media",
}


# What was typed -------------------------------------------------------------


@dataclass
class Typed:
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
    channel: str = ""
    keep_informed: bool = True
    answers: dict[str, Answer] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: QueryDict, service: Service) -> "Typed":
        text = {name: (form.get(name) or "").strip() for name in _TEXT_FIELDS}
        return cls(
            **text,
            description=form.get("description") or "",
            keep_informed=form.get("keep_informed") == "yes",
            answers=_answers(form, service),
        )

    def intake(
        self,
        service: Service,
        *,
        channels: tuple[str, ...],
        media: list[UploadedFile] | None = None,
    ) -> Intake:
        """The intake of what was typed; ``channels`` are the ones this
        form may file through."""
        problems: list[Problem] = []
        location = Location(
            lat=_coordinate(self.lat, "lat", problems),
            long=_coordinate(self.long, "long", problems),
            address=self.address,
            zipcode=self.zipcode[:10],
        )
        if self.channel not in channels:
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
            media=media or [],
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
        name = answer_name(attribute)
        if attribute.datatype == Datatype.MULTIVALUELIST:
            answers[attribute.code] = form.getlist(name)
        elif name in form:
            answers[attribute.code] = form.get(name) or ""
    return answers


def answer_name(attribute: ServiceAttribute) -> str:
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


def questions(
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
        name=answer_name(attribute),
        base=base_id,
        id=options[0].id if grouped else base_id,
        widget=widget,
        label=attribute.translated("description", language),
        help=attribute.translated("help_text", language),
        required=attribute.required,
        value=answer if isinstance(answer, str) else "",
        options=options,
        errors=errors.get(answer_name(attribute), []),
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
    """A request found while checking, with the address of its page."""

    found: object
    url: str


@dataclass
class Review:
    checked: Checked
    redirect: str  # what to tell someone the city cannot help
    errors: dict[str, list[str]]
    summary: list[tuple[str, str]]  # message, id of the control
    duplicates: list[Linked]
    earlier: list[Linked] = field(default_factory=list)


def review(service: Service, intake: Intake, url_of: Callable[[str], str]) -> Review:
    """Check ``intake`` and say where each problem shows; ``url_of`` gives
    the page of a likely duplicate from its public id."""
    checked = check_intake(intake)
    redirect_to = checked.place.redirect
    message = redirect_to.message if redirect_to is not None else ""

    # The redirect is shown in its own box, not fixed like a typo.
    problems = [p for p in checked.problems if p.message != message]
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(_message(problem))
    return Review(
        checked=checked,
        redirect=message,
        errors=errors,
        summary=[(_message(p), _control_id(p, service)) for p in problems],
        duplicates=_nearby(service, intake.location, url_of),
    )


def form_context(
    service: Service, typed: Typed, language: str, found: Review | None
) -> dict[str, object]:
    """What every form of a service shows, the console's and the portal's:
    the service, its questions with what was typed, and the review."""
    errors = found.errors if found else {}
    return {
        "service": service,
        "service_name": service.translated("service_name", language),
        "service_notice": service.translated("service_notice", language),
        "typed": typed,
        "questions": questions(service, typed, language, errors),
        "errors": errors,
        "review": found,
    }


def flagged(found: Review | None) -> bool:
    """Whether the reviewed description reads like an emergency."""
    return found is not None and found.checked.triage.emergency


def _nearby(
    service: Service, location: Location, url_of: Callable[[str], str]
) -> list[Linked]:
    found: list[LikelyDuplicate] = likely_duplicates(
        service, location.lat, location.long, now=timezone.now()
    )
    return [Linked(row, url_of(row.request.public_id)) for row in found]


def _message(problem: Problem) -> str:
    # Intake names the Open311 parameters; the forms have their own.
    if problem.field == "location":
        return _("Give the street address, or the latitude and longitude.")
    return problem.message


def _control_id(problem: Problem, service: Service) -> str:
    if problem.field in FIELD_IDS:
        return FIELD_IDS[problem.field]
    for attribute in service.attributes.all():
        if problem.field == answer_name(attribute):
            has_choices = _widget(attribute) in ("radios", "checkboxes")
            suffix = "-1" if has_choices and attribute.values.all() else ""
            return f"id_attribute-{attribute.code}{suffix}"
    return ""


# Telling the date -----------------------------------------------------------


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
