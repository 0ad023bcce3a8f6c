"""What a new request is made of, checked before anything is written."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from civic311.catalog.answers import Answer, clean_answers
from civic311.catalog.models import Service
from civic311.geography.jurisdiction import Place, locate
from civic311.lib.problems import Problem
from civic311.triage import Assessment, assess

MAX_DESCRIPTION = 4000
IMAGE_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}


@dataclass
class Location:
    lat: float | None = None
    long: float | None = None
    address: str = ""
    address_id: str = ""
    zipcode: str = ""

    def is_given(self) -> bool:
        has_point = self.lat is not None and self.long is not None
        return has_point or bool(self.address or self.address_id)


@dataclass
class Contact:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    account_id: str = ""
    device_id: str = ""

    def is_given(self) -> bool:
        return any(vars(self).values())


@dataclass
class Intake:
    """A request as a channel received it, not yet checked."""

    service: Service
    channel: str
    language: str = "en"
    description: str = ""
    location: Location = field(default_factory=Location)
    contact: Contact = field(default_factory=Contact)
    answers: dict[str, Answer] = field(default_factory=dict)
    media_url: str = ""
    media: list[UploadedFile] = field(default_factory=list)
    requested_at: datetime | None = None
    # Whether to send the resident updates; the contact is kept either way,
    # so that a caller's earlier requests are found on the next call.
    keep_informed: bool = True
    # What the channel already found wrong while reading its input (a
    # coordinate that is not a number), reported with everything else.
    problems: list[Problem] = field(default_factory=list)


@dataclass
class CheckedMedia:
    upload: UploadedFile
    content_type: str


@dataclass
class Checked:
    """An intake after checking: what may be stored, and every problem."""

    answers: dict[str, object]
    media: list[CheckedMedia]
    place: Place
    triage: Assessment
    problems: list[Problem]


def check_intake(intake: Intake) -> Checked:
    """Check everything about ``intake``; nothing is written.

    A location outside the city is a problem whose message says where to
    go instead. A description that reads like an emergency is not a
    problem: the request is taken, flagged for triage.
    """
    problems = list(intake.problems)
    if not intake.service.active:
        problems.append(
            Problem("service_code", _("This service no longer takes requests."))
        )
    problems += _location_problems(intake.location)
    if len(intake.description) > MAX_DESCRIPTION:
        problems.append(
            Problem(
                "description",
                _(
                    "The description is %(length)d characters long; the limit is "
                    "%(limit)d."
                )
                % {"length": len(intake.description), "limit": MAX_DESCRIPTION},
            )
        )
    problems += _contact_problems(intake.contact)
    problems += _media_url_problems(intake.media_url)

    place = _place(intake.location, problems)

    answers, answer_problems = clean_answers(intake.service, intake.answers)
    media, media_problems = _check_media(intake.media)
    return Checked(
        answers=answers,
        media=media,
        place=place,
        triage=assess(intake.description),
        problems=problems + answer_problems + media_problems,
    )


def _place(location: Location, problems: list[Problem]) -> Place:
    """Where the request lies; a problem when that is not in the city.

    Coordinates already found wrong are not looked up again.
    """
    point_wrong = any(p.field in ("lat", "long") for p in problems)
    lat, long = (None, None) if point_wrong else (location.lat, location.long)
    place = locate(lat, long, location.zipcode)
    if place.malformed_zip:
        problems.append(
            Problem(
                "zipcode",
                _("%(value)s is not a ZIP code.") % {"value": location.zipcode[:20]},
            )
        )
    elif place.redirect is not None:
        given_point = lat is not None and long is not None
        field_name = "lat" if given_point else "zipcode"
        problems.append(Problem(field_name, place.redirect.message))
    return place


def _location_problems(location: Location) -> list[Problem]:
    problems = []
    if (location.lat is None) != (location.long is None):
        problems.append(Problem("lat", _("Give both lat and long, or neither.")))
    if location.lat is not None and not _within(location.lat, 90):
        problems.append(Problem("lat", _("lat must be a number from -90 to 90.")))
    if location.long is not None and not _within(location.long, 180):
        problems.append(Problem("long", _("long must be a number from -180 to 180.")))
    partial_point = location.lat is not None or location.long is not None
    if not location.is_given() and not partial_point:
        problems.append(
            Problem(
                "location",
                _("Say where: give lat and long, an address_string or an address_id."),
            )
        )
    return problems


def _within(value: float, bound: float) -> bool:
    return math.isfinite(value) and -bound <= value <= bound


def _contact_problems(contact: Contact) -> list[Problem]:
    problems = []
    if contact.email:
        try:
            EmailValidator()(contact.email)
        except ValidationError:
            problems.append(Problem("email", _("This email address is not valid.")))
    for name, limit in (
        ("first_name", 100),
        ("last_name", 100),
        ("phone", 40),
        ("account_id", 100),
        ("device_id", 200),
    ):
        if len(getattr(contact, name)) > limit:
            problems.append(
                Problem(
                    name,
                    _("%(field)s is longer than %(limit)d characters.")
                    % {"field": name, "limit": limit},
                )
            )
    return problems


def _media_url_problems(url: str) -> list[Problem]:
    if not url:
        return []
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return [Problem("media_url", _("media_url must be an http or https URL."))]
    if len(url) > 1000:
        return [Problem("media_url", _("media_url is longer than 1000 characters."))]
    return []


def _check_media(
    uploads: list[UploadedFile],
) -> tuple[list[CheckedMedia], list[Problem]]:
    accepted: list[CheckedMedia] = []
    problems: list[Problem] = []
    limit = settings.MEDIA_MAX_BYTES
    for upload in uploads:
        if (upload.size or 0) > limit:
            problems.append(
                Problem(
                    "media",
                    _(
                        "%(name)s is %(size)d bytes; files may be at most "
                        "%(limit)d bytes."
                    )
                    % {"name": upload.name, "size": upload.size, "limit": limit},
                )
            )
            continue
        content_type = _image_type(upload)
        if content_type is None:
            problems.append(
                Problem(
                    "media",
                    _("%(name)s is not a JPEG, PNG, GIF or WebP image.")
                    % {"name": upload.name},
                )
            )
            continue
        accepted.append(CheckedMedia(upload, content_type))
    return accepted, problems


def _image_type(upload: UploadedFile) -> str | None:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)
    return IMAGE_TYPES.get(kind or "")
