"""Talking to the Open311 server the way field clients do, and reading
its answers in both formats."""

import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client
from django.test.client import MULTIPART_CONTENT
from PIL import Image

from civic311.servicerequests.models import (
    RequestContact,
    RequestEvent,
    RequestMedia,
    ServiceRequest,
)

# Monday 16 March 2026, 11:00 in Alexandria (EDT, UTC-4): the moment
# tests about dates stop the clock at.
NOW = datetime(2026, 3, 16, 15, 0, tzinfo=UTC)

BASE = "/open311/v2"
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8"

# The XML list elements GeoReport clients parse (spec §13.7 and the
# extensions), each with the name of its repeated child.
XML_LISTS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "notes": "note",
    "photos": "photo",
}


def get_json(client: Client, path: str, **headers: str) -> tuple[Any, Any]:
    response = client.get(f"{BASE}/{path}", headers=headers)
    assert response["Content-Type"] == JSON_TYPE
    return response, response.json()


def get_xml(client: Client, path: str, **headers: str) -> tuple[Any, ET.Element]:
    response = client.get(f"{BASE}/{path}", headers=headers)
    assert response["Content-Type"] == XML_TYPE
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return response, parse_xml(response.content)


def parse_xml(content: bytes) -> ET.Element:
    # The document comes from the server under test, not from outside.
    return ET.fromstring(content)  # noqa: S314


def from_xml(element: ET.Element) -> Any:
    """An XML answer as plain values: lists for the GeoReport list
    elements, dicts for the rest, text (or None when empty) for leaves."""
    children = list(element)
    if not children:
        return element.text or None
    item = XML_LISTS.get(element.tag, "item")
    if all(child.tag == item for child in children):
        return [from_xml(child) for child in children]
    tags = [child.tag for child in children]
    assert len(tags) == len(set(tags)), f"repeated child in <{element.tag}>"
    return {child.tag: from_xml(child) for child in children}


def as_xml_text(value: Any) -> Any:
    """A JSON answer the way its XML twin reads: every leaf as text, empty
    values as None."""
    if value is None or value in ("", [], {}):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {key: as_xml_text(child) for key, child in value.items()}
    if isinstance(value, list):
        return [as_xml_text(child) for child in value]
    return str(value)


def same_in_both_formats(client: Client, path: str, **headers: str) -> Any:
    """Fetch ``path`` as .json and .xml, check they say the same, and
    return the JSON document."""
    query = ""
    if "?" in path:
        path, query = path.split("?", 1)
        query = "?" + query
    json_response, document = get_json(client, f"{path}.json{query}", **headers)
    xml_response, root = get_xml(client, f"{path}.xml{query}", **headers)
    assert json_response.status_code == xml_response.status_code
    assert from_xml(root) == as_xml_text(document)
    return document


def post_form(client: Client, fmt: str, fields: dict[str, Any], query: str = "") -> Any:
    """POST ``fields`` urlencoded, as most GeoReport clients do; a list
    value repeats its field."""
    url = f"{BASE}/requests.{fmt}" + (f"?{query}" if query else "")
    body = urlencode(fields, doseq=True)
    return client.post(url, body, content_type=FORM_TYPE)


def post_multipart(client: Client, fmt: str, fields: dict[str, Any]) -> Any:
    return client.post(f"{BASE}/requests.{fmt}", fields, content_type=MULTIPART_CONTENT)


def descriptions(response: Any) -> list[str]:
    """The descriptions of a JSON Open311 error answer, after checking
    that every entry carries the HTTP status as its code."""
    assert response["Content-Type"] == JSON_TYPE
    errors = response.json()
    assert errors, "an error answer lists at least one error"
    assert {error["code"] for error in errors} == {response.status_code}
    return [error["description"] for error in errors]


def stored_rows() -> dict[str, int]:
    return {
        "requests": ServiceRequest.objects.count(),
        "contacts": RequestContact.objects.count(),
        "events": RequestEvent.objects.count(),
        "media": RequestMedia.objects.count(),
    }


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return [path for path in root.rglob("*") if path.is_file()]


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def moment(text: str) -> datetime:
    """A W3C date-time from an answer; GeoReport requires the zone."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, f"{text} has no time zone"
    return parsed
