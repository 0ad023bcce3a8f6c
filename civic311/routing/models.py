from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic311.catalog.models import Department, Service


class RoutingRule(models.Model):
    """Sends matching requests to another department than their service's.

    A rule matches when every condition it sets holds: the service, the
    neighbourhood the request lies in, the answer to one of the service's
    questions. Among matching rules the lowest ``priority`` wins; with no
    match the service's own department answers.
    """

    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        help_text=_("Empty: requests of any service."),
    )
    neighbourhood = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("A neighbourhood slug from the city profile; empty: anywhere."),
    )
    attribute_code = models.CharField(max_length=100, blank=True)
    attribute_value = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The answer (a value key for lists) that sends the request."),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="routing_rules"
    )
    priority = models.PositiveIntegerField(default=100)
    active = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return _("to %(department)s") % {"department": self.department}

    def clean(self) -> None:
        if bool(self.attribute_code) != bool(self.attribute_value):
            raise ValidationError(
                _("Give both the question's code and the answer, or neither.")
            )
        if not (self.service_id or self.neighbourhood or self.attribute_code):
            raise ValidationError(
                _(
                    "A rule needs at least one condition, or it would take "
                    "every request."
                )
            )


class OutsideAgency(models.Model):
    """An agency outside the city that some requests belong to: the state
    highway department, a neighbouring county, a utility."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    description = models.CharField(
        max_length=300, blank=True, help_text=_("What the agency takes care of.")
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("outside agencies")

    def __str__(self) -> str:
        return self.name
