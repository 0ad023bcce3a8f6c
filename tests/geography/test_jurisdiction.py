"""Whose is this place? The demo city's boundary, neighbourhoods and
neighbours, as every channel asks through ``locate``."""

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from civic311.geography.jurisdiction import locate
from civic311.geography.shapes import Shape

DEMO_REQUESTS = Path(settings.BASE_DIR) / "civic311" / "demo" / "requests.toml"


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("lat", "long", "neighbourhood", "area"),
    [
        (38.8051, -77.0428, "old-town", "east"),  # City Hall
        (38.8350, -77.0480, "potomac-yard", "east"),
        (38.8250, -77.0600, "del-ray", "east"),
        (38.8120, -77.0600, "rosemont", "east"),
        (38.8000, -77.0700, "eisenhower", "east"),
        (38.8100, -77.0750, "taylor-run", "east"),
        (38.8300, -77.0750, "north-ridge", "east"),
        (38.8150, -77.0950, "seminary-hill", "west"),
        (38.8380, -77.1000, "bradlee", "west"),
        (38.8300, -77.1200, "beauregard", "west"),
        (38.8100, -77.1300, "landmark-van-dorn", "west"),
    ],
)
def test_a_point_in_the_city_is_taken_in_its_neighbourhood(
    lat: float, long: float, neighbourhood: str, area: str
) -> None:
    place = locate(lat, long)

    assert place.inside
    assert (place.neighbourhood, place.area) == (neighbourhood, area)
    assert place.redirect is None


@pytest.mark.parametrize(
    ("lat", "long", "other"),
    [
        (38.7937, -77.0745, "Fairfax County"),  # Huntington
        (38.7780, -77.0550, "Fairfax County"),  # Belle Haven
        (38.8500, -77.1300, "Fairfax County"),  # Bailey's Crossroads
        (38.8625, -77.0595, "Arlington County"),  # Pentagon City
        (38.8460, -77.0850, "Arlington County"),  # Shirlington
        (38.8050, -77.0300, "the District of Columbia"),  # the Potomac
        (38.8890, -77.0350, "the District of Columbia"),  # the Mall
        (38.8000, -77.0000, "Prince George's County"),  # Oxon Hill
    ],
)
def test_a_point_next_door_is_sent_to_the_neighbour(
    lat: float, long: float, other: str
) -> None:
    place = locate(lat, long)

    assert not place.inside
    assert place.redirect is not None
    assert other in place.redirect.message
    assert place.redirect.to is not None and other in place.redirect.to.name
    assert place.neighbourhood == ""


def test_the_redirect_says_how_to_reach_the_neighbour() -> None:
    place = locate(38.8625, -77.0595)

    assert place.redirect is not None
    assert "https://www.arlingtonva.us" in place.redirect.message
    assert "703.228.3000" in place.redirect.message


def test_a_point_in_a_same_named_city_says_which_alexandria_it_is() -> None:
    place = locate(31.3113, -92.4451)  # downtown Alexandria, Louisiana

    assert not place.inside
    assert place.redirect is not None
    assert "Alexandria, Louisiana" in place.redirect.message
    assert "a different Alexandria" in place.redirect.message


def test_a_point_far_from_any_known_place_is_outside_with_a_general_message() -> None:
    place = locate(48.8566, 2.3522)

    assert not place.inside
    assert place.redirect is not None and place.redirect.to is None
    assert "outside Alexandria" in place.redirect.message


def test_a_point_a_few_metres_over_the_border_is_still_taken() -> None:
    # The boundary runs along the Potomac shore at -77.0376 at this
    # latitude; 0.0002 degrees of longitude is about 17 metres.
    near = locate(38.8050, -77.0374)
    far = locate(38.8050, -77.0340)

    assert near.inside and near.neighbourhood == "old-town"
    assert not far.inside


@pytest.mark.parametrize("zipcode", ["22314", "22301", "22314-2711", " 22304 "])
def test_without_a_point_a_city_zip_code_is_taken(zipcode: str) -> None:
    place = locate(None, None, zipcode)

    assert place.inside
    assert place.neighbourhood == ""


def test_a_zip_code_shared_with_a_neighbour_is_taken_without_a_point() -> None:
    assert locate(None, None, "22312").inside


@pytest.mark.parametrize(
    ("zipcode", "other"),
    [
        ("22306", "Fairfax County"),
        ("22310", "Fairfax County"),
        ("22202", "Arlington County"),
        ("20001", "the District of Columbia"),
        ("20745", "Prince George's County"),
    ],
)
def test_a_neighbours_zip_code_is_sent_to_the_neighbour(
    zipcode: str, other: str
) -> None:
    place = locate(None, None, zipcode)

    assert not place.inside
    assert place.redirect is not None
    assert f"ZIP code {zipcode} is outside Alexandria, in {other}" in (
        place.redirect.message
    )


@pytest.mark.parametrize(
    ("zipcode", "namesake"),
    [
        ("71301", "Alexandria, Louisiana"),
        ("71303", "Alexandria, Louisiana"),
        ("56308", "Alexandria, Minnesota"),
        ("41001", "Alexandria, Kentucky"),
        ("46001", "Alexandria, Indiana"),
    ],
)
def test_a_same_named_citys_zip_code_says_which_alexandria_it_is(
    zipcode: str, namesake: str
) -> None:
    place = locate(None, None, zipcode)

    assert not place.inside
    assert place.redirect is not None
    assert f"ZIP code {zipcode} belongs to the City of {namesake}" in (
        place.redirect.message
    )


def test_an_unknown_zip_code_is_outside() -> None:
    place = locate(None, None, "10001")

    assert not place.inside
    assert place.redirect is not None
    assert "10001 is not in Alexandria" in place.redirect.message


@pytest.mark.parametrize("zipcode", ["2231", "223144", "ABCDE", "22314-12"])
def test_something_that_is_not_a_zip_code_is_marked_malformed(zipcode: str) -> None:
    place = locate(None, None, zipcode)

    assert not place.inside
    assert place.malformed_zip
    assert place.redirect is None


def test_a_point_decides_over_the_zip_code() -> None:
    # Apps send the point they measured; the ZIP code is often a guess.
    assert locate(38.8051, -77.0428, "22306").inside
    assert not locate(38.7937, -77.0745, "22314").inside


def test_without_point_or_zip_code_the_request_is_taken() -> None:
    place = locate(None, None, "")

    assert place.inside and place.redirect is None


@pytest.mark.parametrize(
    ("lat", "long"), [(float("nan"), -77.04), (38.8, float("inf"))]
)
def test_a_point_that_is_not_a_number_is_never_inside(lat: float, long: float) -> None:
    assert not locate(lat, long).inside


def test_every_point_of_the_city_is_in_exactly_one_neighbourhood() -> None:
    geography = settings.CITY.geography
    boundary: Shape = geography.boundary
    box = boundary.box
    steps = 60
    checked = 0
    for i in range(steps + 1):
        for j in range(steps + 1):
            lat = box.south + (box.north - box.south) * i / steps
            long = box.west + (box.east - box.west) * j / steps
            if not boundary.covers(lat, long):
                continue
            holders = [
                n.slug for n in geography.neighbourhoods if n.shape.contains(lat, long)
            ]
            assert len(holders) == 1, (lat, long, holders)
            checked += 1
    assert checked > steps * steps / 4


def test_every_street_and_park_of_the_demo_lies_in_the_city() -> None:
    data = tomllib.loads(DEMO_REQUESTS.read_text())
    points = [park["point"] for park in data["parks"]]
    for street in data["streets"]:
        points += [street["start"], street["end"]]

    outside = [point for point in points if not locate(*point).inside]

    assert outside == []
