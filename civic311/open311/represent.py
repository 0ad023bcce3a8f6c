"""Rows and catalog objects as GeoReport documents (plain Python values)."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson
from django.conf import settings

from civic311.catalog.models import LIST_DATATYPES, Service
from civic311.lib import publicid


def moment(value: datetime | str | None) -> str | None:
    """W3C date-time in UTC, to the second: ``2026-03-01T13:30:00Z``.

    Text is taken as formatted so already (list queries have the database do
    it); a naive datetime is taken as UTC.
    """
    if value is None or isinstance(value, str):
        return value
    if value.utcoffset():
        value = value.astimezone(UTC)
    return f"{value.isoformat(timespec='seconds')[:19]}Z"


def json_value(value: Any) -> Any:
    """A JSON column's value; SQLite and psycopg may hand back its text."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def uuid_text(value: Any) -> str:
    return str(UUID(str(value)))


def service(row: Service, language: str | None) -> dict[str, Any]:
    return {
        "service_code": row.service_code,
        "service_name": row.translated("service_name", language),
        "description": row.translated("description", language),
        "metadata": bool(row.metadata),  # type: ignore[attr-defined]
        "type": row.type,
        "keywords": row.translated("keywords", language),
        "group": row.translated("group", language),
    }


def definition(row: Service, language: str | None) -> dict[str, Any]:
    return {
        "service_code": row.service_code,
        "attributes": [
            {
                "variable": attribute.variable,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.translated(
                    "datatype_description", language
                )
                or None,
                "order": attribute.order,
                "description": attribute.translated("description", language),
                **_values(attribute, language),
            }
            for attribute in row.attributes.all()
        ],
    }


def _values(attribute: Any, language: str | None) -> dict[str, Any]:
    if attribute.datatype not in LIST_DATATYPES:
        return {}
    return {
        "values": [
            {"key": choice.key, "name": choice.translated("name", language)}
            for choice in attribute.values.all()
        ]
    }


def request(
    row: dict[str, Any],
    translations: dict[str, Any] | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """Every GeoReport key is present, null when empty: strict clients
    reject a request that lacks one."""
    name = row["service__service_name"]
    notice = row["service__service_notice"]
    if translations:
        localized = translations.get(language or "", {})
        name = localized.get("service_name") or name
        notice = localized.get("service_notice") or notice
    return {
        "service_request_id": publicid.encode(row["id"]),
        "status": row["status"],
        "status_notes": row["status_notes"] or None,
        "service_name": name,
        "service_code": row["service__service_code"],
        "description": row["description"] or None,
        "agency_responsible": row["department__name"],
        "service_notice": notice or None,
        "requested_datetime": moment(row["requested_datetime"]),
        "updated_datetime": moment(row["updated_datetime"]),
        "expected_datetime": moment(row["expected_datetime"]),
        "address": row["address"] or None,
        "address_id": row["address_id"] or None,
        "zipcode": row["zipcode"] or None,
        "lat": row["lat"],
        "long": row["long"],
        "media_url": row["media_url"] or None,
    }


def extended_attributes(
    row: dict[str, Any],
    media: list[dict[str, Any]],
    state_names: dict[str, str],
) -> dict[str, Any]:
    parent = row["parent_id"]
    return {
        "channel": row["channel"],
        "detailed_status": row["state"],
        "detailed_status_name": state_names.get(row["state"], row["state"]),
        "duplicate": parent is not None,
        "parent_service_request_id": publicid.encode(parent) if parent else None,
        "closed_datetime": moment(row["closed_datetime"]),
        "token": uuid_text(row["token"]),
        "attributes": [
            {"code": code, "value": answer}
            for code, answer in (json_value(row["attributes"]) or {}).items()
        ],
        "photos": [
            {
                "media_url": media_url(item["file"]),
                "content_type": item["content_type"],
                "created_at": moment(item["uploaded_at"]),
            }
            for item in media
        ],
    }


def note(event: dict[str, Any], kind_names: dict[str, str]) -> dict[str, Any]:
    changes = event["changes"] or {}
    state = changes.get("state")
    return {
        "datetime": moment(event["at"]),
        "type": event["kind"],
        "summary": kind_names.get(event["kind"], event["kind"]),
        "status": state[1] if state else None,
        "description": event["note"] or None,
    }


def media_url(name: str) -> str:
    return f"{settings.SITE_URL}{settings.MEDIA_URL}{name}"
