"""Reading a city's geography from its profile: what a city's IT writes,
and the mistakes that must stop the start rather than a resident's
request."""

import json
from pathlib import Path

import pytest

from civic311.city import DEMO_PROFILE, ProfileError, load_profile

SQUARE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]


def polygon(ring: list[list[float]], **properties: str) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def write_city(folder: Path, geography: str, **files: object) -> Path:
    """A minimal profile with ``geography`` as its [geography] section, and
    GeoJSON ``files`` beside it."""
    base = DEMO_PROFILE.read_text().split("[geography]")[0]
    for name, document in files.items():
        (folder / f"{name}.geojson").write_text(json.dumps(document))
    profile = folder / "city.toml"
    profile.write_text(base + "[geography]\n" + geography)
    return profile


def test_a_profile_without_geography_takes_every_place(tmp_path: Path) -> None:
    base = DEMO_PROFILE.read_text().split("[geography]")[0]
    profile = tmp_path / "city.toml"
    profile.write_text(base)

    geography = load_profile(profile).geography

    assert geography.boundary is None
    assert geography.neighbourhoods == ()
    assert geography.elsewhere == ()


def test_paths_are_read_beside_the_profile(tmp_path: Path) -> None:
    profile = write_city(
        tmp_path,
        'boundary = "edge.geojson"\nneighbourhoods = "parts.geojson"\n',
        edge=polygon(SQUARE),
        parts={
            "type": "FeatureCollection",
            "features": [polygon(SQUARE, slug="all", name="All", area="east")],
        },
    )

    geography = load_profile(profile).geography

    assert geography.boundary is not None
    assert geography.boundary.contains(0.5, 0.5)
    (part,) = geography.neighbourhoods
    assert (part.slug, part.name, part.area) == ("all", "All", "east")


def test_a_missing_boundary_file_stops_the_start(tmp_path: Path) -> None:
    profile = write_city(tmp_path, 'boundary = "nowhere.geojson"\n')

    with pytest.raises(ProfileError, match=r"nowhere\.geojson"):
        load_profile(profile)


def test_a_boundary_that_is_not_a_polygon_stops_the_start(tmp_path: Path) -> None:
    point = {"type": "Point", "coordinates": [0.0, 0.0]}
    profile = write_city(tmp_path, 'boundary = "edge.geojson"\n', edge=point)

    with pytest.raises(ProfileError, match="not a Polygon"):
        load_profile(profile)


def test_a_neighbourhood_needs_a_slug(tmp_path: Path) -> None:
    parts = {"type": "FeatureCollection", "features": [polygon(SQUARE, name="X")]}
    profile = write_city(tmp_path, 'neighbourhoods = "parts.geojson"\n', parts=parts)

    with pytest.raises(ProfileError, match="feature 1 has no slug"):
        load_profile(profile)


def test_two_neighbourhoods_cannot_share_a_slug(tmp_path: Path) -> None:
    twice = [polygon(SQUARE, slug="same"), polygon(SQUARE, slug="same")]
    parts = {"type": "FeatureCollection", "features": twice}
    profile = write_city(tmp_path, 'neighbourhoods = "parts.geojson"\n', parts=parts)

    with pytest.raises(ProfileError, match="share a slug"):
        load_profile(profile)


@pytest.mark.parametrize(
    "section",
    [
        'zip_pattern = "(["\n',
        'zip_codes = "22314"\n',
        '[[geography.elsewhere]]\nslug = "x"\nname = "X"\nbbox = [2, 0, 1, 1]\n',
        '[[geography.elsewhere]]\nname = "No slug"\n',
    ],
    ids=["broken pattern", "one string", "inside-out bbox", "no slug"],
)
def test_a_wrong_setting_stops_the_start(tmp_path: Path, section: str) -> None:
    profile = write_city(tmp_path, section)

    with pytest.raises(ProfileError):
        load_profile(profile)


def test_a_bbox_is_an_area_for_a_place_elsewhere(tmp_path: Path) -> None:
    profile = write_city(
        tmp_path,
        '[[geography.elsewhere]]\nslug = "far"\nname = "Far"\n'
        "bbox = [10, 20, 11, 21]\n",
    )

    (far,) = load_profile(profile).geography.elsewhere

    assert far.holds(10.5, 20.5)
    assert not far.holds(9.5, 20.5)
