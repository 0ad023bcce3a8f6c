"""The 311 phone line's hours, from the city profile, as the console shows
them to agents."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class HoursLine:
    days: str  # "Monday to Friday", "Saturday"
    opens: str
    closes: str


@dataclass(frozen=True)
class PhoneLine:
    number: str
    open_now: bool
    hours: tuple[HoursLine, ...]


def phone_line(now: datetime | None = None) -> PhoneLine:
    """The line's number, whether it is open at ``now`` (local time of the
    city) and its weekly hours."""
    city = settings.CITY
    local = timezone.localtime(now or timezone.now())
    open_now = any(
        local.weekday() in block.days and block.opens <= local.time() < block.closes
        for block in city.phone_hours
    )
    hours = tuple(
        HoursLine(
            days=_days(block.days),
            opens=formats.time_format(block.opens, "TIME_FORMAT"),
            closes=formats.time_format(block.closes, "TIME_FORMAT"),
        )
        for block in city.phone_hours
    )
    return PhoneLine(number=city.phone_number, open_now=open_now, hours=hours)


def _days(days: tuple[int, ...]) -> str:
    names = [str(WEEKDAYS[day]) for day in sorted(days)]
    consecutive = list(range(min(days), max(days) + 1)) == sorted(days)
    if len(names) > 2 and consecutive:
        return _("%(first)s to %(last)s") % {"first": names[0], "last": names[-1]}
    return ", ".join(names)
