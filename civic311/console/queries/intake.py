"""Reads behind call-taking: finding the service a caller means, and what
the city already knows about the caller and the place."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from civic311.catalog.models import Service
from civic311.lib import publicid
from civic311.lib.textmatch import fold, tidy_query
from civic311.lib.textmatch import rank as text_rank
from civic311.servicerequests.models import (
    RequestContact,
    ServiceRequest,
    State,
    Subscription,
)

MAX_QUERY = 100
MAX_EARLIER = 10


@dataclass(frozen=True)
class ServiceMatch:
    service_code: str
    name: str  # in the agent's language
    group: str
    rank: int


@dataclass(frozen=True)
class EarlierRequest:
    public_id: str
    service_name: str
    state: str  # the workflow state's label
    requested: datetime


def find_services(q: str, language: str | None) -> list[ServiceMatch]:
    """Active services matching ``q`` in ``language`` or the default
    language, best first: a name that starts with it, then a word of the
    name, a keyword (the catalog's synonyms), the group, and last a text
    that holds every word typed. Case and accents do not matter.

    One query, whatever the size of the catalog.
    """
    query = tidy_query(q, MAX_QUERY)
    if not query:
        return []

    # Matched here rather than in SQL: accents fold the same way on every
    # database, and translations inside the JSON column are stored
    # escaped on some of them. A catalog has tens of services, or a few
    # hundred, and only their short text columns are read.
    rows = Service.objects.filter(active=True).only(
        "service_code", "service_name", "group", "keywords", "translations"
    )
    matches = []
    for service in rows:
        rank = _rank(service, query, language)
        if rank is not None:
            matches.append(_match(service, language, rank))
    matches.sort(key=lambda match: (match.rank, fold(match.name)))
    return matches


def _rank(service: Service, query: str, language: str | None) -> int | None:
    languages = [None, language] if language else [None]
    ranks = [
        rank
        for code in languages
        if (rank := text_rank(query, _texts(service, code))) is not None
    ]
    return min(ranks, default=None)


def _texts(service: Service, language: str | None) -> list[str]:
    return [
        fold(service.translated(name, language))
        for name in ("service_name", "keywords", "group")
    ]


def _match(service: Service, language: str | None, rank: int) -> ServiceMatch:
    return ServiceMatch(
        service_code=service.service_code,
        name=service.translated("service_name", language),
        group=service.translated("group", language),
        rank=rank,
    )


def intake_service(service_code: str) -> Service | None:
    """An active service with what its form needs: questions, choices and
    the department intake routes to."""
    return (
        Service.objects.filter(service_code=service_code, active=True)
        .select_related("department")
        .prefetch_related("attributes__values")
        .first()
    )


def numbered_request(public_id: str) -> ServiceRequest | None:
    """The request with the number a caller or agent gives, or None when
    there is none (a mistyped number fails its check digit)."""
    pk = publicid.decode(public_id)
    if pk is None:
        return None
    return ServiceRequest.objects.select_related("service").filter(pk=pk).first()


def kept_informed(request: ServiceRequest) -> bool:
    return Subscription.objects.filter(request=request).exists()


def earlier_requests(
    *, phone: str, email: str, language: str | None
) -> list[EarlierRequest]:
    """The caller's earlier requests, newest first, found by the phone
    number or email address kept with them; at most ``MAX_EARLIER``.

    Phone numbers are stored as each channel received them. The common
    ways of writing the same number are looked up, on the index, rather
    than every stored number being normalised: a number stored in an
    unusual form ("703 555 01 42") is missed.
    """
    wanted = Q()
    if phone_forms := phone_variants(phone):
        wanted |= Q(phone__in=phone_forms)
    if email := email.strip():
        wanted |= Q(email__in={email, email.lower()})
    if not wanted:
        return []

    contacts = (
        RequestContact.objects.filter(wanted)
        .select_related("request__service")
        .order_by("-request__requested_datetime", "-request_id")[:MAX_EARLIER]
    )
    return [_earlier(contact, language) for contact in contacts]


def _earlier(contact: RequestContact, language: str | None) -> EarlierRequest:
    request = contact.request
    return EarlierRequest(
        public_id=request.public_id,
        service_name=request.service.translated("service_name", language),
        state=str(State(request.state).label),
        requested=request.requested_datetime,
    )


def phone_variants(phone: str) -> set[str]:
    """``phone`` as typed, and, for a North American number, the ways it
    is commonly written."""
    typed = phone.strip()
    digits = "".join(char for char in typed if char.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    forms = {typed} if typed else set()
    if len(digits) != 10:
        return forms | ({digits} if digits else set())

    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    local = [
        f"{area}{exchange}{line}",
        f"{area}-{exchange}-{line}",
        f"{area}.{exchange}.{line}",
        f"{area} {exchange} {line}",
        f"({area}) {exchange}-{line}",
        f"({area}){exchange}-{line}",
        f"({area}) {exchange} {line}",
    ]
    with_country = [
        f"+1{digits}",
        f"+1 {area} {exchange} {line}",
        f"+1-{area}-{exchange}-{line}",
        f"+1 {area}-{exchange}-{line}",
        f"+1 ({area}) {exchange}-{line}",
        f"1{digits}",
        f"1-{area}-{exchange}-{line}",
    ]
    return forms | set(local) | set(with_country)
