"""Reads behind the console's lists: the work queue, the triage queue and
search.

Every list here runs a fixed number of queries whatever its length: rows
come with their service, department and assignee joined, and counts are
taken by the database.
"""

import functools
import math
import operator
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import Replace
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic311.calendars.clock import DUE_SOON, Standing, standing
from civic311.catalog.models import Department, Service
from civic311.lib import publicid
from civic311.lib.actors import Actor
from civic311.people.models import DEPARTMENT_ROLES
from civic311.people.permissions import Verb, may, role_of
from civic311.servicerequests.models import ServiceRequest, State, Status, Triage
from civic311.servicerequests.queries import triage_queue
from civic311.triage import kind_labels

PAGE_SIZE = 50
TRIAGE_LIMIT = 100
SEARCH_LIMIT = 50
# Fewer digits than a local number match too many phones to be useful.
MIN_PHONE_DIGITS = 7

OPEN_STATES = "open"
ALL_STATES = "all"
ALL_DEPARTMENTS = "all"

# What the queue's address keeps, so that links and bulk changes return
# to the same view.
QUEUE_PARAMS = (
    "department",
    "service",
    "state",
    "neighbourhood",
    "due",
    "assigned",
    "flagged",
    "sort",
    "page",
)

# Moves a bulk change may make. Assigning names a person and has its own
# form; referring and merging name another agency or request, one at a
# time, on the request's page.
BULK_STATES = (
    State.ACKNOWLEDGED,
    State.IN_PROGRESS,
    State.ON_HOLD,
    State.RESOLVED,
    State.CLOSED,
    State.CANCELLED,
    State.REOPENED,
)


class Due(models.TextChoices):
    OVERDUE = "overdue", gettext_lazy("overdue")
    DUE_SOON = "due_soon", gettext_lazy("due soon")
    NOT_DUE_SOON = "not_due_soon", gettext_lazy("not due soon")
    NO_DEADLINE = "none", gettext_lazy("no deadline")


class Assigned(models.TextChoices):
    ME = "me", gettext_lazy("to me")
    NOBODY = "unassigned", gettext_lazy("to nobody")


class Sort(models.TextChoices):
    DEADLINE = "deadline", gettext_lazy("deadline, soonest first")
    NEWEST = "newest", gettext_lazy("newest first")
    OLDEST = "oldest", gettext_lazy("oldest first")


_ORDER: dict[str, tuple[str | Combinable, ...]] = {
    # Requests without a deadline cannot be late, so they come last.
    Sort.DEADLINE: (
        F("expected_datetime").asc(nulls_last=True),
        "requested_datetime",
        "id",
    ),
    Sort.NEWEST: ("-requested_datetime", "-id"),
    Sort.OLDEST: ("requested_datetime", "id"),
}


def request_link(public_id: str) -> str:
    """The console page of a request."""
    return reverse("console:request", args=[public_id])


def neighbourhood_names() -> dict[str, str]:
    return {part.slug: part.name for part in settings.CITY.geography.neighbourhoods}


# Filters


@dataclass(frozen=True)
class FilterChoices:
    """What the queue's filters offer."""

    departments: list[Department]
    services: list[Service]
    neighbourhoods: list[tuple[str, str]]


def filter_choices() -> FilterChoices:
    return FilterChoices(
        departments=list(Department.objects.order_by("name")),
        services=list(Service.objects.order_by("service_name", "service_code")),
        neighbourhoods=sorted(neighbourhood_names().items(), key=lambda p: p[1]),
    )


def home_department(
    actor: Actor, departments: Sequence[Department]
) -> Department | None:
    """Department staff and managers start on their own department; anyone
    else on all of them (None)."""
    if role_of(actor.user) not in DEPARTMENT_ROLES:
        return None
    wanted = getattr(getattr(actor.user, "staff", None), "department_id", None)
    return next((item for item in departments if item.pk == wanted), None)


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows. ``department`` None is every department;
    ``state`` is a ``State`` value, ``OPEN_STATES`` or ``ALL_STATES``.
    ``ignored`` says, for the user, which parameters were not understood."""

    department: Department | None = None
    service: Service | None = None
    state: str = OPEN_STATES
    neighbourhood: str = ""
    due: str = ""
    assigned: str = ""
    flagged: bool = False
    sort: str = Sort.DEADLINE
    page: int = 1
    ignored: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls,
        params: QueryDict,
        choices: FilterChoices,
        *,
        home: Department | None,
    ) -> "QueueFilters":
        """Read the filters from a query string. A value that is not one
        of the choices is left out and named in ``ignored``; nothing here
        raises."""
        reader = _Reader(params)
        departments = {item.slug: item for item in choices.departments}
        services = {item.service_code: item for item in choices.services}
        states = {OPEN_STATES, ALL_STATES, *State.values}
        department = reader.pick(
            "department", _("department"), {*departments, ALL_DEPARTMENTS}
        )
        return cls(
            department=_department(department, departments, home),
            service=services.get(reader.pick("service", _("service"), services)),
            state=reader.pick("state", _("state"), states) or OPEN_STATES,
            neighbourhood=reader.pick(
                "neighbourhood", _("neighbourhood"), dict(choices.neighbourhoods)
            ),
            due=reader.pick("due", _("deadline"), Due.values),
            assigned=reader.pick("assigned", _("assigned"), Assigned.values),
            flagged=reader.pick("flagged", _("flagged"), {"1"}) == "1",
            sort=reader.pick("sort", _("sort"), Sort.values) or Sort.DEADLINE,
            page=reader.page(),
            ignored=tuple(reader.ignored),
        )

    def query(self, page: int | None = None) -> str:
        """These filters as a query string, on ``page`` (else on theirs)."""
        department = self.department.slug if self.department else ALL_DEPARTMENTS
        pairs = [
            ("department", department),
            ("service", self.service.service_code if self.service else ""),
            ("state", "" if self.state == OPEN_STATES else self.state),
            ("neighbourhood", self.neighbourhood),
            ("due", self.due),
            ("assigned", self.assigned),
            ("flagged", "1" if self.flagged else ""),
            ("sort", "" if self.sort == Sort.DEADLINE else self.sort),
        ]
        number = self.page if page is None else page
        if number > 1:
            pairs.append(("page", str(number)))
        kept = QueryDict(mutable=True)
        for name, value in pairs:
            if value:
                kept[name] = value
        return kept.urlencode()


def _department(
    slug: str, departments: dict[str, Department], home: Department | None
) -> Department | None:
    if slug == ALL_DEPARTMENTS:
        return None
    return departments.get(slug, home)


class _Reader:
    """Reads parameters one by one, noting those it cannot use."""

    def __init__(self, params: QueryDict) -> None:
        self.params = params
        self.ignored: list[str] = []

    def pick(self, name: str, label: str, allowed: Collection[str]) -> str:
        """The parameter's value when it is one of ``allowed``, else ""."""
        value = (self.params.get(name) or "").strip()
        if not value:
            return ""
        if value in allowed:
            return value
        self.ignored.append(
            _("The %(filter)s filter was not understood and is not applied.")
            % {"filter": label}
        )
        return ""

    def page(self) -> int:
        value = (self.params.get("page") or "1").strip()
        if value.isascii() and value.isdigit() and int(value) >= 1:
            return int(value)
        self.ignored.append(
            _("The page number was not understood; showing the first page.")
        )
        return 1


# The work queue


@dataclass(frozen=True)
class QueueRow:
    request: ServiceRequest
    link: str
    neighbourhood: str  # its name, for people
    standing: Standing | None  # None when closed or without a deadline
    workable: bool  # the viewer may change it


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    overdue: int
    due_soon: int
    number: int
    pages: int
    previous_query: str | None
    next_query: str | None
    notes: tuple[str, ...] = field(default=())


def matching(
    filters: QueueFilters, *, actor: Actor, now: datetime
) -> QuerySet[ServiceRequest]:
    """The requests the filters select, unordered."""
    found = ServiceRequest.objects.all()
    if filters.department is not None:
        found = found.filter(department=filters.department)
    if filters.service is not None:
        found = found.filter(service=filters.service)
    if filters.state == OPEN_STATES:
        found = found.filter(status=Status.OPEN)
    elif filters.state != ALL_STATES:
        found = found.filter(state=filters.state)
    if filters.neighbourhood:
        found = found.filter(neighbourhood=filters.neighbourhood)
    if filters.due:
        found = found.filter(_due(filters.due, now))
    if filters.assigned == Assigned.ME:
        found = found.filter(assignee=actor.user)
    elif filters.assigned == Assigned.NOBODY:
        found = found.filter(assignee__isnull=True)
    if filters.flagged:
        found = found.filter(triage=Triage.PENDING)
    return found


def _overdue(now: datetime) -> Q:
    # As ``calendars.clock.standing`` judges it, in elapsed time: only an
    # open request can be late.
    return Q(status=Status.OPEN, expected_datetime__lt=now)


def _due_soon(now: datetime) -> Q:
    return Q(
        status=Status.OPEN,
        expected_datetime__gte=now,
        expected_datetime__lte=now + DUE_SOON,
    )


def _due(due: str, now: datetime) -> Q:
    if due == Due.OVERDUE:
        return _overdue(now)
    if due == Due.DUE_SOON:
        return _due_soon(now)
    if due == Due.NOT_DUE_SOON:
        return Q(status=Status.OPEN, expected_datetime__gt=now + DUE_SOON)
    return Q(expected_datetime__isnull=True)


def queue_page(filters: QueueFilters, *, actor: Actor, now: datetime) -> QueuePage:
    """One page of the queue with the counts of everything the filters
    match. A page past the end shows the last one, and says so. Two
    queries: the counts, then the rows."""
    found = matching(filters, actor=actor, now=now)
    counts = found.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=_overdue(now)),
        due_soon=Count("pk", filter=_due_soon(now)),
    )

    pages = max(1, math.ceil(counts["total"] / PAGE_SIZE))
    number = min(filters.page, pages)
    notes: tuple[str, ...] = ()
    if number < filters.page:
        notes = (
            _("There is no page %(asked)d; showing page %(page)d, the last.")
            % {"asked": filters.page, "page": number},
        )
    start = (number - 1) * PAGE_SIZE
    ordered = found.select_related("service", "department", "assignee")
    ordered = ordered.defer("description", "attributes").order_by(*_ORDER[filters.sort])
    names = neighbourhood_names()
    rows = [
        _row(item, actor, now, names) for item in ordered[start : start + PAGE_SIZE]
    ]

    return QueuePage(
        rows=rows,
        total=counts["total"],
        overdue=counts["overdue"],
        due_soon=counts["due_soon"],
        number=number,
        pages=pages,
        previous_query=filters.query(number - 1) if number > 1 else None,
        next_query=filters.query(number + 1) if number < pages else None,
        notes=notes,
    )


def _row(
    item: ServiceRequest, actor: Actor, now: datetime, names: dict[str, str]
) -> QueueRow:
    judged = item.status == Status.OPEN
    return QueueRow(
        request=item,
        link=request_link(item.public_id),
        neighbourhood=names.get(item.neighbourhood, ""),
        standing=standing(item.expected_datetime, now) if judged else None,
        workable=may(actor, Verb.WORK, item),
    )


# Bulk changes from the queue


@dataclass(frozen=True)
class BulkChoices:
    """What the bulk form offers; ``people`` is empty unless one
    department is viewed, since a request goes to a person of its own."""

    people: list[User]
    states: tuple[State, ...] = BULK_STATES


def bulk_choices(actor: Actor, department: Department | None) -> BulkChoices | None:
    """None when the viewer may change nothing in the view."""
    if not may(actor, Verb.WORK):
        return None
    if department is None:
        return BulkChoices(people=[])
    # A request of that department, never saved, asks the permission rules
    # themselves rather than repeating them here.
    if not may(actor, Verb.WORK, ServiceRequest(department=department)):
        return None
    return BulkChoices(people=assignable_people(department))


def assignable_people(department: Department) -> list[User]:
    """Staff and managers of ``department``: the only people its requests
    may be assigned to."""
    return list(
        User.objects.filter(
            is_active=True,
            staff__department=department,
            staff__role__in=DEPARTMENT_ROLES,
        )
        .select_related("staff")
        .order_by("username")
    )


def person(pk: str) -> User | None:
    """An active account by id, with its staff row."""
    if not pk.isascii() or not pk.isdigit():
        return None
    found = User.objects.filter(pk=int(pk), is_active=True).select_related("staff")
    return found.first()


def requests_by_public_id(public_ids: Sequence[str]) -> dict[str, ServiceRequest]:
    """The requests that exist among ``public_ids``, by public id."""
    pks = [pk for pk in map(publicid.decode, public_ids) if pk is not None]
    found = ServiceRequest.objects.filter(pk__in=pks)
    return {item.public_id: item for item in found.select_related("department")}


# The triage queue


@dataclass(frozen=True)
class TriageRow:
    request: ServiceRequest
    link: str
    kinds: list[str]


@dataclass(frozen=True)
class TriagePage:
    rows: list[TriageRow]
    total: int


def triage_page() -> TriagePage:
    """The oldest flagged requests waiting for review, at most
    ``TRIAGE_LIMIT``, and how many wait in all."""
    waiting = triage_queue()
    shown = waiting.select_related("service", "department")
    shown = shown.defer("description", "attributes")
    rows = [
        TriageRow(
            request=item,
            link=request_link(item.public_id),
            kinds=emergency_labels(item.emergency_kinds),
        )
        for item in shown[:TRIAGE_LIMIT]
    ]
    total = len(rows) if len(rows) < TRIAGE_LIMIT else waiting.count()
    return TriagePage(rows=rows, total=total)


def emergency_labels(kinds: Sequence[str]) -> list[str]:
    return kind_labels(kinds)


# Search


@dataclass(frozen=True)
class SearchHit:
    request: ServiceRequest
    link: str
    matched: list[str]  # which fields matched, for people


_FIELD_LABELS = {
    "email": gettext_lazy("caller's email"),
    "phone": gettext_lazy("caller's phone"),
    "address": gettext_lazy("address"),
    "description": gettext_lazy("description"),
}
# Separators people write phone numbers with; stripped before comparing.
_PHONE_SEPARATORS = " -().+/"


def existing_public_id(text: str) -> str | None:
    """``text`` as the public id of a request that exists, else None."""
    pk = publicid.decode(text)
    if pk is None or not ServiceRequest.objects.filter(pk=pk).exists():
        return None
    return publicid.encode(pk)


def search_requests(text: str) -> list[SearchHit]:
    """Requests whose caller's email or phone is ``text``, or whose
    address or description contains it; newest first, at most
    ``SEARCH_LIMIT``. One query."""
    conditions = _search_conditions(text)
    flags = {
        f"by_{name}": models.Case(
            models.When(condition, then=models.Value(True)),
            default=models.Value(False),
            output_field=models.BooleanField(),
        )
        for name, condition in conditions.items()
    }
    found = (
        ServiceRequest.objects.annotate(contact_digits=_digits_of("contact__phone"))
        .filter(functools.reduce(operator.or_, conditions.values()))
        .annotate(**flags)
        .select_related("service", "department")
        .defer("attributes")
        .order_by("-requested_datetime", "-id")
    )
    return [
        SearchHit(
            request=item,
            link=request_link(item.public_id),
            matched=[
                str(_FIELD_LABELS[name])
                for name in conditions
                if getattr(item, f"by_{name}")
            ],
        )
        for item in found[:SEARCH_LIMIT]
    ]


def _search_conditions(text: str) -> dict[str, Q]:
    conditions = {}
    if "@" in text:
        conditions["email"] = Q(contact__email__iexact=text)
    digits = re.sub(r"\D", "", text)
    if len(digits) >= MIN_PHONE_DIGITS:
        # A number given without its country code still finds one stored
        # with it.
        conditions["phone"] = Q(contact_digits__endswith=digits)
    conditions["address"] = Q(address__icontains=text)
    conditions["description"] = Q(description__icontains=text)
    return conditions


def _digits_of(column: str) -> Combinable:
    expression: Combinable = F(column)
    for separator in _PHONE_SEPARATORS:
        expression = Replace(expression, models.Value(separator), models.Value(""))
    return expression
