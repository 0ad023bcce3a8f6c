"""The SLA clock: deadlines counted on a business calendar.

Everything here is pure: no database, no reading of the current time. A
``Calendar`` is a frozen value that the caller builds (``queries`` builds
one from the stored calendars), so reports and tests can make their own.

Arithmetic runs on UTC instants; calendars are written in local wall-clock
time and converted with ``zoneinfo``. Every datetime taken in must be
timezone-aware, and every datetime given back is aware, in the calendar's
time zone.

The rules, in short (each function's docstring has the details):

- *business hours*: working time counted forward inside the calendar's
  spans, skipping weekends, public holidays and closure days.
- *business days*: a request gets N full working days and is due at the
  close of the last one.
- *calendar days*: the same local time of day N days later, whether or not
  that day is a working day.
- *pauses* stop the clock; the deadline moves later by the clock time that
  fell inside them before it was reached.
"""

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

BUSINESS_HOURS = "business_hours"
BUSINESS_DAYS = "business_days"
CALENDAR_DAYS = "calendar_days"
UNITS = frozenset({BUSINESS_HOURS, BUSINESS_DAYS, CALENDAR_DAYS})

# A closing time of midnight means the end of the day, so that a span can
# run to 24:00 (a round-the-clock service is 00:00 to 00:00).
MIDNIGHT = time(0)

# One working day of the fallback calendar: a request due at close shows
# as due soon from the opening of its last day.
DUE_SOON = timedelta(hours=9)

# A calendar with no working day in this long is treated as having none,
# rather than searched forever.
_MAX_IDLE_DAYS = 3 * 366
_END_OF_TIME = datetime.max.replace(tzinfo=UTC)

Verdict = Literal["on_time", "late"]
Standing = Literal["fine", "due_soon", "overdue"]
Pause = tuple[datetime, datetime | None]
Interval = tuple[datetime, datetime]


class NoWorkingTime(ValueError):
    """The calendar has no working time to count business time on."""


@dataclass(frozen=True)
class Span:
    """Working hours within one day, in local time; ``closes`` may be
    ``MIDNIGHT`` for the end of the day."""

    opens: time
    closes: time

    def __post_init__(self) -> None:
        if not (self.opens < self.closes or self.closes == MIDNIGHT):
            raise ValueError(f"a span must open before it closes: {self}")

    def ends_after(self, other: "Span") -> bool:
        return self.closes == MIDNIGHT or self.closes > other.opens


@dataclass(frozen=True)
class Calendar:
    """When a department works.

    ``week`` has seven entries, Monday first, each the day's spans in order
    and without overlaps. Holidays are either looked up in the ``holidays``
    package (``holiday_country`` and, optionally, ``holiday_subdivision``)
    or given as ``holiday_dates``, or both; ``closed_dates`` are one-off
    closures such as snow days. An empty country means no public holidays.
    """

    time_zone: str
    week: tuple[tuple[Span, ...], ...]
    closed_dates: frozenset[date] = frozenset()
    holiday_country: str = ""
    holiday_subdivision: str = ""
    holiday_dates: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        ZoneInfo(self.time_zone)
        if len(self.week) != 7:
            raise ValueError("a week has seven days, Monday first")
        for spans in self.week:
            for before, after in itertools.pairwise(spans):
                if before.ends_after(after):
                    raise ValueError(f"spans overlap or are out of order: {spans}")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def has_hours(self) -> bool:
        return any(self.week)

    def is_holiday(self, day: date) -> bool:
        if day in self.holiday_dates:
            return True
        if not self.holiday_country:
            return False
        found = public_holidays(
            self.holiday_country, self.holiday_subdivision, day.year
        )
        return day in found

    def is_working_day(self, day: date) -> bool:
        """A day with working hours that is neither closed nor a holiday."""
        return (
            bool(self.week[day.weekday()])
            and day not in self.closed_dates
            and not self.is_holiday(day)
        )


@functools.lru_cache(maxsize=128)
def public_holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    """Public holidays of one year, including the weekdays on which a
    weekend holiday is observed (the ``holidays`` package's default)."""
    found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(found)


def make_calendar(
    time_zone: str,
    hours: Iterable[tuple[int, time, time]],
    *,
    closed_dates: Iterable[date] = (),
    holiday_country: str = "",
    holiday_subdivision: str = "",
) -> Calendar:
    """Build a calendar from ``(weekday, opens, closes)`` rows in any order.

    Overlapping or touching spans of a day are merged, so that rows stored
    without validation still make a usable calendar.
    """
    days: list[list[Span]] = [[] for _ in range(7)]
    for weekday, opens, closes in sorted(hours, key=lambda row: row[:2]):
        _add_span(days[weekday], Span(opens, closes))
    return Calendar(
        time_zone=time_zone,
        week=tuple(tuple(spans) for spans in days),
        closed_dates=frozenset(closed_dates),
        holiday_country=holiday_country,
        holiday_subdivision=holiday_subdivision,
    )


def _add_span(spans: list[Span], span: Span) -> None:
    """Append ``span``, merged into the last one when they touch or overlap;
    spans come sorted by opening time."""
    if spans and _reaches(spans[-1], span):
        last = spans.pop()
        span = Span(last.opens, _later_close(last.closes, span.closes))
    spans.append(span)


def _reaches(before: Span, after: Span) -> bool:
    return before.closes == MIDNIGHT or before.closes >= after.opens


def _later_close(one: time, other: time) -> time:
    return MIDNIGHT if MIDNIGHT in (one, other) else max(one, other)


def fallback_calendar(
    time_zone: str,
    *,
    closed_dates: Iterable[date] = (),
    holiday_country: str = "",
    holiday_subdivision: str = "",
) -> Calendar:
    """Monday to Friday, 08:00 to 17:00, for a city that has stored no
    calendar at all."""
    hours = [(weekday, time(8), time(17)) for weekday in range(5)]
    return make_calendar(
        time_zone,
        hours,
        closed_dates=closed_dates,
        holiday_country=holiday_country,
        holiday_subdivision=holiday_subdivision,
    )


def deadline(
    start: datetime,
    amount: int,
    unit: str,
    calendar: Calendar,
    *,
    pauses: Iterable[Pause] = (),
    now: datetime | None = None,
) -> datetime:
    """When a timeframe of ``amount`` ``unit`` that began at ``start`` ends.

    ``unit`` is one of ``UNITS``. A timeframe of zero is due at ``start``.

    *business_hours*: ``amount`` hours of working time, counted inside the
    calendar's spans. Time that runs out exactly at a closing is due at
    that closing, not at the next opening.

    *business_days*: the request gets ``amount`` full working days. The
    first of them is the first working day that opens at or after
    ``start``: the filing day itself when the request came in by its
    opening, otherwise the next working day. The deadline is the close of
    the last one. So one business day for a request filed Tuesday at 10:00
    (or Tuesday night) ends Wednesday at close, and for one filed Tuesday
    at 07:00 it ends Tuesday at close.

    *calendar_days*: the same local time of day ``amount`` days later, so a
    daylight-saving change in between keeps the time of day. The deadline
    stays put when that day is a weekend or holiday. A time skipped by a
    spring-forward change moves on by the gap (02:30 becomes 03:30); a
    time repeated by a fall-back change is its first occurrence.

    ``pauses`` are ``(started, ended)`` spans during which the clock stood
    still; ``ended`` is None for a pause still going on, which then counts
    as ending at ``now`` (required in that case): the deadline is the one
    the request would have if its clock started again at ``now``. The
    deadline moves later by the clock time (working time for the business
    units, elapsed time for calendar days) that fell inside the pauses
    before it was reached; a pause that begins after the deadline has
    passed changes nothing.

    Raises ``NoWorkingTime`` for a business unit on a calendar without
    working days, and ``ValueError`` for a naive datetime, a negative
    amount or an unknown unit.
    """
    _require_aware(start, now)
    if unit not in UNITS:
        raise ValueError(f"unknown timeframe unit {unit!r}")
    if amount < 0:
        raise ValueError("a timeframe cannot be negative")
    stops = _merge_pauses(pauses, start.astimezone(UTC), now)
    if amount == 0:
        return start.astimezone(calendar.zone)

    if unit == BUSINESS_HOURS:
        hours = timedelta(hours=amount)
        return add_business_time(start, hours, calendar, pauses=stops)
    if unit == BUSINESS_DAYS:
        due = _close_of_working_day(start, amount, calendar)
        return _later_by_pauses(start, due, _working_clock(calendar), stops, calendar)
    due = _days_later(start, amount, calendar.zone)
    return _later_by_pauses(start, due, _running_clock, stops, calendar)


def add_business_time(
    start: datetime,
    amount: timedelta,
    calendar: Calendar,
    *,
    pauses: Iterable[Pause] = (),
    now: datetime | None = None,
) -> datetime:
    """The moment ``amount`` of working time after ``start``, with the same
    pause rules as ``deadline``. Useful for timeframes that are not whole
    hours."""
    _require_aware(start, now)
    begin = start.astimezone(UTC)
    stops = _merge_pauses(pauses, begin, now)
    if amount <= timedelta(0):
        return start.astimezone(calendar.zone)
    pieces = _outside(_working(calendar, begin), stops)
    return _spend(pieces, amount).astimezone(calendar.zone)


def business_time_between(a: datetime, b: datetime, calendar: Calendar) -> timedelta:
    """Working time from ``a`` to ``b``; zero when ``b`` is not after ``a``."""
    _require_aware(a, b)
    begin, end = a.astimezone(UTC), b.astimezone(UTC)
    if end <= begin:
        return timedelta(0)
    if not calendar.has_hours:
        return timedelta(0)
    return _measure(_working(calendar, begin), end)


def verdict(expected: datetime | None, closed: datetime) -> Verdict | None:
    """Whether a request closed at ``closed`` met its deadline; None when
    it had none. Closing exactly at the deadline is on time."""
    if expected is None:
        return None
    _require_aware(expected, closed)
    return "on_time" if closed <= expected else "late"


def standing(
    expected: datetime | None,
    now: datetime,
    *,
    soon: timedelta = DUE_SOON,
    calendar: Calendar | None = None,
) -> Standing | None:
    """How an open request stands against its deadline at ``now``.

    *overdue* once ``now`` is past the deadline; *due_soon* when at most
    ``soon`` is left, counted in working time on ``calendar`` when one is
    given (so a weekend does not make a request look far from due) and in
    elapsed time otherwise; *fine* before that. None without a deadline.
    """
    if expected is None:
        return None
    _require_aware(expected, now)
    if now > expected:
        return "overdue"
    if calendar is None:
        left = expected.astimezone(UTC) - now.astimezone(UTC)
    else:
        left = business_time_between(now, expected, calendar)
    return "due_soon" if left <= soon else "fine"


# A clock lists, from a given instant on, the UTC intervals in which it
# runs: the working spans for business units, all time for calendar days.
Clock = Callable[[datetime], Iterator[Interval]]


def _working_clock(calendar: Calendar) -> Clock:
    return functools.partial(_working, calendar)


def _running_clock(since: datetime) -> Iterator[Interval]:
    yield since, _END_OF_TIME


def _working(calendar: Calendar, since: datetime) -> Iterator[Interval]:
    """Working intervals in UTC that end after ``since``, the first one cut
    to begin at ``since``."""
    if not calendar.has_hours:
        raise NoWorkingTime(f"calendar in {calendar.time_zone} has no working hours")
    day = since.astimezone(calendar.zone).date()
    idle = 0
    while idle < _MAX_IDLE_DAYS:
        found = False
        for opens, closes in _intervals_of(day, calendar):
            if closes > since:
                found = True
                yield max(opens, since), closes
        idle = 0 if found else idle + 1
        day += timedelta(days=1)
    raise NoWorkingTime(f"no working day in {_MAX_IDLE_DAYS} days after {since}")


def _intervals_of(day: date, calendar: Calendar) -> list[Interval]:
    if not calendar.is_working_day(day):
        return []
    zone = calendar.zone
    return [_interval(day, span, zone) for span in calendar.week[day.weekday()]]


def _interval(day: date, span: Span, zone: ZoneInfo) -> Interval:
    # Wall-clock times skipped by a spring-forward change resolve to the
    # instant after the gap (fold=0 uses the offset before the change), so
    # a span that crosses the change is as long as the time that passed.
    closing_day = day + timedelta(days=1) if span.closes == MIDNIGHT else day
    opens = datetime.combine(day, span.opens, tzinfo=zone)
    closes = datetime.combine(closing_day, span.closes, tzinfo=zone)
    return opens.astimezone(UTC), closes.astimezone(UTC)


def _close_of_working_day(start: datetime, count: int, calendar: Calendar) -> datetime:
    """The close of the ``count``-th full working day at or after ``start``."""
    day = start.astimezone(calendar.zone).date()
    today = _intervals_of(day, calendar)
    if not today or today[0][0] < start:
        day += timedelta(days=1)

    idle = 0
    while idle < _MAX_IDLE_DAYS:
        intervals = _intervals_of(day, calendar)
        if intervals:
            count -= 1
            idle = 0
            if count == 0:
                return intervals[-1][1]
        else:
            idle += 1
        day += timedelta(days=1)
    raise NoWorkingTime(f"no working day in {_MAX_IDLE_DAYS} days after {start}")


def _days_later(start: datetime, days: int, zone: ZoneInfo) -> datetime:
    # Adding to an aware datetime moves its wall-clock time and keeps the
    # zone; the round trip through UTC then settles gaps and folds.
    local = start.astimezone(zone) + timedelta(days=days)
    return local.replace(fold=0).astimezone(UTC)


def _later_by_pauses(
    start: datetime,
    due: datetime,
    clock: Clock,
    stops: Sequence[Interval],
    calendar: Calendar,
) -> datetime:
    if not stops:
        return due.astimezone(calendar.zone)
    begin = start.astimezone(UTC)
    budget = _measure(clock(begin), due)
    return _spend(_outside(clock(begin), stops), budget).astimezone(calendar.zone)


def _measure(intervals: Iterable[Interval], until: datetime) -> timedelta:
    total = timedelta(0)
    for begin, end in intervals:
        if begin >= until:
            break
        total += min(end, until) - begin
    return total


def _spend(intervals: Iterable[Interval], budget: timedelta) -> datetime:
    """Where ``budget`` of running time is used up; a budget that runs out
    exactly at the end of an interval ends there."""
    for begin, end in intervals:
        if end - begin >= budget:
            return begin + budget
        budget -= end - begin
    raise NoWorkingTime("the clock stopped before the time was used up")


def _outside(
    intervals: Iterable[Interval], stops: Sequence[Interval]
) -> Iterator[Interval]:
    """The parts of ``intervals`` that no stop covers; ``stops`` are sorted
    and do not overlap."""
    for begin, end in intervals:
        for stop_begin, stop_end in stops:
            if stop_end <= begin or stop_begin >= end:
                continue
            if stop_begin > begin:
                yield begin, stop_begin
            begin = stop_end
            if begin >= end:
                break
        if begin < end:
            yield begin, end


def _merge_pauses(
    pauses: Iterable[Pause], start: datetime, now: datetime | None
) -> list[Interval]:
    """Pauses as sorted, non-overlapping UTC intervals after ``start``."""
    spans = sorted(_pause_interval(pause, now) for pause in pauses)
    merged: list[Interval] = []
    for begin, end in spans:
        begin = max(begin, start)
        if end <= begin:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def _pause_interval(pause: Pause, now: datetime | None) -> Interval:
    began, ended = pause
    if ended is None:
        if now is None:
            raise ValueError("a pause still going on needs the current time")
        ended = now
    _require_aware(began, ended)
    if ended < began:
        raise ValueError("a pause cannot end before it starts")
    return began.astimezone(UTC), ended.astimezone(UTC)


def _require_aware(*moments: datetime | None) -> None:
    for moment in moments:
        if moment is not None and moment.utcoffset() is None:
            raise ValueError("the clock only takes timezone-aware datetimes")
