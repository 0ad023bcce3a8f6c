"""Calendars in the admin: working hours per department and closure days.

The admin classes are generic in django-stubs only, not at run time, hence
the ``type-arg`` ignores.
"""

import itertools
from collections import defaultdict
from datetime import time

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic311.calendars.clock import MIDNIGHT
from civic311.calendars.models import (
    BusinessCalendar,
    ClosureDay,
    Weekday,
    WorkingHours,
)


class WorkingHoursFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """Refuses spans of one weekday that overlap; it sees every row being
    saved, so swapping two spans in one edit is not mistaken for a clash."""

    def clean(self) -> None:
        super().clean()
        days: dict[int, list[tuple[time, time]]] = defaultdict(list)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if data.get("opens") is not None and data.get("closes") is not None:
                days[data["weekday"]].append((data["opens"], data["closes"]))

        clashes = [day for day, spans in sorted(days.items()) if _overlap(spans)]
        if clashes:
            names = ", ".join(str(Weekday(day).label) for day in clashes)
            raise ValidationError(
                _("Working hours overlap on %(days)s.") % {"days": names}
            )


def _overlap(spans: list[tuple[time, time]]) -> bool:
    pairs = itertools.pairwise(sorted(spans))
    return any(
        closes == MIDNIGHT or closes > opens for (_, closes), (opens, _) in pairs
    )


class WorkingHoursInline(admin.TabularInline):  # type: ignore[type-arg]
    model = WorkingHours
    formset = WorkingHoursFormSet
    fields = ["weekday", "opens", "closes"]
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "department", "observes_holidays"]
    list_filter = ["observes_holidays"]
    list_select_related = ["department"]
    search_fields = ["name", "department__name"]
    autocomplete_fields = ["department"]
    inlines = [WorkingHoursInline]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "reason", "closes"]
    list_filter = ["calendar"]
    list_select_related = ["calendar"]
    date_hierarchy = "date"
    search_fields = ["reason"]

    @admin.display(description=gettext_lazy("closes"), ordering="calendar__name")
    def closes(self, closure: ClosureDay) -> str:
        if closure.calendar is None:
            return _("Every calendar")
        return closure.calendar.name
