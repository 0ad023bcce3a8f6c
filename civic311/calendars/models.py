"""Stored business calendars: a department's working hours and the days
the city closes.

A city needs none of these rows: without any calendar the clock falls back
to Monday to Friday, 08:00 to 17:00, in the city's time zone, with public
holidays (``civic311.calendars.queries.calendar_for``). No migration makes
a default calendar, because opening hours differ from city to city.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import IsNull
from django.utils.translation import gettext_lazy as _

from civic311.calendars.clock import MIDNIGHT
from civic311.catalog.models import Department


class BusinessCalendar(models.Model):
    """When a department works; the one without a department is the city's
    default, used by every department that has no calendar of its own."""

    name = models.CharField(max_length=100)
    department = models.OneToOneField(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar",
        help_text=_("Leave empty for the city's default calendar."),
    )
    observes_holidays = models.BooleanField(
        default=True,
        help_text=_("Off for a service that works on public holidays."),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # Rows without a department all index the same value, so only
            # one of them can exist; a plain unique column would let any
            # number of NULLs through.
            models.UniqueConstraint(
                IsNull(models.F("department"), True),
                condition=models.Q(department__isnull=True),
                name="one_default_calendar",
                violation_error_message=_(
                    "The city already has a default calendar; choose a "
                    "department for this one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingHours(models.Model):
    """One span of working time on one weekday, in the city's local time.

    A day may have several spans (morning and afternoon around lunch). A
    closing time of 00:00 means midnight at the end of the day. Overlaps
    between the spans of a calendar are refused by the admin's form set,
    which sees all of them at once; ``make_calendar`` merges any that get
    stored anyway.
    """

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField(help_text=_("00:00 means midnight, the end of the day."))

    class Meta:
        ordering = ["calendar", "weekday", "opens"]
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes"))
                | models.Q(closes=MIDNIGHT),
                name="hours_open_before_close",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="hours_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        day = self.get_weekday_display()
        return f"{day} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is None or self.closes is None:
            return
        if not (self.opens < self.closes or self.closes == MIDNIGHT):
            raise ValidationError({"closes": _("Closing must come after opening.")})


class ClosureDay(models.Model):
    """A day on which one calendar, or every calendar, does not work: a
    snow day, a day of mourning, a move to new offices."""

    date = models.DateField()
    reason = models.CharField(max_length=200, help_text=_('For example "Snow day".'))
    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        help_text=_("Leave empty to close every calendar, the default included."),
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date"],
                name="closure_unique_per_calendar",
                violation_error_message=_("This calendar is closed that day already."),
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(calendar__isnull=True),
                name="closure_unique_citywide",
                violation_error_message=_("The whole city is closed that day already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.reason}"
