"""GeoReport v2 endpoints. Thin: read the arguments, call a query or an
action, write the document."""

import functools
import logging
import math
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from civic311.apiclients.queries import client_for_key
from civic311.catalog.models import Service
from civic311.lib import publicid
from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput, Problem
from civic311.open311 import queries, represent
from civic311.open311.cache import cached
from civic311.open311.errors import Open311Error, error_response
from civic311.open311.params import parse_request_filters, value
from civic311.open311.render import respond
from civic311.servicerequests.actions import submit_request
from civic311.servicerequests.intake import Contact, Intake, Location
from civic311.servicerequests.models import EventKind, ServiceRequest, State, Triage
from civic311.triage import advice as emergency_advice

logger = logging.getLogger(__name__)
security = logging.getLogger("civic311.security")

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
ATTRIBUTE_FIELD = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")

View = Callable[..., HttpResponse]


def open311(*methods: str) -> Callable[[View], View]:
    """Wrap a view: allowed methods, the caller's language, the
    jurisdiction check, and Open311 errors in the asked format."""

    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def wrap(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def handle(
            request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any
        ) -> HttpResponse:
            with translation.override(_language(request)):
                try:
                    if allowed and request.method not in allowed:
                        return _not_allowed(request, allowed, fmt)
                    _check_jurisdiction(request)
                    return view(request, *args, fmt=fmt, **kwargs)
                except Open311Error as error:
                    return error_response(error, fmt)

        return handle

    return wrap


def _not_allowed(request: HttpRequest, allowed: set[str], fmt: str) -> HttpResponse:
    error = Open311Error(
        405,
        _("This resource does not answer %(method)s.")
        % {"method": (request.method or "")[:10]},
    )
    response = error_response(error, fmt)
    response["Allow"] = ", ".join(sorted(allowed))
    return response


def _language(request: HttpRequest) -> str:
    asked = value(request.GET, "locale").replace("_", "-").lower()
    supported = {code for code, _name in settings.LANGUAGES}
    if asked in supported:
        return asked
    if asked.split("-")[0] in supported:
        return asked.split("-")[0]
    return getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)


def _check_jurisdiction(request: HttpRequest) -> None:
    asked = value(request.GET, "jurisdiction_id")
    if not asked and request.method == "POST":
        asked = _form(request).get("jurisdiction_id", "").strip()
    if asked and asked.lower() != settings.CITY.jurisdiction_id:
        raise Open311Error(
            404,
            _("This server answers for %(ours)s, not %(asked)s.")
            % {"ours": settings.CITY.jurisdiction_id, "asked": asked[:100]},
        )


def _form(request: HttpRequest) -> QueryDict:
    """The POST body, or an Open311 error when it cannot be read."""
    limit = settings.MEDIA_MAX_BYTES * 5 + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        raise Open311Error(
            400,
            _("The request body is larger than %(limit)d bytes.") % {"limit": limit},
        )
    try:
        return request.POST
    except (RequestDataTooBig, TooManyFieldsSent):
        raise Open311Error(
            400,
            _("The form is too large; send at most %(limit)d bytes of fields.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        ) from None


@open311("GET")
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    city = settings.CITY
    changeset = represent.moment(_catalog_changed())
    endpoints = [
        {
            "specification": SPECIFICATION,
            "url": f"{settings.SITE_URL}/open311/v2",
            "changeset": changeset,
            "type": "production" if settings.ENVIRONMENT == "production" else "test",
            "formats": ["text/xml", "application/json"],
        }
    ] + [
        {
            "specification": SPECIFICATION,
            "url": other.url,
            "changeset": changeset,
            "type": other.type,
            "formats": ["text/xml", "application/json"],
        }
        for other in city.open311_endpoints
    ]
    document = {
        "changeset": changeset,
        "contact": city.open311_contact,
        "key_service": city.open311_key_service,
        "endpoints": endpoints,
    }
    return respond(document, fmt, root="discovery")


def _catalog_changed() -> Any:
    latest = Service.objects.aggregate(latest=Max("updated_at"))["latest"]
    return latest or timezone.now().replace(year=2000, month=1, day=1)


@open311("GET")
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    language = translation.get_language()
    document = [represent.service(row, language) for row in queries.public_services()]
    return respond(document, fmt, root="services")


@open311("GET")
def service_definition(
    request: HttpRequest, service_code: str, *, fmt: str
) -> HttpResponse:
    row = queries.service_definition(service_code)
    if row is None:
        raise Open311Error(404, _unknown_service(service_code))
    document = represent.definition(row, translation.get_language())
    return respond(document, fmt, root="service_definition")


def _unknown_service(code: str) -> str:
    return _("There is no service with the code %(code)s.") % {"code": code[:64]}


@open311("GET", "POST")
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    filters, problems = parse_request_filters(request.GET, timezone.now())
    if problems:
        raise Open311Error.from_problems(problems)

    def build() -> HttpResponse:
        rows = queries.request_rows(filters)
        document = _request_documents(rows, filters.extensions)
        return respond(document, fmt, root="service_requests")

    return cached(request, fmt, build)


@open311("GET")
def request_detail(
    request: HttpRequest, service_request_id: str, *, fmt: str
) -> HttpResponse:
    extensions = value(request.GET, "extensions").lower() == "true"
    pk = publicid.decode(service_request_id)
    if not pk:
        raise _no_request(service_request_id)

    def build() -> HttpResponse:
        row = queries.request_row(pk, extensions=extensions)
        if row is None:
            raise _no_request(service_request_id)
        document = _request_documents([row], extensions)
        return respond(document, fmt, root="service_requests")

    return cached(request, fmt, build, store="open311-requests")


def _no_request(service_request_id: str) -> Open311Error:
    return Open311Error(
        404, _("There is no request %(id)s.") % {"id": service_request_id[:30]}
    )


def _request_documents(
    rows: list[dict[str, Any]], extensions: bool
) -> list[dict[str, Any]]:
    language = translation.get_language()
    translations = {}
    if language != settings.CITY.default_language and rows:
        translations = queries.service_translations({r["service_id"] for r in rows})
    documents = [
        represent.request(row, translations.get(row["service_id"]), language)
        for row in rows
    ]
    if extensions and rows:
        _extend(documents, rows)
    return documents


def _extend(documents: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in rows]
    notes = queries.public_notes(ids)
    media = queries.media_files(ids)
    state_names = {str(state): str(state.label) for state in State}
    kind_names = {str(kind): str(kind.label) for kind in EventKind}
    for document, row in zip(documents, rows, strict=True):
        document["extended_attributes"] = represent.extended_attributes(
            row, media.get(row["id"], []), state_names
        )
        document["notes"] = [
            represent.note(event, kind_names) for event in notes.get(row["id"], [])
        ]


@open311("GET")
def token(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    found = _request_for_token(token)
    if found is None:
        raise Open311Error(404, _("There is no request with this token."))
    document = [{"service_request_id": found.public_id, "token": str(found.token)}]
    return respond(document, fmt, root="service_requests")


def _request_for_token(token: str) -> ServiceRequest | None:
    try:
        return ServiceRequest.objects.only("id", "token").filter(token=token).first()
    except Exception:  # a malformed UUID
        return None


@open311()
def not_found(request: HttpRequest, *, fmt: str, path: str = "") -> HttpResponse:
    raise Open311Error(404, _("There is no Open311 resource at this address."))


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    form = _form(request)
    client = _authenticate(request, form)
    service = _service_for_post(form)
    intake = _intake(request, form, service, client.channel)
    try:
        created = submit_request(actor=Actor.for_api_client(client), intake=intake)
    except InvalidInput as invalid:
        raise Open311Error.from_problems(invalid.problems) from None

    document = [_post_answer(created, service, form)]
    return respond(document, fmt, root="service_requests")


def _authenticate(request: HttpRequest, form: QueryDict) -> Any:
    key = (form.get("api_key") or request.GET.get("api_key") or "").strip()
    if not key:
        security.info("open311 POST without api_key")
        raise Open311Error(403, _("An api_key is required to submit a request."))
    client = client_for_key(key)
    if client is None:
        security.warning("open311 POST with unknown api_key prefix=%s", key[:8])
        raise Open311Error(403, _("This api_key is not valid."))
    return client


def _service_for_post(form: QueryDict) -> Service:
    code = (form.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("A service_code is required."))
    service = (
        Service.objects.select_related("department").filter(service_code=code).first()
    )
    if service is None:
        raise Open311Error(404, _unknown_service(code))
    return service


def _intake(
    request: HttpRequest, form: QueryDict, service: Service, channel: str
) -> Intake:
    problems: list[Problem] = []
    location = Location(
        lat=_coordinate(form, "lat", problems),
        long=_coordinate(form, "long", problems),
        address=_text(form, "address_string"),
        address_id=_text(form, "address_id"),
        zipcode=_text(form, "zipcode")[:10],
    )
    return Intake(
        service=service,
        channel=channel,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        description=form.get("description") or "",
        location=location,
        contact=Contact(
            first_name=_text(form, "first_name"),
            last_name=_text(form, "last_name"),
            email=_text(form, "email"),
            phone=_text(form, "phone"),
            account_id=_text(form, "account_id"),
            device_id=_text(form, "device_id"),
        ),
        answers=_answers(form),
        media_url=_text(form, "media_url"),
        media=request.FILES.getlist("media") + request.FILES.getlist("media[]"),
        problems=problems,
    )


def _text(form: QueryDict, name: str) -> str:
    return (form.get(name) or "").strip()


def _coordinate(form: QueryDict, name: str, problems: list[Problem]) -> float | None:
    raw = _text(form, name)
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
                _("%(name)s is not a number: %(value)s")
                % {"name": name, "value": raw[:30]},
            )
        )
        return None
    return number


def _answers(form: QueryDict) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {}
    for field in form:
        match = ATTRIBUTE_FIELD.match(field)
        if not match:
            continue
        code, is_list = match.group(1), bool(match.group(2))
        given = form.getlist(field)
        earlier = answers.get(code)
        if earlier is not None:
            earlier_list = earlier if isinstance(earlier, list) else [earlier]
            answers[code] = earlier_list + given
        elif is_list or len(given) > 1:
            answers[code] = given
        else:
            answers[code] = given[0]
    return answers


def _post_answer(
    created: ServiceRequest, service: Service, form: QueryDict
) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    if service.type == "realtime":
        answer["service_request_id"] = created.public_id
    elif service.type == "batch":
        answer["token"] = str(created.token)
    language = translation.get_language()
    notice = service.translated("service_notice", language)
    if created.triage == Triage.PENDING:
        # The app shows the notice to the resident: an emergency comes first.
        notice = " ".join(part for part in (emergency_advice(), notice) if part)
    answer["service_notice"] = notice or None
    answer["account_id"] = _text(form, "account_id") or None
    return answer
