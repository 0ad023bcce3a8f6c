"""Every change to a service request goes through a function here."""

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from civic311.lib.actors import Actor
from civic311.lib.problems import InvalidInput
from civic311.servicerequests.changes import count_change
from civic311.servicerequests.intake import CheckedMedia, Intake, check_intake
from civic311.servicerequests.models import (
    EventKind,
    RequestContact,
    RequestEvent,
    RequestMedia,
    ServiceRequest,
    State,
    Status,
    public_status,
)

logger = logging.getLogger(__name__)


def submit_request(*, actor: Actor, intake: Intake) -> ServiceRequest:
    """Check ``intake`` and file it as a new request.

    Raises InvalidInput listing every problem; then nothing is stored.
    """
    answers, media, problems = check_intake(intake)
    if problems:
        raise InvalidInput(problems)

    now = timezone.now()
    requested = intake.requested_at or now
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            request = _create(intake, answers, requested, actor)
            stored_files = _attach_media(request, media, now)
            if stored_files and not request.media_url:
                # The first photo stands for the request where a client
                # reads only the single GeoReport media_url.
                request.media_url = default_storage.url(stored_files[0])
                if request.media_url.startswith("/"):
                    request.media_url = settings.SITE_URL + request.media_url
                request.save(update_fields=["media_url"])
            if intake.contact.is_given():
                RequestContact.objects.create(request=request, **vars(intake.contact))
            _record(request, actor, EventKind.SUBMITTED, at=requested, public=True)
    except Exception:
        for name in stored_files:
            default_storage.delete(name)
        raise

    logger.info(
        "request %s submitted: service=%s channel=%s",
        request.public_id,
        intake.service.service_code,
        intake.channel,
    )
    return request


def _create(
    intake: Intake, answers: dict[str, object], requested: datetime, actor: Actor
) -> ServiceRequest:
    location = intake.location
    return ServiceRequest.objects.create(
        service=intake.service,
        department_id=intake.service.department_id,
        state=State.SUBMITTED,
        status=Status.OPEN,
        description=intake.description,
        lat=location.lat,
        long=location.long,
        address=location.address,
        address_id=location.address_id,
        zipcode=location.zipcode,
        media_url=intake.media_url,
        attributes=answers,
        channel=intake.channel,
        language=intake.language,
        api_client=actor.api_client,
        token=uuid.uuid4(),
        requested_datetime=requested,
        updated_datetime=requested,
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
    at: datetime | None = None,
) -> ServiceRequest:
    """Move ``request`` to ``state``, with an optional public note.

    The public status and closing time follow the state.
    """
    at = at or timezone.now()
    before = request.state
    status = public_status(state)
    with transaction.atomic():
        request.state = state
        request.status = status
        request.updated_datetime = at
        request.closed_datetime = at if status == Status.CLOSED else None
        if note:
            request.status_notes = note
        request.save(
            update_fields=[
                "state",
                "status",
                "updated_datetime",
                "closed_datetime",
                "status_notes",
            ]
        )
        _record(
            request,
            actor,
            EventKind.STATE_CHANGED,
            at=at,
            public=True,
            changes={"state": [before, state]},
            note=note,
        )
    logger.info("request %s moved %s -> %s", request.public_id, before, state)
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
    return RequestEvent.objects.create(
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
