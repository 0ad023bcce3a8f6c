"""What the request page shows: one request with everything known about it,
read in a fixed number of queries however long its history is, and the
actions the person looking at it may take there."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from civic311.calendars import clock
from civic311.calendars.queries import calendar_for
from civic311.catalog.models import LIST_DATATYPES, Department, ServiceAttribute
from civic311.console.models import ResponseTemplate
from civic311.lib import publicid
from civic311.lib.actors import Actor
from civic311.people.models import DEPARTMENT_ROLES
from civic311.people.permissions import Verb, may
from civic311.routing.models import OutsideAgency
from civic311.servicerequests import workflow
from civic311.servicerequests.models import (
    ClockPause,
    EventKind,
    HoldReason,
    RequestContact,
    RequestEvent,
    ServiceRequest,
    State,
    Status,
    Triage,
)
from civic311.servicerequests.queries import LikelyDuplicate, likely_duplicates
from civic311.triage import kind_labels

# Moves with an action of their own (assign, refer, merge), offered by
# their own forms rather than as a plain change of status.
OWN_ACTION = frozenset({State.ASSIGNED, State.REFERRED, State.DUPLICATE})
# Moves only managers make (``people.permissions``); everything else in
# the workflow is everyday work.
MANAGER_MOVES = frozenset({State.CLOSED, State.CANCELLED, State.REOPENED})


# Loading --------------------------------------------------------------------


def request_numbered(public_id: str) -> ServiceRequest | None:
    """The request an action works on, or None when ``public_id`` is
    malformed or unknown."""
    pk = publicid.decode(public_id)
    if pk is None:
        return None
    found = ServiceRequest.objects.select_related("service", "department")
    return found.filter(pk=pk).first()


def request_for_page(public_id: str) -> ServiceRequest | None:
    """Like ``request_numbered``, with everything the page shows fetched
    along: a fixed number of queries whatever the history's length."""
    pk = publicid.decode(public_id)
    if pk is None:
        return None
    related = ("service", "department", "assignee", "referred_to", "parent")
    found = (
        ServiceRequest.objects.select_related(*related, "contact")
        .prefetch_related(
            "events",
            "media",
            "pauses",
            "service__attributes__values",
            Prefetch(
                "duplicates",
                queryset=ServiceRequest.objects.order_by("requested_datetime", "id"),
            ),
        )
        .filter(pk=pk)
    )
    return found.first()


def department_person(request: ServiceRequest, user_id: str) -> User | None:
    """A staff member or manager of the request's department, by id."""
    pk = _row_id(user_id)
    if pk is None:
        return None
    return _department_people(request).filter(pk=pk).first()


def other_department(request: ServiceRequest, department_id: str) -> Department | None:
    pk = _row_id(department_id)
    if pk is None:
        return None
    found = Department.objects.exclude(pk=request.department_id)
    return found.filter(pk=pk).first()


def _row_id(text: str) -> int | None:
    # Posted by a browser, so anything: only a number a column can hold
    # reaches the database.
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def active_agency(slug: str) -> OutsideAgency | None:
    return OutsideAgency.objects.filter(slug=slug, active=True).first()


def _department_people(request: ServiceRequest) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            staff__department_id=request.department_id,
            staff__role__in=DEPARTMENT_ROLES,
        )
        .select_related("staff")
        .order_by("username")
    )


# The page -------------------------------------------------------------------


@dataclass(frozen=True)
class ClockView:
    requested: datetime
    expected: datetime | None
    closed: datetime | None
    words: str  # "overdue", "due soon", "on time", "late", …
    tag: str  # the CSS class that goes with the words
    pauses: list[ClockPause]


@dataclass(frozen=True)
class Place:
    address: str
    zipcode: str
    neighbourhood: str
    lat: float | None
    long: float | None


@dataclass(frozen=True)
class Photo:
    url: str
    alt: str


@dataclass(frozen=True)
class AnswerView:
    question: str
    answer: str


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    at: datetime
    public: bool
    what: str
    actor: str
    changes: list[str]
    note: str


@dataclass(frozen=True)
class MoveOffer:
    state: State
    label: str
    needs: str  # what the move asks for, in words


@dataclass(frozen=True)
class Offers:
    """What the person may do to the request, as the workflow stands."""

    moves: list[MoveOffer]
    assignees: list[User]
    departments: list[Department]
    agencies: list[OutsideAgency]
    merge: bool
    note: bool
    triage: bool

    @property
    def hold_reasons(self) -> list[tuple[str, str]]:
        """What a hold may wait on, when putting on hold is offered."""
        if not any(offer.state == State.ON_HOLD for offer in self.moves):
            return []
        return [(value, str(label)) for value, label in HoldReason.choices]

    @property
    def any(self) -> bool:
        return bool(
            self.moves
            or self.assignees
            or self.departments
            or self.agencies
            or self.merge
            or self.note
            or self.triage
        )


@dataclass(frozen=True)
class TemplateOffer:
    """A response template fit for this request, its text filled in."""

    id: int
    label: str
    state: str
    text: str


@dataclass(frozen=True)
class RequestPage:
    request: ServiceRequest
    service_name: str
    department_name: str
    clock: ClockView
    emergency_kinds: list[str]
    place: Place
    photos: list[Photo]
    answers: list[AnswerView]
    contact: RequestContact | None
    subscriptions: int
    merged: list[ServiceRequest]
    likely: list[LikelyDuplicate]
    timeline: list[Entry]
    offers: Offers
    state_templates: list[TemplateOffer]
    note_templates: list[TemplateOffer]


def request_page(
    actor: Actor,
    request: ServiceRequest,
    *,
    language: str,
    now: datetime | None = None,
) -> RequestPage:
    """Everything the page shows about ``request`` (loaded with
    ``request_for_page``), catalog text in ``language``."""
    now = now or timezone.now()
    offers = offers_for(actor, request)
    state_templates, note_templates = _templates(request, offers)
    return RequestPage(
        request=request,
        service_name=request.service.translated("service_name", language),
        department_name=request.department.translated_name(language),
        clock=_clock(request, now),
        emergency_kinds=kind_labels(request.emergency_kinds),
        place=_place(request),
        photos=_photos(request),
        answers=answers(request, language),
        contact=getattr(request, "contact", None),
        subscriptions=request.subscriptions.count(),
        merged=list(request.duplicates.all()),
        likely=_likely(request),
        timeline=timeline(list(request.events.all())),
        offers=offers,
        state_templates=state_templates,
        note_templates=note_templates,
    )


def _clock(request: ServiceRequest, now: datetime) -> ClockView:
    pauses = list(request.pauses.all())
    words, tag = _standing(request, now, paused=any(p.ended is None for p in pauses))
    return ClockView(
        requested=request.requested_datetime,
        expected=request.expected_datetime,
        closed=request.closed_datetime,
        words=words,
        tag=tag,
        pauses=pauses,
    )


def _standing(
    request: ServiceRequest, now: datetime, *, paused: bool
) -> tuple[str, str]:
    if request.status == Status.CLOSED:
        if request.on_time is None:
            return "", ""
        return (_("on time"), "on-time") if request.on_time else (_("late"), "late")
    if paused:
        return _("paused: waiting on the resident"), "paused"
    calendar = calendar_for(request.department)
    found = clock.standing(request.expected_datetime, now, calendar=calendar)
    if found == "overdue":
        return _("overdue"), "overdue"
    if found == "due_soon":
        return _("due soon"), "due-soon"
    if found == "fine":
        return _("on time"), "on-time"
    return _("no timeframe"), ""


def _place(request: ServiceRequest) -> Place:
    geography = settings.CITY.geography
    return Place(
        address=request.address,
        zipcode=request.zipcode,
        neighbourhood=geography.neighbourhood_name(request.neighbourhood)
        or request.neighbourhood,
        lat=request.lat,
        long=request.long,
    )


def _photos(request: ServiceRequest) -> list[Photo]:
    return [
        Photo(
            url=item.file.url,
            alt=_("Photo %(number)d of request %(id)s")
            % {"number": number, "id": request.public_id},
        )
        for number, item in enumerate(request.media.all(), start=1)
    ]


def answers(request: ServiceRequest, language: str | None) -> list[AnswerView]:
    """The answers to the service's questions, in the questions' order,
    with the questions' texts and the chosen values' names. Answers to
    questions the service no longer asks keep their code."""
    given = request.attributes or {}
    questions = {a.code: a for a in request.service.attributes.all()}
    shown = [
        AnswerView(
            question=attribute.translated("description", language),
            answer=_answer_text(attribute, given[code], language),
        )
        for code, attribute in questions.items()
        if code in given
    ]
    shown += [
        AnswerView(question=code, answer=_joined(value))
        for code, value in given.items()
        if code not in questions
    ]
    return shown


def _answer_text(
    attribute: ServiceAttribute, value: object, language: str | None
) -> str:
    if attribute.datatype not in LIST_DATATYPES:
        return _joined(value)
    names = {v.key: v.translated("name", language) for v in attribute.values.all()}
    keys = value if isinstance(value, list) else [value]
    return ", ".join(names.get(str(key), str(key)) for key in keys)


def _joined(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _likely(request: ServiceRequest) -> list[LikelyDuplicate]:
    if request.state not in workflow.WORKING:
        return []
    # Counted from when this request came in, so that an old request
    # still finds the ones filed around it and after it.
    return likely_duplicates(
        request.service,
        request.lat,
        request.long,
        now=request.requested_datetime,
        exclude=request,
    )


# The timeline ---------------------------------------------------------------


def timeline(events: list[RequestEvent]) -> list[Entry]:
    """History in order, each change in words. People and departments the
    changes name are read in one query each, however many there are."""
    people = _usernames(events)
    departments = _department_names(events)
    return [
        Entry(
            at=event.at,
            public=event.public,
            what=str(EventKind(event.kind).label),
            actor=event.actor_label,
            changes=[
                _change_text(name, pair, people, departments)
                for name, pair in (event.changes or {}).items()
            ],
            note=event.note,
        )
        for event in events
    ]


def _usernames(events: list[RequestEvent]) -> dict[object, str]:
    ids = {
        pk
        for event in events
        for pk in (event.changes or {}).get("assignee", [])
        if pk is not None
    }
    if not ids:
        return {}
    found = User.objects.filter(pk__in=ids).values_list("pk", "username")
    return dict(found)


def _department_names(events: list[RequestEvent]) -> dict[object, str]:
    slugs = {
        slug
        for event in events
        for slug in (event.changes or {}).get("department", [])
        if slug
    }
    if not slugs:
        return {}
    return dict(Department.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _change_text(
    name: str,
    pair: list[object],
    people: dict[object, str],
    departments: dict[object, str],
) -> str:
    before, after = [*pair, None, None][:2]
    if name == "state":
        return _("Status: %(before)s → %(after)s") % {
            "before": _label(State, before),
            "after": _label(State, after),
        }
    if name == "assignee":
        return _("Assigned to %(person)s") % {"person": people.get(after, after)}
    if name == "department":
        return _("Department: %(before)s → %(after)s") % {
            "before": departments.get(before, before),
            "after": departments.get(after, after),
        }
    if name == "duplicate":
        return _("Request %(id)s merged into this one") % {"id": after}
    if name == "triage":
        return _("Emergency flag: %(before)s → %(after)s") % {
            "before": _label(Triage, before),
            "after": _label(Triage, after),
        }
    return _("%(field)s: %(before)s → %(after)s") % {
        "field": name,
        "before": before,
        "after": after,
    }


def _label(choices: type[State] | type[Triage], value: object) -> str:
    labels = dict(choices.choices)
    return str(labels.get(str(value), value))


# What the person may do -----------------------------------------------------


def offers_for(actor: Actor, request: ServiceRequest) -> Offers:
    """The actions to show: those ``may`` allows this actor on this
    request and the workflow allows from its state."""
    following = workflow.next_states(request.state)
    works = may(actor, Verb.WORK, request)
    can_assign = works and (
        State.ASSIGNED in following
        or request.state in (State.ASSIGNED, State.IN_PROGRESS)
    )
    reassign = may(actor, Verb.MANAGE, request) and request.status == Status.OPEN
    refer = works and State.REFERRED in following
    return Offers(
        moves=[
            _move_offer(request, state)
            for state in following
            if state not in OWN_ACTION and may(actor, _verb(state), request)
        ],
        assignees=list(_department_people(request)) if can_assign else [],
        departments=_other_departments(request) if reassign else [],
        agencies=list(OutsideAgency.objects.filter(active=True)) if refer else [],
        merge=works and request.state in workflow.WORKING,
        note=may(actor, Verb.NOTE, request),
        triage=may(actor, Verb.TRIAGE, request) and request.triage == Triage.PENDING,
    )


def _verb(state: State) -> Verb:
    return Verb.MANAGE if state in MANAGER_MOVES else Verb.WORK


def _other_departments(request: ServiceRequest) -> list[Department]:
    return list(Department.objects.exclude(pk=request.department_id))


def _move_offer(request: ServiceRequest, state: State) -> MoveOffer:
    needs = workflow.move(request.state, state) or workflow.Move()
    if state == State.ON_HOLD:
        words = _(
            "needs a reason and what it waits on; waiting on the resident "
            "also needs a public note"
        )
    elif needs.reason and needs.public_note:
        words = _("needs a reason and a public note")
    elif needs.reason:
        words = _("needs a reason")
    elif needs.public_note:
        words = _("needs a public note")
    else:
        words = ""
    return MoveOffer(state=state, label=str(state.label), needs=words)


# Response templates ---------------------------------------------------------


def _templates(
    request: ServiceRequest, offers: Offers
) -> tuple[list[TemplateOffer], list[TemplateOffer]]:
    """Templates for the status form (those for one of the offered moves,
    or for any note) and for the note form (those for any note)."""
    states = {offer.state for offer in offers.moves}
    if not (states or offers.note):
        return [], []
    fitting = ResponseTemplate.objects.filter(
        Q(service__isnull=True) | Q(service_id=request.service_id),
        Q(state="") | Q(state__in=states),
        active=True,
    )
    values = placeholder_values(request)
    shown = [_template_offer(row, request, values) for row in fitting]
    state_templates = shown if states else []
    note_templates = [t for t in shown if not t.state] if offers.note else []
    return state_templates, note_templates


def _template_offer(
    row: ResponseTemplate, request: ServiceRequest, values: dict[str, str]
) -> TemplateOffer:
    title = row.translated("title", translation.get_language())
    if row.state:
        title = _("%(state)s: %(title)s") % {
            "state": capfirst(State(row.state).label),
            "title": title,
        }
    # The resident reads the note, so the text is in their language.
    text = row.filled(request.language, values)
    return TemplateOffer(id=row.pk, label=title, state=row.state, text=text)


def placeholder_values(request: ServiceRequest) -> dict[str, str]:
    """What a template's placeholders stand for, in the resident's language.
    Without a deadline ``%(expected)s`` stays as written, for the person
    to replace."""
    values = {
        "request_id": request.public_id,
        "service": request.service.translated("service_name", request.language),
    }
    if request.expected_datetime is not None:
        local = timezone.localtime(
            request.expected_datetime, ZoneInfo(settings.CITY.time_zone)
        )
        with translation.override(request.language):
            values["expected"] = formats.date_format(local, "DATE_FORMAT")
    return values


def chosen_template(
    page: RequestPage, template_id: str, target: str
) -> TemplateOffer | None:
    """The offered template ``template_id`` for the ``target`` form
    ("state" or "note"), or None when it is not on offer there."""
    offered = page.state_templates if target == "state" else page.note_templates
    return next((t for t in offered if str(t.id) == template_id), None)
