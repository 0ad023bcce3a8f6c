"""Reading GeoReport query parameters into checked values."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from civic311.lib import publicid
from civic311.lib.problems import Problem

DEFAULT_WINDOW = timedelta(days=90)
MAX_PAGE_SIZE = 1000
MAX_IDS = 1000


@dataclass
class RequestFilters:
    """The GeoReport ``GET requests`` arguments, checked.

    ``ids`` set means the caller asked for specific requests, which
    overrides every other filter (the spec's rule for
    ``service_request_id``).
    """

    ids: list[int] | None = None
    service_codes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    requested_after: datetime | None = None
    requested_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    page: int = 1
    page_size: int = MAX_PAGE_SIZE
    extensions: bool = False

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def value(query: QueryDict, name: str) -> str:
    """A parameter's value; empty counts as not sent (GeoReport rule)."""
    return (query.get(name) or "").strip()


def comma_list(query: QueryDict, name: str) -> list[str]:
    items: list[str] = []
    for raw in query.getlist(name):
        items += [item.strip() for item in raw.split(",") if item.strip()]
    return list(dict.fromkeys(items))


def parse_request_filters(
    query: QueryDict, now: datetime
) -> tuple[RequestFilters, list[Problem]]:
    problems: list[Problem] = []
    filters = RequestFilters(extensions=value(query, "extensions").lower() == "true")
    filters.page, filters.page_size = _paging(query, problems)

    ids = comma_list(query, "service_request_id")
    if ids:
        if len(ids) > MAX_IDS:
            problems.append(
                Problem(
                    "service_request_id",
                    _("Ask for at most %(limit)d requests by id at once.")
                    % {"limit": MAX_IDS},
                )
            )
        filters.ids = [pk for pk in map(publicid.decode, ids) if pk is not None]
        return filters, problems

    filters.service_codes = comma_list(query, "service_code")
    filters.statuses = _statuses(query, problems)
    dates = {
        name: parse_moment(value(query, name), name, problems)
        for name in ("start_date", "end_date", "updated_after", "updated_before")
    }
    filters.updated_after = dates["updated_after"]
    filters.updated_before = dates["updated_before"]
    _window(filters, dates["start_date"], dates["end_date"], now, problems)
    return filters, problems


def _paging(query: QueryDict, problems: list[Problem]) -> tuple[int, int]:
    page = _positive(query, "page", 1, problems)
    size = _positive(query, "page_size", MAX_PAGE_SIZE, problems)
    if size > MAX_PAGE_SIZE:
        problems.append(
            Problem(
                "page_size",
                _("page_size may be at most %(limit)d.") % {"limit": MAX_PAGE_SIZE},
            )
        )
        size = MAX_PAGE_SIZE
    return page, size


def _positive(
    query: QueryDict, name: str, default: int, problems: list[Problem]
) -> int:
    raw = value(query, name)
    if not raw:
        return default
    if raw.isascii() and raw.isdigit() and 0 < int(raw) < 10**9:
        return int(raw)
    problems.append(
        Problem(
            name,
            _("%(name)s must be a whole number from 1 up; got %(value)s.")
            % {"name": name, "value": raw[:30]},
        )
    )
    return default


def _statuses(query: QueryDict, problems: list[Problem]) -> list[str]:
    statuses = [status.lower() for status in comma_list(query, "status")]
    wrong = [status for status in statuses if status not in {"open", "closed"}]
    if wrong:
        problems.append(
            Problem(
                "status",
                _("status must be open, closed or both; got %(value)s.")
                % {"value": ", ".join(wrong)[:60]},
            )
        )
    return [status for status in statuses if status not in wrong]


def _window(
    filters: RequestFilters,
    start: datetime | None,
    end: datetime | None,
    now: datetime,
    problems: list[Problem],
) -> None:
    """Apply the default 90-day window when no range is asked for.

    A changeset download (``updated_after``/``updated_before`` alone) asks
    about updates, so it gets no window on the request date.
    """
    by_update = filters.updated_after or filters.updated_before
    if start is None and end is None and not by_update:
        start = now - DEFAULT_WINDOW
    elif start is None and end is not None:
        start = end - DEFAULT_WINDOW
    if start and end and end < start:
        problems.append(Problem("end_date", _("end_date is earlier than start_date.")))
    filters.requested_after, filters.requested_before = start, end


def parse_moment(raw: str, name: str, problems: list[Problem]) -> datetime | None:
    """Read a W3C date-time (``2026-03-01T08:30:00-05:00`` or with ``Z``).

    A date alone means midnight, and a time without a zone means the city's
    local time: both are common in the field though the spec wants a zone.
    """
    if not raw:
        return None
    text = raw.replace(" ", "+") if raw.count(" ") == 1 and "T" in raw else raw
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time())
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        problems.append(
            Problem(
                name,
                _(
                    "%(name)s is not a date and time like 2026-03-01T08:30:00-05:00: "
                    "%(value)s"
                )
                % {"name": name, "value": raw[:40]},
            )
        )
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
