"""Every change to a service request goes through a function here.

Each action takes the actor who does it, checks that the actor may
(``civic311.people.permissions``) and that the workflow allows it
(``civic311.servicerequests.workflow``), changes the request in one
transaction and writes the change to the request's history. A refused
action raises ``NotAllowed`` or ``InvalidInput`` and changes nothing.
"""

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civic311.calendars.queries import deadline_for
from civic311.catalog.models import Department
from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput, Problem
from civic311.people.models import DEPARTMENT_ROLES
from civic311.people.permissions import NotAllowed, Verb, require, role_of
from civic311.residents import notices
from civic311.routing.models import OutsideAgency
from civic311.routing.queries import route
from civic311.servicerequests import workflow
from civic311.servicerequests.changes import count_change
from civic311.servicerequests.intake import Checked, CheckedMedia, Intake, check_intake
from civic311.servicerequests.models import (
    ClockPause,
    EventKind,
    HoldReason,
    RequestContact,
    RequestEvent,
    RequestMedia,
    ServiceRequest,
    State,
    Status,
    Subscription,
    Triage,
    public_status,
)

logger = logging.getLogger(__name__)

MAX_NOTE = 4000

# Moves that need more than a state: each has its own action.
_OWN_ACTION = {
    State.ASSIGNED: "assign_request",
    State.REFERRED: "refer_request",
    State.DUPLICATE: "merge_request",
}
# Verbs by target state; the rest are everyday work.
_MANAGER_MOVES = frozenset({State.CLOSED, State.CANCELLED, State.REOPENED})
# Closing states that answer the request; the others send it elsewhere.
_RESOLUTIONS = frozenset({State.RESOLVED, State.CLOSED})


def submit_request(*, actor: Actor, intake: Intake) -> ServiceRequest:
    """Check ``intake`` and file it as a new request: routed, on the clock,
    in its neighbourhood, flagged when it reads like an emergency.

    Raises InvalidInput listing every problem; then nothing is stored.
    """
    require(actor, Verb.SUBMIT)
    checked = check_intake(intake)
    if checked.problems:
        raise InvalidInput(checked.problems)

    now = timezone.now()
    requested = intake.requested_at or now
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            request = _create(intake, checked, requested, actor)
            stored_files = _attach_media(request, checked.media, now)
            if stored_files and not request.media_url:
                # The first photo stands for the request where a client
                # reads only the single GeoReport media_url.
                request.media_url = default_storage.url(stored_files[0])
                if request.media_url.startswith("/"):
                    request.media_url = settings.SITE_URL + request.media_url
                request.save(update_fields=["media_url"])
            _keep_contact(request, intake, requested)
            _record(request, actor, EventKind.SUBMITTED, at=requested, public=True)
    except Exception:
        for name in stored_files:
            default_storage.delete(name)
        raise

    logger.info(
        "request %s submitted: service=%s channel=%s department=%s triage=%s",
        request.public_id,
        intake.service.service_code,
        intake.channel,
        request.department.slug,
        request.triage or "-",
    )
    return request


def _create(
    intake: Intake, checked: Checked, requested: datetime, actor: Actor
) -> ServiceRequest:
    location = intake.location
    neighbourhood = checked.place.neighbourhood
    department = route(intake.service, neighbourhood, checked.answers)
    return ServiceRequest.objects.create(
        service=intake.service,
        department=department,
        state=State.SUBMITTED,
        status=Status.OPEN,
        description=intake.description,
        lat=location.lat,
        long=location.long,
        address=location.address,
        address_id=location.address_id,
        zipcode=location.zipcode,
        neighbourhood=neighbourhood,
        media_url=intake.media_url,
        attributes=checked.answers,
        channel=intake.channel,
        language=intake.language,
        api_client=actor.api_client,
        token=uuid.uuid4(),
        triage=Triage.PENDING if checked.triage.emergency else Triage.NONE,
        emergency_kinds=list(checked.triage.kinds),
        requested_datetime=requested,
        updated_datetime=requested,
        expected_datetime=deadline_for(intake.service, department, requested),
    )


def _keep_contact(request: ServiceRequest, intake: Intake, at: datetime) -> None:
    contact = intake.contact
    if not contact.is_given():
        return
    RequestContact.objects.create(request=request, **vars(contact))
    if intake.keep_informed and (contact.email or contact.phone):
        Subscription.objects.create(
            request=request,
            email=contact.email,
            phone=contact.phone,
            language=intake.language,
            origin=Subscription.Origin.REPORTED,
            created_at=at,
        )


def _attach_media(
    request: ServiceRequest, media: list[CheckedMedia], now: datetime
) -> list[str]:
    stored = []
    for item in media:
        row = RequestMedia(
            request=request,
            content_type=item.content_type,
            size=item.upload.size or 0,
            uploaded_at=now,
        )
        extension = item.content_type.split("/")[1].replace("jpeg", "jpg")
        row.file.save(f"{uuid.uuid4().hex}.{extension}", item.upload, save=False)
        stored.append(row.file.name)
        row.save()
    return stored


def change_state(
    *,
    actor: Actor,
    request: ServiceRequest,
    state: State,
    note: str = "",
    reason: str = "",
    hold_reason: str = "",
    at: datetime | None = None,
) -> ServiceRequest:
    """Move ``request`` to ``state``.

    ``note`` is public: the resident reads it as the request's status
    notes. ``reason`` is internal and stays in history. Some moves need
    one or both (``workflow.TRANSITIONS``); going on hold needs a
    ``hold_reason``. Assigning, referring and merging have their own
    actions.
    """
    state = State(state)
    require(actor, Verb.MANAGE if state in _MANAGER_MOVES else Verb.WORK, request)
    if state in _OWN_ACTION:
        raise InvalidInput(
            [
                Problem(
                    "state",
                    _("Use %(action)s to move a request to %(state)s.")
                    % {"action": _OWN_ACTION[state], "state": state.label},
                )
            ]
        )
    _check_move(request, state, note=note, reason=reason, hold_reason=hold_reason)

    at = at or timezone.now()
    with transaction.atomic():
        _lock(request)
        _check_move(request, state, note=note, reason=reason, hold_reason=hold_reason)
        before = request.state
        _move(request, actor, state, at=at, note=note, reason=reason)
        request.hold_reason = hold_reason if state == State.ON_HOLD else ""
        if state == State.ACKNOWLEDGED:
            request.assignee = None  # given back to the department
        if before == State.DUPLICATE:
            _unmerge(request)
        _follow_clock(request, state, at)
        request.save()
    return request


def _unmerge(request: ServiceRequest) -> None:
    """A duplicate reopened stands on its own again; its parent no longer
    counts its reports. Its reporters stay subscribed to the parent."""
    if request.parent_id is None:
        return
    ServiceRequest.objects.filter(pk=request.parent_id).update(
        reports=F("reports") - request.reports
    )
    request.parent = None


def _check_move(
    request: ServiceRequest,
    state: State,
    *,
    note: str,
    reason: str,
    hold_reason: str,
) -> None:
    needs = workflow.move(request.state, state)
    if needs is None:
        raise InvalidInput(
            [
                Problem(
                    "state",
                    _("A request that is %(before)s cannot become %(after)s.")
                    % {"before": State(request.state).label, "after": state.label},
                )
            ]
        )
    problems = []
    if state == State.ON_HOLD:
        if hold_reason not in HoldReason.values:
            problems.append(
                Problem("hold_reason", _("Say what the request is waiting on."))
            )
        elif hold_reason == HoldReason.RESIDENT:
            needs = workflow.HOLD_FOR_RESIDENT
    if needs.reason and not reason.strip():
        problems.append(Problem("reason", _("Give a reason for this change.")))
    if needs.public_note and not note.strip():
        problems.append(
            Problem("note", _("Write a note for the resident about this change."))
        )
    problems += _length_problems(note=note, reason=reason)
    if problems:
        raise InvalidInput(problems)


def _length_problems(**texts: str) -> list[Problem]:
    return [
        Problem(
            name,
            _("This text is longer than %(limit)d characters.") % {"limit": MAX_NOTE},
        )
        for name, text in texts.items()
        if len(text) > MAX_NOTE
    ]


def _lock(request: ServiceRequest) -> None:
    """Reload ``request`` under a row lock, so that two people acting at
    once take turns and the second sees the first one's change."""
    fresh = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    for field in ServiceRequest._meta.concrete_fields:
        setattr(request, field.attname, getattr(fresh, field.attname))


def _move(
    request: ServiceRequest,
    actor: Actor,
    state: State,
    *,
    at: datetime,
    note: str = "",
    reason: str = "",
) -> None:
    """Set the state and what follows from it, and record it; the caller
    saves the request."""
    before = request.state
    status = public_status(state)
    request.state = state
    request.status = status
    request.updated_datetime = at
    request.closed_datetime = at if status == Status.CLOSED else None
    if note:
        request.status_notes = note
    if status == Status.OPEN:
        request.on_time = None
    elif state in _RESOLUTIONS and request.on_time is None:
        request.on_time = _on_time(request, at)

    _record(
        request,
        actor,
        EventKind.STATE_CHANGED,
        at=at,
        public=True,
        changes={"state": [before, state]},
        note=note,
    )
    if reason:
        _record(request, actor, EventKind.NOTE, at=at, public=False, note=reason)
    logger.info("request %s moved %s -> %s", request.public_id, before, state)


def _on_time(request: ServiceRequest, at: datetime) -> bool | None:
    expected = request.expected_datetime
    return None if expected is None else at <= expected


def _follow_clock(request: ServiceRequest, state: State, at: datetime) -> None:
    """Stop the clock while the request waits on the resident, where the
    service allows it; start it again, later by the pause, afterwards."""
    open_pause = ClockPause.objects.filter(request=request, ended__isnull=True).first()
    waiting = state == State.ON_HOLD and request.hold_reason == HoldReason.RESIDENT
    if waiting and open_pause is None and request.service.pause_clock_on_hold:
        ClockPause.objects.create(request=request, started=at)
    elif not waiting and open_pause is not None:
        open_pause.ended = at
        open_pause.save(update_fields=["ended"])
        request.expected_datetime = _deadline(request, request.department)


def _deadline(request: ServiceRequest, department: Department) -> datetime | None:
    pauses = [(p.started, p.ended) for p in request.pauses.all()]
    return deadline_for(request.service, department, request.requested_datetime, pauses)


def assign_request(
    *,
    actor: Actor,
    request: ServiceRequest,
    assignee: AbstractBaseUser,
    note: str = "",
    at: datetime | None = None,
) -> ServiceRequest:
    """Give ``request`` to a person of its department. A request already
    assigned or in progress keeps its state and changes hands."""
    require(actor, Verb.WORK, request)
    at = at or timezone.now()
    with transaction.atomic():
        _lock(request)
        _check_assignee(request, assignee)
        before = request.assignee_id
        if request.state not in (State.ASSIGNED, State.IN_PROGRESS):
            _check_move(request, State.ASSIGNED, note=note, reason="", hold_reason="")
            _move(request, actor, State.ASSIGNED, at=at, note=note)
            _follow_clock(request, State.ASSIGNED, at)
        request.assignee = assignee  # type: ignore[assignment]
        request.updated_datetime = at
        request.save()
        _record(
            request,
            actor,
            EventKind.ASSIGNED,
            at=at,
            public=False,
            changes={"assignee": [before, assignee.pk]},
        )
    logger.info("request %s assigned", request.public_id)
    return request


def _check_assignee(request: ServiceRequest, assignee: AbstractBaseUser) -> None:
    staff = getattr(assignee, "staff", None)
    works_here = (
        role_of(assignee) in DEPARTMENT_ROLES
        and staff is not None
        and staff.department_id == request.department_id
    )
    if not works_here:
        raise InvalidInput(
            [
                Problem(
                    "assignee",
                    _("%(user)s does not work in %(department)s.")
                    % {
                        "user": assignee.get_username(),
                        "department": request.department.name,
                    },
                )
            ]
        )


def reassign_request(
    *,
    actor: Actor,
    request: ServiceRequest,
    department: Department,
    reason: str,
    at: datetime | None = None,
) -> ServiceRequest:
    """Send an open request to another department.

    History and the clock go with it: the deadline is counted again from
    the same start, on the new department's calendar. Whoever had it
    assigned no longer has it.
    """
    require(actor, Verb.MANAGE, request)
    problems = _length_problems(reason=reason)
    if not reason.strip():
        problems.append(Problem("reason", _("Give a reason for this change.")))
    if request.status != Status.OPEN:
        problems.append(
            Problem("department", _("Only an open request can be reassigned."))
        )
    if department.pk == request.department_id:
        problems.append(
            Problem("department", _("The request is in that department already."))
        )
    if problems:
        raise InvalidInput(problems)

    at = at or timezone.now()
    with transaction.atomic():
        _lock(request)
        before = request.department
        if request.state in (State.ASSIGNED, State.IN_PROGRESS):
            _move(request, actor, State.ACKNOWLEDGED, at=at)
        request.department = department
        request.assignee = None
        request.updated_datetime = at
        request.expected_datetime = _deadline(request, department)
        request.save()
        _record(
            request,
            actor,
            EventKind.REASSIGNED,
            at=at,
            public=True,
            changes={"department": [before.slug, department.slug]},
        )
        _record(request, actor, EventKind.NOTE, at=at, public=False, note=reason)
    logger.info(
        "request %s reassigned %s -> %s",
        request.public_id,
        before.slug,
        department.slug,
    )
    return request


def refer_request(
    *,
    actor: Actor,
    request: ServiceRequest,
    agency: OutsideAgency,
    note: str = "",
    at: datetime | None = None,
) -> ServiceRequest:
    """Close ``request`` as the business of an agency outside the city.

    The public notes name the agency and how to reach it, then ``note``.
    """
    require(actor, Verb.WORK, request)
    referral = _("This is handled by %(agency)s.") % {"agency": agency.name}
    reach = " ".join(part for part in (agency.website, agency.phone) if part)
    public = " ".join(part for part in (referral, reach, note.strip()) if part)
    _check_move(request, State.REFERRED, note=public, reason="", hold_reason="")

    at = at or timezone.now()
    with transaction.atomic():
        _lock(request)
        _check_move(request, State.REFERRED, note=public, reason="", hold_reason="")
        request.referred_to = agency
        _move(request, actor, State.REFERRED, at=at, note=public)
        _follow_clock(request, State.REFERRED, at)
        request.save()
    return request


def merge_request(
    *,
    actor: Actor,
    duplicate: ServiceRequest,
    parent: ServiceRequest,
    at: datetime | None = None,
) -> ServiceRequest:
    """Close ``duplicate`` as a report of ``parent``.

    The duplicate's reporters are kept informed about the parent from now
    on, and the parent counts their reports. Returns the parent.
    """
    require(actor, Verb.WORK, duplicate)
    require(actor, Verb.VIEW, parent)
    _check_merge(duplicate, parent)

    at = at or timezone.now()
    note = _("Already reported as request %(id)s; follow it for updates.") % {
        "id": parent.public_id
    }
    with transaction.atomic():
        _lock(parent)
        _lock(duplicate)
        _check_merge(duplicate, parent)
        duplicate.parent = parent
        _move(duplicate, actor, State.DUPLICATE, at=at, note=note)
        _follow_clock(duplicate, State.DUPLICATE, at)
        duplicate.save()

        # Reports merged into the duplicate earlier follow it.
        ServiceRequest.objects.filter(parent=duplicate).update(parent=parent)
        _subscribe_reporters(duplicate, parent, at)
        ServiceRequest.objects.filter(pk=parent.pk).update(
            reports=F("reports") + duplicate.reports, updated_datetime=at
        )
        parent.refresh_from_db(fields=["reports", "updated_datetime"])
        _record(
            parent,
            actor,
            EventKind.MERGED,
            at=at,
            public=True,
            changes={"duplicate": [None, duplicate.public_id]},
        )
    logger.info("request %s merged into %s", duplicate.public_id, parent.public_id)
    return parent


def _check_merge(duplicate: ServiceRequest, parent: ServiceRequest) -> None:
    problem = None
    if duplicate.pk == parent.pk:
        problem = _("A request cannot be a duplicate of itself.")
    elif parent.status != Status.OPEN:
        problem = _("Request %(id)s is closed; merge into an open request.") % {
            "id": parent.public_id
        }
    elif duplicate.state not in workflow.WORKING:
        problem = _("Request %(id)s is closed already.") % {"id": duplicate.public_id}
    if problem:
        raise InvalidInput([Problem("parent", problem)])


def _subscribe_reporters(
    duplicate: ServiceRequest, parent: ServiceRequest, at: datetime
) -> None:
    known = {
        (row.email.lower(), row.phone)
        for row in Subscription.objects.filter(request=parent)
    }
    for row in Subscription.objects.filter(request=duplicate):
        if (row.email.lower(), row.phone) in known:
            continue
        known.add((row.email.lower(), row.phone))
        Subscription.objects.create(
            request=parent,
            email=row.email,
            phone=row.phone,
            language=row.language,
            origin=Subscription.Origin.DUPLICATE,
            created_at=at,
        )


def add_note(
    *,
    actor: Actor,
    request: ServiceRequest,
    note: str,
    public: bool,
    at: datetime | None = None,
) -> RequestEvent:
    """Add a note to the request's history; a public one also becomes the
    request's status notes."""
    require(actor, Verb.NOTE, request)
    problems = _length_problems(note=note)
    if not note.strip():
        problems.append(Problem("note", _("The note is empty.")))
    if problems:
        raise InvalidInput(problems)

    at = at or timezone.now()
    with transaction.atomic():
        _lock(request)
        request.updated_datetime = at
        fields = ["updated_datetime"]
        if public:
            request.status_notes = note
            fields.append("status_notes")
        request.save(update_fields=fields)
        return _record(request, actor, EventKind.NOTE, at=at, public=public, note=note)


def review_triage(
    *,
    actor: Actor,
    request: ServiceRequest,
    emergency: bool,
    note: str,
    at: datetime | None = None,
) -> ServiceRequest:
    """Take a flagged request out of the triage queue: a real emergency
    (sent on to 911 or the police) or not one (back to its department's
    queue, its clock unchanged)."""
    require(actor, Verb.TRIAGE, request)
    problems = _length_problems(note=note)
    if request.triage != Triage.PENDING:
        problems.append(Problem("triage", _("This request is not waiting for triage.")))
    if not note.strip():
        problems.append(Problem("note", _("Say what was done.")))
    if problems:
        raise InvalidInput(problems)

    at = at or timezone.now()
    verdict = Triage.CONFIRMED if emergency else Triage.DISMISSED
    with transaction.atomic():
        _lock(request)
        request.triage = verdict
        request.updated_datetime = at
        request.save(update_fields=["triage", "updated_datetime"])
        _record(
            request,
            actor,
            EventKind.TRIAGED,
            at=at,
            public=False,
            changes={"triage": [Triage.PENDING, verdict]},
            note=note,
        )
    logger.info("request %s triaged: %s", request.public_id, verdict)
    return request


def _record(
    request: ServiceRequest,
    actor: Actor,
    kind: EventKind,
    *,
    at: datetime,
    public: bool,
    changes: dict[str, list[object]] | None = None,
    note: str = "",
) -> RequestEvent:
    count_change()
    event = RequestEvent.objects.create(
        request=request,
        at=at,
        kind=kind,
        public=public,
        actor_label=actor.label,
        actor_user=actor.user,
        actor_client=actor.api_client,
        changes=changes or {},
        note=note,
    )
    if public:
        notices.announce(event.pk)
    return event


def follow_request(
    *,
    actor: Actor,
    request: ServiceRequest,
    email: str,
    phone: str,
    language: str,
    at: datetime | None = None,
) -> Subscription:
    """Keep a caller informed about an open request that already reports
    their problem, instead of filing it again.

    A caller already subscribed by the same email or phone number is not
    added twice; the existing subscription is returned. The request's
    history keeps an internal note, never the caller's details.
    """
    require(actor, Verb.SUBMIT)
    email, phone = email.strip(), phone.strip()
    _check_follow(request, email, phone, language)

    at = at or timezone.now()
    with transaction.atomic():
        _lock(request)
        _check_follow(request, email, phone, language)
        known = _subscription_of(request, email, phone)
        if known is not None:
            return known
        subscription = Subscription.objects.create(
            request=request,
            email=email,
            phone=phone,
            language=language,
            origin=Subscription.Origin.FOLLOWED,
            created_at=at,
        )
        note = _("Caller added by phone, to be kept informed.")
        _record(request, actor, EventKind.NOTE, at=at, public=False, note=note)
    logger.info("request %s followed by a caller", request.public_id)
    return subscription


# A confirmation email is sent again for the same address no sooner.
RECONFIRM_AFTER = timedelta(minutes=15)


def subscribe_by_email(
    *,
    actor: Actor,
    request: ServiceRequest,
    email: str,
    language: str,
    at: datetime | None = None,
) -> Subscription:
    """Someone asks on the public tracking page for updates by email.

    Anyone may type any address there, so nothing is sent to it but a
    confirmation link until its owner confirms. An address already
    following the request is not added twice; one that stopped, or never
    confirmed, is asked again (at most once per ``RECONFIRM_AFTER``).
    """
    require(actor, Verb.SUBMIT)
    email = email.strip()
    _check_subscribe(request, email, language)

    at = at or timezone.now()
    with transaction.atomic():
        _lock(request)
        _check_subscribe(request, email, language)
        known = _subscription_of(request, email, "")
        if known is None:
            known = Subscription.objects.create(
                request=request,
                email=email,
                language=language,
                origin=Subscription.Origin.FOLLOWED,
                created_at=at,
                confirmed=False,
            )
        elif (known.confirmed and known.ended_at is None) or (
            known.ended_at is None and at - known.created_at < RECONFIRM_AFTER
        ):
            return known
        else:
            known.confirmed, known.ended_at = False, None
            known.created_at, known.language = at, language
            known.save(
                update_fields=["confirmed", "ended_at", "created_at", "language"]
            )
        notices.ask_to_confirm(known.pk)
    logger.info("request %s: updates asked for by email", request.public_id)
    return known


def confirm_subscription(
    *, actor: Actor, subscription: Subscription, at: datetime | None = None
) -> Subscription:
    """The owner of the address followed the confirmation link."""
    require(actor, Verb.SUBMIT)
    if not subscription.confirmed or subscription.ended_at is not None:
        subscription.confirmed, subscription.ended_at = True, None
        subscription.save(update_fields=["confirmed", "ended_at"])
        logger.info("request %s: updates confirmed", subscription.request_id)
    return subscription


def end_subscription(
    *, actor: Actor, subscription: Subscription, at: datetime | None = None
) -> Subscription:
    """The subscriber asked for no more updates."""
    require(actor, Verb.SUBMIT)
    if subscription.ended_at is None:
        subscription.ended_at = at or timezone.now()
        subscription.save(update_fields=["ended_at"])
        logger.info("request %s: updates stopped", subscription.request_id)
    return subscription


def _check_subscribe(request: ServiceRequest, email: str, language: str) -> None:
    problems = []
    if request.status != Status.OPEN:
        problems.append(
            Problem(
                "request",
                _("Request %(id)s is closed: there will be no more updates.")
                % {"id": request.public_id},
            )
        )
    if not email:
        problems.append(Problem("email", _("Give your email address.")))
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                Problem(
                    "email",
                    _("Enter an email address like name@example.com."),
                )
            )
    if language not in dict(settings.LANGUAGES):
        problems.append(Problem("language", _("Choose one of the site's languages.")))
    if problems:
        raise InvalidInput(problems)


def _check_follow(
    request: ServiceRequest, email: str, phone: str, language: str
) -> None:
    problems = []
    if request.status != Status.OPEN:
        problems.append(
            Problem(
                "request",
                _("Request %(id)s is closed; file a new request instead.")
                % {"id": request.public_id},
            )
        )
    if not email and not phone:
        problems.append(
            Problem("contact", _("Give the caller's email or phone number."))
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(Problem("email", _("This email address is not valid.")))
    if len(phone) > 40:
        problems.append(
            Problem("phone", _("The phone number is longer than 40 characters."))
        )
    if language not in dict(settings.LANGUAGES):
        problems.append(Problem("language", _("Choose one of the site's languages.")))
    if problems:
        raise InvalidInput(problems)


def _subscription_of(
    request: ServiceRequest, email: str, phone: str
) -> Subscription | None:
    """The request's subscription that reaches ``email`` or ``phone``,
    however the number was written."""
    digits = _digits(phone)
    for row in Subscription.objects.filter(request=request):
        same_email = bool(email) and row.email.lower() == email.lower()
        same_phone = bool(digits) and _digits(row.phone) == digits
        if same_email or same_phone:
            return row
    return None


def _digits(phone: str) -> str:
    digits = "".join(char for char in phone if char.isdigit())
    # A U.S. number with its country code is the same number without it.
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


__all__ = [
    "NotAllowed",
    "add_note",
    "assign_request",
    "change_state",
    "confirm_subscription",
    "end_subscription",
    "follow_request",
    "merge_request",
    "reassign_request",
    "refer_request",
    "review_triage",
    "submit_request",
    "subscribe_by_email",
]
