"""Rows and catalog objects as GeoReport documents (plain Python values)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from civic311.catalog.models import LIST_DATATYPES, Service
from civic311.lib import publicid
from civic311.lib.translations import pick


def moment(value: datetime | None, zone: ZoneInfo) -> str | None:
    """W3C date-time in the city's zone, with its offset."""
    if value is None:
        return None
    return value.astimezone(zone).isoformat(timespec="seconds")


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
    zone: ZoneInfo,
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
        "requested_datetime": moment(row["requested_datetime"], zone),
        "updated_datetime": moment(row["updated_datetime"], zone),
        "expected_datetime": moment(row["expected_datetime"], zone),
        "address": row["address"] or None,
        "address_id": row["address_id"] or None,
        "zipcode": row["zipcode"] or None,
        "lat": row["lat"],
        "long": row["long"],
        "media_url": row["media_url"] or None,
    }


def extended_attributes(
    row: dict[str, Any],
    zone: ZoneInfo,
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
        "closed_datetime": moment(row["closed_datetime"], zone),
        "token": str(row["token"]),
        "attributes": [
            {"code": code, "value": answer}
            for code, answer in (row["attributes"] or {}).items()
        ],
        "photos": [
            {
                "media_url": media_url(item["file"]),
                "content_type": item["content_type"],
                "created_at": moment(item["uploaded_at"], zone),
            }
            for item in media
        ],
    }


def note(event: dict[str, Any], zone: ZoneInfo, kind_names: dict[str, str]) -> dict[str, Any]:
    changes = event["changes"] or {}
    state = changes.get("state")
    return {
        "datetime": moment(event["at"], zone),
        "type": event["kind"],
        "summary": kind_names.get(event["kind"], event["kind"]),
        "status": state[1] if state else None,
        "description": event["note"] or None,
    }


def media_url(name: str) -> str:
    return f"{settings.SITE_URL}{settings.MEDIA_URL}{name}"
