"""Point in polygon for GeoJSON Polygons and MultiPolygons, in pure Python.

GeoJSON lists positions longitude first; the methods here take latitude
first, like the rest of civic311 and Open311. Shapes are built once, when
the city profile loads. A bounding box turns most points away, and each ring
keeps its edges in horizontal bands, so a point meets only the few edges at
its own latitude: a query takes microseconds.

Two questions can be asked. ``contains`` uses a half-open rule, so that a
point on a side shared by two shapes (neighbourhoods that tile a city) falls
in exactly one of them. ``covers`` also counts the boundary itself, which is
the lenient answer for "is this in the city?".
"""

import itertools
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A point this close to an edge, in degrees (about a tenth of a millimetre),
# is on it.
ON_EDGE = 1e-9
METRES_PER_DEGREE = 111_320.0
MAX_BANDS = 64

Position = tuple[float, float]  # (long, lat), as GeoJSON writes it


class ShapeError(ValueError):
    """A GeoJSON document is unreadable or holds no usable polygon."""


@dataclass(frozen=True)
class Box:
    south: float
    west: float
    north: float
    east: float

    def holds(self, lat: float, long: float, margin: float = 0.0) -> bool:
        # Written so that NaN answers False.
        return (
            self.south - margin <= lat <= self.north + margin
            and self.west - margin <= long <= self.east + margin
        )

    @classmethod
    def around(cls, boxes: Sequence["Box"]) -> "Box":
        return cls(
            south=min(box.south for box in boxes),
            west=min(box.west for box in boxes),
            north=max(box.north for box in boxes),
            east=max(box.east for box in boxes),
        )


@dataclass(frozen=True)
class Edge:
    """One side of a ring, stored lower end first.

    Two rings that share a side then compute the same crossing bit for bit,
    whichever way each of them runs.
    """

    y0: float
    y1: float
    x0: float
    x1: float
    slope: float  # dx/dy; rays never cross a horizontal edge

    @classmethod
    def between(cls, a: Position, b: Position) -> "Edge":
        (xa, ya), (xb, yb) = sorted((a, b), key=lambda p: (p[1], p[0]))
        slope = (xb - xa) / (yb - ya) if yb != ya else 0.0
        return cls(y0=ya, y1=yb, x0=xa, x1=xb, slope=slope)

    def crossed(self, x: float, y: float) -> bool:
        """Whether a ray from (x, y) towards the east crosses this edge.

        Half-open in y, so a ray through a vertex counts it once.
        """
        if not self.y0 <= y < self.y1:
            return False
        return x < self.x0 + (y - self.y0) * self.slope

    def gap(self, x: float, y: float, x_scale: float = 1.0) -> float:
        """Distance from (x, y) to this edge, with x stretched by x_scale."""
        dx, dy = (self.x1 - self.x0) * x_scale, self.y1 - self.y0
        px, py = (x - self.x0) * x_scale, y - self.y0
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, (px * dx + py * dy) / length))
        return math.hypot(px - t * dx, py - t * dy)


@dataclass(frozen=True)
class Ring:
    edges: tuple[Edge, ...]
    bottom: float
    band_height: float
    bands: tuple[tuple[Edge, ...], ...]

    @classmethod
    def build(cls, positions: Sequence[Position]) -> "Ring":
        """A ring from closed positions (the last repeats the first)."""
        edges = tuple(Edge.between(a, b) for a, b in itertools.pairwise(positions))
        bottom = min(edge.y0 for edge in edges)
        top = max(edge.y1 for edge in edges)
        count = max(1, min(MAX_BANDS, len(edges) // 2))
        height = (top - bottom) / count or 1.0
        bands: list[list[Edge]] = [[] for _ in range(count)]
        for edge in edges:
            # One band of slack on each side absorbs rounding in the index.
            first = int((edge.y0 - bottom) / height) - 1
            last = int((edge.y1 - bottom) / height) + 1
            for index in range(max(first, 0), min(last, count - 1) + 1):
                bands[index].append(edge)
        return cls(edges, bottom, height, tuple(tuple(band) for band in bands))

    def edges_near(self, y: float) -> tuple[Edge, ...]:
        index = int((y - self.bottom) / self.band_height)
        return self.bands[min(max(index, 0), len(self.bands) - 1)]

    def crossings(self, x: float, y: float) -> int:
        return sum(edge.crossed(x, y) for edge in self.edges_near(y))

    def touches(self, x: float, y: float) -> bool:
        return any(edge.gap(x, y) <= ON_EDGE for edge in self.edges_near(y))


@dataclass(frozen=True)
class Polygon:
    rings: tuple[Ring, ...]  # the outer ring, then any holes
    box: Box

    def contains(self, x: float, y: float) -> bool:
        # Even-odd over all rings: holes need no special case.
        return sum(ring.crossings(x, y) for ring in self.rings) % 2 == 1

    def touches(self, x: float, y: float) -> bool:
        return any(ring.touches(x, y) for ring in self.rings)


@dataclass(frozen=True)
class Shape:
    """One or more polygons, each with any number of holes."""

    polygons: tuple[Polygon, ...]
    box: Box

    @classmethod
    def build(cls, polygons: Sequence[Sequence[Sequence[Position]]]) -> "Shape":
        """A shape from polygons, each a list of closed rings of positions."""
        built = tuple(_polygon(rings) for rings in polygons)
        return cls(built, Box.around([polygon.box for polygon in built]))

    def contains(self, lat: float, long: float) -> bool:
        """Whether the point is inside; on the boundary, the half-open rule
        decides, so shapes that tile an area never both claim a point."""
        if not self.box.holds(lat, long):
            return False
        return any(
            polygon.box.holds(lat, long) and polygon.contains(long, lat)
            for polygon in self.polygons
        )

    def covers(self, lat: float, long: float) -> bool:
        """Whether the point is inside or on the boundary."""
        if not self.box.holds(lat, long, margin=ON_EDGE):
            return False
        return self.contains(lat, long) or any(
            polygon.touches(long, lat) for polygon in self.polygons
        )

    def distance(self, lat: float, long: float) -> float:
        """Roughly how many metres the point lies from the shape; 0 inside.

        Treats a degree of longitude as shorter away from the equator, which
        is plenty for choosing the nearest of a few neighbourhoods.
        """
        if self.covers(lat, long):
            return 0.0
        x_scale = math.cos(math.radians(lat))
        gaps = (
            edge.gap(long, lat, x_scale)
            for polygon in self.polygons
            for ring in polygon.rings
            for edge in ring.edges
        )
        return min(gaps) * METRES_PER_DEGREE


def _polygon(rings: Sequence[Sequence[Position]]) -> Polygon:
    outer = rings[0]
    box = Box(
        south=min(lat for _, lat in outer),
        west=min(long for long, _ in outer),
        north=max(lat for _, lat in outer),
        east=max(long for long, _ in outer),
    )
    return Polygon(tuple(Ring.build(ring) for ring in rings), box)


# Reading GeoJSON ------------------------------------------------------------


def read_geojson(path: Path) -> Any:
    """The parsed document at path; ShapeError when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except OSError as error:
        message = "cannot read %(path)s: %(error)s"
        raise ShapeError(message % {"path": path, "error": error.strerror}) from error
    except ValueError as error:
        message = "%(path)s is not valid JSON: %(error)s"
        raise ShapeError(message % {"path": path, "error": error}) from error


def shape_from_geojson(document: Any) -> Shape:
    """Every polygon in a FeatureCollection, Feature or geometry, as one
    shape."""
    polygons = [
        polygon
        for _, geometry, where in _geometries(document)
        for polygon in _polygons(geometry, where)
    ]
    if not polygons:
        raise ShapeError("the document holds no polygon")
    return Shape.build(polygons)


def features_from_geojson(document: Any) -> list[tuple[dict[str, Any], Shape]]:
    """Each feature's properties and shape, in the order of the document."""
    features = [
        (properties, Shape.build(_polygons(geometry, where)))
        for properties, geometry, where in _geometries(document)
    ]
    if not features:
        raise ShapeError("the document holds no feature")
    return features


def _geometries(document: Any) -> Iterator[tuple[dict[str, Any], Any, str]]:
    """(properties, geometry, where) for each feature or bare geometry."""
    kind = _member(document, "type", "the document")
    if kind == "FeatureCollection":
        features = _member(document, "features", "the collection")
        if not isinstance(features, list):
            raise ShapeError("the collection's features are not a list")
        for number, feature in enumerate(features, start=1):
            yield _feature(feature, f"feature {number}")
    elif kind == "Feature":
        yield _feature(document, "the feature")
    else:
        yield {}, document, "the geometry"


def _feature(feature: Any, where: str) -> tuple[dict[str, Any], Any, str]:
    if _member(feature, "type", where) != "Feature":
        raise ShapeError(f"{where} is not a Feature")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise ShapeError(f"{where} has properties that are not an object")
    return properties, _member(feature, "geometry", where), where


def _polygons(geometry: Any, where: str) -> list[list[list[Position]]]:
    kind = _member(geometry, "type", where)
    coordinates = _member(geometry, "coordinates", where)
    if kind == "Polygon":
        return [_rings(coordinates, where)]
    if kind == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
        return [_rings(polygon, where) for polygon in coordinates]
    message = "%(where)s is a %(kind)s, not a Polygon or MultiPolygon"
    raise ShapeError(message % {"where": where, "kind": kind})


def _rings(coordinates: Any, where: str) -> list[list[Position]]:
    if not isinstance(coordinates, list) or not coordinates:
        raise ShapeError(f"{where} has no rings")
    return [_ring(ring, where) for ring in coordinates]


def _ring(ring: Any, where: str) -> list[Position]:
    if not isinstance(ring, list) or len(ring) < 4:
        message = "%(where)s has a ring of fewer than four positions"
        raise ShapeError(message % {"where": where})
    positions = [_position(position, where) for position in ring]
    if positions[0] != positions[-1]:
        message = "%(where)s has a ring whose last position is not its first"
        raise ShapeError(message % {"where": where})
    return positions


def on_the_map(lat: float, long: float) -> bool:
    """Whether the numbers are a point on Earth: finite, the latitude
    within ±90 and the longitude within ±180."""
    finite = math.isfinite(lat) and math.isfinite(long)
    return finite and abs(lat) <= 90 and abs(long) <= 180


def _position(position: Any, where: str) -> Position:
    numbers = position[:2] if isinstance(position, list) else []
    if len(numbers) == 2 and all(_is_number(n) for n in numbers):
        long, lat = float(numbers[0]), float(numbers[1])
        if abs(long) <= 180 and abs(lat) <= 90:
            return long, lat
    message = "%(where)s has a position that is not [longitude, latitude]: %(value)s"
    raise ShapeError(message % {"where": where, "value": str(position)[:60]})


def _is_number(value: Any) -> bool:
    is_real = isinstance(value, int | float) and not isinstance(value, bool)
    return is_real and math.isfinite(value)


def _member(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        message = "%(where)s has no %(key)s"
        raise ShapeError(message % {"where": where, "key": key})
    return mapping[key]
