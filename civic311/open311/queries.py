"""The reads behind the Open311 endpoints.

Lists select plain column values, never model instances, and never touch
the contact table: what a query does not read cannot leak.
"""

from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import Exists, Model, OuterRef, QuerySet

from civic311.catalog.models import Department, Service, ServiceAttribute
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


def request_rows(filters: RequestFilters) -> list[dict[str, Any]]:
    """One page of requests, newest first.

    This is the busiest read of the system, so its SQL is written here
    rather than built by the ORM on every call (which cost as much as
    running it). The page's ids are found first, from an index alone, and
    only those rows are read: a deep page skips index entries, not rows.
    """
    # Only table and column names are put into the text; every value the
    # caller sent travels as a parameter.
    where, params = _where(filters)
    page = (
        f"SELECT id FROM {_REQUESTS} WHERE {where} "  # noqa: S608 (names only)
        "ORDER BY requested_datetime DESC, id DESC LIMIT %s OFFSET %s"
    )
    sql = (
        f"{_select(filters.extensions)} WHERE {_among_ids(page)} "
        "ORDER BY r.requested_datetime DESC, r.id DESC"
    )
    return _fetch(sql, [*params, filters.page_size, filters.offset], filters.extensions)


def _among_ids(page: str) -> str:
    """``r.id`` is one of the ids the ``page`` query gives.

    PostgreSQL plans ``IN (subquery)`` as a hash semi-join over the whole
    table, so it is given the ids as an array, which it looks up in the
    primary key one by one; SQLite does that with ``IN`` already.
    """
    if connection.vendor == "postgresql":
        return f"r.id = ANY(ARRAY({page}))"
    return f"r.id IN ({page})"


def request_row(pk: int, *, extensions: bool) -> dict[str, Any] | None:
    rows = _fetch(f"{_select(extensions)} WHERE r.id = %s", [pk], extensions)
    return rows[0] if rows else None


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_REQUESTS = _table(ServiceRequest)

# Output name -> SQL expression over r (request), s (service), d (department).
DATETIME_COLUMNS = frozenset(
    {"requested_datetime", "updated_datetime", "expected_datetime", "closed_datetime"}
)


def _column(name: str) -> str:
    """The SQL for a request column; times come out as W3C text in UTC,
    formatted by the database, which is cheaper than by Python."""
    if name not in DATETIME_COLUMNS:
        return f"r.{name}"
    if connection.vendor == "postgresql":
        return f"""to_char(r.{name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    # SQLite keeps UTC text; the doubled %% survives parameter substitution.
    return f"strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', r.{name})"


_COLUMNS = {
    **{name: _column(name) for name in REQUEST_COLUMNS if "__" not in name},
    "service__service_code": "s.service_code",
    "service__service_name": "s.service_name",
    "service__service_notice": "s.service_notice",
    "department__name": "d.name",
}
_EXTENSION_COLUMNS = {name: _column(name) for name in EXTENSION_COLUMNS}


def _select(extensions: bool) -> str:
    columns = {**_COLUMNS, **(_EXTENSION_COLUMNS if extensions else {})}
    return (
        f"SELECT {', '.join(columns.values())} FROM {_REQUESTS} r "  # noqa: S608
        f"JOIN {_table(Service)} s ON s.id = r.service_id "
        f"JOIN {_table(Department)} d ON d.id = r.department_id"
    )


def _where(filters: RequestFilters) -> tuple[str, list[Any]]:
    if filters.ids is not None:
        return _in("id", filters.ids)

    clauses = ["1 = 1"]
    params: list[Any] = []
    for column, values in (
        ("service_id", _service_ids(filters.service_codes)),
        ("status", filters.statuses or None),
    ):
        if values is not None:
            clause, values_params = _in(column, values)
            clauses.append(clause)
            params += values_params
    for column, operator, moment in (
        ("requested_datetime", ">=", filters.requested_after),
        ("requested_datetime", "<=", filters.requested_before),
        ("updated_datetime", ">=", filters.updated_after),
        ("updated_datetime", "<=", filters.updated_before),
    ):
        if moment is not None:
            clauses.append(f"{column} {operator} %s")
            params.append(connection.ops.adapt_datetimefield_value(moment))
    return " AND ".join(clauses), params


def _service_ids(codes: list[str]) -> list[int] | None:
    """Codes become ids first, so that the filter uses the request table's
    own (service, status, date) index on every database."""
    if not codes:
        return None
    where, params = _in("service_code", codes)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {_table(Service)} WHERE {where}", params)  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _in(column: str, values: list[Any]) -> tuple[str, list[Any]]:
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _fetch(sql: str, params: list[Any], extensions: bool) -> list[dict[str, Any]]:
    """Run ``sql`` and return its rows by output name, as the database driver
    gives them: Django's per-value conversion is skipped, so JSON and UUID
    columns may arrive as text (``represent`` accounts for it), and times are
    text already."""
    names = tuple(_COLUMNS) + (tuple(_EXTENSION_COLUMNS) if extensions else ())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


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
