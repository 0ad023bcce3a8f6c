"""Reads behind the resident portal: the services residents ask for, and a
request as the public may see it.

Nothing here reads a request's description, address, contact or internal
history: residents' descriptions and addresses may name people, and the
tracking page is open to anyone who has the number.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from civic311.catalog.models import Service
from civic311.console.queries.intake import find_services
from civic311.lib import publicid
from civic311.lib.textmatch import fold
from civic311.servicerequests.models import (
    EventKind,
    RequestEvent,
    ServiceRequest,
    State,
    Status,
)

POPULAR = 8
POPULAR_SPAN = timedelta(days=365)
MAX_TIMELINE = 200

_CARD_FIELDS = ("service_code", "service_name", "description", "group", "translations")


@dataclass(frozen=True)
class ServiceCard:
    service_code: str
    name: str  # in the resident's language
    description: str


@dataclass(frozen=True)
class ServiceGroup:
    name: str
    services: list[ServiceCard]


@dataclass(frozen=True)
class PublicEntry:
    """One line of the public timeline: what changed and when, never who."""

    at: datetime
    what: str
    changes: list[str]
    note: str


@dataclass(frozen=True)
class Tracking:
    public_id: str
    service_name: str
    status: str  # the public Open311 status, in words
    state: str  # the workflow state's label
    explanation: str  # what the state means for the resident
    requested: datetime
    expected: datetime | None
    closed: datetime | None
    standing: str  # on time, late, overdue, or empty
    neighbourhood: str
    status_notes: str
    timeline: list[PublicEntry]


def _card(service: Service, language: str | None) -> ServiceCard:
    return ServiceCard(
        service_code=service.service_code,
        name=service.translated("service_name", language),
        description=service.translated("description", language),
    )


def popular_services(
    language: str | None, now: datetime | None = None
) -> list[ServiceCard]:
    """The ``POPULAR`` active services with the most requests in the last
    year, then alphabetically, so a new city still gets a full list.

    One query: the counts are a subquery per service, read on the
    (service, status, requested) index.
    """
    since = (now or timezone.now()) - POPULAR_SPAN
    recent = (
        ServiceRequest.objects.filter(
            service=OuterRef("pk"), requested_datetime__gte=since
        )
        .order_by()
        .values("service")
        .annotate(count=Count("id"))
        .values("count")
    )
    rows = (
        Service.objects.filter(active=True)
        .annotate(
            recent=Coalesce(Subquery(recent, output_field=IntegerField()), Value(0))
        )
        .order_by("-recent", "service_name", "service_code")
        .only(*_CARD_FIELDS)[:POPULAR]
    )
    return [_card(service, language) for service in rows]


def service_choices(language: str | None) -> list[tuple[str, str]]:
    """(code, name in ``language``) of every active service, by name: for
    the search box's suggestions and the recent requests' filter. One
    query."""
    rows = Service.objects.filter(active=True).only(
        "service_code", "service_name", "translations"
    )
    return sorted(
        ((row.service_code, row.translated("service_name", language)) for row in rows),
        key=lambda choice: fold(choice[1]),
    )


def matching_services(q: str, language: str | None) -> list[ServiceCard]:
    """Active services matching ``q``, best first, as the console's call
    takers find them. Two queries."""
    matches = find_services(q, language)
    if not matches:
        return []

    codes = [match.service_code for match in matches]
    rows = Service.objects.filter(service_code__in=codes).only(*_CARD_FIELDS)
    by_code = {service.service_code: service for service in rows}
    return [_card(by_code[code], language) for code in codes if code in by_code]


def services_by_group(language: str | None) -> list[ServiceGroup]:
    """Every active service under its group, both in alphabetical order of
    their names in ``language``, the services without a group last. One
    query."""
    rows = Service.objects.filter(active=True).only(*_CARD_FIELDS)
    named = sorted(
        (
            (service.translated("group", language), _card(service, language))
            for service in rows
        ),
        # Services without a group come last, under "Other services".
        key=lambda pair: (not pair[0], fold(pair[0]), fold(pair[1].name)),
    )
    return [
        ServiceGroup(name=group, services=[card for _group, card in pairs])
        for group, pairs in groupby(named, key=lambda pair: pair[0])
    ]


# Tracking -----------------------------------------------------------------


def tracked_request(
    public_id: str, language: str | None, now: datetime | None = None
) -> Tracking | None:
    """What anyone with the number may know about a request, or None when
    ``public_id`` is not a request's number. Two queries."""
    pk = publicid.decode(public_id)
    if pk is None:
        return None
    request = (
        ServiceRequest.objects.select_related("service")
        .only(*_TRACKED_FIELDS)
        .filter(pk=pk)
        .first()
    )
    if request is None:
        return None

    events = RequestEvent.objects.filter(request=request, public=True).only(
        "at", "kind", "changes", "note"
    )[:MAX_TIMELINE]
    return Tracking(
        public_id=request.public_id,
        service_name=request.service.translated("service_name", language),
        status=str(Status(request.status).label),
        state=str(State(request.state).label),
        explanation=explain(State(request.state)),
        requested=request.requested_datetime,
        expected=request.expected_datetime,
        closed=request.closed_datetime,
        standing=standing(request, now or timezone.now()),
        neighbourhood=neighbourhood_name(request.neighbourhood),
        status_notes=request.status_notes,
        timeline=[public_entry(event) for event in events],
    )


_TRACKED_FIELDS = (
    "state",
    "status",
    "status_notes",
    "neighbourhood",
    "requested_datetime",
    "expected_datetime",
    "closed_datetime",
    "on_time",
    "service__service_name",
    "service__translations",
)


def standing(request: ServiceRequest, now: datetime) -> str:
    """How the request stands against its expected date, in words.

    Counted in elapsed time, not on the department's calendar: the page
    only says whether the date has passed.
    """
    if request.status == Status.CLOSED:
        if request.on_time is None:
            return ""
        return _("Finished on time") if request.on_time else _("Finished late")
    if request.expected_datetime is None:
        return ""
    if now > request.expected_datetime:
        return _("Overdue: the expected date has passed")
    return _("On time")


def explain(state: State) -> str:
    return {
        State.SUBMITTED: _("The city has received the request."),
        State.ACKNOWLEDGED: _("The department responsible has seen it."),
        State.ASSIGNED: _("Someone at the department is assigned to it."),
        State.IN_PROGRESS: _("Work on it has started."),
        State.ON_HOLD: _("Work is paused, waiting on something or someone."),
        State.REOPENED: _("It was opened again after being closed."),
        State.RESOLVED: _("The department says the problem is fixed."),
        State.CLOSED: _("The request is closed."),
        State.DUPLICATE: _(
            "Someone reported the same problem first; that report is followed."
        ),
        State.REFERRED: _("It belongs to another agency and was sent there."),
        State.CANCELLED: _("The request was cancelled."),
    }[state]


def neighbourhood_name(slug: str) -> str:
    return str(settings.CITY.geography.neighbourhood_name(slug))


def public_entry(event: RequestEvent) -> PublicEntry:
    return PublicEntry(
        at=event.at,
        what=str(EventKind(event.kind).label),
        changes=_public_changes(event.changes or {}),
        note=event.note,
    )


def _public_changes(changes: dict[str, list[object]]) -> list[str]:
    """State changes and merges in words. Other changes (the department's
    slug, people's ids) are left to the entry's label."""
    shown = []
    if pair := changes.get("state"):
        before, after = [*pair, None, None][:2]
        shown.append(
            _("Status: %(before)s → %(after)s")
            % {"before": _state_label(before), "after": _state_label(after)}
        )
    if pair := changes.get("duplicate"):
        shown.append(_("Request %(id)s was merged into this one") % {"id": pair[-1]})
    return shown


def _state_label(value: object) -> str:
    return str(dict(State.choices).get(str(value), value))


# A resident's own requests ----------------------------------------------

MAX_MINE = 200


@dataclass(frozen=True)
class OwnRequest:
    """A request as the resident who filed or followed it sees it: their
    own address is theirs to see."""

    public_id: str
    service_name: str
    state: str
    status: str
    address: str
    requested: datetime
    expected: datetime | None
    standing: str
    followed: bool  # followed, not filed, by this resident


def own_requests(
    email: str, language: str | None, now: datetime | None = None
) -> list[OwnRequest]:
    """The requests filed with ``email`` on any channel, then those it
    follows, newest first. Two queries."""
    now = now or timezone.now()
    filed = ServiceRequest.objects.filter(contact__email__iexact=email)
    followed = ServiceRequest.objects.filter(
        subscriptions__email__iexact=email,
        subscriptions__confirmed=True,
        subscriptions__ended_at=None,
    ).exclude(contact__email__iexact=email)
    rows = []
    for query, is_followed in ((filed, False), (followed, True)):
        rows += [
            (row, is_followed)
            for row in query.select_related("service")
            .only(*_OWN_FIELDS)
            .distinct()
            .order_by("-requested_datetime", "-id")[:MAX_MINE]
        ]
    rows.sort(key=lambda pair: (pair[0].requested_datetime, pair[0].pk), reverse=True)
    return [
        OwnRequest(
            public_id=row.public_id,
            service_name=row.service.translated("service_name", language),
            state=str(State(row.state).label),
            status=str(Status(row.status).label),
            address=row.address,
            requested=row.requested_datetime,
            expected=row.expected_datetime,
            standing=standing(row, now),
            followed=is_followed,
        )
        for row, is_followed in rows[:MAX_MINE]
    ]


_OWN_FIELDS = (*_TRACKED_FIELDS, "address")


# Recent requests, for everyone -----------------------------------------

RECENT_PAGE = 50
# Points on the public map are rounded to about a hundred metres, so no
# dot marks a resident's door.
PUBLIC_DECIMALS = 3


@dataclass(frozen=True)
class PublicRequest:
    public_id: str
    service_name: str
    status: str  # "open" or "closed"
    status_name: str
    state: str
    neighbourhood: str
    requested: datetime
    lat: float | None
    long: float | None


@dataclass(frozen=True)
class RecentPage:
    requests: list[PublicRequest]
    older: int | None  # the row id to continue from, when there are more


def recent_requests(
    language: str | None,
    *,
    service_code: str = "",
    status: str = "",
    before: int | None = None,
) -> RecentPage:
    """A page of the newest requests, with nothing that could name a
    resident: no description, no address, points rounded. One query, on
    the (status, requested) or (service, status, requested) index, and
    one more to continue from ``before``."""
    query = ServiceRequest.objects.select_related("service").order_by(
        "-requested_datetime", "-id"
    )
    if service_code:
        query = query.filter(service__service_code=service_code)
    if status in Status.values:
        query = query.filter(status=status)
    if before is not None:
        # Keyset paging: the rows after the last one shown, in the order of
        # the index, whatever was filed since.
        last = ServiceRequest.objects.filter(pk=before).values("requested_datetime")
        when = last.first()
        if when is None:
            return RecentPage(requests=[], older=None)
        moment = when["requested_datetime"]
        query = query.filter(
            Q(requested_datetime__lt=moment)
            | Q(requested_datetime=moment, id__lt=before)
        )
    rows = list(query.only(*_RECENT_FIELDS)[: RECENT_PAGE + 1])
    more = len(rows) > RECENT_PAGE
    rows = rows[:RECENT_PAGE]
    return RecentPage(
        requests=[_public_request(row, language) for row in rows],
        older=rows[-1].pk if more else None,
    )


_RECENT_FIELDS = (
    "state",
    "status",
    "neighbourhood",
    "requested_datetime",
    "lat",
    "long",
    "service__service_code",
    "service__service_name",
    "service__translations",
)


def _public_request(row: ServiceRequest, language: str | None) -> PublicRequest:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, PUBLIC_DECIMALS)

    return PublicRequest(
        public_id=row.public_id,
        service_name=row.service.translated("service_name", language),
        status=row.status,
        status_name=str(Status(row.status).label),
        state=str(State(row.state).label),
        neighbourhood=neighbourhood_name(row.neighbourhood),
        requested=row.requested_datetime,
        lat=rounded(row.lat),
        long=rounded(row.long),
    )
