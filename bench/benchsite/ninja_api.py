"""The Open311 request list written with django-ninja, for comparison.

It reads the same rows through the same query as the plain view and only
differs in how the answer is built: a pydantic schema and ninja's renderer
instead of a dict and orjson. django-ninja is not a project dependency;
bench/run.py installs it when missing.
"""

from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Schema

from civic311.lib import publicid
from civic311.open311 import queries
from civic311.open311.params import DEFAULT_WINDOW, RequestFilters

api = NinjaAPI(urls_namespace="bench-ninja", docs_url=None, openapi_url=None)


def _utc(value: datetime | str | None) -> datetime | str | None:
    """To the second, in UTC, as Open311 answers. Rows come from the raw
    cursor: a naive value is UTC, and text (when the query has the database
    format times) is left for the schema to read."""
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


class ServiceRequestOut(Schema):
    service_request_id: str
    status: str
    status_notes: str | None
    service_name: str
    service_code: str
    description: str | None
    agency_responsible: str
    service_notice: str | None
    requested_datetime: datetime
    updated_datetime: datetime | None
    expected_datetime: datetime | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None

    @staticmethod
    def resolve_service_request_id(row: dict[str, Any]) -> str:
        return publicid.encode(row["id"])

    @staticmethod
    def resolve_status_notes(row: dict[str, Any]) -> str | None:
        return row["status_notes"] or None

    @staticmethod
    def resolve_service_name(row: dict[str, Any]) -> str:
        return str(row["service__service_name"])

    @staticmethod
    def resolve_service_code(row: dict[str, Any]) -> str:
        return str(row["service__service_code"])

    @staticmethod
    def resolve_description(row: dict[str, Any]) -> str | None:
        return row["description"] or None

    @staticmethod
    def resolve_agency_responsible(row: dict[str, Any]) -> str:
        return str(row["department__name"])

    @staticmethod
    def resolve_service_notice(row: dict[str, Any]) -> str | None:
        return row["service__service_notice"] or None

    @staticmethod
    def resolve_requested_datetime(row: dict[str, Any]) -> datetime | str | None:
        return _utc(row["requested_datetime"])

    @staticmethod
    def resolve_updated_datetime(row: dict[str, Any]) -> datetime | str | None:
        return _utc(row["updated_datetime"])

    @staticmethod
    def resolve_expected_datetime(row: dict[str, Any]) -> datetime | str | None:
        return _utc(row["expected_datetime"])

    @staticmethod
    def resolve_address(row: dict[str, Any]) -> str | None:
        return row["address"] or None

    @staticmethod
    def resolve_address_id(row: dict[str, Any]) -> str | None:
        return row["address_id"] or None

    @staticmethod
    def resolve_zipcode(row: dict[str, Any]) -> str | None:
        return row["zipcode"] or None

    @staticmethod
    def resolve_media_url(row: dict[str, Any]) -> str | None:
        return row["media_url"] or None


@api.get("/requests.json", response=list[ServiceRequestOut])
def request_list(
    request: HttpRequest, page: int = 1, page_size: int = 100
) -> list[dict[str, Any]]:
    """The newest requests of the default 90-day window, one page."""
    filters = RequestFilters(
        page=max(page, 1),
        page_size=min(max(page_size, 1), 1000),
        requested_after=timezone.now() - DEFAULT_WINDOW,
    )
    return queries.request_rows(filters)
