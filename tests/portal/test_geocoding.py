"""Address search and "use my location" on the report form, against fake
geocoders on this machine: what residents are offered, whether each place
is the city's, and what happens when geocoders fail."""

import json
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from civic311.city import Geocoder

OLD_TOWN = (38.8048, -77.0469)  # in Alexandria
FAIRFAX = (38.8462, -77.3064)  # the City of Fairfax, not Alexandria

NOMINATIM_SEARCH = [
    {
        "lat": "38.8048",
        "lon": "-77.0469",
        "name": "",
        "display_name": "301, King Street, Old Town, Alexandria, Virginia, "
        "22314, United States",
        "address": {
            "house_number": "301",
            "road": "King Street",
            "city": "Alexandria",
            "state": "Virginia",
            "postcode": "22314",
        },
    },
    {
        "lat": "38.8462",
        "lon": "-77.3064",
        "name": "Fairfax City Hall",
        "display_name": "Fairfax City Hall, 10455, Armstrong Street, Fairfax, "
        "Virginia, 22030, United States",
        "address": {
            "house_number": "10455",
            "road": "Armstrong Street",
            "city": "Fairfax",
            "postcode": "22030",
        },
    },
]
NOMINATIM_REVERSE = NOMINATIM_SEARCH[0]
CENSUS_SEARCH = {
    "result": {
        "input": {"address": {"address": "301 King St"}},
        "addressMatches": [
            {
                "matchedAddress": "301 KING ST, ALEXANDRIA, VA, 22314",
                "coordinates": {"x": -77.0469, "y": 38.8048},
                "addressComponents": {"zip": "22314", "city": "ALEXANDRIA"},
            }
        ],
    }
}

KING_STREET = {
    "label": "301 King Street, Alexandria",
    "lat": 38.8048,
    "long": -77.0469,
    "zipcode": "22314",
    "inside": True,
}
FAIRFAX_CITY_HALL = {
    "label": "Fairfax City Hall, 10455 Armstrong Street, Fairfax",
    "lat": 38.8462,
    "long": -77.3064,
    "zipcode": "22030",
    "inside": False,
}
UNAVAILABLE = "Address search is not available right now. Type the address instead."


@dataclass
class Asked:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeGeocoder:
    """A geocoding server: answers each path with ``answers[path]``, a
    status and a body, and keeps what it was asked."""

    answers: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    asked: list[Asked] = field(default_factory=list)
    url: str = ""
    # Held until the test ends: a geocoder that never answers.
    hang: threading.Event | None = None

    def answer(self, path: str, body: object, status: int = 200) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.answers[path] = (status, raw)

    def provider(self, kind: str = "nominatim", timeout: float = 3.0) -> Geocoder:
        return Geocoder(kind=kind, url=self.url, timeout=timeout)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        fake.asked.append(Asked(parts.path, query, dict(self.headers.items())))
        if fake.hang is not None:
            fake.hang.wait()
            return
        status, body = fake.answers.get(parts.path, (404, b"{}"))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # it would print each query on the terminal


class _Server(ThreadingHTTPServer):
    fake: FakeGeocoder

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a hanging answer finds its client gone


def _serve() -> Iterator[FakeGeocoder]:
    fake = FakeGeocoder()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    # A short poll: shutting down waits for the next one.
    serve = {"poll_interval": 0.01}
    thread = threading.Thread(target=server.serve_forever, kwargs=serve, daemon=True)
    thread.start()
    yield fake
    if fake.hang is not None:
        fake.hang.set()
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def nominatim() -> Iterator[FakeGeocoder]:
    for fake in _serve():
        fake.answer("/search", NOMINATIM_SEARCH)
        fake.answer("/reverse", NOMINATIM_REVERSE)
        yield fake


@pytest.fixture
def census() -> Iterator[FakeGeocoder]:
    for fake in _serve():
        fake.answer("/locations/onelineaddress", CENSUS_SEARCH)
        yield fake


@pytest.fixture
def broken() -> Iterator[FakeGeocoder]:
    """A second server, for the geocoder that fails."""
    yield from _serve()


@pytest.fixture
def use(settings: Any) -> Any:
    """Turn geocoding on with these geocoders, in this order."""

    def use(*geocoders: Geocoder) -> None:
        settings.GEOCODING_ENABLED = True
        settings.CITY = replace(settings.CITY, geocoders=geocoders)

    return use


def closed_port() -> Geocoder:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return Geocoder(kind="nominatim", url=f"http://127.0.0.1:{port}")


def search(client: Any, q: str, **headers: str) -> Any:
    return client.get("/geocode/search/", {"q": q}, headers=headers)


def reverse(client: Any, lat: object, long: object, **headers: str) -> Any:
    return client.get("/geocode/reverse/", {"lat": lat, "long": long}, headers=headers)


# Answers -------------------------------------------------------------------


def test_search_offers_the_places_found_and_says_which_are_the_citys(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    use(nominatim.provider())

    response = search(client, "301 King St")

    assert response.status_code == 200
    assert response.json() == {"results": [KING_STREET, FAIRFAX_CITY_HALL]}
    assert "private" in response["Cache-Control"]


def test_search_asks_nominatim_within_the_city_in_the_residents_language(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    use(nominatim.provider())

    response = search(client, "301  King St ", **{"Accept-Language": "es"})

    assert response.status_code == 200
    [asked] = nominatim.asked
    assert asked.path == "/search"
    assert asked.query == {
        "format": "jsonv2",
        "q": "301 King St",
        "limit": "5",
        "addressdetails": "1",
        "countrycodes": "us",
        "viewbox": "-77.145,38.846,-77.036,38.785",
        "bounded": "1",
    }
    assert asked.headers["Accept-Language"] == "es"
    assert "civic311" in asked.headers["User-Agent"]
    assert "City of Alexandria, Virginia" in asked.headers["User-Agent"]


def test_use_my_location_answers_the_address_at_the_point(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    use(nominatim.provider())

    response = reverse(client, *OLD_TOWN)

    assert response.status_code == 200
    assert response.json() == {"results": [KING_STREET]}
    [asked] = nominatim.asked
    assert asked.path == "/reverse"
    assert asked.query == {
        "format": "jsonv2",
        "lat": "38.8048",
        "lon": "-77.0469",
        "addressdetails": "1",
    }


def test_a_point_outside_the_city_is_marked_so(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    nominatim.answer("/reverse", NOMINATIM_SEARCH[1])
    use(nominatim.provider())

    response = reverse(client, *FAIRFAX)

    assert response.json() == {"results": [FAIRFAX_CITY_HALL]}


def test_a_point_with_no_address_answers_no_results(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    nominatim.answer("/reverse", {"error": "Unable to geocode"})
    use(nominatim.provider())

    response = reverse(client, 38.80, -77.06)

    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_an_empty_answer_is_an_answer_and_the_next_geocoder_is_not_asked(
    client: Any, use: Any, nominatim: FakeGeocoder, census: FakeGeocoder
) -> None:
    nominatim.answer("/search", [])
    use(nominatim.provider(), census.provider("census"))

    response = search(client, "Nowhere Lane")

    assert response.json() == {"results": []}
    assert census.asked == []


def test_the_census_geocoder_finds_addresses(
    client: Any, use: Any, census: FakeGeocoder
) -> None:
    use(census.provider("census"))

    response = search(client, "301 King St")

    assert response.json()["results"] == [
        {**KING_STREET, "label": "301 KING ST, ALEXANDRIA, VA, 22314"}
    ]
    [asked] = census.asked
    assert asked.path == "/locations/onelineaddress"
    assert asked.query == {
        "address": "301 King St",
        "benchmark": "Public_AR_Current",
        "format": "json",
    }


def test_use_my_location_passes_over_the_census_geocoder(
    client: Any, use: Any, census: FakeGeocoder, nominatim: FakeGeocoder
) -> None:
    use(census.provider("census"), nominatim.provider())

    response = reverse(client, *OLD_TOWN)

    assert response.json() == {"results": [KING_STREET]}
    assert census.asked == []


def test_with_only_the_census_geocoder_use_my_location_is_unavailable(
    client: Any, use: Any, census: FakeGeocoder
) -> None:
    use(census.provider("census"))

    response = reverse(client, *OLD_TOWN)

    assert response.status_code == 503
    assert census.asked == []


# Failures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, {"error": "overloaded"}),
        (429, {"error": "too many requests"}),
        (200, b"<html>Service temporarily down</html>"),
        (200, {"unexpected": "shape"}),
        (200, [{"display_name": "no point"}]),
    ],
    ids=["500", "429", "not-json", "not-a-list", "no-point"],
)
def test_a_geocoder_that_answers_nonsense_is_passed_over(
    client: Any,
    use: Any,
    broken: FakeGeocoder,
    census: FakeGeocoder,
    status: int,
    body: object,
) -> None:
    broken.answer("/search", body, status=status)
    use(broken.provider(), census.provider("census"))

    response = search(client, "301 King St")

    assert response.status_code == 200
    assert response.json()["results"][0]["zipcode"] == "22314"
    assert len(broken.asked) == 1
    assert len(census.asked) == 1


def test_a_geocoder_that_cannot_be_reached_is_passed_over(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    use(closed_port(), nominatim.provider())

    response = reverse(client, *OLD_TOWN)

    assert response.json() == {"results": [KING_STREET]}


def test_a_geocoder_that_does_not_answer_in_time_is_passed_over(
    client: Any, use: Any, broken: FakeGeocoder, nominatim: FakeGeocoder
) -> None:
    broken.hang = threading.Event()
    use(broken.provider(timeout=0.2), nominatim.provider())

    response = search(client, "301 King St")

    assert response.json() == {"results": [KING_STREET, FAIRFAX_CITY_HALL]}
    assert len(broken.asked) == 1


def test_when_every_geocoder_fails_residents_are_told_to_type_the_address(
    client: Any, use: Any, broken: FakeGeocoder
) -> None:
    broken.answer("/search", {}, status=500)
    use(closed_port(), broken.provider())

    response = search(client, "301 King St")

    assert response.status_code == 503
    assert response.json() == {"error": UNAVAILABLE}
    assert len(broken.asked) == 1


def test_without_geocoders_search_is_unavailable(client: Any, use: Any) -> None:
    use()

    assert search(client, "301 King St").status_code == 503
    assert reverse(client, *OLD_TOWN).status_code == 503


def test_with_geocoding_off_no_geocoder_is_asked(
    client: Any, use: Any, settings: Any, nominatim: FakeGeocoder
) -> None:
    use(nominatim.provider())
    settings.GEOCODING_ENABLED = False

    response = search(client, "301 King St")

    assert response.status_code == 503
    assert response.json() == {"error": UNAVAILABLE}
    assert nominatim.asked == []


# Questions that cannot be asked ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Type an address to search for."),
        ({"q": "   "}, "Type an address to search for."),
        ({"q": "ab"}, "Type at least 3 characters."),
        ({"q": "a" * 201}, "Type at most 200 characters."),
    ],
    ids=["missing", "blank", "short", "long"],
)
def test_a_search_that_cannot_be_asked_is_explained(
    client: Any,
    use: Any,
    nominatim: FakeGeocoder,
    query: dict[str, str],
    message: str,
) -> None:
    use(nominatim.provider())

    english = client.get("/geocode/search/", query)
    spanish = client.get("/geocode/search/", query, headers={"Accept-Language": "es"})

    assert english.status_code == 400
    assert english.json() == {"error": message}
    assert spanish.status_code == 400
    assert "error" in spanish.json()
    assert nominatim.asked == []


def test_a_search_of_exactly_the_longest_length_is_asked(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    use(nominatim.provider())

    assert search(client, "a" * 200).status_code == 200


@pytest.mark.parametrize(
    "point",
    [
        {},
        {"lat": "38.8"},
        {"lat": "north", "long": "-77.05"},
        {"lat": "91", "long": "-77.05"},
        {"lat": "38.8", "long": "-181"},
        {"lat": "nan", "long": "-77.05"},
        {"lat": "38.8", "long": "inf"},
    ],
    ids=["missing", "no-long", "words", "lat-91", "long-181", "nan", "inf"],
)
def test_a_point_that_is_not_on_the_map_is_explained(
    client: Any, use: Any, nominatim: FakeGeocoder, point: dict[str, str]
) -> None:
    use(nominatim.provider())

    english = client.get("/geocode/reverse/", point)
    spanish = client.get("/geocode/reverse/", point, headers={"Accept-Language": "es"})

    assert english.status_code == 400
    assert english.json() == {
        "error": "That is not a place on the map. Type the address instead."
    }
    assert spanish.status_code == 400
    assert "error" in spanish.json()
    assert nominatim.asked == []


@pytest.mark.parametrize("path", ["/geocode/search/", "/geocode/reverse/"])
def test_only_get_is_answered(
    client: Any, use: Any, nominatim: FakeGeocoder, path: str
) -> None:
    use(nominatim.provider())

    response = client.post(path, {"q": "301 King St", "lat": "38.8", "long": "-77"})

    assert response.status_code == 405
    assert nominatim.asked == []


# Caching and privacy --------------------------------------------------------


def test_a_search_asked_again_is_answered_from_the_cache(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    use(nominatim.provider())

    first = search(client, "301 King St")
    again = search(client, " 301  KING st")

    assert again.json() == first.json()
    assert len(nominatim.asked) == 1


def test_a_search_in_another_language_is_asked_again(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    use(nominatim.provider())

    search(client, "301 King St")
    search(client, "301 King St", **{"Accept-Language": "es"})

    assert [asked.headers["Accept-Language"] for asked in nominatim.asked] == [
        "en",
        "es",
    ]


def test_a_point_asked_again_is_answered_from_the_cache(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    use(nominatim.provider())

    reverse(client, *OLD_TOWN)
    reverse(client, 38.804801, -77.046901)  # the same metre
    reverse(client, *FAIRFAX)

    assert len(nominatim.asked) == 2


def test_a_failure_is_not_kept_so_the_next_search_asks_again(
    client: Any, use: Any, nominatim: FakeGeocoder
) -> None:
    nominatim.answer("/search", {}, status=500)
    use(nominatim.provider())
    assert search(client, "301 King St").status_code == 503

    nominatim.answer("/search", NOMINATIM_SEARCH)
    response = search(client, "301 King St")

    assert response.status_code == 200
    assert len(nominatim.asked) == 2


def test_logs_name_the_failing_geocoder_but_never_the_address_or_point(
    client: Any,
    use: Any,
    broken: FakeGeocoder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken.answer("/search", {}, status=500)
    broken.answer("/reverse", b"not json")
    use(closed_port(), broken.provider())
    caplog.set_level(logging.DEBUG)

    search(client, "4417 Duke Street")
    reverse(client, 38.81234, -77.08765)

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "geocoder nominatim at 127.0.0.1 failed: connection refused" in logged
    assert "geocoder nominatim at 127.0.0.1 failed: status 500" in logged
    assert "geocoder nominatim at 127.0.0.1 failed: answer not JSON" in logged
    for secret in ("Duke", "4417", "38.81", "77.08"):
        assert secret not in logged
