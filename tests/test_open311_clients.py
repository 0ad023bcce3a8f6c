"""Three Open311 client packages from PyPI, run against the live server.

Each test serves the app on a real port (pytest-django's ``live_server``),
points a published client at it and checks what the client reads back
against the stored rows. The packages' own request building and parsing run
unchanged; where a package hard-codes a city's address, the test swaps that
one constant for the live server's.

georeport 0.3.1
    ``GeoReport(root, jurisdiction=...)`` sends ``jurisdiction_id`` on every
    call. Covered: services, a service definition, requests filtered by id,
    service code, status and dates, the default 90-day list, and a single
    request, each in JSON and in XML. Its XML parser (xmltodict) gives a
    dict where a list has one item and None for an empty element; the tests
    even that out, as an app using it must.
boston311 0.1.1
    Hard-codes ``BOSTON_API_ENDPOINT``. Covered: services, requests filtered
    by service code, status and dates (sent as UTC ``Z`` times), and a
    single request, all parsed into its pydantic models.
chicagorequests 0.0.5
    A click command that downloads day by day (Chicago days) through
    scrapelib, sending ``extensions=true``, ``page`` and ``page_size=200``,
    offset date-times with microseconds and, when asked,
    ``updated_after``/``updated_before``. Hard-codes ``Downloader.BASE_URL``.
    ``--request-type`` takes names from the package's own table of Chicago
    service codes, so the catalog here uses two of Chicago's codes. Its
    scraper retries a failed call five times, waiting ten seconds and more;
    the tests turn retries off so that a failure shows at once.

What the packages cannot do, whatever the server:

- None of them files a request. georeport's README says it "does not
  currently support the creation of new 311 service requests"; the other
  two only read. The POST is therefore made the way field apps make it (a
  form with ``api_key`` and ``attribute[code]``), and the three packages
  read the filed request back.
- boston311 has no call for a service definition; chicagorequests has none
  for services, definitions or a single request. None of the three reads
  discovery or tokens.
- boston311's model requires ``address``, ``lat`` and ``long`` on every
  request (Boston geocodes each report), so it fails on a request located
  by coordinates only, whose address GeoReport leaves null. The requests
  here carry an address; the test that would show the failure is skipped.
"""

import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import boston311.api
import chicagorequests
import pytest
import requests
from boston311.datamodels import Status as BostonStatus
from click.testing import CliRunner
from django.conf import settings
from django.utils import timezone
from georeport import GeoReport
from pytest_django.live_server_helper import LiveServer

from civic311.catalog.models import Datatype, Service
from civic311.lib import publicid
from civic311.lib.actors import Actor
from civic311.servicerequests.actions import change_state
from civic311.servicerequests.intake import Location
from civic311.servicerequests.models import RequestContact, ServiceRequest, State
from tests.builders import (
    CITY_HALL,
    make_api_client,
    make_attribute,
    make_request,
    make_service,
)

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

POTHOLE = chicagorequests.request_types["pothole"]["service_code"]
STREETLIGHT = chicagorequests.request_types["street_light_out"]["service_code"]
CHICAGO = ZoneInfo("America/Chicago")
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
FORMATS = ["json", "xml"]

Read = dict[str, Any]


# The clients, pointed at the live server.


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse to resolve any host but this machine, so that a package whose
    hard-coded city address was not swapped fails instead of calling out."""
    resolve = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            raise AssertionError(f"a client tried to reach {host!r}")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def root(live_server: LiveServer) -> str:
    return f"{live_server.url}/open311/v2"


def georeport(root: str, fmt: str) -> GeoReport:
    jurisdiction = settings.CITY.jurisdiction_id
    return GeoReport(root, jurisdiction=jurisdiction, output_format=fmt)


@pytest.fixture
def boston(root: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(boston311.api, "BOSTON_API_ENDPOINT", f"{root}/")
    return boston311


class _ScraperWithoutRetries(chicagorequests.APIScraper):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "retry_attempts": 0})


@pytest.fixture
def chicago(root: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[Read]]:
    """Run the ``chicagorequests`` command and return the requests it
    printed."""
    monkeypatch.setattr(chicagorequests.Downloader, "BASE_URL", f"{root}/requests.json")
    monkeypatch.setattr(chicagorequests, "APIScraper", _ScraperWithoutRetries)

    def download(*args: str) -> list[Read]:
        result = CliRunner().invoke(chicagorequests.main, list(args))
        if result.exception is not None:
            raise result.exception
        return [json.loads(line) for line in result.stdout.splitlines()]

    return download


# The stored city the clients read.


@dataclass
class City:
    """Two services under Chicago's codes and five requests around one
    Chicago day, ``day``: one the evening before, three during it (one
    resolved two days later) and one the morning after."""

    day: date
    pothole: Service
    streetlight: Service
    night_before: ServiceRequest
    filled: ServiceRequest
    light_out: ServiceRequest
    late: ServiceRequest
    next_morning: ServiceRequest

    def at(self, days: int, hour: int, minute: int = 0) -> datetime:
        return chicago_time(self.day, days, hour, minute)

    def chicago_day(self, days: int = 0) -> str:
        return (self.day + timedelta(days=days)).isoformat()


def chicago_time(day: date, days: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Chicago, ``days`` after ``day``."""
    return datetime.combine(
        day + timedelta(days=days), time(hour, minute, 0, 0, CHICAGO)
    )


@pytest.fixture
def city() -> City:
    pothole = make_service(
        service_code=POTHOLE,
        service_name="Pothole",
        group="Streets",
        keywords="hole, road",
        service_notice="Crews fill potholes within three business days.",
    )
    make_attribute(
        pothole,
        code="size",
        datatype=Datatype.SINGLEVALUELIST,
        required=True,
        description="How big is it?",
        choices=[("small", "Smaller than a plate"), ("large", "Wider than a tyre")],
    )
    make_attribute(pothole, code="depth", datatype=Datatype.NUMBER)
    streetlight = make_service(service_code=STREETLIGHT, service_name="Light out")
    make_service(service_code="retired", active=False)

    day = (timezone.now() - timedelta(days=10)).astimezone(CHICAGO).date()
    filed = [
        _filed(pothole, chicago_time(day, -1, 23, 30), 1, "Night before"),
        _filed(pothole, chicago_time(day, 0, 0, 30), 2, "Just after midnight"),
        _filed(
            streetlight,
            chicago_time(day, 0, 12),
            3,
            "Dark corner & <no> light by the café",
        ),
        _filed(pothole, chicago_time(day, 0, 23, 30), 4, "Just before midnight"),
        _filed(pothole, chicago_time(day, 1, 0, 30), 5, "Next morning"),
    ]
    change_state(
        actor=Actor.system("311 agent"),
        request=filed[1],
        state=State.RESOLVED,
        note="Filled with cold patch.",
        at=chicago_time(day, 2, 9),
    )
    return City(day, pothole, streetlight, *filed)


def _filed(
    service: Service, requested_at: datetime, n: int, description: str
) -> ServiceRequest:
    where = Location(
        lat=CITY_HALL[0] + n / 1000,
        long=CITY_HALL[1] - n / 1000,
        address=f"{n}00 King St",
    )
    answers = {"size": "large"} if service.service_code == POTHOLE else {}
    return make_request(
        service,
        requested_at=requested_at,
        location=where,
        description=description,
        answers=answers,
    )


# Comparing what a client read with what is stored.


def as_list(node: Any, item: str | None = None) -> list[Any]:
    """A list as either format reads it: JSON gives the list; xmltodict
    gives ``{item: [...]}``, ``{item: {...}}`` for one, None for none."""
    if node is None:
        return []
    if isinstance(node, dict) and item is not None:
        node = node.get(item)
    if node is None:
        return []
    return node if isinstance(node, list) else [node]


def text(value: Any) -> str:
    """A value as XML writes it, so JSON and XML reads compare alike."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def instant(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, f"{value} has no offset"
    return moment


def stored(read: Read) -> ServiceRequest:
    pk = publicid.decode(read["service_request_id"])
    assert pk is not None, f"{read['service_request_id']} is not a request number"
    return ServiceRequest.objects.get(pk=pk)


def assert_same_service(read: Read, service: Service) -> None:
    assert read["service_code"] == service.service_code
    assert read["service_name"] == service.service_name
    assert text(read["description"]) == service.description
    assert text(read["group"]) == service.group
    if "keywords" in read:  # boston311's model drops it
        assert text(read["keywords"]) == service.keywords
    assert read["type"] == service.type
    assert text(read["metadata"]) == text(service.attributes.exists())


def assert_same_request(read: Read, row: ServiceRequest) -> None:
    """Compare the untimed fields of a request a client read with its row;
    ``row`` is fetched again so that the comparison is with what is
    stored."""
    row = ServiceRequest.objects.select_related("service", "department").get(pk=row.pk)
    assert read["service_request_id"] == row.public_id
    assert read["service_code"] == row.service.service_code
    assert read["service_name"] == row.service.service_name
    assert read["status"] == row.status
    assert text(read["status_notes"]) == row.status_notes
    assert text(read["description"]) == row.description
    assert text(read["agency_responsible"]) == row.department.name
    assert text(read["address"]) == row.address
    assert float(read["lat"]) == row.lat
    assert float(read["long"]) == row.long


def assert_same_times(read: Read, row: ServiceRequest) -> None:
    """GeoReport times are to the second; they must name the stored
    instants, whatever offset they are written with."""
    row.refresh_from_db()
    requested = row.requested_datetime.replace(microsecond=0)
    updated = row.updated_datetime.replace(microsecond=0)
    assert instant(read["requested_datetime"]) == requested
    assert instant(read["updated_datetime"]) == updated


def ids(reads: list[Read]) -> list[str]:
    return [read["service_request_id"] for read in reads]


def public_ids(rows: Any) -> set[str]:
    return {row.public_id for row in rows}


# georeport


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_lists_the_active_services_as_stored(
    root: str, city: City, fmt: str
) -> None:
    read = as_list(georeport(root, fmt).get_service_list())

    active = Service.objects.filter(active=True)
    assert sorted(s["service_code"] for s in read) == sorted(
        active.values_list("service_code", flat=True)
    )
    for service in read:
        assert_same_service(service, active.get(service_code=service["service_code"]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_reads_a_service_definition_with_its_choices(
    root: str, city: City, fmt: str
) -> None:
    read = georeport(root, fmt).get_service_definition(POTHOLE)

    assert read["service_code"] == POTHOLE
    attributes = as_list(read["attributes"], "attribute")
    questions = list(city.pothole.attributes.order_by("order"))
    assert [a["code"] for a in attributes] == [q.code for q in questions]
    for attribute, question in zip(attributes, questions, strict=True):
        assert attribute["datatype"] == question.datatype
        assert text(attribute["required"]) == text(question.required)
        assert text(attribute["variable"]) == text(question.variable)
        assert attribute["description"] == question.description
        assert text(attribute["order"]) == text(question.order)
        choices = [
            (value["key"], value["name"])
            for value in as_list(attribute.get("values"), "value")
        ]
        assert choices == list(question.values.values_list("key", "name"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_lists_requests_of_a_status_and_services_between_two_dates(
    root: str, city: City, fmt: str
) -> None:
    client = georeport(root, fmt)
    start, end = city.at(-1, 0), city.at(1, 23, 59)

    closed = as_list(
        client.get_service_requests(
            service_code=POTHOLE,
            status="closed",
            start_date=start.isoformat(),
            end_date=end.isoformat(),
        )
    )
    open_on_day = as_list(
        client.get_service_requests(
            service_code=f"{POTHOLE},{STREETLIGHT}",
            status="open",
            # Two offsets in one query: the server must compare instants.
            start_date=city.at(0, 0).isoformat(),
            end_date=city.at(0, 23, 59).astimezone(UTC).isoformat(),
        )
    )

    rows = ServiceRequest.objects.all()
    assert set(ids(closed)) == public_ids(
        rows.filter(
            service__service_code=POTHOLE,
            status="closed",
            requested_datetime__range=(start, end),
        )
    )
    assert set(ids(open_on_day)) == public_ids(
        rows.filter(
            status="open",
            requested_datetime__range=(city.at(0, 0), city.at(0, 23, 59)),
        )
    )
    for read in closed + open_on_day:
        assert_same_request(read, stored(read))


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_reads_requests_by_id_whatever_the_other_filters(
    root: str, city: City, fmt: str
) -> None:
    wanted = [city.filled, city.next_morning]

    read = as_list(
        georeport(root, fmt).get_service_requests(
            service_request_id=",".join(r.public_id for r in wanted),
            status="closed",
        )
    )

    assert set(ids(read)) == public_ids(wanted)
    for request in read:
        assert_same_request(request, stored(request))


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_lists_the_last_ninety_days_when_no_dates_are_given(
    root: str, city: City, fmt: str
) -> None:
    make_request(city.streetlight, requested_at=timezone.now() - timedelta(days=91))

    read = as_list(georeport(root, fmt).get_service_requests())

    recent = ServiceRequest.objects.filter(
        requested_datetime__gte=timezone.now() - timedelta(days=90)
    )
    assert ServiceRequest.objects.count() == recent.count() + 1
    assert set(ids(read)) == public_ids(recent)


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_reads_one_request_as_stored(root: str, city: City, fmt: str) -> None:
    read = georeport(root, fmt).get_service_request(city.filled.public_id)

    assert_same_request(read, city.filled)
    assert read["status"] == "closed"


def test_georeport_reads_xml_whatever_characters_a_resident_pasted(
    root: str, city: City
) -> None:
    # Text pasted from a word processor brings vertical tabs and form feeds.
    pasted = make_request(
        city.streetlight,
        description="Lamp flickers\x0bsince Monday & <sparks> at night",
    )

    read = georeport(root, "xml").get_service_request(pasted.public_id)

    assert read["service_request_id"] == pasted.public_id
    assert read["description"].startswith("Lamp flickers")
    assert read["description"].endswith("since Monday & <sparks> at night")


# boston311


def test_boston311_lists_the_active_services_as_stored(boston: Any, city: City) -> None:
    read = boston.get_services()

    active = Service.objects.filter(active=True)
    assert sorted(s.service_code for s in read.services) == sorted(
        active.values_list("service_code", flat=True)
    )
    for service in read.services:
        assert_same_service(
            service.model_dump(mode="json"),
            active.get(service_code=service.service_code),
        )


def test_boston311_lists_requests_of_a_status_and_service_between_two_dates(
    boston: Any, city: City
) -> None:
    start, end = city.at(-1, 12), city.at(1, 12)

    read = boston.get_service_requests(
        service_code=POTHOLE,
        status=BostonStatus.OPEN,
        start_date=start,
        end_date=end,
    )

    reads = [request.model_dump(mode="json") for request in read.service_requests]
    assert set(ids(reads)) == public_ids(
        ServiceRequest.objects.filter(
            service__service_code=POTHOLE,
            status="open",
            requested_datetime__range=(start, end),
        )
    )
    for request in reads:
        assert_same_request(request, stored(request))


def test_boston311_reads_one_request_as_stored(boston: Any, city: City) -> None:
    read = boston.get_service_request(city.light_out.public_id)

    assert_same_request(read.model_dump(mode="json"), city.light_out)
    assert read.status is BostonStatus.OPEN


@pytest.mark.skip(
    reason=(
        "boston311 0.1.1 declares ServiceRequest.address as a required str, so "
        "pydantic rejects the null address GeoReport gives a request located by "
        "lat/long only; Boston geocodes every report, the spec does not ask to"
    )
)
def test_boston311_reads_a_request_located_by_coordinates_only(
    boston: Any, city: City
) -> None:
    filed = make_request(city.streetlight, location=Location(*CITY_HALL))

    read = boston.get_service_request(filed.public_id)

    assert_same_request(read.model_dump(mode="json"), filed)


# chicagorequests


@pytest.mark.filterwarnings("error")
def test_chicagorequests_downloads_one_chicago_day_of_a_request_type(
    chicago: Callable[..., list[Read]], city: City
) -> None:
    day = city.chicago_day()

    read = chicago("--start-date", day, "--end-date", day, "--request-type", "pothole")

    start, end = city.at(0, 0), city.at(1, 0)
    assert set(ids(read)) == public_ids(
        ServiceRequest.objects.filter(
            service__service_code=POTHOLE,
            requested_datetime__gte=start,
            requested_datetime__lt=end,
        )
    )
    for request in read:
        row = stored(request)
        assert_same_request(request, row)
        extended = request["extended_attributes"]
        assert extended["channel"] == row.channel
        assert extended["detailed_status"] == row.state
        assert extended["token"] == str(row.token)
        assert extended["attributes"] == [
            {"code": code, "value": answer} for code, answer in row.attributes.items()
        ]
        assert len(request["notes"]) == row.events.filter(public=True).count()


@pytest.mark.filterwarnings("error")
def test_chicagorequests_downloads_requests_updated_in_a_range(
    chicago: Callable[..., list[Read]], city: City
) -> None:
    day, two_days_on = city.chicago_day(), city.chicago_day(2)

    read = chicago(
        *("--start-date", day, "--end-date", day),
        *("--updated-start-date", two_days_on, "--updated-end-date", two_days_on),
    )

    assert set(ids(read)) == public_ids(
        ServiceRequest.objects.filter(
            requested_datetime__range=(city.at(0, 0), city.at(1, 0)),
            updated_datetime__range=(city.at(2, 0), city.at(3, 0)),
        )
    )
    [request] = read
    assert_same_request(request, city.filled)
    assert request["status"] == "closed"


@pytest.mark.filterwarnings("error")
def test_chicagorequests_pages_through_a_day_of_more_than_one_page(
    chicago: Callable[..., list[Read]], city: City
) -> None:
    busy = city.at(4, 6)
    for n in range(201):
        make_request(city.streetlight, requested_at=busy + timedelta(minutes=n))

    day = city.chicago_day(4)
    read = chicago(*("-s", day, "-e", day, "-t", "street_light_out"))

    assert len(read) == len(set(ids(read))) == 201
    assert set(ids(read)) == public_ids(
        ServiceRequest.objects.filter(
            requested_datetime__range=(city.at(4, 0), city.at(5, 0))
        )
    )


# Every client


@pytest.mark.parametrize(
    "client", ["georeport-json", "georeport-xml", "boston311", "chicagorequests"]
)
def test_every_client_reads_request_times_as_the_stored_instants(
    client: str,
    root: str,
    boston: Any,
    chicago: Callable[..., list[Read]],
    city: City,
) -> None:
    start, end = city.at(-1, 0), city.at(2, 0)

    if client.startswith("georeport"):
        reader = georeport(root, client.split("-")[1])
        read = as_list(
            reader.get_service_requests(
                start_date=start.isoformat(), end_date=end.isoformat()
            )
        )
    elif client == "boston311":
        found = boston.get_service_requests(start_date=start, end_date=end)
        read = [request.model_dump(mode="json") for request in found.service_requests]
    else:
        read = chicago("-s", city.chicago_day(-1), "-e", city.chicago_day(1))

    assert set(ids(read)) == public_ids(ServiceRequest.objects.all())
    for request in read:
        assert_same_times(request, stored(request))


def test_a_request_an_app_posts_reads_back_the_same_through_every_client(
    root: str, boston: Any, chicago: Callable[..., list[Read]], city: City
) -> None:
    app, key = make_api_client(name="Pothole Pal")

    answer = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": key,
            "jurisdiction_id": settings.CITY.jurisdiction_id,
            "service_code": POTHOLE,
            "lat": "38.8101",
            "long": "-77.0502",
            "address_string": "120 Duke St",
            "description": "Wheel-deep, by the bus stop.",
            "email": "ana@example.org",
            "first_name": "Ana",
            "last_name": "Lima",
            "phone": "+1 703 555 0100",
            "attribute[size]": "large",
        },
        timeout=10,
    )

    assert answer.status_code == 200, answer.text
    [receipt] = answer.json()
    row = ServiceRequest.objects.get(api_client=app)
    assert receipt["service_request_id"] == row.public_id
    assert receipt["service_notice"] == city.pothole.service_notice
    assert (row.channel, row.attributes) == (app.channel, {"size": "large"})
    assert (row.lat, row.long, row.address) == (38.8101, -77.0502, "120 Duke St")
    contact = RequestContact.objects.get(request=row)
    assert (contact.email, contact.phone) == ("ana@example.org", "+1 703 555 0100")

    for fmt in FORMATS:
        assert_same_request(
            georeport(root, fmt).get_service_request(row.public_id), row
        )
    found = boston.get_service_request(row.public_id)
    assert_same_request(found.model_dump(mode="json"), row)
    day = row.requested_datetime.astimezone(CHICAGO).date().isoformat()
    [downloaded] = chicago("-s", day, "-e", day, "-t", "pothole")
    assert_same_request(downloaded, row)
    assert downloaded["extended_attributes"]["attributes"] == [
        {"code": "size", "value": "large"}
    ]
    assert "ana@example.org" not in json.dumps(downloaded)
