from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic311.catalog.models import Department, Service
from civic311.lib import publicid


class Channel(models.TextChoices):
    WEB = "web", _("web portal")
    MOBILE = "mobile", _("mobile app")
    PHONE = "phone", _("phone")
    CHAT = "chat", _("chat assistant")
    SOCIAL = "social", _("social media")
    EMAIL = "email", _("email")
    WALK_IN = "walk_in", _("walk-in or outreach event")
    API = "api", _("API client")


class Status(models.TextChoices):
    """The public Open311 status."""

    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class State(models.TextChoices):
    """Where a request is in the city's own workflow."""

    SUBMITTED = "submitted", _("submitted")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    ON_HOLD = "on_hold", _("on hold")
    REOPENED = "reopened", _("reopened")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")
    DUPLICATE = "duplicate", _("duplicate")
    REFERRED = "referred", _("referred to another agency")
    CANCELLED = "cancelled", _("cancelled")


CLOSED_STATES = frozenset(
    {State.RESOLVED, State.CLOSED, State.DUPLICATE, State.REFERRED, State.CANCELLED}
)


def public_status(state: str) -> Status:
    return Status.CLOSED if state in CLOSED_STATES else Status.OPEN


class HoldReason(models.TextChoices):
    RESIDENT = "resident", _("waiting on the resident")
    THIRD_PARTY = "third_party", _("waiting on a third party")


class Triage(models.TextChoices):
    """Whether the description read like an emergency, and what staff made
    of it. Pending requests wait in the triage queue."""

    NONE = "", _("not flagged")
    PENDING = "pending", _("flagged, to review")
    CONFIRMED = "confirmed", _("emergency, sent on")
    DISMISSED = "dismissed", _("not an emergency")


class ServiceRequest(models.Model):
    """A resident's request. Every column here is public except through
    ``contact``, which lives in its own table so that no public query can
    reach it by accident."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="requests"
    )
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    # Derived from state, stored so that lists filter on an index.
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    status_notes = models.TextField(blank=True)
    description = models.TextField(blank=True)

    lat = models.FloatField(null=True, blank=True)
    long = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=500, blank=True)
    address_id = models.CharField(max_length=100, blank=True)
    zipcode = models.CharField(max_length=10, blank=True)
    media_url = models.URLField(max_length=1000, blank=True)

    attributes = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Answers to the service's questions, by attribute code."),
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    language = models.CharField(max_length=10, default="en")
    api_client = models.ForeignKey(
        "apiclients.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    token = models.UUIDField(unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    # How many reports this request stands for: itself and its duplicates.
    reports = models.PositiveIntegerField(default=1)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hold_reason = models.CharField(
        max_length=12, choices=HoldReason.choices, blank=True
    )
    referred_to = models.ForeignKey(
        "routing.OutsideAgency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    neighbourhood = models.CharField(max_length=64, blank=True)
    triage = models.CharField(
        max_length=10, choices=Triage.choices, blank=True, default=Triage.NONE
    )
    emergency_kinds = models.JSONField(default=list, blank=True)

    requested_datetime = models.DateTimeField()
    updated_datetime = models.DateTimeField()
    expected_datetime = models.DateTimeField(null=True, blank=True)
    closed_datetime = models.DateTimeField(null=True, blank=True)
    # Set when the request is first resolved or closed: met its
    # expected_datetime or not; null while open or without a timeframe.
    on_time = models.BooleanField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["-requested_datetime", "-id"], name="request_recent"),
            models.Index(
                fields=["service", "status", "-requested_datetime", "-id"],
                name="request_service_status",
            ),
            models.Index(
                fields=["status", "-requested_datetime", "-id"],
                name="request_status",
            ),
            models.Index(fields=["updated_datetime", "id"], name="request_updated"),
            models.Index(
                fields=["department", "status", "expected_datetime"],
                name="request_department_due",
            ),
            models.Index(
                fields=["triage"],
                name="request_triage_pending",
                condition=models.Q(triage="pending"),
            ),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def public_id(self) -> str:
        return publicid.encode(self.pk)


class RequestContact(models.Model):
    """The resident's contact details. Private: never in a public answer,
    never in a log line."""

    request = models.OneToOneField(
        ServiceRequest, on_delete=models.CASCADE, related_name="contact"
    )
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=40, blank=True, db_index=True)
    account_id = models.CharField(max_length=100, blank=True)
    device_id = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"contact for {self.request_id}"


def media_path(instance: "RequestMedia", filename: str) -> str:
    return f"requests/{instance.request.requested_datetime:%Y/%m}/{filename}"


class Subscription(models.Model):
    """Someone to keep informed about a request: its reporter, the
    reporters of its duplicates, anyone who chose to follow it. Private,
    like the contact."""

    class Origin(models.TextChoices):
        REPORTED = "reported", _("reported it")
        DUPLICATE = "duplicate", _("reported a duplicate")
        FOLLOWED = "followed", _("followed it")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=10, default="en")
    origin = models.CharField(max_length=10, choices=Origin.choices)
    created_at = models.DateTimeField()
    # An address given on the public tracking page gets no news until its
    # owner confirms it from the email sent there.
    confirmed = models.BooleanField(default=True)
    # Set when the subscriber stopped the updates.
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""),
                name="subscription_has_address",
            )
        ]

    def __str__(self) -> str:
        return f"subscription to {self.request_id}"


class ClockPause(models.Model):
    """A span during which the request's clock stood still (on hold,
    waiting on the resident, for a service that allows it)."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="pauses"
    )
    started = models.DateTimeField()
    ended = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started"]

    def __str__(self) -> str:
        return f"paused from {self.started:%Y-%m-%d %H:%M}"


class RequestMedia(models.Model):
    """A photo uploaded with a request."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="media"
    )
    file = models.FileField(upload_to=media_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.file.name)


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    STATE_CHANGED = "state_changed", _("status changed")
    NOTE = "note", _("note")
    UPDATED = "updated", _("details changed")
    ASSIGNED = "assigned", _("assigned")
    REASSIGNED = "reassigned", _("sent to another department")
    MERGED = "merged", _("duplicate merged")
    TRIAGED = "triaged", _("emergency flag reviewed")


class AppendOnlyError(Exception):
    """History rows are written once and never changed or removed."""


class RequestEvent(models.Model):
    """One entry of a request's history: who changed what, and when."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    public = models.BooleanField(
        help_text=_("Shown to residents and in Open311 notes.")
    )
    actor_label = models.CharField(max_length=200)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_client = models.ForeignKey(
        "apiclients.ApiClient",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changes = models.JSONField(
        default=dict, blank=True, help_text=_("{field: [before, after]}")
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="event_request_at")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AppendOnlyError("request history cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("request history cannot be deleted")


class ChangeCounter(models.Model):
    """One row counting every committed change to any request.

    Each action bumps it in its own transaction, so the row lock orders the
    bumps by commit: a reader that sees value N has seen every change up to
    N. Caches of public answers key on it.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
