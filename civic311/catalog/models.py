from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic311.lib.translations import pick


class Department(models.Model):
    """A city department (an Open311 *agency*) that resolves requests."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def translated_name(self, language: str | None) -> str:
        return pick(self, "name", language)


class TimeframeUnit(models.TextChoices):
    BUSINESS_HOURS = "business_hours", _("business hours")
    BUSINESS_DAYS = "business_days", _("business days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")


class ServiceType(models.TextChoices):
    """How a POST answers (Open311): an id at once, a token, or nothing."""

    REALTIME = "realtime", _("realtime")
    BATCH = "batch", _("batch")
    BLACKBOX = "blackbox", _("blackbox")


class Service(models.Model):
    """A type of request residents can make (an Open311 *service*)."""

    service_code = models.SlugField(max_length=64, unique=True)
    service_name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    group = models.CharField(max_length=100, blank=True)
    keywords = models.CharField(
        max_length=500, blank=True, help_text=_("Comma-separated synonyms.")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="services"
    )
    type = models.CharField(
        max_length=10, choices=ServiceType.choices, default=ServiceType.REALTIME
    )
    timeframe_value = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Estimated time to resolve, in the unit below."),
    )
    timeframe_unit = models.CharField(
        max_length=20,
        choices=TimeframeUnit.choices,
        default=TimeframeUnit.BUSINESS_DAYS,
    )
    service_notice = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("What residents should expect after reporting."),
    )
    pause_clock_on_hold = models.BooleanField(
        default=False,
        help_text=_(
            "Stop the clock while the request waits on the resident "
            "(for example, for access to a property)."
        ),
    )
    duplicate_radius_m = models.PositiveIntegerField(
        default=50,
        help_text=_(
            "Open requests of this service this close (in metres) are offered "
            "as likely duplicates; 0 turns the search off."
        ),
    )
    duplicate_window_days = models.PositiveIntegerField(
        default=30,
        help_text=_("Only requests filed within this many days count."),
    )
    active = models.BooleanField(default=True)
    translations = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "service_name"]

    def __str__(self) -> str:
        return f"{self.service_name} ({self.service_code})"

    def translated(self, field: str, language: str | None) -> str:
        return pick(self, field, language)


class Datatype(models.TextChoices):
    STRING = "string", _("one line of text")
    NUMBER = "number", _("number")
    DATETIME = "datetime", _("date and time")
    TEXT = "text", _("several lines of text")
    SINGLEVALUELIST = "singlevaluelist", _("one choice from a list")
    MULTIVALUELIST = "multivaluelist", _("several choices from a list")


LIST_DATATYPES = {Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST}


class ServiceAttribute(models.Model):
    """A question asked when a request of a service is made (Open311
    service definition attribute)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="attributes"
    )
    code = models.SlugField(max_length=64)
    variable = models.BooleanField(
        default=True,
        help_text=_("Off: the description is only shown, nothing is asked."),
    )
    datatype = models.CharField(max_length=20, choices=Datatype.choices)
    required = models.BooleanField(default=False)
    datatype_description = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField()
    description = models.TextField(help_text=_("The question shown to residents."))
    help_text = models.TextField(blank=True)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["service", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code"], name="attribute_code_unique"
            ),
            models.UniqueConstraint(
                fields=["service", "order"], name="attribute_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.service_code}/{self.code}"

    def clean(self) -> None:
        if self.order == 0:
            raise ValidationError({"order": _("Order starts at 1.")})
        if self.required and not self.variable:
            raise ValidationError(
                {"required": _("An attribute that asks nothing cannot be required.")}
            )

    def translated(self, field: str, language: str | None) -> str:
        return pick(self, field, language)


class AttributeValue(models.Model):
    """One choice of a list attribute."""

    attribute = models.ForeignKey(
        ServiceAttribute, on_delete=models.CASCADE, related_name="values"
    )
    key = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["attribute", "order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["attribute", "key"], name="attribute_value_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.name}"

    def translated(self, field: str, language: str | None) -> str:
        return pick(self, field, language)
