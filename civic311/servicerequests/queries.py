"""Reads of service requests used by every channel and the console."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet

from civic311.catalog.models import Service
from civic311.servicerequests.models import ServiceRequest, Status, Triage

EARTH_RADIUS_M = 6_371_000
MAX_DUPLICATES = 5


@dataclass(frozen=True)
class LikelyDuplicate:
    request: ServiceRequest
    distance_m: float


def likely_duplicates(
    service: Service,
    lat: float | None,
    long: float | None,
    *,
    now: datetime,
    exclude: ServiceRequest | None = None,
) -> list[LikelyDuplicate]:
    """Open requests of ``service`` filed within its duplicate window and
    radius of the point, nearest first.

    The database narrows by a box around the point, on indexed columns;
    the exact distance is measured here.
    """
    radius = service.duplicate_radius_m
    if lat is None or long is None or radius == 0:
        return []
    lat_span = math.degrees(radius / EARTH_RADIUS_M)
    long_span = lat_span / max(math.cos(math.radians(lat)), 0.01)
    candidates = ServiceRequest.objects.filter(
        service=service,
        status=Status.OPEN,
        requested_datetime__gte=now - timedelta(days=service.duplicate_window_days),
        lat__range=(lat - lat_span, lat + lat_span),
        long__range=(long - long_span, long + long_span),
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)

    found = [
        LikelyDuplicate(row, distance_m(lat, long, row.lat, row.long))
        for row in candidates.order_by("-requested_datetime")[:200]
        if row.lat is not None and row.long is not None
    ]
    near = [item for item in found if item.distance_m <= radius]
    near.sort(key=lambda item: item.distance_m)
    return near[:MAX_DUPLICATES]


def distance_m(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(long2 - long1)
    h = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def triage_queue() -> QuerySet[ServiceRequest]:
    """Requests flagged as possible emergencies that no one has reviewed,
    oldest first."""
    return ServiceRequest.objects.filter(triage=Triage.PENDING).order_by(
        "requested_datetime", "id"
    )
