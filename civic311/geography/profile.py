"""The ``[geography]`` section of a city profile: where the city is, its
parts, and where requests that are not its own belong.

Paths in the section are relative to the profile file. Every shape is read
and built here, once, when the profile loads; a file that is missing or
holds no polygon stops the start with a ``ShapeError``.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civic311.geography.shapes import (
    Shape,
    ShapeError,
    features_from_geojson,
    read_geojson,
    shape_from_geojson,
)

US_ZIP = r"^\d{5}(-\d{4})?$"


@dataclass(frozen=True)
class Neighbourhood:
    slug: str
    name: str
    area: str  # a larger part of the city (east, west) for comparisons
    shape: Shape


@dataclass(frozen=True)
class Elsewhere:
    """Another government that takes requests the city does not: a
    neighbour (a county next door) or a namesake (a city of the same name
    in another state). Residents are sent there, with how to reach it."""

    slug: str
    name: str
    namesake: bool
    website: str = ""
    phone: str = ""
    zip_codes: tuple[str, ...] = ()
    zip_prefixes: tuple[str, ...] = ()
    shape: Shape | None = None

    def has_zip(self, zipcode: str) -> bool:
        return zipcode in self.zip_codes or zipcode.startswith(self.zip_prefixes)

    def holds(self, lat: float, long: float) -> bool:
        return self.shape is not None and self.shape.covers(lat, long)


@dataclass(frozen=True)
class Geography:
    """A city without a boundary takes every point; one without ZIP codes
    takes every ZIP code."""

    boundary: Shape | None = None
    # A point this far outside the boundary still counts as inside:
    # phones and geocoders are a few metres off.
    tolerance_metres: float = 0.0
    neighbourhoods: tuple[Neighbourhood, ...] = ()
    zip_codes: tuple[str, ...] = ()
    # ZIP codes the city shares with a neighbour: without a point, such a
    # ZIP code cannot say whose a request is, so it is taken.
    shared_zip_codes: tuple[str, ...] = ()
    zip_pattern: str = US_ZIP
    # In the order they are asked: a neighbour's shape may overlap the city
    # and those listed before it.
    elsewhere: tuple[Elsewhere, ...] = ()

    def takes_zip(self, zipcode: str) -> bool:
        return zipcode in self.zip_codes or zipcode in self.shared_zip_codes

    def neighbourhood_name(self, slug: str) -> str:
        """The name of neighbourhood ``slug``; "" when there is none."""
        return next((n.name for n in self.neighbourhoods if n.slug == slug), "")


def read_geography(section: dict[str, Any], base: Path) -> Geography:
    """The geography a profile section describes; ``base`` is the folder
    its paths are relative to. Raises ShapeError, KeyError, TypeError or
    ValueError when the section is wrong."""
    pattern = str(section.get("zip_pattern", US_ZIP))
    try:
        re.compile(pattern)  # a broken pattern stops the start, not a request
    except re.error as error:
        raise ValueError(f"zip_pattern {pattern!r}: {error}") from error
    boundary = section.get("boundary")
    return Geography(
        boundary=_shape(base, boundary) if boundary else None,
        tolerance_metres=float(section.get("tolerance_metres", 0.0)),
        neighbourhoods=_neighbourhoods(base, section.get("neighbourhoods")),
        zip_codes=_strings(section.get("zip_codes", ())),
        shared_zip_codes=_strings(section.get("shared_zip_codes", ())),
        zip_pattern=pattern,
        elsewhere=tuple(
            _elsewhere(base, item) for item in section.get("elsewhere", ())
        ),
    )


def _shape(base: Path, name: str) -> Shape:
    path = base / name
    try:
        return shape_from_geojson(read_geojson(path))
    except ShapeError as error:
        raise ShapeError(f"{path}: {error}") from error


def _neighbourhoods(base: Path, name: str | None) -> tuple[Neighbourhood, ...]:
    if not name:
        return ()
    path = base / name
    try:
        features = features_from_geojson(read_geojson(path))
    except ShapeError as error:
        raise ShapeError(f"{path}: {error}") from error

    neighbourhoods = []
    for number, (properties, shape) in enumerate(features, start=1):
        slug = str(properties.get("slug") or "")
        if not slug:
            raise ShapeError(f"{path}: feature {number} has no slug")
        name_ = str(properties.get("name") or slug)
        area = str(properties.get("area") or "")
        neighbourhoods.append(Neighbourhood(slug, name_, area, shape))
    slugs = [n.slug for n in neighbourhoods]
    if len(set(slugs)) != len(slugs):
        raise ShapeError(f"{path}: two neighbourhoods share a slug")
    return tuple(neighbourhoods)


def _elsewhere(base: Path, item: dict[str, Any]) -> Elsewhere:
    area, bbox = item.get("area"), item.get("bbox")
    shape = _shape(base, area) if area else _box(bbox) if bbox else None
    return Elsewhere(
        slug=str(item["slug"]),
        name=str(item["name"]),
        namesake=bool(item.get("namesake", False)),
        website=str(item.get("website", "")),
        phone=str(item.get("phone", "")),
        zip_codes=_strings(item.get("zip_codes", ())),
        zip_prefixes=_strings(item.get("zip_prefixes", ())),
        shape=shape,
    )


def _box(bbox: Any) -> Shape:
    south, west, north, east = (float(value) for value in bbox)
    if not (south < north and west < east):
        raise ValueError(f"bbox {bbox!r} is not south, west, north, east")
    corners = [(west, south), (east, south), (east, north), (west, north)]
    return Shape.build([[[*corners, corners[0]]]])


def _strings(values: Any) -> tuple[str, ...]:
    if isinstance(values, str):
        raise TypeError(f"expected a list of strings, got {values!r}")
    return tuple(str(value) for value in values)
