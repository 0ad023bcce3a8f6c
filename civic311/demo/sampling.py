"""Random but plausible demo requests: when they come in, about what, from
where and from whom, and how each one goes. Only choices are made here;
civic311.demo.loader files them through the real actions.

Every choice comes from one seeded generator, so the same seed, catalog and
``now`` give the same demo.
"""

import random
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from civic311.catalog.answers import Answer
from civic311.catalog.models import Datatype, Service, ServiceAttribute, TimeframeUnit
from civic311.demo.data import DemoDataError
from civic311.geography.jurisdiction import locate
from civic311.servicerequests.intake import Contact, Intake, Location
from civic311.servicerequests.models import Channel, HoldReason, State

# Crews and inspectors work these local hours on weekdays.
SHIFT_START = 7
SHIFT_END = 17
# Volume grows by this factor from the first day of the span to the last,
# as more residents learn about 311.
GROWTH = 1.5
# Street points stray this far (degrees, about 40 m) from the street's line.
JITTER = 0.0004
# Shares of the requests being worked on that are first assigned, and then
# marked in progress, before they are done.
ASSIGNED_SHARE = 0.6
# Holds waiting on the resident, rather than on parts, weather or others.
RESIDENT_HOLD_SHARE = 0.3
STARTED_SHARE = 0.5
# In invented text, what each placeholder character stands for.
PLACEHOLDERS = {"#": string.digits, "@": string.ascii_uppercase}


@dataclass(frozen=True)
class Step:
    """One planned change of state."""

    state: State
    at: datetime
    note: str = ""
    agency: str = ""  # the outside agency a referral names
    hold_reason: str = ""


@dataclass(frozen=True)
class Place:
    location: Location
    park: str = ""


class Sampler:
    """Makes every random choice of the demo from one seeded generator."""

    def __init__(self, data: dict[str, Any], seed: int, services: list[Service]):
        """``data`` is the content of requests.toml; ``services`` those that
        may be requested, with their attributes and values prefetched."""
        check_profiles(data)
        self.data = data
        self.rng = random.Random(seed)
        self.zone = timezone.get_default_timezone()
        self.profiles: dict[str, dict[str, Any]] = data["services"]
        self.services = sorted(
            (s for s in services if s.service_code in self.profiles),
            key=lambda service: service.service_code,
        )
        self._weights: dict[tuple[int, int], list[float]] = {}

    # When --------------------------------------------------------------

    def moments(self, count: int, start: datetime, end: datetime) -> list[datetime]:
        """``count`` arrival times in [start, end], in order, busier on
        weekdays and in working hours."""
        days = _days_between(start.astimezone(self.zone), end.astimezone(self.zone))
        weights = [self._day_weight(day, days[0], days[-1]) for day in days]
        moments: list[datetime] = []
        while len(moments) < count:
            day = self.rng.choices(days, weights)[0]
            moment = self._moment_on(day)
            if start <= moment <= end:
                moments.append(moment)
        return sorted(moments)

    def _day_weight(self, day: date, first: date, last: date) -> float:
        progress = (day - first).days / max((last - first).days, 1)
        trend = 1 + (GROWTH - 1) * progress
        return float(self.data["weekdays"][day.weekday()]) * trend

    def _moment_on(self, day: date) -> datetime:
        hour = self.rng.choices(range(24), self.data["hours"]["day"])[0]
        clock = time(hour, self.rng.randrange(60), self.rng.randrange(60))
        return datetime.combine(day, clock, tzinfo=self.zone).astimezone(UTC)

    # What --------------------------------------------------------------

    def pick_service(self, moment: datetime) -> Service:
        """A service, weighted by its volume, season and hour of day."""
        local = moment.astimezone(self.zone)
        key = (local.month, local.hour)
        if key not in self._weights:
            self._weights[key] = [
                self._service_weight(service, *key) for service in self.services
            ]
        return self.rng.choices(self.services, self._weights[key])[0]

    def _service_weight(self, service: Service, month: int, hour: int) -> float:
        profile = self.profiles[service.service_code]
        season = self.data["seasons"][profile.get("season", "even")]
        hours = self.data["hours"]
        profile_hours = hours[profile.get("hours", "day")]
        by_hour = _share(profile_hours, hour) / _share(hours["day"], hour)
        return float(profile["weight"]) * float(season[month - 1]) * by_hour

    # Where, who and the form ------------------------------------------

    def intake(self, service: Service, moment: datetime) -> Intake:
        profile = self.profiles[service.service_code]
        channel = self.rng.choices(
            list(self.data["channels"]), list(self.data["channels"].values())
        )[0]
        place = self._park() if profile.get("place") == "park" else self._street()
        text, told = description(self.rng.choice(profile["descriptions"]))

        return Intake(
            service=service,
            channel=channel,
            language=self._language(channel),
            description=text,
            location=place.location,
            contact=self._contact(channel),
            answers=self._answers(service, profile, moment, place, told),
            requested_at=moment,
        )

    def _street(self) -> Place:
        streets = self.data["streets"]
        spans = [abs(s["numbers"][1] - s["numbers"][0]) + 1 for s in streets]
        street = self.rng.choices(streets, spans)[0]
        first, last = street["numbers"]
        number = self.rng.randint(min(first, last), max(first, last))
        along = (number - first) / (last - first) if last != first else 0.0

        lat, long = (
            begin + (end - begin) * along + self.rng.gauss(0, JITTER)
            for begin, end in zip(street["start"], street["end"], strict=True)
        )
        lat, long = self._inside_city(lat, long)
        address = f"{number} {street['name']}"
        location = Location(lat=lat, long=long, address=address, zipcode=street["zip"])
        return Place(location)

    def _park(self) -> Place:
        park = self.rng.choice(self.data["parks"])
        lat, long = (value + self.rng.gauss(0, JITTER) for value in park["point"])
        lat, long = self._inside_city(lat, long)
        address = f"{park['name']}, {park['address']}"
        location = Location(lat=lat, long=long, address=address, zipcode=park["zip"])
        return Place(location, park=park["name"])

    def _inside_city(self, lat: float, long: float) -> tuple[float, float]:
        """The point, or where it lands when pulled toward the centre of
        the city until it is inside: jitter must not carry a street's
        point over the border."""
        centre_lat, centre_long = settings.CITY.map_center
        for _ in range(12):
            point = (round(lat, 6), round(long, 6))
            if locate(*point).inside:
                return point
            lat, long = (lat + centre_lat) / 2, (long + centre_long) / 2
        return centre_lat, centre_long

    def _language(self, channel: str) -> str:
        spoken = channel in {Channel.PHONE, Channel.WALK_IN}
        if spoken and self.rng.random() < self.data["spanish_share"]:
            return "es"
        return "en"

    def _contact(self, channel: str) -> Contact:
        if channel != Channel.EMAIL and self.rng.random() >= self.data["contact_share"]:
            return Contact()
        first = self.rng.choice(self.data["first_names"])
        last = self.rng.choice(self.data["last_names"])
        contact = Contact(first_name=first, last_name=last)
        if channel == Channel.EMAIL or self.rng.random() < 0.7:
            number = self.rng.randint(1, 99)
            contact.email = f"{first}.{last}{number}@example.org".lower()
        if channel == Channel.PHONE or not contact.email or self.rng.random() < 0.4:
            area = self.rng.choice(self.data["area_codes"])
            contact.phone = f"{area}-555-01{self.rng.randrange(100):02d}"
        if channel == Channel.MOBILE:
            contact.device_id = f"{self.rng.getrandbits(128):032x}"
        return contact

    def _answers(
        self,
        service: Service,
        profile: dict[str, Any],
        moment: datetime,
        place: Place,
        told: dict[str, Answer],
    ) -> dict[str, Answer]:
        """Answers to the questions: those the description implies, every
        required one, and some of the optional ones."""
        answers = dict(told)
        for attribute in service.attributes.all():
            if not attribute.variable or attribute.code in answers:
                continue
            share = self.data["optional_answer_share"]
            if not attribute.required and self.rng.random() >= share:
                continue
            answer = self._answer(attribute, profile.get("answers", {}), moment, place)
            if answer is not None:
                answers[attribute.code] = answer
        return answers

    def _answer(
        self,
        attribute: ServiceAttribute,
        given: dict[str, Any],
        moment: datetime,
        place: Place,
    ) -> Answer | None:
        keys = [value.key for value in attribute.values.all()]
        if attribute.datatype == Datatype.SINGLEVALUELIST:
            return self.rng.choice(keys)
        if attribute.datatype == Datatype.MULTIVALUELIST:
            return self.rng.sample(keys, k=min(len(keys), self.rng.choice((1, 1, 2))))
        if attribute.datatype == Datatype.DATETIME:
            before = timedelta(minutes=self.rng.randint(30, 36 * 60))
            return (moment - before).astimezone(self.zone).isoformat()
        if attribute.code == "park" and place.park:
            return place.park
        return self._given_answer(attribute, given.get(attribute.code))

    def _given_answer(self, attribute: ServiceAttribute, spec: Any) -> str | None:
        if spec is None:
            if attribute.required:
                raise DemoDataError(
                    "requests.toml gives no answers for the required question "
                    f"{attribute.code} of {attribute.service.service_code}"
                )
            return None
        if attribute.datatype == Datatype.NUMBER:
            low, high = spec
            return str(self.rng.randint(low, high))
        return self._fill(self.rng.choice(spec))

    def _fill(self, pattern: str) -> str:
        """Replace each ``#`` with a digit and each ``@`` with a letter."""
        return "".join(
            self.rng.choice(PLACEHOLDERS[char]) if char in PLACEHOLDERS else char
            for char in pattern
        )

    # How it goes -------------------------------------------------------

    def plan(self, service: Service, moment: datetime) -> list[Step]:
        """The state changes of a request made at ``moment``, in time order.
        Some lie in the future; the caller applies those that have happened."""
        profile = self.profiles[service.service_code]
        anytime = bool(profile.get("around_the_clock", False))
        seen = Step(
            State.ACKNOWLEDGED,
            self._later(moment, 0.05, 4, anytime),
            self._note("acknowledged"),
        )

        ending = self._early_ending(profile, seen.at, anytime)
        if ending is not None:
            return [seen, ending]
        return [seen, *self._work(service, profile, moment, seen.at, anytime)]

    def _early_ending(
        self, profile: dict[str, Any], after: datetime, anytime: bool
    ) -> Step | None:
        outcomes = self.data["outcomes"]
        duplicate = profile.get("duplicate", outcomes["duplicate"])
        roll = self.rng.random()
        if roll < duplicate:
            at = self._later(after, 0.5, 30, anytime)
            return Step(State.DUPLICATE, at, self._note("duplicate"))
        if roll < duplicate + outcomes["cancelled"]:
            at = self._later(after, 2, 72, anytime)
            return Step(State.CANCELLED, at, self._note("cancelled"))
        if self.rng.random() < profile.get("referred", 0):
            at = self._later(after, 1, 24, anytime)
            referral = profile["referral"]
            return Step(State.REFERRED, at, referral["note"], agency=referral["agency"])
        return None

    def _work(
        self,
        service: Service,
        profile: dict[str, Any],
        moment: datetime,
        after: datetime,
        anytime: bool,
    ) -> list[Step]:
        outcomes = self.data["outcomes"]
        steps: list[Step] = []
        if self.rng.random() < ASSIGNED_SHARE:
            at = self._later(after, 0.2, 8, anytime)
            steps.append(Step(State.ASSIGNED, at, self._note("assigned")))
        if self.rng.random() < STARTED_SHARE:
            at = self._later(_last(steps, after), 0.5, 24, anytime)
            steps.append(Step(State.IN_PROGRESS, at, self._note("in_progress")))
        if self.rng.random() < outcomes["on_hold"]:
            steps += self._hold(_last(steps, after), anytime)
        if self.rng.random() < outcomes["left_open"]:
            return steps

        due = moment + self._duration(service, anytime)
        done = max(due, _last(steps, after) + timedelta(minutes=10))
        steps.append(
            self._completion(profile, done if anytime else self._on_shift(done))
        )
        if self.rng.random() < outcomes["reopened"]:
            steps += self._reopening(profile, steps[-1].at, anytime)
        return steps

    def _hold(self, after: datetime, anytime: bool) -> list[Step]:
        held = self._later(after, 2, 48, anytime)
        resumed = self._later(held, 72, 480, anytime)
        for_resident = self.rng.random() < RESIDENT_HOLD_SHARE
        return [
            Step(
                State.ON_HOLD,
                held,
                self._note("on_hold_resident" if for_resident else "on_hold"),
                hold_reason=HoldReason.RESIDENT
                if for_resident
                else HoldReason.THIRD_PARTY,
            ),
            Step(State.IN_PROGRESS, resumed, self._note("resumed")),
        ]

    def _reopening(
        self, profile: dict[str, Any], closed: datetime, anytime: bool
    ) -> list[Step]:
        reopened = self._later(closed, 48, 336, anytime=True)
        done = self._later(reopened, 24, 240, anytime)
        return [
            Step(State.REOPENED, reopened, self._note("reopened")),
            self._completion(profile, done),
        ]

    def _completion(self, profile: dict[str, Any], at: datetime) -> Step:
        resolved = self.rng.random() < self.data["outcomes"]["resolved_share"]
        state = State.RESOLVED if resolved else State.CLOSED
        return Step(state, at, self.rng.choice(profile["resolutions"]))

    def _duration(self, service: Service, anytime: bool) -> timedelta:
        """How long the work takes: around the service's timeframe, usually
        within it, sometimes well over."""
        value = service.timeframe_value or 5
        if service.timeframe_unit == TimeframeUnit.BUSINESS_HOURS:
            nominal = timedelta(hours=value * (1 if anytime else 2.4))
        elif service.timeframe_unit == TimeframeUnit.BUSINESS_DAYS:
            nominal = timedelta(days=value * 1.4)
        else:
            nominal = timedelta(days=value)
        return nominal * self.rng.lognormvariate(-0.35, 0.65)

    def _later(
        self, at: datetime, low_hours: float, high_hours: float, anytime: bool
    ) -> datetime:
        moment = at + timedelta(hours=self.rng.uniform(low_hours, high_hours))
        return moment if anytime else self._on_shift(moment)

    def _on_shift(self, moment: datetime) -> datetime:
        """``moment`` if staff are at work then, else soon after the next
        shift starts."""
        local = moment.astimezone(self.zone)
        if local.weekday() < 5 and SHIFT_START <= local.hour < SHIFT_END:
            return moment
        day = local.date()
        if local.hour >= SHIFT_START:
            day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        start = datetime.combine(day, time(SHIFT_START), tzinfo=self.zone)
        return (start + timedelta(minutes=self.rng.randint(0, 150))).astimezone(UTC)

    def _note(self, kind: str) -> str:
        return str(self.rng.choice(self.data["notes"][kind]))


def check_profiles(data: dict[str, Any]) -> None:
    """Raise DemoDataError when requests.toml refers to something it lacks."""
    unknown = set(data["channels"]) - set(Channel.values)
    if unknown:
        raise DemoDataError(
            "unknown channels: {names}".format(names=", ".join(sorted(unknown)))
        )
    for code, profile in data["services"].items():
        problem = _profile_problem(data, profile)
        if problem:
            raise DemoDataError(f"requests.toml, service {code}: {problem}")


def _profile_problem(data: dict[str, Any], profile: dict[str, Any]) -> str:
    if not profile.get("descriptions") or not profile.get("resolutions"):
        return "needs descriptions and resolutions"
    if profile.get("season", "even") not in data["seasons"]:
        return "unknown season"
    if profile.get("hours", "day") not in data["hours"]:
        return "unknown hours"
    referral = profile.get("referral", {})
    if profile.get("referred") and not (
        referral.get("agency") and referral.get("note")
    ):
        return "a referral share needs a referral agency and note"
    return ""


def description(entry: str | dict[str, Any]) -> tuple[str, dict[str, Answer]]:
    """The text of a description entry of requests.toml, and the answers it
    implies."""
    if isinstance(entry, str):
        return entry, {}
    told: dict[str, Answer] = {
        code: [str(item) for item in value] if isinstance(value, list) else str(value)
        for code, value in entry.items()
        if code != "text"
    }
    return entry["text"], told


def _days_between(start: datetime, end: datetime) -> list[date]:
    count = (end.date() - start.date()).days + 1
    return [start.date() + timedelta(days=n) for n in range(count)]


def _share(weights: list[float], index: int) -> float:
    return max(float(weights[index]), 0.01) / sum(weights)


def _last(steps: list[Step], default: datetime) -> datetime:
    return steps[-1].at if steps else default
