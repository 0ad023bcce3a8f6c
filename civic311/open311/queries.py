"""The reads behind the Open311 endpoints.

Lists select plain column values, never model instances, and never touch
the contact table: what a query does not read cannot leak.
"""

from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from civic311.catalog.models import Service, ServiceAttribute
from civic311.open311.params import RequestFilters
from civic311.servicerequests.models import RequestEvent, RequestMedia, ServiceRequest

REQUEST_COLUMNS = (
    "id",
    "status",
    "state",
    "status_notes",
    "service_id",
    "service__service_code",
    "service__service_name",
    "service__service_notice",
    "department__name",
    "description",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)
EXTENSION_COLUMNS = ("channel", "parent_id", "attributes", "token", "closed_datetime")


def public_services() -> QuerySet[Service]:
    has_questions = ServiceAttribute.objects.filter(service=OuterRef("pk"))
    return (
        Service.objects.filter(active=True)
        .annotate(metadata=Exists(has_questions))
        .order_by("group", "service_name", "service_code")
    )


def service_definition(service_code: str) -> Service | None:
    return (
        Service.objects.filter(service_code=service_code)
        .prefetch_related("attributes__values")
        .first()
    )


NEWEST_FIRST = ("-requested_datetime", "-id")


def request_rows(filters: RequestFilters) -> list[dict[str, Any]]:
    """One page of requests, newest first.

    The page's ids are found first, from the indexes alone, and only those
    rows are read: a deep page then skips index entries, not table rows.
    """
    matching = ServiceRequest.objects.filter(_conditions(filters))
    end = filters.offset + filters.page_size
    page_ids = matching.order_by(*NEWEST_FIRST).values("id")[filters.offset : end]
    page = ServiceRequest.objects.filter(id__in=page_ids).order_by(*NEWEST_FIRST)
    return _raw_rows(page, _columns(filters.extensions))


def request_row(pk: int, *, extensions: bool) -> dict[str, Any] | None:
    rows = _raw_rows(ServiceRequest.objects.filter(pk=pk), _columns(extensions))
    return rows[0] if rows else None


def _columns(extensions: bool) -> tuple[str, ...]:
    return REQUEST_COLUMNS + (EXTENSION_COLUMNS if extensions else ())


def _raw_rows(
    query: QuerySet[ServiceRequest], columns: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Run ``query`` for ``columns`` and return the values as the database
    driver gives them.

    Skipping Django's per-value conversion saves about a millisecond a page.
    JSON and UUID columns then arrive as the driver gives them (text on
    SQLite), which ``represent`` accounts for; datetimes arrive aware.
    """
    sql, params = query.values_list(*columns).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _conditions(filters: RequestFilters) -> Q:
    if filters.ids is not None:
        return Q(id__in=filters.ids)
    condition = Q()
    if filters.service_codes:
        # Codes become ids first so that the filter uses the request table's
        # own (service, status, date) index on every database.
        ids = Service.objects.filter(service_code__in=filters.service_codes)
        condition &= Q(service_id__in=list(ids.values_list("id", flat=True)))
    if filters.statuses:
        condition &= Q(status__in=filters.statuses)
    if filters.requested_after:
        condition &= Q(requested_datetime__gte=filters.requested_after)
    if filters.requested_before:
        condition &= Q(requested_datetime__lte=filters.requested_before)
    if filters.updated_after:
        condition &= Q(updated_datetime__gte=filters.updated_after)
    if filters.updated_before:
        condition &= Q(updated_datetime__lte=filters.updated_before)
    return condition


def public_notes(request_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Public history entries of each request, oldest first."""
    notes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        RequestEvent.objects.filter(request_id__in=request_ids, public=True)
        .order_by("at", "id")
        .values("request_id", "at", "kind", "changes", "note")
    )
    for row in rows:
        notes[row["request_id"]].append(dict(row))
    return notes


def media_files(request_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    files: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        RequestMedia.objects.filter(request_id__in=request_ids)
        .order_by("uploaded_at", "id")
        .values("request_id", "file", "content_type", "uploaded_at")
    )
    for row in rows:
        files[row["request_id"]].append(dict(row))
    return files


def service_translations(service_ids: set[int]) -> dict[int, dict[str, Any]]:
    rows = Service.objects.filter(id__in=service_ids).values_list("id", "translations")
    return dict(rows)
